"""Stage 3, links: resolve every reference, collect backlinks, order the timeline."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .dates import human_range, sort_key
from .errors import Problem, field_path
from .load import Pos
from .markdown_text import code_spans
from .messages import msg
from .model import Origin, Site

XREF = re.compile(r"\[\[([^\[\]]*)\]\]")
KINDS = {"q": "question", "x": "explainer", "e": "entity", "t": "event", "s": "source"}
RESERVED_ANCHORS = {"timeline", "sources", "top", "tags", "standfirst"}


@dataclass(frozen=True)
class Target:
    """Where a reference lands: a docs-relative page, an anchor, a title and a tooltip."""

    page: str
    anchor: str
    title: str
    tooltip: str = ""


@dataclass
class Graph:
    """Everything rendering needs to link pages together."""

    targets: dict[tuple[str, str], Target] = field(default_factory=dict)
    related: dict[str, list[str]] = field(default_factory=dict)
    question_events: dict[str, list[str]] = field(default_factory=dict)
    entity_questions: dict[str, list[str]] = field(default_factory=dict)
    entity_events: dict[str, list[str]] = field(default_factory=dict)
    source_citations: dict[str, list[str]] = field(default_factory=dict)
    timeline: list[str] = field(default_factory=list)
    explainer_events: dict[str, list[str]] = field(default_factory=dict)


def explainer_page(explainer_id: str) -> str:
    """Return the docs-relative Markdown path of an explainer."""
    return f"explainers/{explainer_id}.md"


@functools.lru_cache(maxsize=1 << 16)  # a live preview re-links unchanged texts on every save
def _scan(text: str) -> tuple[tuple[int, str, tuple[str, str, str | None] | None], ...]:
    """Return (offset, whole match, parsed or None) of every cross-reference outside code in ``text``."""
    code = code_spans(text) if "`" in text or "~" in text else []  # no code without ` or ~
    return tuple(
        (m.start(), m.group(), parse_xref(m.group(1)))
        for m in XREF.finditer(text)
        if not any(start <= m.start() < end for start, end in code)  # shown literally, like the renderer
    )


def parse_xref(body: str) -> tuple[str, str, str | None] | None:
    """Split ``q:id|text`` into (kind, id, text); None if it is not a cross-reference."""
    head, _, text = " ".join(body.split()).partition("|")
    prefix, sep, target = head.partition(":")
    if not sep or prefix.strip() not in KINDS:
        return None
    return (
        KINDS[prefix.strip()],
        target.strip(),
        (text.strip() or None) if text else None,
    )


def plain_text(text: str, targets: dict[tuple[str, str], Target]) -> str:
    """Replace cross-references by their link text, for places that cannot hold links."""

    def label(match: re.Match[str]) -> str:
        parsed = parse_xref(match.group(1))
        if parsed is None:
            return match.group(0)
        target = targets.get((parsed[0], parsed[1]))
        return parsed[2] or (target.title if target else parsed[1])

    return " ".join(XREF.sub(label, text).split())


def _targets(site: Site) -> dict[tuple[str, str], Target]:
    targets: dict[tuple[str, str], Target] = {}
    for explainer in site.explainers:
        page = explainer_page(explainer.id)
        targets[("explainer", explainer.id)] = Target(page, "", explainer.title, explainer.standfirst)
        for q in explainer.questions:
            targets[("question", q.id)] = Target(page, q.id, q.question, q.short)
    for entity in site.entities.values():
        targets[("entity", entity.id)] = Target("glossary.md", entity.id, entity.name, entity.description)
    for event in site.events.values():
        when = ("By " if event.qualifier == "by" else "") + human_range(event.date, event.end)
        targets[("event", event.id)] = Target("timeline.md", event.id, event.title, when)
    for source in site.sources.values():
        targets[("source", source.id)] = Target("sources.md", source.id, source.title, source.publisher)
    for explainer in site.explainers:  # once every title is known, for cross-references
        page = explainer_page(explainer.id)
        tooltip = plain_text(explainer.standfirst, targets)
        targets[("explainer", explainer.id)] = Target(page, "", explainer.title, tooltip)
    return targets


def _renamed(site: Site, kind: str, old_id: str) -> str | None:
    """Return the current id of the ``kind`` object that lists ``old_id`` in its former_ids."""
    found = {
        "explainer": site.explainers,
        "question": [q for _, q in site.questions.values()],
        "entity": list(site.entities.values()),
    }.get(kind, [])
    return next((o.id for o in found if old_id in o.former_ids), None)


class _Linker:
    """Walk the site once, checking references and collecting the graph."""

    def __init__(self, site: Site, strict: bool) -> None:
        self.site, self.strict = site, strict
        self.graph = Graph(targets=_targets(site))
        self.problems: list[Problem] = []
        self.mentioned: set[str] = set()

    def unknown(self, kind: str, target: str) -> str | None:
        """Return an error message if ``target`` is not a known ``kind``, with suggestions."""
        if (kind, target) in self.graph.targets:
            return None
        known = sorted(i for k, i in self.graph.targets if k == kind)
        close = difflib.get_close_matches(target, known, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        renamed = _renamed(self.site, kind, target)
        if renamed:
            hint = f"; it was renamed: use {renamed!r} (its former_ids keep old links working)"
        return msg("links.unknown", kind=kind, target=target, hint=hint)

    def check(self, origin: Origin, sub: tuple, kind: str, target: str) -> bool:
        if (kind, target) in self.site.unchecked:
            return False  # defined in a file that failed validation: its own errors say why
        message = self.unknown(kind, target)
        if message:
            self.problems.append(origin.problem(sub, message))
        return message is None

    def ids(self, origin: Origin, name: str, kind: str, values: list[str]) -> Iterator[str]:
        for i, value in enumerate(values):
            if self.check(origin, (name, i), kind, value):
                yield value

    def xrefs(self, origin: Origin, name: str, text: str) -> Iterator[tuple[str, str]]:
        for start, found, parsed in _scan(text):
            if parsed is None:
                message = msg("links.malformed-xref", found=found)
            elif (parsed[0], parsed[1]) in self.site.unchecked:
                continue  # defined in a file that failed validation: its own errors say why
            else:
                message = self.unknown(parsed[0], parsed[1]) or ""
                if not message:
                    yield parsed[0], parsed[1]
                    continue
            pos = origin.doc.locate((*origin.loc, name))  # only now: positions are found on demand
            block = 1 if pos.style in ("|", ">") else 0
            nth = text.count("[[", 0, start)
            line = pos.line + block + text.count("\n", 0, start)
            at = origin.doc.find_after(pos, "[[", nth) or Pos(line, pos.column)
            path = field_path((*origin.loc, name))
            self.problems.append(Problem(origin.doc.file, at.line, at.column, path, message))

    def run(self) -> tuple[Graph, list[Problem]]:
        self._questions()
        self._events()
        self._entities()
        self._sources()
        return self.graph, self.problems

    def _questions(self) -> None:
        g, site = self.graph, self.site
        backlinks: dict[str, list[str]] = {}
        explicit: dict[str, list[str]] = {}
        for explainer in site.explainers:
            eo = site.origins[("explainer", explainer.id)]
            for _ in self.xrefs(eo, "standfirst", explainer.standfirst):
                pass
            for q in explainer.questions:
                origin = site.origins[("question", q.id)]
                if q.id in RESERVED_ANCHORS:
                    self.problems.append(
                        origin.problem(
                            ("id",),
                            msg("links.reserved-id", id=q.id),
                        )
                    )
                if not q.sources:
                    self.problems.append(
                        origin.problem(
                            ("sources",),
                            msg("links.no-sources", what="answer"),
                        )
                    )
                cited = list(self.ids(origin, "sources", "source", q.sources))
                for s in cited:
                    g.source_citations.setdefault(s, []).append(q.id)
                explicit[q.id] = [r for r in self.ids(origin, "related", "question", q.related) if r != q.id]
                for r in explicit[q.id]:  # "related" is a link too: the other question lists it back
                    backlinks.setdefault(r, []).append(q.id)
                for kind, target in self.xrefs(origin, "answer", q.answer):
                    if kind == "question" and target != q.id:
                        backlinks.setdefault(target, []).append(q.id)
                    elif kind == "entity":
                        self._mention(target, q.id)
                    elif kind == "event":
                        g.question_events.setdefault(q.id, []).append(target)
        for qid in site.questions:
            merged = explicit.get(qid, []) + backlinks.get(qid, [])
            g.related[qid] = list(dict.fromkeys(merged))

    def _mention(self, entity_id: str, question_id: str) -> None:
        self.mentioned.add(entity_id)
        self.graph.entity_questions.setdefault(entity_id, [])
        if question_id not in self.graph.entity_questions[entity_id]:
            self.graph.entity_questions[entity_id].append(question_id)

    def _events(self) -> None:
        g, site = self.graph, self.site
        written = {eid: i for i, eid in enumerate(site.events)}  # files by path, then list order
        ordered = sorted(
            site.events.values(),
            key=lambda e: (sort_key(e.date, e.end, e.qualifier == "by"), written[e.id]),
        )
        g.timeline = [e.id for e in ordered]
        for event in ordered:
            origin = site.origins[("event", event.id)]
            if event.end is not None and event.end.last_day() < event.date.first_day():
                self.problems.append(
                    origin.problem(
                        ("end",),
                        msg("links.end-before-start", end=event.end, start=event.date),
                    )
                )
            if not event.sources:
                self.problems.append(
                    origin.problem(
                        ("sources",),
                        msg("links.no-sources", what="event"),
                    )
                )
            list(self.ids(origin, "sources", "source", event.sources))
            for entity_id in [*self.ids(origin, "entities", "entity", event.entities)] + [
                t for k, t in self.xrefs(origin, "description", event.description) if k == "entity"
            ]:
                self.mentioned.add(entity_id)
                events = g.entity_events.setdefault(entity_id, [])
                if event.id not in events:
                    events.append(event.id)
            for qid in self.ids(origin, "questions", "question", event.questions):
                linked = g.question_events.setdefault(qid, [])
                linked.append(event.id)
        rank = {eid: i for i, eid in enumerate(g.timeline)}
        for qid, events in g.question_events.items():
            g.question_events[qid] = sorted(set(events), key=rank.__getitem__)
        for explainer in site.explainers:
            found = {e for q in explainer.questions for e in g.question_events.get(q.id, [])}
            g.explainer_events[explainer.id] = sorted(found, key=rank.__getitem__)

    def _entities(self) -> None:
        seen: dict[str, str] = {}
        for entity in self.site.entities.values():
            origin = self.site.origins[("entity", entity.id)]
            list(self.ids(origin, "sources", "source", entity.sources))
            for i, alias in enumerate([entity.name, *entity.aliases]):
                key = alias.casefold()
                owner = seen.get(key)
                if owner is not None and owner != entity.id:
                    self.problems.append(
                        origin.problem(
                            ("aliases", i - 1) if i else ("name",),
                            msg("links.alias-taken", alias=alias, owner=owner),
                        )
                    )
                seen.setdefault(key, entity.id)
            if entity.id not in self.mentioned and not self.site.unchecked:
                severity = "error" if self.strict else "warning"
                text = msg("links.unmentioned-entity")
                self.problems.append(origin.problem(("id",), text, severity))

    def _sources(self) -> None:
        for sid in self.site.sources:
            self.graph.source_citations.setdefault(sid, [])


def link(site: Site, strict: bool = False) -> tuple[Graph, list[Problem]]:
    """Resolve references across the site; return the link graph and all problems."""
    return _Linker(site, strict).run()
