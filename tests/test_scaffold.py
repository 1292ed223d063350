"""`python -m generator new ...`: valid skeletons, editors' files kept byte for byte, unsafe ids refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from content_kit import BASE, EXPLAINER, write_content

from generator.errors import ContentError
from generator.pipeline import check
from generator.scaffold import ScaffoldError, new_explainer, new_question

# An explainer file whose questions are NOT last, with comments an editor cares about.
COMMENTED = """\
# yaml-language-server: $schema=../../schema/content.schema.json
# Editor's note: keep questions in reading order.
explainer:
  id: second
  title: Second explainer   # working title
  standfirst: >-
    Folded text
    over two lines.
  published: "2026-02-05"
  updated: "2026-02-05"
  questions:
    - id: s-one
      question: What?
      short: Short.
      answer: |
        Markdown with a line that starts with a hash:
        # not a comment
      sources: [src-a]
    # a trailing comment about s-one

  # --- the rest of the explainer ---
  tags: [minerals]
"""


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=root, capture_output=True, text=True, check=False
    )


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_content(tmp_path, {**BASE, "content/explainers/second.yml": COMMENTED})


def placeholders(content: Path, strict: bool = False) -> list[str]:
    return [w.format() for w in check(content, strict=strict).warnings if "TODO" in w.message]


def test_new_explainer_is_valid_but_flagged_until_written(content: Path) -> None:
    path = new_explainer(content, "third", "2026-03-01")
    assert path == content / "explainers" / "third.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/content.schema.json\n")
    assert 'published: "2026-03-01"' in text
    result = check(content)
    assert [e.id for e in result.site.explainers if e.id == "third"] == ["third"]
    assert len(placeholders(content)) == 2
    assert any("explainer has no questions yet" in w.message for w in result.warnings)
    with pytest.raises(ContentError, match="placeholder 'TODO' left in"):
        check(content, strict=True)


def test_new_question_appends_and_keeps_every_byte_of_the_file(content: Path) -> None:
    path = content / "explainers" / "second.yml"
    before = path.read_text(encoding="utf-8")
    assert new_question(content, "second", "s-two", date="2026-03-02") == path
    after = path.read_text(encoding="utf-8")
    cut = before.index("    # a trailing comment")
    assert after.startswith(before[:cut])
    assert after.endswith(before[cut:])
    inserted = after[cut : len(after) - len(before) + cut]
    assert inserted.startswith("\n    - id: s-two\n      question: ")
    result = check(content)
    explainer = next(e for e in result.site.explainers if e.id == "second")
    assert [q.id for q in explainer.questions] == ["s-one", "s-two"]
    assert explainer.tags == ["minerals"]
    assert explainer.questions[1].sources == ["src-a"]  # same sources as the question before
    assert str(explainer.questions[1].updated) == "2026-03-02"
    assert len(placeholders(content)) == 4


def test_new_question_goes_into_a_new_explainer(content: Path) -> None:
    new_explainer(content, "third", "2026-03-01")
    new_question(content, "third", "t-one", sources=["src-a"], date="2026-03-01")
    new_question(content, "third", "t-two", date="2026-03-01")
    explainer = next(e for e in check(content).site.explainers if e.id == "third")
    assert [q.id for q in explainer.questions] == ["t-one", "t-two"]
    text = (content / "explainers" / "third.yml").read_text(encoding="utf-8")
    assert (
        "  questions:  # add one: make new-question EXPLAINER=third ID=question-id\n    - id: t-one\n" in text
    )


@pytest.mark.parametrize(
    ("kind", "args", "reason"),
    [
        ("explainer", ("first",), "already used"),
        ("explainer", ("Bad_Id",), "not a safe id"),
        ("explainer", ("../escape",), "not a safe id"),
        ("question", ("first", "q-one"), "already used"),
        ("question", ("first", "s-one"), "already used"),
        ("question", ("first", "timeline"), "reserved"),
        ("question", ("first", "two--hyphens"), "not a safe id"),
        ("question", ("nowhere", "q-new"), "unknown explainer 'nowhere'"),
        ("question", ("first", "q-new", "--source", "no-such-source"), "unknown source"),
    ],
)
def test_refusals_write_nothing(content: Path, kind: str, args: tuple[str, ...], reason: str) -> None:
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    done = run(content.parent, "new", kind, *args)
    assert done.returncode == 1
    assert reason in done.stderr and "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert {p: p.read_bytes() for p in content.rglob("*") if p.is_file()} == before


def test_former_ids_are_taken_too(tmp_path: Path) -> None:
    renamed = EXPLAINER.replace("  id: first\n", "  id: first\n  former_ids: [old-first]\n").replace(
        "    - id: q-one\n", "    - id: q-one\n      former_ids: [old-q]\n"
    )
    content = write_content(tmp_path, {**BASE, "content/explainers/first.yml": renamed})
    with pytest.raises(ScaffoldError, match="already used"):
        new_explainer(content, "old-first")
    with pytest.raises(ScaffoldError, match="already used"):
        new_question(content, "first", "old-q")


def test_cli_prints_where_and_what_next(content: Path) -> None:
    done = run(content.parent, "new", "explainer", "third", "--date", "2026-03-01")
    assert done.returncode == 0, done.stderr
    assert "content/explainers/third.yml: added explainer 'third'" in done.stdout
    done = run(content.parent, "new", "question", "third", "t-one", "--date", "2026-03-01")
    assert done.returncode == 0, done.stderr
    checked = run(content.parent, "check")
    assert checked.returncode == 0, checked.stderr
    assert "TODO placeholders:       6" in checked.stdout
    assert run(content.parent, "check", "--strict").returncode == 1


def test_new_question_after_a_block_scalar_at_the_end_of_the_file(tmp_path: Path) -> None:
    ending = EXPLAINER + "      related: [q-one]\n"  # last question ends with a flow list
    block = EXPLAINER.replace("      answer: See [[q:q-one]].\n      sources: [src-a]\n", "")
    block += "      sources: [src-a]\n      answer: |\n        See [[q:q-one]].\n"
    block += "        # a Markdown heading\n\n\n"
    for text in (ending, block):
        content = write_content(tmp_path / str(len(text)), {**BASE, "content/explainers/first.yml": text})
        new_question(content, "first", "q-three", date="2026-03-03")
        after = (content / "explainers" / "first.yml").read_text(encoding="utf-8")
        assert after.startswith(text.rstrip("\n") + "\n\n    - id: q-three\n")
        explainer = check(content).site.explainers[0]
        assert [q.id for q in explainer.questions] == ["q-one", "q-two", "q-three"]
