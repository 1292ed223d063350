"""The whole generator: load -> model -> links -> render -> write, as plain function calls."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, Problem
from .links import Graph, link
from .load import load
from .model import Site, build_site
from .render import Rendered, render
from .write import WriteReport, write


@dataclass
class Result:
    """Everything one run produced: the site, its links, its pages and any warnings."""

    site: Site
    graph: Graph
    rendered: Rendered
    warnings: list[Problem] = field(default_factory=list)
    report: WriteReport | None = None


def check(content_dir: Path, strict: bool = False) -> Result:
    """Load, validate, link and render, writing nothing; raise ContentError on any error."""
    docs, problems = load(content_dir)
    site, model_problems = build_site(docs)
    problems += model_problems
    graph, link_problems = link(site, strict=strict)
    problems += link_problems
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    warnings = sorted(problems)
    return Result(site, graph, render(site, graph), warnings)


def build(content_dir: Path, docs_dir: Path, strict: bool = False) -> Result:
    """Run the whole pipeline and write the generated pages into ``docs_dir``."""
    result = check(content_dir, strict=strict)
    result.report = write(docs_dir, result.rendered.pages)
    return result
