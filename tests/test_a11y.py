"""Accessibility: axe-core (pinned in tests/browser/package-lock.json) on the content of key pages.

`make test` installs axe-core with `npm ci --prefix tests/browser`. Without it the tests skip
locally and fail under CI. Only serious and critical violations inside `.md-content` fail a test:
the theme's own chrome (header, navigation, search) is Material's, not ours.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent / "browser" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["explainers/why-the-push-matters-now/", "glossary/", "timeline/"]


@pytest.fixture(scope="module")
def axe_path() -> Path:
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {AXE} is missing: run `npm ci --prefix tests/browser` (make test does)")
        pytest.skip("axe-core not installed: npm ci --prefix tests/browser")
    return AXE


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
        lines.append(f"{v['impact']}: {v['id']} ({v['help']}) at {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_violations_in_content(page, site_url: str, axe_path: Path, path: str) -> None:
    page.goto(site_url + path)
    page.add_script_tag(path=str(axe_path))
    result = page.evaluate("""() => axe.run({include: [['.md-content']]}, {resultTypes: ['violations']})""")
    assert result["testEngine"]["version"] == "4.14.1"
    assert len(result["passes"]) >= 3  # the rules really ran on the content
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], describe(bad)
