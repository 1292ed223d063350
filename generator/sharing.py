"""Newsletter outputs of every build: embed bundles, feeds, oEmbed and page head meta.

They need absolute URLs, so they run only when the site_url is known (SiteInfo). All output is
plain data (docs-relative path -> text) merged into the rendered pages, so write.py writes it.
On a big site the bundles are built on two cores (a forked worker takes every other explainer).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

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
_FORKED: tuple[Embeds, set[str]] | None = None  # what a forked worker inherits


@dataclass(frozen=True)
class Packed:
    """What one explainer adds to the output: its files, any size errors, its bundle if feeds need it."""

    files: dict[str, str]
    problems: list[Problem]
    bundle: Bundle | None
    head: dict[str, Any]  # the explainer page's head data (generator/headmeta.py)


def share(rendered: Rendered, site: Site, graph: Graph, info: SiteInfo) -> list[Problem]:
    """Add embed bundles, feeds, oEmbed files and head meta to ``rendered``; return size errors."""
    embeds = Embeds(site, graph, info)
    chosen = feeds.latest(site)
    packed = pack_all(embeds, {e.id for _, _, e in chosen})
    problems = []
    for p in packed:
        rendered.pages.update(p.files)
        problems += p.problems
    kept = {p.bundle.explainer_id: p.bundle for p in packed if p.bundle is not None}
    rendered.pages.update(feeds.files(embeds, kept, chosen))
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


def pack_all(embeds: Embeds, keep: set[str]) -> list[Packed]:
    """Pack every explainer, in site order; on two cores when that pays."""
    explainers = embeds.site.explainers
    if REUSE.active or len(embeds.site.questions) < PARALLEL_FROM or not _can_fork():
        return [_pack_or_reuse(embeds, e, e.id in keep) for e in explainers]
    global _FORKED
    _FORKED = (embeds, keep)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            theirs = pool.submit(_pack_every_other, 1)
            ours = _pack_every_other(0)
            try:
                other = theirs.result()
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


def _pack_every_other(start: int) -> list[Packed]:
    """Pack explainers ``start``, ``start + 2``, ... (also run in the forked worker)."""
    assert _FORKED is not None
    embeds, keep = _FORKED
    return [pack(embeds, e, e.id in keep) for e in embeds.site.explainers[start::2]]


def _can_fork() -> bool:
    """Fork only where it is safe and useful: Linux, several cores, no other threads running."""
    return (
        sys.platform.startswith("linux")  # fork is unsafe with macOS system libraries
        and "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )
