"""``python -m generator newsletter``: one email-ready HTML file and its text part."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from newsletter_kit import SITE, build_fixture, inspect, markup_problems, write_content

from generator.embed import Embeds
from generator.newsletter import compose, resolve


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "newsletter", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def make_project(root: Path) -> Path:
    write_content(root)
    (root / "mkdocs.yml").write_text(f"site_name: {SITE.name}\nsite_url: {SITE.url}\n", encoding="utf-8")
    return root


def test_command_writes_html_and_text_with_intro_and_chosen_items(tmp_path):
    project = make_project(tmp_path)
    done = run(
        project, "q:second", "x:older", "--intro", "This week <b>two</b> answers.", "--out", "out/issue.html"
    )
    assert done.returncode == 0, done.stderr
    html = (project / "out" / "issue.html").read_text(encoding="utf-8")
    text = (project / "out" / "issue.txt").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    body = html[html.index("<body") :]
    assert markup_problems(body) == []
    assert "<style" not in html and "<script" not in html and "<link" not in html
    visible = " ".join("".join(inspect(body).text).split())
    assert visible.index("This week <b>two</b> answers.") < visible.index("Second </script>")
    assert visible.index("Second </script>") < visible.index("An older explainer")
    assert "The older question?" in visible and "Short answer with" not in visible
    assert text.startswith(f"{SITE.name}\n")
    assert "This week <b>two</b> answers." in text and "The older question?" in text
    assert f"Read the full explainer: {SITE.url}explainers/sample/#second" in text
    assert "out/issue.html" in done.stdout and "bytes" in done.stdout


def test_unknown_items_are_reported_with_suggestions(tmp_path):
    project = make_project(tmp_path)
    done = run(project, "q:secnd", "nothing-here", "z:first")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "unknown question 'secnd'; did you mean 'second'?" in done.stderr
    assert "unknown question or explainer 'nothing-here'" in done.stderr
    assert "'z:first': expected q:question-id" in done.stderr
    assert not (project / "newsletter").exists()


def test_refuses_to_write_into_docs(tmp_path):
    project = make_project(tmp_path)
    done = run(project, "first", "--out", "docs/issue.html")
    assert done.returncode == 2 and "docs" in done.stderr
    assert not (project / "docs" / "issue.html").exists()


def test_bare_ids_resolve_to_questions_then_explainers(tmp_path):
    result = build_fixture(tmp_path)
    embeds = Embeds(result.site, result.graph, SITE)
    assert resolve(embeds, ["first", "older", "x:sample"]) == (
        [("q", "first"), ("x", "older"), ("x", "sample")],
        [],
    )


def test_compose_is_deterministic_and_titled(tmp_path):
    result = build_fixture(tmp_path)
    embeds = Embeds(result.site, result.graph, SITE)
    one = compose(embeds, [("q", "first")], title="Weekly", intro="Hello")
    two = compose(Embeds(result.site, result.graph, SITE), [("q", "first")], title="Weekly", intro="Hello")
    assert one == two
    assert "<title>Weekly</title>" in one.html and one.text.startswith("Weekly\n")
    assert one.html.isascii() and one.size() < 102_000


def test_make_target_composes_an_issue(tmp_path):
    root = Path(__file__).resolve().parent.parent
    out = tmp_path / "issue.html"
    done = subprocess.run(
        [
            "make",
            "-s",
            "newsletter",
            "ITEMS=q:ministerial x:us-led-minerals-bloc",
            "INTRO=Hello",
            f"OUT={out}",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    html = out.read_text(encoding="utf-8")
    assert "What is the Critical Minerals Ministerial?" in html and "Hello" in html
    assert out.with_suffix(".txt").is_file()
