"""Reuse outputs and per-object work across live-preview rebuilds when none of their inputs changed.

An explainer's outputs are a pure function of: the explainer itself, what the link graph says
about its questions (related questions, events), and what any page may show of other items
(link targets with titles and tooltips, events, sources, the site's address). The key hashes
exactly those, so a reused output is byte-for-byte what rendering would give; tests rebuild
from scratch after edits and compare. Only the live preview turns this on: a single build has
nothing to reuse. Each build keeps just the outputs it used, so memory stays one build's worth.

Work done on one content object (an explainer, an event...) is kept by :meth:`Reuse.derived`
while that very object is in use: the loader and the model hand back the same immutable objects
for a file whose bytes did not change, so the same object means the same content.
"""

from __future__ import annotations

import hashlib
import operator
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # links and model import this module
    from .links import Graph
    from .model import Explainer, Site

T = TypeVar("T")
TEMPLATES = Path(__file__).parent / "templates"  # as render.TEMPLATES (render imports this module)


def _always(_: object) -> bool:
    """Any value may be kept, and stays valid."""
    return True


def _same(held: tuple[Any, ...], objs: tuple[Any, ...]) -> bool:
    """True if ``held`` and ``objs`` are the very same objects, in the same order."""
    return len(held) == len(objs) and all(map(operator.is_, held, objs))


def digest(value: object) -> bytes:
    """Return a short hash of ``repr(value)`` (strings, numbers, dates and containers of them)."""
    return hashlib.blake2b(repr(value).encode(), digest_size=20).digest()


class Reuse:
    """Outputs of the previous build and this one, by kind and input hash (or object)."""

    def __init__(self) -> None:
        self.active = False
        self.previous: dict[tuple[str, object], Any] = {}
        self.current: dict[tuple[str, object], Any] = {}
        self._site_key: tuple[int, int, bytes] | None = None
        self._keys: dict[int, bytes] = {}  # explainer (by id()) -> its key, for this build
        self._outputs = False  # this build kept an output (it got past its content checks)

    def start(self) -> None:
        """Begin a build: what the last build used becomes reusable.

        A build stopped by content errors made no outputs: the last outputs stay reusable too.
        """
        if self._outputs:
            self.previous, self.current = self.current, {}
        else:
            self.previous.update(self.current)
            self.current = {}
        self._site_key = None
        self._keys = {}
        self._outputs = False

    def get(
        self, kind: str, key: bytes, compute: Callable[[], T], reusable: Callable[[T], bool] = _always
    ) -> T:
        """Return the output of ``kind`` for ``key``: reused if an earlier build made it, else computed.

        ``reusable`` says whether a value may be kept (outputs carrying error positions are not:
        a line added above an explainer moves them without changing the explainer).
        """
        if not self.active:
            return compute()
        slot = (kind, key)
        if slot in self.current:
            return self.current[slot]  # type: ignore[no-any-return]
        value = self.previous[slot] if slot in self.previous else compute()
        if reusable(value):
            self.current[slot] = value
            self._outputs = True
        return value  # type: ignore[no-any-return]

    def derived(
        self, kind: str, obj: object, compute: Callable[[], T], valid: Callable[[T], bool] = _always
    ) -> T:
        """Return ``compute()``, worked out from the immutable ``obj``: kept while that very object is in use.

        ``compute`` may read other things only if ``valid`` checks, on reuse, that they still hold.
        """
        if not self.active:
            return compute()
        slot = (kind, id(obj))
        held = self.current.get(slot) or self.previous.get(slot)  # (obj, value): obj keeps its id()
        value = held[1] if held is not None and held[0] is obj and valid(held[1]) else compute()
        self.current[slot] = (obj, value)
        return value

    def derived_all(
        self, kind: str, objs: tuple[Any, ...], compute: Callable[[], T], valid: Callable[[T], bool] = _always
    ) -> T:
        """Return ``compute()``, worked out from all of ``objs``: kept while they are the very same, in order.

        One value for many small objects (all events, say) costs one look-up instead of thousands.
        """
        return self._held((kind, "all"), objs, compute, valid)

    def kept(self, kind: str, value: T) -> T:
        """Return the equal value an earlier build kept under ``kind`` (that object), or keep ``value``."""
        return self._held((kind, "kept"), (), lambda: value, lambda held: bool(held == value))

    def _held(
        self,
        slot: tuple[str, object],
        objs: tuple[Any, ...],
        compute: Callable[[], T],
        valid: Callable[[T], bool],
    ) -> T:
        """Return the value in ``slot`` if it was worked out from the very same ``objs``, else compute it."""
        if not self.active:
            return compute()
        held = self.current.get(slot) or self.previous.get(slot)  # (objs, value): objs keep their id()
        if held is not None and _same(held[0], objs) and valid(held[1]):
            value = held[1]
        else:
            value = compute()
        self.current[slot] = (objs, value)
        return value

    def digest_of(self, kind: str, obj: object, parts: Callable[[], object]) -> bytes:
        """Return the hash of ``parts()``, worked out from ``obj`` alone, once per object (or b"")."""
        return self.derived(kind, obj, lambda: digest(parts())) if self.active else b""

    def json_digest(self, obj: Any) -> bytes:
        """Return the hash of a content object's whole JSON, once per object."""
        return self.digest_of("json digest", obj, obj.model_dump_json)

    def all_json_digest(self, kind: str, objs: tuple[Any, ...]) -> bytes:
        """Return one hash of the whole JSON of every object in ``objs``, once while they stay the same."""
        return self.derived_all(
            f"{kind} json digest", objs, lambda: digest([o.model_dump_json() for o in objs])
        )

    def explainer_key(self, site: Site, graph: Graph, e: Explainer, *extra: str) -> bytes:
        """Return the hash of everything an explainer's outputs depend on (empty when inactive)."""
        if not self.active:
            return b""
        site_digest = self._site_digest(site, graph)  # also forgets keys of an older site
        base = self._keys.get(id(e))
        if base is None:
            h = hashlib.blake2b(site_digest + self.json_digest(e), digest_size=20)
            h.update(self._links_digest(graph, e))
            base = self._keys[id(e)] = h.digest()
        return hashlib.blake2b(base + repr(extra).encode(), digest_size=20).digest() if extra else base

    def _links_digest(self, graph: Graph, e: Explainer) -> bytes:
        """Return the hash of what ``graph`` links to an explainer, once while its links are the same."""

        def fresh(held: tuple[object, bytes]) -> bool:
            return graph.version is not None and held[0] is graph.version

        return self.derived("links digest", e, lambda: (graph.version, _links_digest(graph, e)), fresh)[1]

    def graph_digest(self, graph: Graph, kind: str, parts: Callable[[], object]) -> bytes:
        """Return the hash of ``parts()``, read from the links in ``graph``: once while they are the same."""
        if not self.active or graph.version is None:
            return digest(parts()) if self.active else b""
        return self.derived_all(kind, (graph.version,), lambda: digest(parts()))

    def site_key(self, site: Site, graph: Graph, *parts: object) -> bytes:
        """Return the hash of what every page may show of other items, plus ``parts``."""
        if not self.active:
            return b""
        h = hashlib.blake2b(self._site_digest(site, graph), digest_size=20)
        h.update(repr(parts).encode())
        return h.digest()

    def list_keys(self, site: Site, graph: Graph) -> dict[str, bytes]:
        """Return the key of each list page: what it shows of each explainer, entity and event, and links."""
        if not self.active:
            return dict.fromkeys([*LIST_PARTS, "timeline", "glossary", "sources"], b"")
        each = [self.derived("list parts", e, lambda e=e: _list_digests(e)) for e in site.explainers]
        keys = {
            name: self.site_key(site, graph, name, b"".join(d[name] for d in each)) for name in LIST_PARTS
        }
        entities = self.all_json_digest("entities", tuple(site.entities.values()))
        mentions = self.graph_digest(graph, "mentions", lambda: (graph.entity_questions, graph.entity_events))
        keys["glossary"] = self.site_key(site, graph, "glossary", entities, mentions)
        timeline = self.graph_digest(graph, "timeline order", lambda: graph.timeline)
        keys["timeline"] = self.site_key(site, graph, "timeline", timeline)
        citations = self.graph_digest(graph, "citations", lambda: graph.source_citations)
        keys["sources"] = self.site_key(site, graph, "sources", citations)
        return keys

    def _site_digest(self, site: Site, graph: Graph) -> bytes:
        """Hash what any page may show of other items; computed once per build and site.

        That is every link target (explainers, questions, entities, events and sources with their
        titles and tooltips), events and sources, and the templates. Linking hands back the very
        targets dict of the last build while all are equal, and events and sources are hashed
        once while they are the same objects.
        """
        if self._site_key is None or self._site_key[:2] != (id(site), id(graph)):
            h = hashlib.blake2b(_templates_digest(), digest_size=20)
            targets = graph.targets
            h.update(self.derived_all("targets digest", (targets,), lambda: _targets_digest(targets)))
            h.update(self.all_json_digest("events", tuple(site.events.values())))
            h.update(self.all_json_digest("sources", tuple(site.sources.values())))
            self._site_key = (id(site), id(graph), h.digest())
            self._keys = {}
        return self._site_key[2]


