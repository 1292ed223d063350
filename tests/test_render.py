"""Stage 4, render: the Markdown each page gets, from small inline content."""

from __future__ import annotations

import posixpath
import re

import pytest
from content_kit import BASE, ENTITIES, EVENTS, EXPLAINER, run_stages

from generator import markdown_text as md
from generator.dates import PartialDate
from generator.render import Rendered, Renderer, render, slug_tag, time_html

EVENTS_MORE = EVENTS + (
    "  - id: visit\n"
    '    date: "2026-02-02"\n'
    '    end: "2026-02-04"\n'
    "    title: A visit\n"
    "    description: India visits.\n"
    "    entities: [india]\n"
    "    sources: [src-a]\n"
    "    questions: [q-two]\n"
    "  - id: deal\n"
    '    date: "2026-01"\n'
    "    qualifier: by\n"
    "    title: A deal\n"
    "    description: Agreed.\n"
    "    sources: [src-a]\n"
    "  - id: unrelated\n"
    '    date: "2025"\n'
    "    title: Elsewhere\n"
    "    description: Not linked to a question.\n"
    "    sources: [src-a]\n"
)


def rendered(files: dict[str, str] | None = None) -> Rendered:
    site, graph, problems = run_stages(files or {**BASE, "content/timeline.yml": EVENTS_MORE})
    assert [p for p in problems if p.severity == "error"] == []
    return render(site, graph)


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return rendered().pages


def test_every_generated_page_and_the_nav(pages: dict[str, str]) -> None:
    expected = ["index.md", "explainers/first.md", "timeline.md", "glossary.md", "sources.md", "tags.md"]
    assert set(expected) <= set(pages)
    nav = rendered().nav
    assert {"Explainers": [{"First explainer": "explainers/first.md"}]} in nav
    flat = [v for item in nav for v in item.values() if isinstance(v, str)]
    assert [p for p in flat if p in expected] == [p for p in expected if p != "explainers/first.md"]


def test_time_html() -> None:
    day, end = PartialDate.parse("2026-02-02"), PartialDate.parse("2026-02-04")
    assert time_html(day) == '<time datetime="2026-02-02">2 February 2026</time>'
    # HTML's datetime holds one date, so a range is two <time> elements
    assert time_html(day, end) == (
        '<time datetime="2026-02-02">2</time>–<time datetime="2026-02-04">4 February 2026</time>'
    )
    assert time_html(PartialDate.parse("2026-01-30"), day) == (
        '<time datetime="2026-01-30">30 January</time> – <time datetime="2026-02-02">2 February 2026</time>'
    )
    assert time_html(PartialDate.parse("2026-01"), qualifier="by") == (
        '<time datetime="2026-01">By January 2026</time>'
    )


def test_slug_tag() -> None:
    assert slug_tag("India-US relations") == "tag-india-us-relations"
    assert slug_tag("!!!") == "tag-x"


def test_question_heading_anchor_and_short_answer(pages: dict[str, str]) -> None:
    page = pages["explainers/first.md"]
    assert "## What is it? { #q-one .qa-question }" in page
    assert '!!! abstract "The short version"\n\n    A short answer.\n' in page
    assert page.startswith('---\ntitle: "First explainer"\ndescription: "What this is about."\n---\n')


def test_entity_link_carries_the_description_as_tooltip(pages: dict[str, str]) -> None:
    page = pages["explainers/first.md"]
    assert '[India](../glossary.md#india "A country in South Asia.")' in page
    timeline = pages["timeline.md"]  # a page listing the whole site: no tooltips there
    assert "[Marco Rubio](glossary.md#marco-rubio)" in timeline
    assert ' "' not in timeline.split("# Timeline")[1]


def test_question_shows_sources_related_timeline_and_tags() -> None:
    explainer = EXPLAINER.replace(
        "      sources: [src-a]\n    - id: q-two",
        "      sources: [src-a]\n      tags: [Diplomacy]\n    - id: q-two",
    )
    pages = rendered(
        {**BASE, "content/timeline.yml": EVENTS_MORE, "content/explainers/first.yml": explainer}
    ).pages
    page = pages["explainers/first.md"]
    q_one = page.split("{ #q-one .qa-question }")[1].split("{ #q-two .qa-question }")[0]
    assert '**Sources:** [An article](../sources.md#src-a "Open Magazine")' in q_one
    assert '**Related questions:** [Why now?](#q-two "Another short answer.")' in q_one
    assert '**On the timeline:** [A ministerial](../timeline.md#ministerial "February 2026")' in q_one
    assert "**Tags:** [Diplomacy](../tags.md#tag-diplomacy)" in q_one
    q_two = page.split("{ #q-two .qa-question }")[1].split("## Timeline")[0]
    assert '**On the timeline:** [A visit](../timeline.md#visit "2–4 February 2026")' in q_two
    assert "Related questions" not in q_two
    assert "Tags: [minerals](../tags.md#tag-minerals)" in page


