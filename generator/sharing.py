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
    packed = pack_all(embeds, feeds.feed_explainers(site))
    problems = []
    for p in packed:
        rendered.pages.update(p.files)
        problems += p.problems
    kept = {p.bundle.explainer_id: p.bundle for p in packed if p.bundle is not None}
    rendered.pages.update(feeds.files(embeds, kept))
    pages = (explainer_page(e.id) for e in site.explainers)
    headmeta.keep({page: p.head for page, p in zip(pages, packed, strict=True) if page in rendered.pages})
    return sorted(problems)


def pack(embeds: Embeds, explainer: Explainer, keep: bool) -> Packed:
    """Build one explainer's bundle and oEmbed response; keep the bundle only if asked to."""
    built = bundle.build(embeds, explainer)
    embeds.forget(explainer)  # keeps memory flat: only the joined bundle is needed from here on
    files = {
        bundle.bundle_path(explainer.id): built.as_json(),
        feeds.oembed_path("x", explainer.id): feeds.oembed(explainer, built.explainer_snippet(), embeds.info),
    }
    problems = bundle.size_problems(embeds.site, [built])
    return Packed(files, problems, built if keep else None, headmeta.head(explainer, embeds))


def pack_all(embeds: Embeds, keep: set[str]) -> list[Packed]:
    """Pack every explainer, in site order; on two cores when that pays."""
    explainers = embeds.site.explainers
    if REUSE.active:  # a live preview: rebuild only explainers whose inputs changed
        info, site, graph = embeds.info, embeds.site, embeds.renderer.graph
        return [
            REUSE.get(
                "packed",
                REUSE.explainer_key(site, graph, e, info.url, info.name, info.language, str(e.id in keep)),
                lambda e=e: pack(embeds, e, e.id in keep),
                lambda packed: not packed.problems,
            )
            for e in explainers
        ]
    if len(embeds.site.questions) < PARALLEL_FROM or not _can_fork():
        return [pack(embeds, e, e.id in keep) for e in explainers]
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