def _links_digest(graph: Graph, e: Explainer) -> bytes:
    """Return the hash of what the links in ``graph`` say about an explainer and its questions."""
    questions = [(graph.related.get(q.id), graph.question_events.get(q.id)) for q in e.questions]
    return digest((questions, graph.explainer_events.get(e.id)))


def _list_digests(e: Explainer) -> dict[str, bytes]:
    """Return the hash of what each list page shows of an explainer."""
    return {name: digest(parts(e)) for name, parts in LIST_PARTS.items()}


def _home_parts(e: Explainer) -> object:
    """Return what the home page may show of an explainer (the latest ones show more)."""
    return e.id, e.title, e.updated, e.standfirst, [q.id for q in e.questions]


def _tag_parts(e: Explainer) -> object:
    """Return what the tags page shows of an explainer: its tags and its questions' tags."""
    return e.id, e.tags, [(q.id, q.tags) for q in e.questions]


def _news_parts(e: Explainer) -> object:
    """Return what the "What's new" page may show of an explainer: its dates and change notes."""
    questions = [(q.id, q.updated, q.change_note) for q in e.questions]
    return e.id, e.title, e.published, e.updated, e.change_note, questions


def _forward_parts(e: Explainer) -> object:
    """Return what the anchor table holds of an explainer: its questions' current and former ids."""
    return e.id, [(q.id, q.former_ids) for q in e.questions]


LIST_PARTS: dict[str, Callable[[Explainer], object]] = {
    "home": _home_parts,
    "tags": _tag_parts,
    "whats-new": _news_parts,
    "forwards": _forward_parts,
}


def _targets_digest(targets: dict[tuple[str, str], Any]) -> bytes:
    """Return the hash of every link target: where it lands, its title and its tooltip."""
    return digest([(key, t.page, t.anchor, t.title, t.tooltip) for key, t in targets.items()])


def _templates_digest() -> bytes:
    """Hash every template file (pages, email, the email stylesheet): an edited one rebuilds all."""
    h = hashlib.blake2b(digest_size=20)
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(TEMPLATES).as_posix().encode() + b"\0" + path.read_bytes())
    return h.digest()


REUSE = Reuse()
