"""Stage 4, render: turn the linked site into Markdown pages through Jinja templates."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from . import markdown_text as md
from . import renames, whats_new
from .dates import PartialDate, range_parts
from .links import Graph, Target, explainer_page
from .model import ENTITY_KINDS, Explainer, Question, Site
from .navigation import explainer_nav
from .reuse import REUSE
from .xrefs import XREF, parse_xref, plain_text

TEMPLATES = Path(__file__).parent / "templates"
LINK_SEPARATOR = " · "  # between the links of one line: views hand templates whole lines, not lists
KIND_TITLES = {
    "person": "People", "organisation": "Organisations", "country": "Countries",
    "place": "Places", "mineral": "Minerals", "agreement": "Agreements", "programme": "Programmes",
}  # fmt: skip


@dataclass
class Rendered:
    """The rendered site: docs-relative path -> Markdown text, plus the navigation."""

    pages: dict[str, str] = field(default_factory=dict)
    nav: list[dict[str, Any]] = field(default_factory=list)


class ViewEnvironment(Environment):
    """A Jinja environment for views that are plain dicts: ``view.key`` looks the key up first.

    Jinja tries the attribute first, which for a dict raises and catches an AttributeError on
    every lookup. No view has a key named like a dict method, so the output is the same.
    """

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Return ``obj[attribute]`` for a dict that has the key, else what Jinja would return."""
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


@functools.cache  # compiling the templates takes longer than rendering a small site; edits still reload
def environment() -> Environment:
    """Return the Jinja environment: strict, and with comments that cannot clash with ``{#id}``."""
    return ViewEnvironment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        comment_start_string="<#--",
        comment_end_string="--#>",
    )


HOME_LATEST = 12  # explainers the home page shows with their questions; older ones by title
LIST_PAGES = frozenset({"index.md", "timeline.md", "glossary.md", "sources.md", "tags.md"})


@functools.lru_cache(maxsize=1 << 12)  # a few tags, each on many questions
def slug_tag(tag: str) -> str:
    """Return the anchor of a tag on the tags page."""
    return "tag-" + (re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "x")


@functools.lru_cache(maxsize=1 << 14)  # events and answers share dates
def time_html(date: PartialDate, end: PartialDate | None = None, qualifier: str | None = None) -> str:
    """Return ``<time>`` elements with machine-readable datetimes (one per end of a range)."""
    prefix = "By " if qualifier == "by" else ""
    if end is None or end == date:
        return f'<time datetime="{date.iso()}">{prefix}{date.human()}</time>'
    first, sep, last = range_parts(date, end)
    start_html = f'<time datetime="{date.iso()}">{first}</time>'
    return f'{prefix}{start_html}{sep}<time datetime="{end.iso()}">{last}</time>'


def _scope(page: str, to_page: str) -> str:
    """Return what a relative link from ``page`` to ``to_page`` depends on: the page, or its folder."""
    return page if page == to_page else page[: page.rfind("/") + 1]


class Renderer:
    """Build page views from the site and the link graph, then fill the templates."""

    def __init__(self, site: Site, graph: Graph) -> None:
        self.site, self.graph, self.env = site, graph, environment()
        self._links: dict[tuple[str, str, str], tuple[str, str]] = {}
        self._tags: dict[tuple[str, str], str] = {}
        self._xrefs: dict[str, tuple[str, str, str | None] | None] = {}
        self._templates: dict[str, Template] = {}

    def template(self, name: str) -> Template:
        """Return a page template, looked up once per render (a lookup checks the file's age)."""
        if name not in self._templates:
            self._templates[name] = self.env.get_template(name)
        return self._templates[name]

    def link(self, page: str, kind: str, target_id: str, label: str | None = None) -> str:
        """Return a Markdown link from ``page`` to a target, with its tooltip as title.

        Pages that list the whole site (LIST_PAGES) link without tooltips: there the link text
        is the item's own title, and a tooltip on each of thousands of links would double them.
        """
        target = self.graph.targets[(kind, target_id)]
        # a link depends on the page only through its folder (list pages: their own, untitled links)
        key = (page if page in LIST_PAGES else _scope(page, target.page), kind, target_id)
        made = self._links.get(key) or self._make_link(key, page, target)
        return f"[{label}]{made[1]}" if label else made[0]

    def _make_link(self, key: tuple[str, str, str], page: str, target: Target) -> tuple[str, str]:
        """Build a link (with the target's title as text, and without) and remember it."""
        url = self.url(page, target.page, target.anchor)
        title = f' "{md.tooltip(target.tooltip)}"' if target.tooltip and page not in LIST_PAGES else ""
        made = self._links[key] = (f"[{md.text(target.title)}]({url}{title})", f"({url}{title})")
        return made

    def url(self, page: str, to_page: str, anchor: str = "") -> str:
        """Return the URL of a target page and anchor as written on ``page`` (relative here).

        Links are cached per folder, so an override may depend on ``page`` only through its
        folder and whether it is ``to_page``.
        """
        return md.relative(page, to_page, anchor)

    def links(self, page: str, kind: str, target_ids: Iterable[str]) -> str:
        """Return one line of links from ``page`` to targets of one kind ("" for none)."""
        return LINK_SEPARATOR.join([self.link(page, kind, target_id) for target_id in target_ids])

    def tag_links(self, page: str, tags: Iterable[str]) -> str:
        """Return one line of links from ``page`` to tags on the tags page ("" for none)."""
        return LINK_SEPARATOR.join([self.tag_link(page, tag) for tag in tags])

    def tag_link(self, page: str, tag: str) -> str:
        """Return a Markdown link from ``page`` to a tag on the tags page."""
        key = (_scope(page, "tags.md"), tag)
        made = self._tags.get(key)
        if made is None:
            made = self._tags[key] = f"[{md.text(tag)}]({md.relative(page, 'tags.md', slug_tag(tag))})"
        return made

    def prose(self, page: str, markdown: str) -> str:
        """Render answer Markdown for ``page``: defused, with cross-references as links."""
        targets, xrefs = self.graph.targets, self._xrefs

        def xref(match: re.Match[str]) -> str:
            body = match.group(1)
            if body not in xrefs:  # pages repeat cross-references: parse and check each once
                parsed = parse_xref(body)
                xrefs[body] = parsed if parsed and (parsed[0], parsed[1]) in targets else None
            parsed = xrefs[body]
            return md.text(match.group(0)) if parsed is None else self.link(page, *parsed)

        return md.body(markdown, xref, XREF)

    def event_view(self, page: str, event_id: str) -> dict[str, Any]:
        """Return what a template needs to show one timeline event on ``page``.

        The timeline page has the full entry; an explainer's own timeline shows the date, the
        title (linked to the full entry) and the description, without repeating its links.
        """
        e, target = self.site.events[event_id], self.graph.targets[("event", event_id)]
        view = {
            "anchor": "",
            "time": time_html(e.date, e.end, e.qualifier),
            # no tooltip: it would repeat the date shown just above the title
            "title": f"[{md.text(e.title)}]({self.url(page, target.page, target.anchor)})",
            "description": md.paragraph(self.prose(page, e.description)),
            "links": "",
            "sources": "",
        }
        if page != "timeline.md":
            return view
        links = (
            ("Questions", self.links(page, "question", e.questions)),
            ("Who and what", self.links(page, "entity", e.entities)),
        )
        return view | {
            "anchor": f"#{e.id} ",
            "title": md.text(e.title),
            "links": "<br>".join(f"{label}: {found}" for label, found in links if found),
            "sources": self.links(page, "source", e.sources),
        }

    def question_view(self, page: str, q: Question) -> dict[str, Any]:
        """Return what a template needs to show one question on its explainer page."""
        g = self.graph
        return {
            "id": q.id,
            "former_ids": list(q.former_ids),
            "question": md.text(q.question),
            "short": md.text(q.short),
            "answer": self.prose(page, q.answer),
            "updated": time_html(q.updated) if q.updated else "",
            "change_note": md.text(q.change_note) if q.change_note else "",
            "sources": self.links(page, "source", q.sources),
            "related": self.links(page, "question", g.related.get(q.id, [])),
            "events": self.links(page, "event", g.question_events.get(q.id, [])),
            "tags": self.tag_links(page, q.tags),
        }

    def explainer(self, e: Explainer) -> str:
        """Render one explainer page."""
        page = explainer_page(e.id)
        view = {
            "title": md.text(e.title),
            "title_yaml": md.yaml_str(e.title),
            "description_yaml": md.yaml_str(plain_text(e.standfirst, self.graph.targets)),
            "standfirst": self.prose(page, e.standfirst),
            "published": time_html(e.published),
            "updated": time_html(e.updated) if e.updated != e.published else "",
            "change_note": md.text(e.change_note) if e.change_note else "",
            "tags": self.tag_links(page, e.tags),
            "questions": [self.question_view(page, q) for q in e.questions],
            "forward_script": renames.forward_script(),
            "events": [self.event_view(page, ev) for ev in self.graph.explainer_events[e.id]],
        }
        return self.template("explainer.md.j2").render(page=view)

    def home(self) -> str:
        """Render the home page: the latest explainers with their questions, then the rest by title.

        A site of hundreds of explainers keeps a home page of a few kilobytes; every question
        stays reachable from its explainer, the navigation and search.
        """
        page = "index.md"
        latest, earlier = self.site.explainers[:HOME_LATEST], self.site.explainers[HOME_LATEST:]
        explainers = [
            {
                "link": f"[{md.text(e.title)}]({md.relative(page, explainer_page(e.id))})",
                "standfirst": self.prose(page, e.standfirst),
                "updated": time_html(e.updated),
                "questions": [self.link(page, "question", q.id) for q in e.questions],
            }
            for e in latest
        ]
        rest = [
            f"[{md.text(e.title)}]({md.relative(page, explainer_page(e.id))}), {time_html(e.updated)}"
            for e in earlier
        ]
        return self.template("home.md.j2").render(explainers=explainers, earlier=rest)

    def timeline(self) -> str:
        """Render the timeline page, grouped by year and month."""
        page, years = "timeline.md", []
        for eid in self.graph.timeline:
            date = self.site.events[eid].date
            year = str(date.year)
            month = PartialDate(date.year, date.month).human() if date.month else ""
            if not years or years[-1]["label"] != year:
                years.append({"label": year, "anchor": f"year-{year}", "months": []})
            months = years[-1]["months"]
            if not months or months[-1]["label"] != month:
                anchor = f"month-{date.iso()[:7]}" if month else f"year-{year}-undated"
                months.append({"label": month, "anchor": anchor, "events": []})
            months[-1]["events"].append(self.event_view(page, eid))
        return self.template("timeline.md.j2").render(years=years)

    def glossary(self) -> str:
        """Render the glossary: entities grouped by kind, each with where it is mentioned."""
        page, groups = "glossary.md", []
        for kind in ENTITY_KINDS:
            items = sorted(
                (x for x in self.site.entities.values() if x.kind == kind),
                key=lambda x: (x.name.casefold(), x.id),
            )
            if not items:
                continue
            entities = [
                {
                    "id": x.id,
                    "former_ids": list(x.former_ids),
                    "name": md.text(x.name),
                    "description": md.text(x.description),
                    "aliases": [md.text(a) for a in x.aliases],
                    "questions": self.links(page, "question", self.graph.entity_questions.get(x.id, [])),
                    "events": self.links(page, "event", self.graph.entity_events.get(x.id, [])),
                    "sources": self.links(page, "source", x.sources),
                }
                for x in items
            ]
            groups.append(
                {
                    "title": KIND_TITLES[kind],
                    "anchor": f"kind-{kind}",
                    "entities": entities,
                }
            )
        return self.template("glossary.md.j2").render(groups=groups)

    def sources(self) -> str:
        """Render the sources page with what cites each source."""
        page, items = "sources.md", []
        for s in sorted(self.site.sources.values(), key=lambda s: (s.date.first_day(), s.id)):
            items.append(
                {
                    "id": s.id,
                    "title": md.text(s.title),
                    "publisher": md.text(s.publisher),
                    "author": md.text(s.author) if s.author else "",
                    "date": time_html(s.date),
                    "url": s.url or "",
                    "agency": md.text(s.with_inputs_from) if s.with_inputs_from else "",
                    "cited_by": self.links(page, "question", self.graph.source_citations.get(s.id, [])),
                }
            )
        return self.template("sources.md.j2").render(sources=items)

    def tags(self) -> str:
        """Render the tag index: each tag with its explainers and questions."""
        page, index = "tags.md", {}
        for e in self.site.explainers:
            for t in e.tags:
                index.setdefault(t, []).append(self.link(page, "explainer", e.id))
            for q in e.questions:
                for t in q.tags:
                    index.setdefault(t, []).append(self.link(page, "question", q.id))
        tags = [
            {
                "name": md.text(t),
                "anchor": slug_tag(t),
                "links": list(dict.fromkeys(links)),
            }
            for t, links in sorted(index.items(), key=lambda kv: kv[0].casefold())
        ]
        return self.template("tags.md.j2").render(tags=tags)


