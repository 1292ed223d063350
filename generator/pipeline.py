"""The whole generator: load -> model -> links -> render -> write, as plain function calls.

``build`` streams its output: rendered pages and each explainer's shared files go into a
write.Transaction as soon as they exist (changed files staged inside docs/), and only a
complete, error-free run commits them. ``check`` keeps every file in ``rendered.pages``.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import lint, safety
from . import load as load_stage
from .errors import ContentError, Problem
from .known_files import KnownFiles
from .links import Graph, link
from .load import Document, load
from .model import Site, build_site
from .renames import check_former_ids
from .render import Rendered, render
from .reuse import REUSE
from .sharing import Sink, share
from .siteinfo import SiteInfo
from .write import Transaction, WriteReport


@dataclass
class Result:
    """Everything one run produced: the site, its links, its pages and any warnings.

    After ``build`` the pages are in docs/, not in ``rendered.pages`` (which keeps the navigation).
    """

    site: Site
    graph: Graph
    rendered: Rendered
    warnings: list[Problem] = field(default_factory=list)
    report: WriteReport | None = None


@contextlib.contextmanager
def no_cycle_collection() -> Iterator[None]:
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
    with no_cycle_collection():
        return _run(content_dir, strict, site_info, None)


def build(
    content_dir: Path,
    docs_dir: Path,
    strict: bool = False,
    site_info: SiteInfo | None = None,
    known: KnownFiles | None = None,
) -> Result:
    """Run the whole pipeline and write the generated pages into ``docs_dir``.

    Nothing in ``docs_dir`` changes unless the whole run succeeds (write.Transaction). A live
    preview passes ``known`` so files it left unchanged are not read back (generator/known_files.py).
    """
    with no_cycle_collection(), Transaction(docs_dir, known=known) as transaction:
        result = _run(content_dir, strict, site_info, transaction)
        result.report = transaction.commit()
    return result


def _run(content_dir: Path, strict: bool, site_info: SiteInfo | None, sink: Sink | None) -> Result:
    """Run every stage; put the output in ``sink``, or keep it in ``rendered.pages`` if None."""
    result = prepare(content_dir, strict, sink)
    if site_info is not None:
        add_shared(result, site_info, sink)
    return result


def prepare(content_dir: Path, strict: bool, sink: Sink | None) -> Result:
    """Load, validate, link and render; put the pages in ``sink`` (if any). Raise ContentError on errors."""
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
    _release(docs)
    rendered = render(site, graph)
    if sink is not None:
        _hand_over(rendered.pages, sink)
    return Result(site, graph, rendered, sorted(problems))


def add_shared(result: Result, site_info: SiteInfo, sink: Sink | None, parallel: bool = True) -> None:
    """Run the share stage (generator/sharing.py) into ``sink``; raise ContentError on a size error."""
    add_problems(result, share(result.rendered, result.site, result.graph, site_info, sink, parallel))


def add_problems(result: Result, problems: list[Problem]) -> None:
    """Add the share stage's ``problems`` to ``result``; raise ContentError if one is an error."""
    result.warnings = sorted(result.warnings + problems)
    if any(p.severity == "error" for p in result.warnings):
        raise ContentError(result.warnings)


def _release(docs: list[Document]) -> None:
    """Outside a live preview, let the parsed YAML go once the checks have read it (~20 MB at 5,000).

    Nothing after the checks reads ``data``; error positions come from ``source``, which stays.
    The live preview keeps both, to skip parsing unchanged files on its next rebuild.
    """
    if not REUSE.active:
        load_stage.release(docs)


def _hand_over(pages: dict[str, str], sink: Sink) -> None:
    """Move every page into ``sink``, letting each go from memory as it goes."""
    while pages:
        sink.put(*pages.popitem())
