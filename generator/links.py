"""Stage 3, links: resolve every reference, collect backlinks, order the timeline.

Each explainer's references are resolved on their own, and all events' together; the graph is
then put together from what they resolved to. In a live preview (generator/reuse.py) each part is
kept while its objects are unchanged and every target it names still exists, and the graph is put
together again only when some part resolves differently.
"""

from __future__ import annotations

import copy
import difflib
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any

from .dates import human_range, sort_key
from .errors import Problem, field_path
from .load import Pos
from .messages import msg
from .model import Event, Explainer, Origin, Site, Source
from .reuse import REUSE
from .xrefs import plain_text, scan

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
    # what the links were put together from: in a live preview, the same object while all are equal
    version: object = field(default=None, compare=False, repr=False)


def explainer_page(explainer_id: str) -> str:
    """Return the docs-relative Markdown path of an explainer."""
    return f"explainers/{explainer_id}.md"


Targets = dict[tuple[str, str], Target]


def _targets(site: Site) -> Targets:
    """Return every link target: in a live preview, the very dict of the last build while all are equal."""
    chunks = [REUSE.derived("targets", e, lambda e=e: _explainer_targets(e)) for e in site.explainers]
    for kind, table in (("entity", site.entities), ("event", site.events), ("source", site.sources)):
        items = tuple(table.values())
        chunks.append(
            REUSE.derived_all(f"{kind} targets", items, lambda k=kind, i=items: _other_targets(k, i))
        )
    return REUSE.derived_all("all targets", tuple(chunks), lambda: _join(chunks, len(site.explainers)))


def _explainer_targets(explainer: Explainer) -> Targets:
    """Return the targets of an explainer (first, its standfirst as tooltip for now) and its questions."""
    page = explainer_page(explainer.id)
    found = {("explainer", explainer.id): Target(page, "", explainer.title, explainer.standfirst)}
    found.update({("question", q.id): Target(page, q.id, q.question, q.short) for q in explainer.questions})
    return REUSE.kept(f"targets of {explainer.id}", found)  # the same object while equal: see _targets


def _other_targets(kind: str, items: tuple[Any, ...]) -> Targets:
    """Return the targets of every entity, event or source in ``items``."""
    if kind == "entity":
        found = {(kind, x.id): Target("glossary.md", x.id, x.name, x.description) for x in items}
    elif kind == "source":
        found = {(kind, s.id): Target("sources.md", s.id, s.title, s.publisher) for s in items}
    else:
        found = {(kind, e.id): _event_target(e) for e in items}
    return REUSE.kept(f"{kind} targets", found)


def _event_target(event: Event) -> Target:
    """Return the target of a timeline event: its title, and its date as the tooltip."""
    when = ("By " if event.qualifier == "by" else "") + human_range(event.date, event.end)
    return Target("timeline.md", event.id, event.title, when)


def _join(chunks: list[Targets], explainers: int) -> Targets:
    """Join the targets of each explainer (the first ``explainers`` chunks) and of everything else."""
    targets: Targets = {}
    for chunk in chunks:
        targets.update(chunk)
    for chunk in chunks[:explainers]:  # once every title is known, for cross-references
        key, target = next(iter(chunk.items()))
        targets[key] = Target(target.page, "", target.title, plain_text(target.tooltip, targets))
    return targets


def _renamed(site: Site, kind: str, old_id: str) -> str | None:
    """Return the current id of the ``kind`` object that lists ``old_id`` in its former_ids."""
    found = {
        "explainer": site.explainers,
        "question": [q for _, q in site.questions.values()],
        "entity": list(site.entities.values()),
    }.get(kind, [])
    return next((o.id for o in found if old_id in o.former_ids), None)


QuestionLinks = tuple[str, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]
ExplainerLinks = tuple[str, tuple[QuestionLinks, ...]]  # explainer id; each question's id, sources...


@dataclass(frozen=True)
class _Linked:
    """What one explainer's (or all events') references resolved to, and the problems found on the way.

    In a live preview it is reused for the same (unchanged) objects while it is ``complete`` and
    every target it ``named`` still exists: the objects then resolve exactly the same way.
    """

    named: frozenset[tuple[str, str]]
    found: Any  # ExplainerLinks, or the _Timeline of all events
    problems: tuple[Problem, ...]
    complete: bool  # no problems, and no id was unchecked (skipped references are not in ``found``)
    version: object  # the targets it was found with (_Linker.version)