def render(site: Site, graph: Graph) -> Rendered:
    """Render every generated page of the site; return them with the navigation.

    In a live preview, a page whose inputs are unchanged is reused: each explainer's page, and
    each list page keyed by what it shows of the site (generator/reuse.py).
    """
    r = Renderer(site, graph)
    out = Rendered()
    keys = REUSE.list_keys(site, graph)
    out.pages["index.md"] = REUSE.get("home", keys["home"], r.home)
    for e in site.explainers:
        key = REUSE.explainer_key(site, graph, e)
        out.pages[explainer_page(e.id)] = REUSE.get("page", key, lambda e=e: r.explainer(e))
    out.pages["timeline.md"] = REUSE.get("timeline", keys["timeline"], r.timeline)
    out.pages["glossary.md"] = REUSE.get("glossary", keys["glossary"], r.glossary)
    out.pages["sources.md"] = REUSE.get("sources", keys["sources"], r.sources)
    out.pages["tags.md"] = REUSE.get("tags", keys["tags"], r.tags)
    out.pages[whats_new.PAGE] = REUSE.get("whats-new", keys["whats-new"], lambda: whats_new.render_page(r))
    out.pages.update(renames.redirect_pages(site))
    out.pages.update(REUSE.get("forwards", keys["forwards"], lambda: renames.forwards_page(site)))
    out.nav = [
        {"Home": "index.md"},
        {"Explainers": explainer_nav(site.explainers)},
        {"What's new": whats_new.PAGE},
        {"Timeline": "timeline.md"},
        {"Glossary": "glossary.md"},
        {"Sources": "sources.md"},
        {"Tags": "tags.md"},
    ]
    return out
