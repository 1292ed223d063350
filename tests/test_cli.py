"""The command line: every content error of a run reported together, exit 1, no traceback."""

from __future__ import annotations

from pathlib import Path

from content_kit import BASE, ENTITIES, EVENTS, EXPLAINER, SOURCES, run_cli, write_content

ROOT = Path(__file__).resolve().parents[1]


BROKEN = {
    "content/sources.yml": SOURCES.replace('"2026-02"', '"2026-02-30"'),
    "content/entities.yml": ENTITIES.replace("kind: country", "kind: country\n    kind: place"),
    "content/timeline.yml": EVENTS.replace("[[e:marco-rubio]]", "[[e:marco-rubo]]"),
    "content/explainers/first.yml": EXPLAINER.replace("      answer: See", "      anwser: See").replace(
        "id: q-one", "id: Q-One"
    ),
    "content/explainers/second.yml": "explainer:\n  id: [second\n",
}


def test_check_reports_all_errors_of_all_files_and_exits_1(tmp_path: Path) -> None:
    write_content(tmp_path, BROKEN)
    done = run_cli(tmp_path, "check")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "content/entities.yml:10:5: error: duplicate key 'kind' (first defined at line 9)",
        "content/explainers/first.yml:9:11: error: explainer.questions[0].id: expected an id of lower-case "
        "letters, digits and single hyphens (at most 64 characters, e.g. 'critical-minerals'), found 'Q-One'",
        "content/explainers/first.yml:15:7: error: explainer.questions[1].answer: required field is missing",
        "content/explainers/first.yml:18:7: error: explainer.questions[1].anwser: unknown field 'anwser' "
        "(did you mean 'answer'?); expected one of: id, question, short, answer, sources, tags, related, "
        "updated, change_note, former_ids",
        "content/explainers/second.yml:3:1: error: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
        "content/sources.yml:5:11: error: sources[0].date: '2026-02-30' is not a real date: "
        "February 2026 has 28 days",
        # entities.yml failed to load, so there is nothing close to suggest
        "content/timeline.yml:5:28: error: events[0].description: unknown entity 'marco-rubo'",
        # 'src-a' is declared in sources.yml, which failed validation: no cascade of "unknown source"
        # 'q-one' is not declared anywhere (first.yml spells it 'Q-One'), so it is still reported
        "content/timeline.yml:7:17: error: events[0].questions[0]: unknown question 'q-one'",
        "8 errors found.",
    ]


def test_build_with_errors_writes_nothing(tmp_path: Path) -> None:
    write_content(tmp_path, BROKEN)
    (tmp_path / "docs").mkdir()
    done = run_cli(tmp_path, "build")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert list((tmp_path / "docs").iterdir()) == []


def test_check_valid_content_prints_counts(tmp_path: Path) -> None:
    write_content(tmp_path, BASE)
    done = run_cli(tmp_path, "check")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines()[0] == (
        "1 explainers, 2 questions, 2 entities, 1 events, 1 sources: content is valid (0 warnings)"
    )


def test_warning_passes_but_fails_under_strict(tmp_path: Path) -> None:
    extra = ENTITIES + "  - id: lithium\n    name: Lithium\n    kind: mineral\n    description: A metal.\n"
    write_content(tmp_path, {**BASE, "content/entities.yml": extra})
    warning = (
        "content/entities.yml:11:9: {}: entities[2].id: entity is never mentioned "
        "(no [[e:...]] cross-reference and no event lists it)"
    )
    lenient = run_cli(tmp_path, "check")
    assert lenient.returncode == 0
    assert lenient.stderr.splitlines() == [warning.format("warning")]
    strict = run_cli(tmp_path, "check", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [warning.format("error"), "1 error found."]


def test_build_then_clean(tmp_path: Path) -> None:
    write_content(tmp_path, BASE)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("# About\n")
    built = run_cli(tmp_path, "build")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "docs" / "explainers" / "first.md").is_file()
    again = run_cli(tmp_path, "build")
    assert ": 0 written, " in again.stdout
    cleaned = run_cli(tmp_path, "clean")
    assert cleaned.returncode == 0
    assert sorted(p.name for p in (tmp_path / "docs").rglob("*")) == ["about.md"]


def test_collision_is_reported_without_traceback(tmp_path: Path) -> None:
    write_content(tmp_path, BASE)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "glossary.md").write_text("# My glossary\n")
    done = run_cli(tmp_path, "build")
    assert done.returncode == 1
    assert done.stderr == (
        "error: nothing was written:\n"
        "docs/glossary.md exists and was not written by the generator; rename or move it\n"
    )
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["glossary.md"]
    assert (tmp_path / "docs" / "glossary.md").read_text() == "# My glossary\n"


def test_missing_content_folder(tmp_path: Path) -> None:
    done = run_cli(tmp_path, "--content", "nowhere", "check")
    assert done.returncode == 2
    assert done.stderr == "error: content folder nowhere not found\n"
