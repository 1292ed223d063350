"""Updated dates and change notes come from the YAML and show on pages and on "What's new"."""

from __future__ import annotations

from pathlib import Path

from content_kit import BASE, EXPLAINER, write_content

from generator.pipeline import check

UPDATED = EXPLAINER.replace(
    '  updated: "2026-02-05"\n', '  updated: "2026-02-20"\n  change_note: Two answers revised.\n'
)
UPDATED = UPDATED.replace(
    "      short: A short answer.\n",
    "      short: A short answer.\n"
    '      updated: "2026-02-20"\n      change_note: Added the tariff figures.\n',
).replace(
    "      short: Another short answer.\n",
    '      short: Another short answer.\n      updated: "2026-02-10"\n',
)
SECOND = """\
explainer:
  id: second
  title: Second explainer
  standfirst: Later news.
  published: "2026-03-01"
  updated: "2026-03-01"
  questions:
    - id: s-one
      question: And then?
      short: Then this.
      answer: More.
      sources: [src-a]
"""


def pages(tmp_path: Path) -> dict[str, str]:
    files = {**BASE, "content/explainers/first.yml": UPDATED, "content/explainers/second.yml": SECOND}
    return check(write_content(tmp_path, files)).rendered.pages


def test_whats_new_lists_changes_newest_first(tmp_path: Path) -> None:
    text = pages(tmp_path)["whats-new.md"]
    lines = [line for line in text.splitlines() if line.startswith(("## ", "- "))]
    assert lines == [
        "## 1 March 2026 { #changes-2026-03-01 }",
        "- New explainer: [Second explainer](explainers/second.md)",
        "## 20 February 2026 { #changes-2026-02-20 }",
        "- Updated explainer: [First explainer](explainers/first.md) · Two answers revised.",
        '- Updated answer: [What is it?](explainers/first.md#q-one "A short answer.")'
        " · Added the tariff figures.",
        "## 10 February 2026 { #changes-2026-02-10 }",
        '- Updated answer: [Why now?](explainers/first.md#q-two "Another short answer.")',
        "## 5 February 2026 { #changes-2026-02-05 }",
        "- New explainer: [First explainer](explainers/first.md)",
    ]


def test_whats_new_is_deterministic_and_in_the_nav(tmp_path: Path) -> None:
    first = pages(tmp_path / "a")["whats-new.md"]
    assert pages(tmp_path / "b")["whats-new.md"] == first
    files = {**BASE, "content/explainers/first.yml": UPDATED}
    nav = check(write_content(tmp_path / "c", files)).rendered.nav
    assert {"What's new": "whats-new.md"} in nav


def test_pages_show_updated_dates_and_notes(tmp_path: Path) -> None:
    page = pages(tmp_path)["explainers/first.md"]
    assert 'Updated <time datetime="2026-02-20">20 February 2026</time> · Two answers revised.' in page
    assert (
        '<p class="qa-updated">Updated <time datetime="2026-02-20">20 February 2026</time> · '
        "Added the tariff figures.</p>"
    ) in page
    assert '<p class="qa-updated">Updated <time datetime="2026-02-10">10 February 2026</time></p>' in page
