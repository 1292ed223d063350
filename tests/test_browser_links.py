"""Real Chromium: cross-links land on their anchors, tooltips, alias search, the timeline on a phone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, local_only

from generator.pipeline import check

pytestmark = pytest.mark.browser
EXPLAINER = "explainers/why-the-push-matters-now/"
SCREENSHOT = Path("/tmp/qa-timeline-390.png")


@pytest.fixture(scope="module")
def bundled():
    return check(ROOT / "content")


def in_viewport(page, selector: str) -> bool:
    return page.evaluate(
        """sel => { const r = document.querySelector(sel).getBoundingClientRect();
                    return r.top >= 0 && r.top < window.innerHeight; }""",
        selector,
    )


def test_answer_link_lands_on_the_glossary_entry(page, site_url: str) -> None:
    page.goto(site_url + EXPLAINER)
    link = page.locator("#ministerial ~ p a[href$='glossary/#s-jaishankar']").first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(re.compile(r"/glossary/#s-jaishankar$"))
    heading = page.locator("h3#s-jaishankar")
    assert heading.inner_text().strip().removesuffix("¶") == "S Jaishankar"
    page.wait_for_function("() => document.querySelector('#s-jaishankar').getBoundingClientRect().top < 200")
    assert in_viewport(page, "#s-jaishankar")
    entry = page.evaluate(
        """() => { const h = document.querySelector('#s-jaishankar');
                   let t = '', n = h.nextElementSibling;
                   while (n && n.tagName !== 'H3' && n.tagName !== 'H2') {
                     t += n.innerText + '\\n'; n = n.nextElementSibling; }
                   return t; }"""
    )
    assert "Also known as: Jaishankar, S. Jaishankar, EAM, External Affairs Minister" in entry


def test_answer_link_lands_on_another_explainers_question(page, site_url: str) -> None:
    page.goto(site_url + EXPLAINER)
    link = page.locator("article a[href$='us-led-minerals-bloc/#what-is-the-bloc']").first
    link.scroll_into_view_if_needed()
    link.click()
    page.wait_for_url(re.compile(r"/explainers/us-led-minerals-bloc/#what-is-the-bloc$"))
    page.wait_for_function(
        "() => document.querySelector('#what-is-the-bloc').getBoundingClientRect().top < 200"
    )
    assert in_viewport(page, "#what-is-the-bloc")
    assert page.locator("h2#what-is-the-bloc").inner_text().startswith("What is the proposed U.S.-led")


def test_entity_mention_shows_its_description_on_hover(page, site_url: str, bundled) -> None:
    page.goto(site_url + EXPLAINER)
    link = page.locator("article a[href$='glossary/#marco-rubio']").first
    description = bundled.site.entities["marco-rubio"].description
    assert link.get_attribute("title") == description
    link.scroll_into_view_if_needed()
    link.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active").first
    tooltip.wait_for(state="visible", timeout=5000)
    assert tooltip.inner_text().strip() == description


def test_searching_an_alias_lands_on_the_glossary_entry(page, site_url: str) -> None:
    page.goto(site_url)
    page.locator("input.md-search__input").click()
    page.keyboard.type("EAM", delay=30)
    result = page.locator(".md-search-result__item a.md-search-result__link[href*='#s-jaishankar']").first
    result.wait_for(timeout=15000)
    result.click()
    page.wait_for_url(re.compile(r"/glossary/(\?[^#]*)?#s-jaishankar$"))
    assert page.locator("h3#s-jaishankar").is_visible()


def test_timeline_on_a_phone(browser, site_url: str, bundled) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    local_only(context)
    page = context.new_page()
    try:
        page.goto(site_url + "timeline/")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
        items = page.evaluate(
            """() => Array.from(document.querySelectorAll('li:has(> p.qa-event-date)')).map(li => ({
                   id: li.querySelector('p.qa-event-date').id,
                   times: Array.from(li.querySelectorAll('time[datetime]'))
                               .map(t => t.getAttribute('datetime')),
                   right: li.getBoundingClientRect().right }))"""
        )
        assert [i["id"] for i in items] == bundled.graph.timeline
        for item in items:
            assert item["times"], item["id"]
            assert item["right"] <= 390, item["id"]
        starts = [item["times"][0] for item in items]
        events = bundled.site.events
        assert starts == [events[i].date.iso() for i in bundled.graph.timeline]
        firsts = [events[i].date.first_day() for i in bundled.graph.timeline]
        assert firsts == sorted(firsts)
        page.screenshot(path=str(SCREENSHOT), full_page=True)
        assert SCREENSHOT.stat().st_size > 10_000
    finally:
        context.close()