def test_explainer_ends_with_its_own_filtered_timeline(pages: dict[str, str]) -> None:
    page = pages["explainers/first.md"]
    head, timeline = page.split("## Timeline { #timeline }")
    assert "{ #q-two .qa-question }" in head
    assert timeline.index("A visit") > timeline.index("A ministerial")
    assert "A deal" not in timeline and "Elsewhere" not in timeline
    assert (
        '<time datetime="2026-02-02">2</time>–<time datetime="2026-02-04">4 February 2026</time>' in timeline
    )
    # events are linked to the main timeline, and carry no id of their own here
    assert "[A visit](../timeline.md#visit" in timeline
    assert 'id="visit"' not in timeline


def test_explainer_timeline_is_compact_and_the_timeline_page_is_full(pages: dict[str, str]) -> None:
    """An explainer's own timeline: date, title and description; links and source stay on the
    timeline page, one click away through the title."""
    timeline = pages["explainers/first.md"].split("## Timeline { #timeline }")[1]
    assert "[A visit](../timeline.md#visit)\n    {: .qa-event-title }" in timeline  # no date tooltip
    assert "{: .qa-event-description }" in timeline
    for line in ("Questions:", "Who and what:", "Source:", ".qa-event-links", ".qa-event-sources"):
        assert line not in timeline
    full = pages["timeline.md"].split("{: #visit .qa-event-date }")[1].split("{: .qa-event-sources }")[0]
    assert "    A visit\n    {: .qa-event-title }" in full
    assert "Questions: [" in full and "{: .qa-event-links }" in full
    assert "Source: [" in full


def test_timeline_page_groups_by_year_and_month_in_order(pages: dict[str, str]) -> None:
    page = pages["timeline.md"]
    headings = re.findall(r"^#{2,3} .*$", page, re.M)
    assert headings == [
        "## 2025 { #year-2025 }",
        "## 2026 { #year-2026 }",
        "### January 2026 { #month-2026-01 }",
        "### February 2026 { #month-2026-02 }",
    ]
    ids = re.findall(r"^    \{: #([a-z0-9-]+) \.qa-event-date \}$", page, re.M)
    assert ids == ["unrelated", "deal", "ministerial", "visit"]
    assert '<time datetime="2026-01">By January 2026</time>' in page
    assert "markdown=" not in page  # plain Markdown: MkDocs needs no md_in_html for it


def test_glossary_groups_by_kind_with_aliases_and_mentions(pages: dict[str, str]) -> None:
    page = pages["glossary.md"]
    assert page.index("## People { #kind-person }") < page.index("## Countries { #kind-country }")
    assert (
        "### Marco Rubio { #marco-rubio .qa-entity }\n\nUS Secretary of State.\n\n*Also known as:* Rubio\n"
        in page
    )
    assert "*Mentioned in:* [What is it?](explainers/first.md#q-one)" in page
    assert "*On the timeline:* [A visit](timeline.md#visit)" in page


def test_sources_page_lists_citations(pages: dict[str, str]) -> None:
    page = pages["sources.md"]
    assert "## An article { #src-a .qa-source }" in page
    assert 'Open Magazine, <time datetime="2026-02">February 2026</time>' in page
    assert "*Cited by:* [What is it?](explainers/first.md#q-one) · [Why now?]" in page


def test_cross_references_become_plain_text_where_links_cannot_go() -> None:
    explainer = EXPLAINER.replace(
        "standfirst: What this is about.",
        "standfirst: What [[e:india|the country]] and [[e:marco-rubio]] did.",
    )
    site, graph, problems = run_stages({**BASE, "content/explainers/first.yml": explainer})
    assert problems == []
    assert graph.targets[("explainer", "first")].tooltip == "What the country and Marco Rubio did."
    page = render(site, graph).pages["explainers/first.md"]
    assert 'description: "What the country and Marco Rubio did."\n' in page


def test_tags_page_lists_explainers_and_questions(pages: dict[str, str]) -> None:
    page = pages["tags.md"]
    assert "## minerals { #tag-minerals }" in page
    assert "- [First explainer](explainers/first.md)" in page


