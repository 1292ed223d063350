"""Stage 4, render: turn the linked site into Markdown pages through Jinja templates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import markdown_text as md
from . import renames, whats_new
from .dates import PartialDate, range_parts
from .links import XREF, Graph, explainer_page, parse_xref, plain_text
from .model import ENTITY_KINDS, Explainer, Question, Site
from .navigation import explainer_nav

TEMPLATES = Path(__file__).parent / "templates"
KIND_TITLES = {
    "person": "People", "organisation": "Organisations", "country": "Countries",
    "place": "Places", "mineral": "Minerals", "agreement": "Agreements", "programme": "Programmes",
}  # fmt: skip


@dataclass
class Rendered:
    """The rendered site: docs-relative path -> Markdown text, plus the navigation."""

    pages: dict[str, str] = field(default_factory=dict)
    nav: list[dict[str, Any]] = field(default_factory=list)


def environment() -> Environment:
    """Return the Jinja environment: strict, and with comments that cannot clash with ``{#id}``."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        comment_start_string="<#--",
        comment_end_string="--#>",
    )


def slug_tag(tag: str) -> str:
    """Return the anchor of a tag on the tags page."""
    return "tag-" + (re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "x")


def time_html(date: PartialDate, end: PartialDate | None = None, qualifier: str | None = None) -> str:
    """Return ``<time>`` elements with machine-readable datetimes (one per end of a range)."""
    prefix = "By " if qualifier == "by" else ""
    if end is None or end == date:
        return f'<time datetime="{date.iso()}">{prefix}{date.human()}</time>'
    first, sep, last = range_parts(date, end)
    start_html = f'<time datetime="{date.iso()}">{first}</time>'
    return f'{prefix}{start_html}{sep}<time datetime="{end.iso()}">{last}</time>'


class Renderer:
    """Build page views from the site and the link graph, then fill the templates."""

    def __init__(self, site: Site, graph: Graph) -> None:
        self.site, self.graph, self.env = site, graph, environment()

    def link(self, page: str, kind: str, target_id: str, label: str | None = None) -> str:
        """Return a Markdown link from ``page`` to a target, with its tooltip as title."""
        target = self.graph.targets[(kind, target_id)]
        url = self.url(page, target.page, target.anchor)
        title = f' "{md.tooltip(target.tooltip)}"' if target.tooltip else ""
        return f"[{label or md.text(target.title)}]({url}{title})"

    def url(self, page: str, to_page: str, anchor: str = "") -> str:
        """Return the URL of a target page and anchor as written on ``page`` (relative here)."""
        return md.relative(page, to_page, anchor)

    def prose(self, page: str, markdown: str) -> str:
        """Render answer Markdown for ``page``: defused, with cross-references as links."""

        def xref(match: re.Match[str]) -> str:
            parsed = parse_xref(match.group(1))
            if parsed is None or (parsed[0], parsed[1]) not in self.graph.targets:
                return md.text(match.group(0))
            return self.link(page, parsed[0], parsed[1], parsed[2])

        return md.body(markdown, xref, XREF)

    def event_view(self, page: str, event_id: str) -> dict[str, Any]:
        """Return what a template needs to show one timeline event on ``page``."""
        e = self.site.events[event_id]
        on_timeline = page == "timeline.md"
        return {
            "id": e.id if on_timeline else "",
            "time": time_html(e.date, e.end, e.qualifier),
            "title": md.text(e.title) if on_timeline else self.link(page, "event", e.id),
            "description": self.prose(page, e.description).replace("\n", " "),
            "questions": [self.link(page, "question", q) for q in e.questions],
            "entities": [self.link(page, "entity", x) for x in e.entities],
            "sources": [self.link(page, "source", s) for s in e.sources],
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
            "sources": [self.link(page, "source", s) for s in q.sources],
            "related": [self.link(page, "question", r) for r in g.related.get(q.id, [])],
            "events": [self.link(page, "event", e) for e in g.question_events.get(q.id, [])],
            "tags": [f"[{md.text(t)}]({md.relative(page, 'tags.md', slug_tag(t))})" for t in q.tags],
            "embed": md.relative(page, f"embed/q/{q.id}.html"),  # written by generator/embed.py
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
            "tags": [f"[{md.text(t)}]({md.relative(page, 'tags.md', slug_tag(t))})" for t in e.tags],
            "questions": [self.question_view(page, q) for q in e.questions],
            "forward_script": renames.forward_script(),
            "events": [self.event_view(page, ev) for ev in self.graph.explainer_events[e.id]],
        }
        return self.env.get_template("explainer.md.j2").render(page=view)

    def home(self) -> str:
        """Render the home page listing every explainer and its questions."""
        page = "index.md"
        explainers = [
            {
                "link": f"[{md.text(e.title)}]({md.relative(page, explainer_page(e.id))})",
                "standfirst": self.prose(page, e.standfirst),
                "updated": time_html(e.updated),
                "questions": [self.link(page, "question", q.id) for q in e.questions],
            }
            for e in self.site.explainers
        ]
        return self.env.get_template("home.md.j2").render(explainers=explainers)

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
        return self.env.get_template("timeline.md.j2").render(years=years)

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
                    "questions": [
                        self.link(page, "question", q) for q in self.graph.entity_questions.get(x.id, [])
                    ],
                    "events": [self.link(page, "event", ev) for ev in self.graph.entity_events.get(x.id, [])],
                    "sources": [self.link(page, "source", s) for s in x.sources],
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
        return self.env.get_template("glossary.md.j2").render(groups=groups)

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
                    "cited_by": [
                        self.link(page, "question", q) for q in self.graph.source_citations.get(s.id, [])
                    ],
                }
            )
        return self.env.get_template("sources.md.j2").render(sources=items)

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
        return self.env.get_template("tags.md.j2").render(tags=tags)


def render(site: Site, graph: Graph) -> Rendered:
    """Render every generated page of the site; return them with the navigation."""
    r = Renderer(site, graph)
    out = Rendered()
    out.pages["index.md"] = r.home()
    for e in site.explainers:
        out.pages[explainer_page(e.id)] = r.explainer(e)
    out.pages["timeline.md"] = r.timeline()
    out.pages["glossary.md"] = r.glossary()
    out.pages["sources.md"] = r.sources()
    out.pages["tags.md"] = r.tags()
    out.pages[whats_new.PAGE] = whats_new.render_page(r)
    out.pages.update(renames.redirect_pages(site))
    out.pages.update(renames.forwards_page(site))
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
