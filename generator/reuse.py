"""Reuse an explainer's page and email outputs across live-preview rebuilds when none of its inputs changed.

An explainer's outputs are a pure function of: the explainer itself, what the link graph says
about its questions (related questions, events), and what any page may show of other items
(link targets with titles and tooltips, events, sources, the site's address). The key hashes
exactly those, so a reused output is byte-for-byte what rendering would give; tests rebuild
from scratch after edits and compare. Only the live preview turns this on: a single build has
nothing to reuse. Each build keeps just the outputs it used, so memory stays one build's worth.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .links import Graph
from .model import Explainer, Site

T = TypeVar("T")
TEMPLATES = Path(__file__).parent / "templates"  # as render.TEMPLATES (render imports this module)


class Reuse:
    """Outputs of the previous build and this one, by kind and input hash."""

    def __init__(self) -> None:
        self.active = False
        self.previous: dict[tuple[str, bytes], Any] = {}
        self.current: dict[tuple[str, bytes], Any] = {}
        self._site_key: tuple[int, int, bytes] | None = None
        self._keys: dict[int, bytes] = {}  # explainer (by id()) -> its key, for this build

    def start(self) -> None:
        """Begin a build: what the last complete build used becomes reusable."""
        if self.current:
            self.previous, self.current = self.current, {}
        self._site_key = None
        self._keys = {}

    def get(
        self, kind: str, key: bytes, compute: Callable[[], T], reusable: Callable[[T], bool] = lambda _: True
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
        return value  # type: ignore[no-any-return]

    def explainer_key(self, site: Site, graph: Graph, e: Explainer, *extra: str) -> bytes:
        """Return the hash of everything an explainer's outputs depend on (empty when inactive)."""
        if not self.active:
            return b""
        site_digest = self._site_digest(site, graph)  # also forgets keys of an older site
        base = self._keys.get(id(e))
        if base is None:
            h = hashlib.blake2b(site_digest, digest_size=20)
            h.update(e.model_dump_json().encode())
            for q in e.questions:
                h.update(repr((graph.related.get(q.id), graph.question_events.get(q.id))).encode())
            h.update(repr(graph.explainer_events.get(e.id)).encode())
            base = self._keys[id(e)] = h.digest()
        return hashlib.blake2b(base + repr(extra).encode(), digest_size=20).digest() if extra else base

    def site_key(self, site: Site, graph: Graph, *parts: object) -> bytes:
        """Return the hash of what every page may show of other items, plus ``parts``."""
        if not self.active:
            return b""
        h = hashlib.blake2b(self._site_digest(site, graph), digest_size=20)
        h.update(repr(parts).encode())
        return h.digest()

    def _site_digest(self, site: Site, graph: Graph) -> bytes:
        """Hash what any page may show of other items; computed once per build and site."""
        if self._site_key is None or self._site_key[:2] != (id(site), id(graph)):
            h = hashlib.blake2b(_templates_digest(), digest_size=20)
            for key, t in graph.targets.items():
                h.update(repr((key, t.title, t.page, t.anchor, t.tooltip)).encode())
            for event in site.events.values():
                h.update(event.model_dump_json().encode())
            for source in site.sources.values():
                h.update(source.model_dump_json().encode())
            self._site_key = (id(site), id(graph), h.digest())
            self._keys = {}
        return self._site_key[2]


def _templates_digest() -> bytes:
    """Hash every template file (pages, email, the email stylesheet): an edited one rebuilds all."""
    h = hashlib.blake2b(digest_size=20)
    for path in sorted(TEMPLATES.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(TEMPLATES).as_posix().encode() + b"\0" + path.read_bytes())
    return h.digest()


REUSE = Reuse()
