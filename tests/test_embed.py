"""Email-ready snippets: one bundle per explainer; email-safe markup, absolute links, size limit, forms."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from content_kit import run_cli
from newsletter_kit import (
    IMG,
    SCRIPT,
    SITE,
    build_fixture,
    inspect,
    markup_problems,
    snippet,
    too_big_for_gmail,
    write_content,
)

from generator import bundle
from generator.email_html import sanitise
from generator.email_text import fill
from generator.embed import GMAIL_CLIP_BYTES, Embeds
from generator.errors import ContentError
from generator.links import link
from generator.load import load
from generator.model import build_site
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return build_fixture(tmp_path_factory.mktemp("embed")).rendered.pages


QUESTIONS, EXPLAINERS = ["first", "second", "old-one"], ["sample", "older"]


def every_snippet(pages: dict[str, str]) -> dict[str, object]:
    items = [("q", q) for q in QUESTIONS] + [("x", x) for x in EXPLAINERS]
    return {f"{kind}:{item_id}": snippet(pages, kind, item_id) for kind, item_id in items}


def test_one_bundle_per_explainer_holds_every_form_of_every_question(pages):
    assert sorted(p for p in pages if p.startswith("embed/")) == ["embed/x/older.json", "embed/x/sample.json"]
    sample = bundle.from_json(pages["embed/x/sample.json"])
    assert list(sample.questions) == ["first", "second"]
    for block in [sample.kicker, sample.head, sample.footer, *sample.questions.values()]:
        assert block.html and block.text.endswith("\n") and block.markdown.endswith("\n")


def test_a_bundle_reads_back_to_the_same_snippets(pages):
    for path in ("embed/x/sample.json", "embed/x/older.json"):
        again = bundle.from_json(pages[path])
        assert again.as_json() == pages[path]


def test_html_snippets_are_email_safe(pages):
    found = {key: s.html for key, s in every_snippet(pages).items()}
    assert len(found) == 5
    for path, html in found.items():
        assert markup_problems(html) == [], path
        assert html.isascii(), path
        assert len(html.encode()) < GMAIL_CLIP_BYTES, path
        tags = inspect(html).tags
        column = [t for t in tags if t.name == "table" and t.attrs.get("width") == "600"]
        assert column and "max-width: 600px" in column[0].attrs["style"], path
        assert all(t.attrs.get("style") for t in tags if t.name in ("p", "h2", "td")), path
        assert "class=" not in html and "<!--" not in html, path


def test_bundled_inlining_equals_inlining_each_snippet_alone(tmp_path):
    """Inlining a whole explainer once and cutting it apart gives what inlining one snippet gives."""
    result = build_fixture(tmp_path)
    embeds = Embeds(result.site, result.graph, SITE)
    built = bundle.build(embeds, result.site.explainers[0])
    alone = embeds.assemble([embeds.kicker_part("first"), embeds.question_part("first")])
    joined = built.question_snippet("first")
    assert (joined.text, joined.markdown) == (alone.text, alone.markdown)
    assert inspect(joined.html).tags == inspect(alone.html).tags
    assert "".join(inspect(joined.html).text).split() == "".join(inspect(alone.html).text).split()


def test_question_snippet_has_question_short_answer_sources_and_link_back(pages):
    html = snippet(pages, "q", "first").html
    text = " ".join("".join(inspect(html).text).split())
    assert f"What is {IMG} here?" in text
    assert f"Short answer with {SCRIPT} in it." in text
    assert "An answer about India and the second question." in text
    assert "An article </script><script>alert(1)</script>" in text  # a source title, as text
    assert "A report without a web address (Second Publisher, January 2026)" in text
    links = {t.attrs["href"]: t for t in inspect(html).tags if t.name == "a"}
    assert "https://example.org/article" in links
    assert f"{SITE.url}sources/#src-b" in links  # a source without a URL links to the sources page
    cta = [i for i, chunk in enumerate(inspect(html).text) if chunk == "Read the full explainer"]
    assert cta, "no 'Read the full explainer' link"
    assert f"{SITE.url}explainers/sample/#first" in links


def test_cross_links_point_at_the_live_site(pages):
    hrefs = {t.attrs["href"] for t in inspect(snippet(pages, "q", "first").html).tags if t.name == "a"}
    assert f"{SITE.url}glossary/#india" in hrefs
    assert f"{SITE.url}explainers/sample/#second" in hrefs
    older = {t.attrs["href"] for t in inspect(snippet(pages, "q", "old-one").html).tags if t.name == "a"}
    assert f"{SITE.url}explainers/sample/" in older


def test_images_are_absolute_with_alt_and_width(pages):
    images = [t for t in inspect(snippet(pages, "q", "first").html).tags if t.name == "img"]
    assert [(i.attrs["src"], i.attrs["alt"], i.attrs["width"]) for i in images] == [
        ("https://example.org/chart.png", "A chart of exports", "560")
    ]


def test_injected_markup_is_only_ever_text(pages):
    found = every_snippet(pages)
    for path, html in ((k, s.html) for k, s in found.items()):
        assert markup_problems(html) == [], path
        assert "<script" not in html.lower() and "<img src=x" not in html.lower(), path
    for path, markdown in ((k, s.markdown) for k, s in found.items()):
        assert "<script" not in markdown and "<img" not in markdown, path
        assert "&lt;script&gt;" in markdown or "script" not in markdown, path
        assert "](javascript:" not in markdown, path


def test_explainer_snippet_holds_every_question(pages):
    text = snippet(pages, "x", "sample").text
    assert "What is <img src=x onerror=alert(1)> here?" in text
    assert "Second </script><script>alert(2)</script> question?" in text
    assert text.count("Read the full explainer") == 2


def test_text_and_markdown_carry_the_same_content_with_absolute_links(pages):
    second = snippet(pages, "q", "second")
    text, markdown = second.text, second.markdown
    for form in (text, markdown):
        assert "Second short answer." in form
        assert "https://example.org/page" in form
        assert f"{SITE.url}explainers/sample/#first" in form
    assert "- one point\n- another point" in text
    assert "- one point\n- another point" in markdown
    assert f"[Read the full explainer]({SITE.url}explainers/sample/#second)" in markdown
    assert f"Read the full explainer: {SITE.url}explainers/sample/#second" in text
    assert all(len(line) <= 76 or "://" in line for line in text.splitlines())


def test_sanitiser_removes_scripts_handlers_and_javascript_urls():
    dirty = (
        f'{SCRIPT}<p onclick="x()">hi <a href="javascript:alert(1)">a</a>'
        f'<a href="JaVaScRiPt:alert(1)">b</a> {IMG}<a href="data:text/html,x">c</a>'
        '<a href="../glossary.md#india">d</a></p><style>p{}</style><iframe src="https://x.org"></iframe>'
    )
    clean = sanitise(dirty, lambda url: SITE.absolute("explainers/sample.md", url))
    lowered = clean.lower()
    assert "script" not in lowered and "onclick" not in lowered and "onerror" not in lowered
    assert "javascript" not in lowered and "data:" not in lowered
    assert "<style" not in lowered and "<iframe" not in lowered
    assert 'href="https://news.example.org/glossary/#india"' in clean
    assert 'src="https://news.example.org/explainers/x"' in clean  # relative to explainers/sample.md


def test_javascript_links_are_refused_by_the_build_and_stripped_from_snippets(tmp_path):
    evil = textwrap.dedent(
        """\
        explainer:
          id: evil
          title: Evil
          standfirst: Standfirst.
          published: "2026-02-01"
          updated: "2026-02-01"
          questions:
            - id: evil-q
              question: Evil?
              short: Short.
              answer: "[click](javascript:alert(1)) and ![x](javascript:alert(2))"
              sources: [src-a]
        """
    )
    content = write_content(tmp_path, {"evil.yml": evil})
    with pytest.raises(ContentError) as caught:
        check(content, site_info=SITE)
    assert "javascript:alert(1)" in caught.value.report()
    # Even if content got past validation, the sanitiser strips the URL from every form.
    docs, _ = load(content)
    site, _ = build_site(docs)
    graph, _ = link(site)
    got = bundle.build(Embeds(site, graph, SITE), site.explainers[0]).question_snippet("evil-q")
    for form in (got.html, got.text, got.markdown):
        assert "javascript" not in form.lower()
    assert markup_problems(got.html) == []


def test_a_snippet_over_the_gmail_limit_fails_the_build_naming_file_and_size(tmp_path):
    big = too_big_for_gmail()
    content = write_content(tmp_path, {"big.yml": big})
    with pytest.raises(ContentError) as caught:
        check(content, site_info=SITE)
    report = caught.value.report()
    assert "embed/x/big.json (question big-q)" in report and "bytes" in report and "102 KB" in report
    assert "big.yml:" in report and "questions[0].answer" in report
    (tmp_path / "mkdocs.yml").write_text(f"site_name: T\nsite_url: {SITE.url}\n", encoding="utf-8")
    done = run_cli(tmp_path, "build")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "embed/x/big.json (question big-q)" in done.stderr


def test_unset_site_url_is_a_clear_error(tmp_path):
    write_content(tmp_path)
    (tmp_path / "mkdocs.yml").write_text("site_name: T\n", encoding="utf-8")
    done = run_cli(tmp_path, "build")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "mkdocs.yml" in done.stderr and "site_url is not set" in done.stderr
    assert not (tmp_path / "docs").exists()


def test_snippets_are_deterministic(tmp_path):
    first = build_fixture(tmp_path / "a").rendered.pages
    second = build_fixture(tmp_path / "b").rendered.pages
    assert first == second


def test_bundled_snippets_are_safe_and_small(built_site):
    found = sorted((built_site / "embed" / "x").glob("*.json"))
    assert len(found) == 2  # one bundle per explainer
    pages = {f"embed/x/{p.name}": p.read_text(encoding="utf-8") for p in found}
    questions = [q for p in pages.values() for q in bundle.from_json(p).questions]
    assert len(questions) == 13
    for key in [
        *(("q", q) for q in questions),
        ("x", "why-the-push-matters-now"),
        ("x", "us-led-minerals-bloc"),
    ]:
        html = snippet(pages, *key).html
        assert markup_problems(html) == [], key
        assert len(html.encode()) < GMAIL_CLIP_BYTES, key
        assert "https://explainers.example.org/" in html


def test_fill_wraps_like_textwrap():
    words = ["a", "word", "https://example.org/" + "x" * 70, "minerals", "é—x", "to"]
    for n in range(60):
        text = " ".join(words[(i * 7 + n) % len(words)] for i in range(n))
        for first, rest in (("", ""), ("- ", "  "), ("12. ", "    "), ("- ", "")):
            expected = textwrap.fill(
                text, 76, initial_indent=first, subsequent_indent=rest, break_long_words=False,
                break_on_hyphens=False,
            )  # fmt: skip
            assert fill(text, first, rest) == expected, (text, first, rest)
