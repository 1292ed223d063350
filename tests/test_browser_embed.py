"""Real Chromium: a snippet renders in a 600 px column; the "Embed in a newsletter" control works."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator

import pytest

from generator.bundle import from_json

pytestmark = pytest.mark.browser

PAGE = "explainers/why-the-push-matters-now/"
CONTROL = "//h2[@id='ministerial']/following-sibling::details[contains(@class, 'qa-embed')][1]"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - local test server
        return response.read().decode("utf-8")


def expected(site_url: str, form: str) -> str:
    """The question's snippet as Python joins it from the same bundle (generator/bundle.py)."""
    bundle = from_json(fetch(site_url + "embed/x/why-the-push-matters-now.json"))
    return getattr(bundle.question_snippet("ministerial"), form)


@pytest.mark.parametrize("width", [1280, 600, 360])
def test_snippet_renders_in_a_single_column_of_at_most_600px(page, site_url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + "404.html")
    page.set_content(expected(site_url, "html"))
    column = page.locator("table[width='600']")
    box = column.bounding_box()
    assert box is not None
    assert min(width, 600) - 16 <= box["width"] <= 600  # less the page's default 8 px margins
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"horizontal scroll at {width}px"
    assert page.get_by_role("link", name="Read the full explainer").is_visible()
    assert page.locator("h2").inner_text() == "What is the Critical Minerals Ministerial?"


@pytest.fixture
def clipboard_page(browser, site_url: str) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    yield page
    context.close()


def test_embed_control_copies_html_and_text(clipboard_page, site_url: str) -> None:
    page = clipboard_page
    page.goto(site_url + PAGE)
    control = page.locator(CONTROL)
    control.locator("summary").click()
    forms = (("Copy HTML", "html", "HTML copied"), ("Copy text", "text", "Text copied"),
             ("Copy Markdown", "markdown", "Markdown copied"))  # fmt: skip
    for label, form, done in forms:
        control.get_by_role("button", name=label).click()
        status = control.locator(".qa-embed-status")
        status.filter(has_text=done).wait_for(timeout=10000)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == expected(site_url, form), form
        assert "Read the full explainer" in copied
        status.evaluate("node => { node.textContent = '' }")


def test_embed_control_opens_the_preview(page, site_url: str) -> None:
    page.goto(site_url + PAGE)
    control = page.locator(CONTROL)
    control.locator("summary").click()
    with page.expect_popup() as popup_info:
        control.get_by_role("link", name="Open the preview").click()
    popup = popup_info.value
    popup.wait_for_url(lambda url: url.startswith("blob:"), timeout=10000)
    popup.wait_for_load_state()
    assert popup.locator("h2").inner_text() == "What is the Critical Minerals Ministerial?"
    assert popup.locator("table[width='600']").count() == 1


def test_embed_control_falls_back_to_a_selected_text_box(page, site_url: str) -> None:
    refuse = "{writeText: () => Promise.reject(new Error('denied'))}"
    page.add_init_script(f"Object.defineProperty(navigator, 'clipboard', {{value: {refuse}}})")
    page.goto(site_url + PAGE)
    control = page.locator(CONTROL)
    control.locator("summary").click()
    control.get_by_role("button", name="Copy text").click()
    box = control.get_by_role("textbox", name="Snippet to copy")
    box.wait_for(timeout=10000)
    assert box.input_value() == expected(site_url, "text")
    selected = page.evaluate("document.activeElement.selectionEnd - document.activeElement.selectionStart")
    assert selected == len(box.input_value())


def test_every_question_gets_one_control_after_its_sources(page, site_url: str) -> None:
    page.goto(site_url + PAGE)
    questions = page.locator("h2.qa-question").count()
    assert questions == 7 and page.locator("details.qa-embed").count() == questions
    placed = page.evaluate(
        """() => [...document.querySelectorAll('details.qa-embed')].map(
               box => box.previousElementSibling.classList.contains('qa-meta'))"""
    )
    assert all(placed)


def test_an_explainer_page_asks_for_nothing_that_is_missing(page, site_url: str) -> None:
    """No 404 on a page view: Material fetches a sitemap.xml next to each alternate link, so the
    embed bundle is named as data, not linked as an alternate (see overrides/main.html)."""
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 and site_url in r.url else None)
    page.goto(site_url + PAGE)
    page.wait_for_load_state("networkidle")
    assert page.locator("details.qa-embed").count() == 7
    assert missing == []
