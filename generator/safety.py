"""Content checks that keep output safe and unambiguous: link URLs, anchor and tag clashes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import markdown_text as md
from .errors import Problem, field_path
from .load import Pos
from .messages import msg
from .model import ENTITY_KINDS, Event, Explainer, Origin, Site
from .render import slug_tag
from .reuse import REUSE

# Anchors the templates generate on a page next to content ids (see generator/templates/).
_GENERATED_ANCHORS = {
    "glossary": re.compile(rf"^kind-(?:{'|'.join(ENTITY_KINDS)})$"),
    "timeline": re.compile(r"^(?:year-\d{4}(?:-undated)?|month-\d{4}-\d{2})$"),
}


Finding = tuple[tuple[str, str], str, str, str]  # (kind, id) of the object, field name, URL, message


def _explainer_fields(explainer: Explainer) -> Iterator[tuple[tuple[str, str], str, str]]:
    """Yield ((kind, id), field name, Markdown) for every Markdown field of an explainer."""
    yield ("explainer", explainer.id), "standfirst", explainer.standfirst
    for q in explainer.questions:
        yield ("question", q.id), "answer", q.answer


def _event_fields(events: tuple[Event, ...]) -> Iterator[tuple[tuple[str, str], str, str]]:
    """Yield ((kind, id), field name, Markdown) for the description of every event."""
    for event in events:
        yield ("event", event.id), "description", event.description


def _may_link(markdown: str) -> bool:
    """False only if Markdown cannot hold a link URL: no ``](`` or ``]:``, and no code to strip out."""
    return "](" in markdown or "]:" in markdown or "`" in markdown or "~" in markdown


def _findings(fields: Iterator[tuple[tuple[str, str], str, str]]) -> tuple[Finding, ...]:
    """Return every link URL in ``fields`` whose scheme is not http, https or mailto, or that is relative."""
    found = []
    for key, name, markdown in fields:
        if not _may_link(markdown):
            continue
        for url in md.link_urls(markdown):
            scheme = md.url_scheme(url)
            if scheme is None:
                found.append((key, name, url, msg("links.relative-url", url=url)))
            elif scheme not in md.SAFE_SCHEMES:
                found.append((key, name, url, msg("links.unsafe-url", url=url)))
    return tuple(found)


def url_problems(site: Site) -> list[Problem]:
    """Refuse links whose scheme is not http, https or mailto, and relative links.

    In a live preview, each explainer (and all events) are searched once while unchanged.
    """
    found: list[Finding] = []
    for e in site.explainers:
        found += REUSE.derived("unsafe urls", e, lambda e=e: _findings(_explainer_fields(e)))
    events = tuple(site.events.values())
    found += REUSE.derived_all("event unsafe urls", events, lambda: _findings(_event_fields(events)))
    return [_url_problem(site.origins[key], name, url, text) for key, name, url, text in found]


def _url_problem(origin: Origin, name: str, url: str, text: str) -> Problem:
    """Return the problem of a refused URL in field ``name``, located at the URL itself."""
    start = origin.doc.locate((*origin.loc, name))  # only now: positions are found on demand
    at = (origin.doc.find_after(start, url, 0) if url else None) or Pos(start.line, start.column)
    return Problem(origin.doc.file, at.line, at.column, field_path((*origin.loc, name)), text)


def anchor_problems(site: Site) -> list[Problem]:
    """Refuse ids that would collide with an anchor the templates generate on the same page."""
    problems = []
    for kind, page, table in (("entity", "glossary", site.entities), ("event", "timeline", site.events)):
        for item_id in table:
            if _GENERATED_ANCHORS[page].match(item_id):
                origin = site.origins[(kind, item_id)]
                problems.append(origin.problem(("id",), msg("links.reserved-anchor", id=item_id, page=page)))
    return problems


def _tags(explainer: Explainer) -> frozenset[str]:
    """Return every tag of an explainer and its questions."""
    return frozenset(explainer.tags).union(*(q.tags for q in explainer.questions))


def _clash(site: Site) -> bool:
    """True if two spellings of a tag share an anchor (in a live preview, each explainer's tags are kept)."""
    tags = frozenset().union(*(REUSE.derived("tags", e, lambda e=e: _tags(e)) for e in site.explainers))
    anchors: dict[str, str] = {}
    return any(anchors.setdefault(slug_tag(tag), tag) != tag for tag in tags)


def tag_problems(site: Site) -> list[Problem]:
    """Refuse two spellings of a tag that would share one anchor on the tags page."""
    if not _clash(site):
        return []
    seen: dict[str, str] = {}
    problems = []
    for explainer in site.explainers:
        places = [(site.origins[("explainer", explainer.id)], explainer.tags)]
        places += [(site.origins[("question", q.id)], q.tags) for q in explainer.questions]
        for origin, tags in places:
            for i, tag in enumerate(tags):
                anchor = slug_tag(tag)
                other = seen.setdefault(anchor, tag)
                if other != tag:
                    text = msg("links.tag-clash", tag=tag, other=other, anchor=anchor)
                    problems.append(origin.problem(("tags", i), text))
    return problems


def check(site: Site) -> list[Problem]:
    """Run every safety check."""
    return url_problems(site) + anchor_problems(site) + tag_problems(site)
