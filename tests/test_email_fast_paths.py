"""The shortcuts of the email outputs give exactly what the plain code they skip would give."""

from __future__ import annotations

import random
import re
import sys
import textwrap
from pathlib import Path

from newsletter_kit import SITE, build_fixture

from generator import bundle, email_text
from generator import markdown_text as md
from generator.embed import EmailRenderer, Embeds, email_environment
from generator.siteinfo import SiteInfo

WHITESPACE = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def test_only_the_ascii_space_is_whitespace_that_isprintable_accepts() -> None:
    """``collapse_spaces`` relies on it: ``isprintable`` is false for every other whitespace."""
    assert [c for c in WHITESPACE if c.isprintable()] == [" "]
    assert all(re.fullmatch(r"\s", c) for c in WHITESPACE)  # what the regular expression collapses


def test_collapse_spaces_equals_the_regular_expression() -> None:
    pieces = ["word", " ", "  ", "é", "-", *WHITESPACE]
    rng = random.Random(7)
    samples = ["", " ", "a  b", " lead", "trail ", "tab\there", "no\u00a0break", "line\nbreak"]
    samples += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    for text in samples:
        assert email_text.collapse_spaces(text) == re.sub(r"\s+", " ", text), repr(text)


def full_pattern_urls(markdown: str) -> list[str]:
    """``link_urls`` without its shortcuts: the one pattern over the Markdown without code."""
    prose = md._CODE.sub("", markdown)
    return [(m.group(1) or m.group(2) or "").strip() for m in md._LINK_URL.finditer(prose)]


def test_link_urls_equals_the_full_pattern() -> None:
    pieces = ["](", "]:", "[a]", "[", "]", "(", ")", "<", ">", " ", "\n", "\t", "http://x", "javascript:y"]
    pieces += ["`", "~~~", "```", "1. ", "> ", "- ", "word", "\\", "(x)", "<u v>", "mailto:a@b"]
    rng = random.Random(11)
    samples = [
        "See [a](https://a.example/) and [b](<https://b.example/x y>).",
        "[ref]: https://ref.example/\n\nText [x][ref] and [y](https://y.example/(1)).",
        "Code `[no](javascript:x)` and\n```\n[no](javascript:y)\n```\n[yes](https://z.example/)",
        "](\n>[a]: https://quoted.example/",
    ]
    samples += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))) for _ in range(5000)]
    for markdown in samples:
        assert md.link_urls(markdown) == full_pattern_urls(markdown), repr(markdown)


def test_md_url_brackets_what_would_end_a_link_destination() -> None:
    for url in ["https://a.example/x", "https://a.example/(x)", "https://a.example/a b", "a<b", "a>b", ""]:
        expected = f"<{url}>" if any(c in url for c in "() <>") else url
        assert email_text.md_url(url) == expected


def test_email_renderer_page_urls_equal_the_site_info_ones(tmp_path: Path) -> None:
    result = build_fixture(tmp_path)
    pages = ["explainers/sample.md", "index.md", "sources.md", "folder/index.md", "glossary.md"]
    for info in (SITE, SiteInfo(url="https://x.example/sub/", name="X", directory_urls=False)):
        renderer = EmailRenderer(result.site, result.graph, info)
        for page in pages * 2:  # the second time from what the renderer remembered
            for anchor in ("", "first", "a-b"):
                assert renderer.page_url(page, anchor) == info.page_url(page, anchor)


def test_email_templates_render_without_jinja_globals() -> None:
    env = email_environment()
    assert dict(env.globals) == {}
    assert env.get_template("footer.html.j2").render(site={"url": "https://a.example/", "name": "A"})


def test_bundle_html_sizes_are_the_snippet_sizes(tmp_path: Path) -> None:
    result = build_fixture(tmp_path)
    for path in ("embed/x/sample.json", "embed/x/older.json"):
        built = bundle.from_json(result.rendered.pages[path])
        assert built.html_size(built.explainer_blocks()) == built.explainer_snippet().size()
        for qid in built.questions:
            assert built.html_size(built.question_blocks(qid)) == built.question_snippet(qid).size()


def test_a_clipped_snippet_is_reported_with_its_exact_size(tmp_path: Path) -> None:
    result = build_fixture(tmp_path)
    embeds = Embeds(result.site, result.graph, SITE)
    explainer = result.site.explainers[0]
    built = bundle.build(embeds, explainer)
    words = "é " * (bundle.GMAIL_CLIP_BYTES // 2)  # non-ASCII: bytes, not characters, are counted
    body = built.questions["first"]
    big = bundle.Block(body.html + words, body.text, body.markdown)
    clipped = bundle.Bundle(
        built.explainer_id, built.frame, built.rule, built.kicker, built.head, built.footer,
        {**built.questions, "first": big},
    )  # fmt: skip
    messages = [p.message for p in bundle.size_problems(result.site, clipped)]
    sizes = [clipped.explainer_snippet().size(), clipped.question_snippet("first").size()]
    assert len(messages) == 2
    for message, size in zip(messages, sizes, strict=True):
        assert f"is {size:,} bytes" in message, textwrap.shorten(message, 200)
