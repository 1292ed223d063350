"""Real Chromium: type a question's words into search and land on its anchor."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_search_lands_on_question_anchor(page, site_url: str) -> None:
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type("role India playing ministerial", delay=20)
    # Material groups results by page; the first result that names a section is the answer.
    first = page.locator(".md-search-result__item a.md-search-result__link[href*='#']").first
    first.wait_for(timeout=15000)
    first.click()
    page.wait_for_url(
        re.compile(r"/explainers/why-the-push-matters-now/(\?[^#]*)?#india-role$"), timeout=15000
    )
    heading = page.locator("h2#india-role")
    assert heading.is_visible()
    assert "What role is India playing at the ministerial?" in heading.inner_text()
