"""Newsletter outputs of every build: embed bundles, feeds, oEmbed and page head meta.

They need absolute URLs, so they run only when the site_url is known (SiteInfo). All output is
plain data (docs-relative path -> text) merged into the rendered pages, so write.py writes it.
On a big site the bundles are built on two cores (a forked worker takes every other explainer).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from . import bundle, feeds, headmeta
from .bundle import Bundle
from .embed import Embeds
from .errors import Problem
from .links import Graph
from .model import Site
from .render import Rendered
from .siteinfo import SiteInfo

PARALLEL_FROM = 500  # questions; below this a second process costs more than it saves
_FORKED: Embeds | None = None  # what a forked worker inherits


def share(rendered: Rendered, site: Site, graph: Graph, info: SiteInfo) -> list[Problem]:
    """Add embed bundles, feeds, oEmbed files and head meta to ``rendered``; return size errors."""
    embeds = Embeds(site, graph, info)
    bundles = build_bundles(embeds)
    rendered.pages.update({bundle.bundle_path(b): bundles[b].as_json() for b in sorted(bundles)})
    rendered.pages.update(feeds.files(embeds, bundles))
    headmeta.add(rendered.pages, embeds)
    return bundle.size_problems(site, list(bundles.values()))


def build_bundles(embeds: Embeds) -> dict[str, Bundle]:
    """Return the bundle of every explainer, in site order; on two cores when that pays."""
    explainers = embeds.site.explainers
    if len(embeds.site.questions) < PARALLEL_FROM or not _can_fork():
        return {e.id: bundle.build(embeds, e) for e in explainers}
    global _FORKED
    _FORKED = embeds
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            theirs = pool.submit(_build_every_other, 1)
            ours = _build_every_other(0)
            built = {b.explainer_id: b for b in [*ours, *theirs.result()]}
    finally:
        _FORKED = None
    return {e.id: built[e.id] for e in explainers}


def _build_every_other(start: int) -> list[Bundle]:
    """Build the bundles of explainers ``start``, ``start + 2``, ... (run in the forked worker too)."""
    assert _FORKED is not None
    return [bundle.build(_FORKED, e) for e in _FORKED.site.explainers[start::2]]


def _can_fork() -> bool:
    """Fork only where it is safe and useful: POSIX, several cores, no other threads running."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )
