"""Scaffolding: add a valid explainer or question skeleton without touching anything else.

A new explainer is a new file. A new question is inserted as text right after the last question
of its explainer, so the editor's comments and formatting stay exactly as they were.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .links import RESERVED_ANCHORS
from .load import load
from .model import SLUG_MAX, SLUG_RE, build_site

SCHEMA_LINE = "# yaml-language-server: $schema={rel}schema/content.schema.json\n"


class ScaffoldError(Exception):
    """The skeleton cannot be added; nothing was written."""


@dataclass
class Known:
    """Ids already in use (current and former), by kind, and where each explainer lives."""

    ids: dict[str, set[str]]
    explainer_files: dict[str, Path]
    sources: list[tuple[str, str]]  # (date, id)
    last_sources: dict[str, list[str]]


def check_slug(value: str) -> str:
    """Return ``value`` if it is a safe id, else raise ScaffoldError saying why."""
    if not SLUG_RE.match(value) or len(value) > SLUG_MAX:
        raise ScaffoldError(
            f"{value!r} is not a safe id: use lower-case letters, digits and single hyphens "
            f"(at most {SLUG_MAX} characters), e.g. 'why-it-matters'"
        )
    return value


def _known(content: Path) -> Known:
    docs, _ = load(content)
    site, _ = build_site(docs)
    ids: dict[str, set[str]] = {"explainer": set(), "question": set()}
    files: dict[str, Path] = {}
    last: dict[str, list[str]] = {}
    for doc in docs:
        data = doc.data.get("explainer") if isinstance(doc.data, dict) else None
        if isinstance(data, dict) and isinstance(data.get("id"), str):
            files.setdefault(data["id"], content.parent / doc.file)
    for e in site.explainers:
        ids["explainer"].update([e.id, *e.former_ids])
        if e.questions:
            last[e.id] = list(e.questions[-1].sources)
        for q in e.questions:
            ids["question"].update([q.id, *q.former_ids])
    sources = sorted(((str(s.date), s.id) for s in site.sources.values()), reverse=True)
    return Known(ids, files, sources, last)


def _date(value: str | None) -> str:
    text = value or dt.date.today().isoformat()
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ScaffoldError(f"expected a date as YYYY-MM-DD, found {text!r}") from None
    return text


def _pick_sources(known: Known, given: list[str] | None, explainer: str | None) -> list[str]:
    ids = {sid for _, sid in known.sources}
    if given:
        missing = [s for s in given if s not in ids]
        if missing:
            raise ScaffoldError(f"unknown source {missing[0]!r}; known sources: {', '.join(sorted(ids))}")
        return given
    if explainer and known.last_sources.get(explainer):
        return known.last_sources[explainer]
    if not known.sources:
        raise ScaffoldError("no sources yet: add one to content/sources.yml first (every answer cites one)")
    return [known.sources[0][1]]


def new_explainer(content: Path, explainer_id: str, date: str | None = None) -> Path:
    """Create content/explainers/ID.yml with a valid skeleton; return its path."""
    check_slug(explainer_id)
    known = _known(content)
    path = content / "explainers" / f"{explainer_id}.yml"
    if explainer_id in known.ids["explainer"]:
        where = known.explainer_files.get(explainer_id)
        raise ScaffoldError(
            f"the explainer id {explainer_id!r} is already used"
            + (f" in {where}" if where else " (as a former id)")
        )
    if path.exists() or path.with_suffix(".yaml").exists():
        raise ScaffoldError(f"{path} already exists")
    day = _date(date)
    text = (
        SCHEMA_LINE.format(rel="../../")
        + "explainer:\n"
        + f"  id: {explainer_id}\n"
        + '  title: "TODO: the explainer\'s title"\n'
        + "  standfirst: >-\n"
        + "    TODO: one paragraph that sums up the explainer for a reader who reads nothing else.\n"
        + f'  published: "{day}"\n'
        + f'  updated: "{day}"\n'
        + "  tags: []\n"
        + f"  questions: []  # add one: make new-question EXPLAINER={explainer_id} ID=question-id\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def question_text(question_id: str, sources: list[str], day: str, indent: int) -> str:
    """Return the YAML text of a question skeleton, its dash at column ``indent``."""
    pad, inner = " " * indent, " " * (indent + 2)
    return (
        f"\n{pad}- id: {question_id}\n"
        f'{inner}question: "TODO: the question, as a reader would ask it?"\n'
        f"{inner}short: >-\n"
        f"{inner}  TODO: one or two sentences that answer the question on their own.\n"
        f"{inner}answer: |\n"
        f"{inner}  TODO: the full answer in Markdown, with cross-references to other entries\n"
        f"{inner}  (see the editor's guide in README.md).\n"
        f"{inner}sources: [{', '.join(sources)}]  # TODO: the sources this answer rests on\n"
        f'{inner}updated: "{day}"\n'
    )


def _questions_node(text: str, file: Path) -> yaml.Node:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise ScaffoldError(f"{file} is not valid YAML; fix it first ({exc})") from None
    for key, value in root.value:
        if key.value == "explainer":
            for k, v in value.value:
                if k.value == "questions":
                    return k, v
    raise ScaffoldError(f"{file}: the explainer has no 'questions' list")


def _empty_list(lines: list[str], key: yaml.Node, file: Path, skeleton_for: Callable[[int], str]) -> str:
    """Turn ``questions: []`` into a block list holding the skeleton."""
    row = key.start_mark.line
    match = re.match(r"^(\s*questions:)\s*(?:\[\s*\]|null|~)?\s*(#.*)?$", lines[row].rstrip("\n"))
    if not match:
        raise ScaffoldError(f"{file}:{row + 1}: cannot add a question to this 'questions' line")
    comment = f"  {match.group(2)}" if match.group(2) else ""
    lines[row] = f"{match.group(1)}{comment}\n"
    lines.insert(row + 1, skeleton_for(key.start_mark.column + 2).lstrip("\n"))
    return "".join(lines)


def insert_question(text: str, file: Path, skeleton_for: Callable[[int], str]) -> str:
    """Return ``text`` with a question skeleton after the explainer's last question."""
    key, node = _questions_node(text, file)
    lines = text.splitlines(keepends=True)
    if not isinstance(node, yaml.SequenceNode):
        raise ScaffoldError(f"{file}:{key.start_mark.line + 1}: 'questions' is not a list")
    if not node.value:
        return _empty_list(lines, key, file, skeleton_for)
    if node.flow_style:
        raise ScaffoldError(
            f"{file}:{key.start_mark.line + 1}: 'questions' is a [...] list; make it a block list"
        )
    first = node.value[0].start_mark
    dash = lines[first.line].rfind("-", 0, first.column)
    end = _last_leaf(node.value[-1]).end_mark
    last = min(end.line if end.column > 0 else end.line - 1, len(lines) - 1)
    while last > first.line and not lines[last].strip():
        last -= 1
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    lines.insert(last + 1, skeleton_for(max(dash, 0)))
    return "".join(lines)


def _last_leaf(node: yaml.Node) -> yaml.Node:
    """Return the node that ends ``node`` in the text (its last value, however deep)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node


def new_question(
    content: Path,
    explainer_id: str,
    question_id: str,
    sources: list[str] | None = None,
    date: str | None = None,
) -> Path:
    """Add a question skeleton to the explainer ``explainer_id``; return the file changed."""
    check_slug(question_id)
    known = _known(content)
    file = known.explainer_files.get(explainer_id)
    if file is None:
        names = ", ".join(sorted(known.explainer_files)) or "none yet"
        raise ScaffoldError(f"unknown explainer {explainer_id!r} (explainers: {names})")
    if question_id in known.ids["question"]:
        raise ScaffoldError(f"the question id {question_id!r} is already used (question ids are site-wide)")
    if question_id in RESERVED_ANCHORS:
        raise ScaffoldError(f"the id {question_id!r} is reserved for a section of the page")
    chosen = _pick_sources(known, sources, explainer_id)
    day = _date(date)
    text = file.read_text(encoding="utf-8")
    updated = insert_question(text, file, lambda indent: question_text(question_id, chosen, day, indent))
    file.write_text(updated, encoding="utf-8")
    return file