@dataclass(frozen=True)
class _Timeline:
    """What the events add to the graph: their order, and what each entity and question is linked to."""

    order: tuple[str, ...]
    entity_events: dict[str, list[str]]  # in timeline order
    question_events: dict[str, list[str]]  # from the events' own lists, in timeline order
    mentioned: frozenset[str]


class _Linker:
    """Walk the site once, checking references and collecting the graph."""

    def __init__(self, site: Site, strict: bool) -> None:
        self.site, self.strict = site, strict
        self.graph = Graph(targets=_targets(site))
        self.problems: list[Problem] = []
        self.mentioned: set[str] = set()
        self.named: set[tuple[str, str]] = set()  # every reference checked, for _Linked
        self.version = REUSE.derived_all("targets version", (self.graph.targets,), object)

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
        self.named.add((kind, target))
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
        for start, found, parsed in scan(text):
            if parsed is None:
                message = msg("links.malformed-xref", found=found)
            elif (parsed[0], parsed[1]) in self.site.unchecked:
                continue  # defined in a file that failed validation: its own errors say why
            else:
                self.named.add((parsed[0], parsed[1]))
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
        explainers = tuple(self._explainer_links(e) for e in self.site.explainers)
        timeline = self._timeline_links()
        sources = tuple(self.site.sources.values())
        assemble = functools.partial(_assemble, explainers, timeline, sources)
        linked = REUSE.derived_all("graph", (timeline, *sources, *explainers), assemble)  # while all the same
        self.graph = _copy(linked, self.graph.targets)
        self.mentioned = set(linked.entity_questions) | timeline.mentioned
        self._entities()
        return self.graph, self.problems

    def _explainer_links(self, explainer: Explainer) -> ExplainerLinks:
        """Return what an explainer's references resolve to (in a live preview, once while unchanged)."""
        resolve = functools.partial(self._resolve, self._explainer, explainer)
        return self._found(REUSE.derived("links", explainer, resolve, self._still_valid))  # type: ignore[no-any-return]

    def _timeline_links(self) -> _Timeline:
        """Return what the events add to the graph (in a live preview, once while none changes)."""
        events = tuple(self.site.events.values())
        resolve = functools.partial(self._resolve, self._timeline)
        return self._found(REUSE.derived_all("event links", events, resolve, self._still_valid))  # type: ignore[no-any-return]

    def _found(self, linked: _Linked) -> Any:
        """Return what was found, adding the problems found on the way."""
        self.problems += linked.problems
        return linked.found

    def _resolve(self, resolve: Callable[..., Any], *args: Any) -> _Linked:
        """Run ``resolve(*args)``, keeping the references it checked and the problems it found apart."""
        before, self.named = len(self.problems), set()
        found = resolve(*args)
        problems = tuple(self.problems[before:])
        del self.problems[before:]
        complete = not problems and not self.site.unchecked
        return _Linked(frozenset(self.named), found, problems, complete, self.version)

    def _still_valid(self, linked: _Linked) -> bool:
        """True if a _Linked found in an earlier build resolves the same way in this one."""
        if not linked.complete or self.site.unchecked:
            return False
        return linked.version is self.version or self.graph.targets.keys() >= linked.named

    def _explainer(self, explainer: Explainer) -> ExplainerLinks:
        """Check an explainer's references; return each question's sources, related questions and xrefs."""
        site = self.site
        eo = site.origins[("explainer", explainer.id)]
        for _ in self.xrefs(eo, "standfirst", explainer.standfirst):
            pass
        found = []
        for q in explainer.questions:
            origin = site.origins[("question", q.id)]
            if q.id in RESERVED_ANCHORS:
                self.problems.append(origin.problem(("id",), msg("links.reserved-id", id=q.id)))
            if not q.sources:
                self.problems.append(origin.problem(("sources",), msg("links.no-sources", what="answer")))
            cited = tuple(self.ids(origin, "sources", "source", q.sources))
            related = tuple(r for r in self.ids(origin, "related", "question", q.related) if r != q.id)
            found.append((q.id, cited, related, tuple(self.xrefs(origin, "answer", q.answer))))
        return REUSE.kept(f"links of {explainer.id}", (explainer.id, tuple(found)))  # see run()

    def _timeline(self) -> _Timeline:
        """Order the events and check their references; return what they add to the graph."""
        written = {eid: i for i, eid in enumerate(self.site.events)}  # files by path, then list order
        ordered = sorted(
            self.site.events.values(),
            key=lambda e: (sort_key(e.date, e.end, e.qualifier == "by"), written[e.id]),
        )
        entity_events: dict[str, list[str]] = {}
        question_events: dict[str, list[str]] = {}
        for event in ordered:
            entities, questions = self._event(event)
            for entity_id in entities:
                events = entity_events.setdefault(entity_id, [])
                if event.id not in events:
                    events.append(event.id)
            for qid in questions:
                events = question_events.setdefault(qid, [])
                if event.id not in events:
                    events.append(event.id)
        order = tuple(e.id for e in ordered)
        timeline = _Timeline(order, entity_events, question_events, frozenset(entity_events))
        return REUSE.kept("timeline links", timeline)  # the same object while equal: see run()

    def _event(self, event: Event) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Check an event's references; return the entities it names (listed, then in text) and questions."""
        origin = self.site.origins[("event", event.id)]
        if event.end is not None and event.end.last_day() < event.date.first_day():
            end = msg("links.end-before-start", end=event.end, start=event.date)
            self.problems.append(origin.problem(("end",), end))
        if not event.sources:
            self.problems.append(origin.problem(("sources",), msg("links.no-sources", what="event")))
        list(self.ids(origin, "sources", "source", event.sources))
        entities = [*self.ids(origin, "entities", "entity", event.entities)] + [
            t for k, t in self.xrefs(origin, "description", event.description) if k == "entity"
        ]
        return tuple(entities), tuple(self.ids(origin, "questions", "question", event.questions))

    def _entities(self) -> None:
        seen: dict[str, str] = {}
        for entity in self.site.entities.values():
            origin = self.site.origins[("entity", entity.id)]
            list(self.ids(origin, "sources", "source", entity.sources))
            for i, alias in enumerate([entity.name, *entity.aliases]):
                key = alias.casefold()
                owner = seen.get(key)
                if owner is not None and owner != entity.id:
                    text = msg("links.alias-taken", alias=alias, owner=owner)
                    self.problems.append(origin.problem(("aliases", i - 1) if i else ("name",), text))
                seen.setdefault(key, entity.id)
            if entity.id not in self.mentioned and not self.site.unchecked:
                severity = "error" if self.strict else "warning"
                text = msg("links.unmentioned-entity")
                self.problems.append(origin.problem(("id",), text, severity))


