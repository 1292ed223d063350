"""Stable links across renames: former ids are checked, old URLs redirect, old anchors still land.

A question, explainer or entity may list ``former_ids``. Old explainer URLs get a small static
redirect page (it keeps the ``#fragment``); old question and entity anchors are kept as empty
anchors inside the heading; a question that moved to another explainer is forwarded by a tiny
script on each explainer page, which looks the anchor up in one shared table
(explainers/anchors.json). URLs assume MkDocs' default ``use_directory_urls: true``.
"""

from __future__ import annotations

import html
import json

from .errors import Problem
from .links import RESERVED_ANCHORS
from .messages import msg
from .model import Origin, Site

KINDS = ("explainer", "question", "entity")


def _objects(site: Site, kind: str) -> list[tuple[str, list[str]]]:
    """Return (current id, former ids) of every object of ``kind`` that has former ids."""
    if kind == "explainer":
        return [(e.id, list(e.former_ids)) for e in site.explainers if e.former_ids]
    if kind == "question":
        return [(q.id, list(q.former_ids)) for _, q in site.questions.values() if q.former_ids]
    return [(x.id, list(x.former_ids)) for x in site.entities.values() if x.former_ids]


def _where(origin: Origin, sub: tuple[str | int, ...]) -> str:
    pos = origin.doc.locate((*origin.loc, *sub))
    return f"{origin.doc.file}:{pos.line}"


def _clash(site: Site, kind: str, obj_id: str, old: str, seen: dict[str, tuple[Origin, int]]) -> str:
    """Return why ``old`` cannot be a former id of ``obj_id``, or an empty string."""
    if old == obj_id:
        return msg("links.former-id-self", old=old, kind=kind)
    if (kind, old) in site.origins:
        where = _where(site.origins[(kind, old)], ("id",))
        return msg("links.former-id-current", old=old, kind=kind, where=where)
    if old in seen:
        first, j = seen[old]
        return msg("links.former-id-twice", old=old, where=_where(first, ("former_ids", j)))
    if kind == "question" and old in RESERVED_ANCHORS:
        return msg("links.reserved-id", id=old)
    return ""


def check_former_ids(site: Site) -> list[Problem]:
    """Report former ids that clash with a current id or with another former id of the same kind."""
    problems: list[Problem] = []
    for kind in KINDS:
        seen: dict[str, tuple[Origin, int]] = {}
        for obj_id, former in _objects(site, kind):
            origin = site.origins[(kind, obj_id)]
            for i, old in enumerate(former):
                message = _clash(site, kind, obj_id, old, seen)
                if message:
                    problems.append(origin.problem(("former_ids", i), message))
                seen.setdefault(old, (origin, i))
    return problems


def redirect_html(target: str, title: str) -> str:
    """Return a static page that sends the browser to ``target``, keeping the #fragment."""
    url = html.escape(target, quote=True)
    script = json.dumps(target)
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {html.escape(title)}</title>\n"
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        f"<script>location.replace({script} + location.search + location.hash);</script>\n"
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n<body>\n"
        f'<p>This page has moved to <a href="{url}">{html.escape(title)}</a>.</p>\n'
        "</body>\n</html>\n"
    )


def redirect_pages(site: Site) -> dict[str, str]:
    """Return docs-relative redirect pages for every former explainer id."""
    pages = {}
    for e in site.explainers:
        for old in e.former_ids:
            pages[f"explainers/{old}/index.html"] = redirect_html(f"../{e.id}/", e.title)
    return pages


FORWARDS = "explainers/anchors.json"


def forwards(site: Site) -> dict[str, str]:
    """Map every question anchor (current and former ids) to its URL from an explainer page."""
    out: dict[str, str] = {}
    for e in site.explainers:
        for q in e.questions:
            for anchor in (q.id, *q.former_ids):
                out[anchor] = f"../{e.id}/#{q.id}"
    return dict(sorted(out.items()))


def forwards_page(site: Site) -> dict[str, str]:
    """Return the one site-wide anchor table that explainer pages fetch for an unknown #anchor."""
    return {FORWARDS: json.dumps(forwards(site), separators=(",", ":")) + "\n"}


def forward_script() -> str:
    """Return an inline script: an anchor not on this page is looked up in the shared table.

    One table for the whole site keeps every page small (a table per page would grow with the
    square of the number of questions); it is fetched only when the anchor is missing.
    """
    return (
        "<script>document.addEventListener('DOMContentLoaded',function(){"
        "var h=decodeURIComponent(location.hash.slice(1));"
        "if(!h||document.getElementById(h))return;"
        "fetch('../anchors.json').then(function(r){return r.json();}).then(function(m){"
        "if(Object.prototype.hasOwnProperty.call(m,h))location.replace(m[h]);}).catch(function(){});});</script>"
    )
