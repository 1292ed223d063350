"""Editorial lint beyond validation: placeholders left in, empty explainers, and a summary."""

from __future__ import annotations

import re

from .errors import Problem
from .links import Graph
from .load import Document
from .messages import msg
from .model import Origin, Site
from .reuse import REUSE

PLACEHOLDER = re.compile(r"\bTODO\b")


def placeholders(docs: list[Document], strict: bool = False) -> list[Problem]:
    """Flag every ``TODO`` left in a content file (text or comment): a skeleton is not publishable."""
    severity = "error" if strict else "warning"
    message = msg("lint.placeholder")
    return [
        Problem(doc.file, line, column, "", message, severity)
        for doc in docs
        for line, column in REUSE.derived(
            "placeholders", doc, lambda doc=doc: _placeholders(getattr(doc, "source", ""))
        )
    ]


def _placeholders(source: str) -> list[tuple[int, int]]:
    """Return the line and column of every ``TODO`` in ``source``."""
    if "TODO" not in source:  # the common case: skip the line-by-line search
        return []
    return [
        (number, match.start() + 1)
        for number, line in enumerate(source.splitlines(), start=1)
        for match in PLACEHOLDER.finditer(line)
    ]


def empty_explainers(site: Site, strict: bool = False) -> list[Problem]:
    """Flag explainers that have no questions yet."""
    severity = "error" if strict else "warning"
    problems = []
    for e in site.explainers:
        if not e.questions:
            origin: Origin = site.origins[("explainer", e.id)]
            message = msg("lint.no-questions")
            problems.append(origin.problem(("questions",), message, severity))
    return problems


def summary(site: Site, graph: Graph, warnings: list[Problem]) -> list[str]:
    """Return the editorial summary lines printed by ``check`` and ``build``."""
    questions = [q for _, q in site.questions.values()]
    cited = sum(1 for q in questions if q.sources)
    short = sum(1 for q in questions if q.short.strip())
    mentioned = set(graph.entity_questions) | set(graph.entity_events)
    unused = sorted(set(site.entities) - mentioned)
    todo = sum(1 for w in warnings if w.message == msg("lint.placeholder"))
    renamed = sum(len(x.former_ids) for x in [*site.explainers, *questions, *site.entities.values()])
    return [
        f"  answers citing a source: {cited}/{len(questions)}",
        f"  short answers written:   {short}/{len(questions)}",
        f"  unused entities:         {len(unused)}" + (f" ({', '.join(unused)})" if unused else ""),
        f"  TODO placeholders:       {todo}",
        f"  former ids (redirects):  {renamed}",
        f"  warnings:                {len(warnings)}",
    ]
