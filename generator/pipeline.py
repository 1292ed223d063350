"""The whole generator: load -> model -> links -> render -> write, as plain function calls."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import lint, safety
from .errors import ContentError, Problem
from .links import Graph, link
from .load import load
from .model import Site, build_site
from .renames import check_former_ids
from .render import Rendered, render
from .sharing import share
from .siteinfo import SiteInfo
from .write import WriteReport, write


@dataclass
class Result:
    """Everything one run produced: the site, its links, its pages and any warnings."""

    site: Site
    graph: Graph
    rendered: Rendered
    warnings: list[Problem] = field(default_factory=list)
    report: WriteReport | None = None


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector during a run; reference counting still frees as it goes.

    Its full passes over the many small objects of a big site cost a quarter of a second each.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check(content_dir: Path, strict: bool = False, site_info: SiteInfo | None = None) -> Result:
    """Load, validate, link and render, writing nothing; raise ContentError on any error.

    With ``site_info`` (the published site_url) the email embeds, feeds, oEmbed files and head
    meta are rendered too (generator/sharing.py).
    """
    with _no_cycle_collection():
        return _check(content_dir, strict, site_info)


def _check(content_dir: Path, strict: bool, site_info: SiteInfo | None) -> Result:
    docs, problems = load(content_dir)
    site, model_problems = build_site(docs)
    problems += model_problems
    graph, link_problems = link(site, strict=strict)
    problems += link_problems
    problems += safety.check(site)
    problems += check_former_ids(site)
    problems += lint.placeholders(docs, strict) + lint.empty_explainers(site, strict)
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    rendered = render(site, graph)
    if site_info is not None:
        problems += share(rendered, site, graph, site_info)
        if any(p.severity == "error" for p in problems):
            raise ContentError(problems)
    warnings = sorted(problems)
    return Result(site, graph, rendered, warnings)


def build(
    content_dir: Path, docs_dir: Path, strict: bool = False, site_info: SiteInfo | None = None
) -> Result:
    """Run the whole pipeline and write the generated pages into ``docs_dir``."""
    result = check(content_dir, strict=strict, site_info=site_info)
    result.report = write(docs_dir, result.rendered.pages)
    return result
