"""Golden tests: the fixture in tests/fixtures/golden/content renders to the expected Markdown.

The fixture holds one explainer of three questions, three entities, a source and events of mixed
precision (a year, months, a day, a day range and a ``qualifier: by``). Its explainer page,
glossary and timeline must equal tests/fixtures/golden/expected/ byte for byte.

After an intended change to the templates or rendering, regenerate the expected files with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and review the diff (``git diff tests/fixtures/golden/expected``) before committing it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.pipeline import check

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden"
PAGES = {
    "explainers/golden.md": "explainer-golden.md",
    "glossary.md": "glossary.md",
    "timeline.md": "timeline.md",
}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    result = check(GOLDEN / "content", strict=True)
    assert result.warnings == []
    return result.rendered.pages


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_matches_golden(pages: dict[str, str], page: str) -> None:
    expected = GOLDEN / "expected" / PAGES[page]
    actual = pages[page].encode("utf-8")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_bytes(actual)
    assert expected.is_file(), f"{expected} is missing: run with UPDATE_GOLDEN=1 to create it"
    assert actual.decode("utf-8") == expected.read_text(encoding="utf-8")
    assert actual == expected.read_bytes()


def test_golden_timeline_order(pages: dict[str, str]) -> None:
    timeline = pages["timeline.md"]
    ids = re.findall(r"^    \{: #([a-z0-9-]+) \.qa-event-date \}$", timeline, re.M)
    # year, then "by February", then February (written order on the tie), then days
    assert ids == ["earlier", "deal", "ministerial", "visit", "published"]