def _assemble(
    explainers: tuple[ExplainerLinks, ...], timeline: _Timeline, sources: tuple[Source, ...]
) -> Graph:
    """Put together what every explainer and event links to: backlinks, citations, mentions, events."""
    g = Graph(timeline=list(timeline.order), entity_events=timeline.entity_events, version=object())
    backlinks: dict[str, list[str]] = {}
    explicit: dict[str, tuple[str, ...]] = {}
    mentions: dict[str, dict[str, None]] = {}  # entity -> questions, in order and once each
    answer_events: dict[str, list[str]] = {}
    for _, questions in explainers:
        for qid, cited, related, xrefs in questions:
            for s in cited:
                g.source_citations.setdefault(s, []).append(qid)
            explicit[qid] = related
            for r in related:  # "related" is a link too: the other question lists it back
                backlinks.setdefault(r, []).append(qid)
            for kind, target in xrefs:
                if kind == "question" and target != qid:
                    backlinks.setdefault(target, []).append(qid)
                elif kind == "entity":
                    mentions.setdefault(target, {})[qid] = None
                elif kind == "event":
                    answer_events.setdefault(qid, []).append(target)
    for source in sources:
        g.source_citations.setdefault(source.id, [])
    g.related = {qid: list(dict.fromkeys([*mine, *backlinks.get(qid, ())])) for qid, mine in explicit.items()}
    g.entity_questions = {entity_id: list(qids) for entity_id, qids in mentions.items()}
    rank = {eid: i for i, eid in enumerate(g.timeline)}
    g.question_events = dict(timeline.question_events)
    for qid, ids in answer_events.items():
        g.question_events[qid] = sorted({*ids, *g.question_events.get(qid, ())}, key=rank.__getitem__)
    for explainer_id, questions in explainers:
        linked = {e for q in questions for e in g.question_events.get(q[0], ())}
        g.explainer_events[explainer_id] = sorted(linked, key=rank.__getitem__)
    return g


def _copy(graph: Graph, targets: Targets) -> Graph:
    """Return ``graph`` with ``targets``, in fresh dicts and lists (the lists in them are never changed)."""
    links = {
        f.name: copy.copy(getattr(graph, f.name))
        for f in fields(Graph)
        if f.name not in ("targets", "version")
    }
    return Graph(targets, **links, version=graph.version)


def link(site: Site, strict: bool = False) -> tuple[Graph, list[Problem]]:
    """Resolve references across the site; return the link graph and all problems."""
    return _Linker(site, strict).run()