def test_plain_text_is_escaped_and_raw_html_defused() -> None:
    explainer = EXPLAINER.replace("question: What is it?", 'question: "What is *it* <b>?"').replace(
        "It involves [[e:india]].", "It involves [[e:india]] <script>alert(1)</script> and `[[e:nope]]`."
    )
    site, graph, problems = run_stages({**BASE, "content/explainers/first.yml": explainer})
    assert problems == []
    page = render(site, graph).pages["explainers/first.md"]
    assert r"## What is \*it\* &lt;b&gt;? { #q-one .qa-question }" in page
    assert "&lt;script>alert(1)&lt;/script>" in page
    assert "`[[e:nope]]`" in page


def test_rendering_is_deterministic() -> None:
    assert rendered().pages == rendered().pages


def test_entities_file_order_does_not_change_the_glossary() -> None:
    rubio, india = ENTITIES.removeprefix("entities:\n").split("  - id: india\n")
    reordered = "entities:\n  - id: india\n" + india + rubio
    a = rendered()
    b = rendered({**BASE, "content/timeline.yml": EVENTS_MORE, "content/entities.yml": reordered})
    assert a.pages["glossary.md"] == b.pages["glossary.md"]


def test_links_are_reused_per_folder_but_never_across_the_target_page() -> None:
    site, graph, _ = run_stages({**BASE, "content/timeline.yml": EVENTS_MORE})
    r = Renderer(site, graph)
    title = ' "A short answer.")'
    assert r.link("explainers/first.md", "question", "q-one") == "[What is it?](#q-one" + title
    assert r.link("explainers/other.md", "question", "q-one") == "[What is it?](first.md#q-one" + title
    assert r.link("explainers/first.md", "question", "q-one", "it") == "[it](#q-one" + title
    assert r.link("whats-new.md", "question", "q-one") == "[What is it?](explainers/first.md#q-one" + title
    assert r.link("index.md", "question", "q-one") == "[What is it?](explainers/first.md#q-one)"  # a list
    assert r.link("whats-new.md", "question", "q-one") == "[What is it?](explainers/first.md#q-one" + title
    assert r.link("a/b/c.md", "question", "q-one") == "[What is it?](../../explainers/first.md#q-one" + title
    assert r.tag_link("explainers/first.md", "A tag") == "[A tag](../tags.md#tag-a-tag)"
    assert r.tag_link("tags.md", "A tag") == "[A tag](#tag-a-tag)"


def test_relative_urls_match_posixpath() -> None:
    pages = ["index.md", "tags.md", "explainers/a.md", "explainers/b.md", "a/b/c.md", "a/d.md"]
    pages.append("embed/q/x.html")
    for from_page in pages:
        for to_page in pages:
            if from_page != to_page:
                expected = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
                assert md.relative(from_page, to_page, "x") == expected + "#x"
    assert md.relative("explainers/a.md", "explainers/a.md") == "a.md"
    assert md.relative("explainers/./a.md", "tags.md") == "../tags.md"  # not a plain path: normalised


def test_text_escapes_markdown_specials_once() -> None:
    assert md.text("1. a_b [c] \\ `d` #e! +f -g {h}") == (
        "1\\. a\\_b \\[c\\] \\\\ \\`d\\` \\#e\\! \\+f \\-g \\{h\\}"
    )
    assert md.text("<b> & 2.5") == "&lt;b&gt; &amp; 2.5"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a", "\\- a"), ("+ a", "\\+ a"), ("* a", "\\* a"), ("# a", "\\# a"), ("#a", "\\#a"),
        ("> a", "\\> a"), ("12. a", "12\\. a"), ("3) a", "3\\) a"), ("1990 was", "1990 was"),
        ("**bold** start", "**bold** start"), ("plain\n  text", "plain text"),
    ],
)  # fmt: skip
def test_event_descriptions_cannot_start_a_block(text: str, expected: str) -> None:
    assert md.paragraph(text) == expected


def test_home_shows_the_latest_explainers_whole_and_older_ones_by_title(monkeypatch) -> None:
    home = rendered().pages["index.md"]
    assert "](explainers/first.md#q-one)" in home and "Earlier explainers" not in home
    monkeypatch.setattr("generator.render.HOME_LATEST", 0)  # a big site: "first" is an older one
    home = rendered().pages["index.md"]
    assert "## Earlier explainers { #earlier }" in home
    assert re.search(r"^- \[First explainer\]\(explainers/first\.md\), <time datetime=", home, re.M)
    assert "#q-one" not in home  # its questions are on its page, in the navigation and in search
