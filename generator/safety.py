"""Content checks that keep output safe and unambiguous: link URLs, anchor and tag clashes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from . import markdown_text as md
from .errors import Problem, field_path
from .load import Pos
from .messages import msg
from .model import ENTITY_KINDS, Origin, Site
from .render import slug_tag

# Anchors the templates generate on a page next to content ids (see generator/templates/).
_GENERATED_ANCHORS = {
    "glossary": re.compile(rf"^kind-(?:{'|'.join(ENTITY_KINDS)})$"),
    "timeline": re.compile(r"^(?:year-\d{4}(?:-undated)?|month-\d{4}-\d{2})$"),
}


def _markdown_fields(site: Site) -> Iterator[tuple[Origin, str, str]]:
    """Yield (origin, field name, Markdown) for every field rendered as Markdown."""
    for explainer in site.explainers:
        yield site.origins[("explainer", explainer.id)], "standfirst", explainer.standfirst
        for q in explainer.questions:
            yield site.origins[("question", q.id)], "answer", q.answer
    for event in site.events.values():
        yield site.origins[("event", event.id)], "description", event.description


def _may_link(markdown: str) -> bool:
    """False only if Markdown cannot hold a link URL: no ``](`` or ``]:``, and no code to strip out."""
    return "](" in markdown or "]:" in markdown or "`" in markdown or "~" in markdown


def url_problems(site: Site) -> list[Problem]:
    """Refuse links whose scheme is not http, https or mailto, and relative links."""
    problems = []
    for origin, name, markdown in _markdown_fields(site):
        if not _may_link(markdown):
            continue
        for url in md.link_urls(markdown):
            scheme = md.url_scheme(url)
            if scheme is None:
                text = msg("links.relative-url", url=url)
            elif scheme not in md.SAFE_SCHEMES:
                text = msg("links.unsafe-url", url=url)
            else:
                continue
            start = origin.doc.locate((*origin.loc, name))  # only now: positions are found on demand
            at = (origin.doc.find_after(start, url, 0) if url else None) or Pos(start.line, start.column)
            path = field_path((*origin.loc, name))
            problems.append(Problem(origin.doc.file, at.line, at.column, path, text))
    return problems


def anchor_problems(site: Site) -> list[Problem]:
    """Refuse ids that would collide with an anchor the templates generate on the same page."""
    problems = []
    for kind, page, table in (("entity", "glossary", site.entities), ("event", "timeline", site.events)):
        for item_id in table:
            if _GENERATED_ANCHORS[page].match(item_id):
                origin = site.origins[(kind, item_id)]
                problems.append(origin.problem(("id",), msg("links.reserved-anchor", id=item_id, page=page)))
    return problems


def tag_problems(site: Site) -> list[Problem]:
    """Refuse two spellings of a tag that would share one anchor on the tags page."""
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
