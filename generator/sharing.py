"""Newsletter outputs of every build: embed bundles, feeds, oEmbed and page head meta.

They need absolute URLs, so they run only when the site_url is known (SiteInfo). Each explainer's
files go to a sink as soon as they are made: the rendered pages (check) or the writer's
transaction (build, generator/write.py), so a big site's output is never all in memory.
On a big site the bundles are built on two cores: a forked worker takes every other explainer,
puts its files through a branch of the sink (a transaction's branch stages them itself) and
sends back only what the parent needs (size errors, head data, the bundles feeds use).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any, Protocol

from . import bundle, feeds, headmeta
from .bundle import Bundle
from .embed import Embeds
from .errors import Problem
from .links import Graph, explainer_page
from .model import Explainer, Site
from .render import Rendered
from .reuse import REUSE
from .siteinfo import SiteInfo

PARALLEL_FROM = 500  # questions; below this a second process costs more than it saves


class Sink(Protocol):
    """Where generated files go: :class:`Pages` in memory, or a write.Transaction."""

    def put(self, rel: str, text: str) -> None:
        """Take one file: docs-relative path and text."""

    def branch(self) -> Sink:
        """Return a sink for a forked worker; what it takes comes back through journal and merge."""

    def journal(self) -> Any:
        """Return a picklable record of what this sink took."""

    def merge(self, journal: Any) -> None:
        """Take in what a branch took (its journal)."""


class Pages:
    """A sink that keeps every file in a dict (``check``: nothing is written)."""

    def __init__(self, pages: dict[str, str]) -> None:
        self.pages = pages

    def put(self, rel: str, text: str) -> None:
        """Keep one file."""
        self.pages[rel] = text

    def branch(self) -> Pages:
        """Return an empty sink: a forked worker sends its files back whole."""
        return Pages({})

    def journal(self) -> dict[str, str]:
        """Return the files taken."""
        return self.pages

    def merge(self, journal: dict[str, str]) -> None:
        """Take in a branch's files."""
        self.pages.update(journal)


_FORKED: tuple[Embeds, set[str], Sink] | None = None  # what a forked worker inherits


@dataclass(frozen=True)
class Packed:
    """What one explainer adds to the output: its files (until delivered), size errors, its bundle if kept."""

    files: dict[str, str]
    problems: list[Problem]
    bundle: Bundle | None
    head: dict[str, Any]  # the explainer page's head data (generator/headmeta.py)


def share(
    rendered: Rendered,
    site: Site,
    graph: Graph,
    info: SiteInfo,
    sink: Sink | None = None,
    parallel: bool = True,
) -> list[Problem]:
    """Put embed bundles, feeds and oEmbed files in ``sink`` (default: ``rendered.pages``), keep head meta.

    Return the size errors. ``parallel=False``: one process, even on a big site.
    """
    sink = Pages(rendered.pages) if sink is None else sink
    embeds = Embeds(site, graph, info)
    chosen = feeds.latest(site)
    packed = pack_all(embeds, {e.id for _, _, e in chosen}, sink, parallel)
    problems = [problem for p in packed for problem in p.problems]
    kept = {p.bundle.explainer_id: p.bundle for p in packed if p.bundle is not None}
    for rel, text in feeds.files(embeds, kept, chosen).items():
        sink.put(rel, text)
    headmeta.keep({explainer_page(e.id): p.head for e, p in zip(site.explainers, packed, strict=True)})
    return sorted(problems)


def pack(embeds: Embeds, explainer: Explainer, keep: bool) -> Packed:
    """Build one explainer's bundle and oEmbed response; keep the bundle only if asked to."""
    built = bundle.build(embeds, explainer)
    embeds.forget(explainer)  # keeps memory flat: only the joined bundle is needed from here on
    files = {
        bundle.bundle_path(explainer.id): built.as_json(),
        feeds.oembed_path("x", explainer.id): feeds.oembed(explainer, built.explainer_snippet(), embeds.info),
    }
    problems = bundle.size_problems(embeds.site, built)
    return Packed(files, problems, built if keep else None, headmeta.head(explainer, embeds))


def paths(site: Site) -> frozenset[str]:
    """Return the docs-relative path of every file :func:`share` makes for ``site``."""
    each = [(bundle.bundle_path(e.id), feeds.oembed_path("x", e.id)) for e in site.explainers]
    return frozenset({feeds.RSS_PATH, feeds.JSON_PATH}.union(*each))


def pack_all(embeds: Embeds, keep: set[str], sink: Sink, parallel: bool = True) -> list[Packed]:
    """Pack every explainer, putting its files in ``sink``; return the rest in site order.

    On two cores when that pays.
    """
    explainers = embeds.site.explainers
    if not (parallel and worth_forking(embeds.site)):
        return [deliver(_pack_or_reuse(embeds, e, e.id in keep), sink) for e in explainers]
    global _FORKED
    _FORKED = (embeds, keep, sink)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            theirs = pool.submit(_in_worker, 1)
            ours = _pack_every_other(0)
            try:
                other, journal = theirs.result()
                sink.merge(journal)
            except (BrokenProcessPool, OSError):  # the worker died (out of memory?): do its share here
                other = _pack_every_other(1)
    finally:
        _FORKED = None
    merged = [None] * len(explainers)
    merged[0::2], merged[1::2] = ours, other
    return merged  # type: ignore[return-value]


def _pack_or_reuse(embeds: Embeds, e: Explainer, keep: bool) -> Packed:
    """Pack one explainer; in a live preview, reuse its last packing if nothing it reads changed."""
    info = embeds.info
    key = REUSE.explainer_key(embeds.site, embeds.graph, e, info.url, info.name, info.language, str(keep))
    return REUSE.get("packed", key, lambda: pack(embeds, e, keep), lambda packed: not packed.problems)


def deliver(packed: Packed, sink: Sink) -> Packed:
    """Put an explainer's files in ``sink``; return the packing without them."""
    for rel, text in packed.files.items():
        sink.put(rel, text)
    return replace(packed, files={})


def _in_worker(start: int) -> tuple[list[Packed], Any]:
    """In the forked worker: pack every other explainer into a branch of the sink; return its journal."""
    global _FORKED
    assert _FORKED is not None
    embeds, keep, sink = _FORKED
    branch = sink.branch()
    _FORKED = (embeds, keep, branch)
    return _pack_every_other(start), branch.journal()


def _pack_every_other(start: int) -> list[Packed]:
    """Pack explainers ``start``, ``start + 2``, ... into the sink (also run in the forked worker)."""
    assert _FORKED is not None
    embeds, keep, sink = _FORKED
    return [deliver(pack(embeds, e, e.id in keep), sink) for e in embeds.site.explainers[start::2]]


def worth_forking(site: Site) -> bool:
    """True if a second process pays for this site's bundles: a big site, not a live preview."""
    return not REUSE.active and len(site.questions) >= PARALLEL_FROM and _can_fork()


def _can_fork() -> bool:
    """Fork only where it is safe and useful: Linux, several cores, no other threads running."""
    return (
        sys.platform.startswith("linux")  # fork is unsafe with macOS system libraries
        and "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )
