"""Head of explainer pages: Open Graph, Twitter card, canonical URL, oEmbed links, JSON-LD."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from newsletter_kit import SITE, inspect, write_content

from generator import headmeta
from generator.headmeta import script_json
from generator.mkdocs_hooks import collapse_whitespace
from generator.pipeline import check

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_script_json_cannot_end_the_script_and_round_trips():
    data = {"name": "</script><script>alert(1)</script> <!-- & -->", "n": ["a>b"]}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
    assert "\n" not in text and ", " not in text  # compact: it is sent with every explainer page


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the injection fixture with MkDocs, site_url set to SITE.url."""
    root = tmp_path_factory.mktemp("headmeta")
    content = write_content(root / "src")
    (root / "project").mkdir()
    project = copy_project(root / "project", content)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^site_url:.*$", f"site_url: {SITE.url}", config)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    return project / "site"


def head_of(page: Path) -> tuple[str, list]:
    html = page.read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    return head, inspect(head).tags


def meta(tags: list, key: str) -> list[str]:
    return [
        t.attrs["content"]
        for t in tags
        if t.name == "meta" and key in (t.attrs.get("property"), t.attrs.get("name"))
    ]


def test_explainer_head_has_open_graph_twitter_canonical_and_oembed(fixture_site):
    head, tags = head_of(fixture_site / "explainers" / "sample" / "index.html")
    url = f"{SITE.url}explainers/sample/"
    assert meta(tags, "og:type") == ["article"]
    assert meta(tags, "og:title") == ["Sample <script>alert(1)</script> explainer"]
    assert meta(tags, "og:url") == [url]
    assert meta(tags, "og:description") == ["A standfirst about India </script><!-- & more."]
    assert meta(tags, "article:published_time") == ["2026-02-01"]
    assert meta(tags, "article:modified_time") == ["2026-02-04"]
    assert meta(tags, "twitter:card") == ["summary"]
    # X reads a card's title and description from Open Graph: no twitter: copies of them
    assert meta(tags, "twitter:title") == meta(tags, "twitter:description") == []
    assert [t.attrs["href"] for t in tags if t.attrs.get("rel") == "canonical"] == [url]
    oembed = [t.attrs["href"] for t in tags if t.attrs.get("type") == "application/json+oembed"]
    assert oembed == [f"{SITE.url}oembed/x/sample.json"]  # the explainer's file covers its questions
    for href in oembed:
        assert (fixture_site / href.removeprefix(SITE.url)).is_file(), href
    assert "<script>alert" not in head


def test_embed_bundle_is_named_as_data_not_as_an_alternate_link(fixture_site):
    """Material fetches a sitemap.xml next to every <link rel="alternate">: none may point at
    embed/, or each page view would ask for embed/x/sitemap.xml and get a 404."""
    page = fixture_site / "explainers" / "sample" / "index.html"
    head, tags = head_of(page)
    alternates = [t.attrs["href"] for t in tags if t.attrs.get("rel") == "alternate"]
    assert alternates and not [href for href in alternates if "embed/" in href.replace("oembed/", "")]
    found = re.findall(r'<script type="application/json" class="qa-embed-bundle">(.*?)</script>', head)
    assert len(found) == 1
    href = json.loads(found[0])["href"]
    assert href == "../../embed/x/sample.json" and (page.parent / href).resolve().is_file()


def test_json_ld_parses_and_names_every_question(fixture_site):
    head, _ = head_of(fixture_site / "explainers" / "sample" / "index.html")
    blocks = LD_JSON.findall(head)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    article, faq, site = data["@graph"]
    assert data["@context"] == "https://schema.org"
    assert (
        article["@type"] == "Article" and article["headline"] == "Sample <script>alert(1)</script> explainer"
    )
    assert (article["datePublished"], article["dateModified"]) == ("2026-02-01", "2026-02-04")
    # the site is one Organization node; author and publisher refer to it by id
    assert site == {
        "@type": "Organization",
        "@id": f"{SITE.url}#publisher",
        "name": "Critical minerals, explained",
        "url": SITE.url,
    }
    assert article["publisher"] == article["author"] == {"@id": site["@id"]}
    assert article["url"] == f"{SITE.url}explainers/sample/"
    assert faq["@type"] == "FAQPage"
    assert [q["name"] for q in faq["mainEntity"]] == [
        "What is <img src=x onerror=alert(1)> here?",
        "Second </script><script>alert(2)</script> question?",
    ]
    for q in faq["mainEntity"]:
        assert (q["@type"], q["acceptedAnswer"]["@type"]) == ("Question", "Answer")
    # The short answer stands in for the full one (which the page body carries, once).
    answers = [q["acceptedAnswer"]["text"] for q in faq["mainEntity"]]
    assert answers == ["Short answer with <script>alert(1)</script> in it.", "Second short answer."]


def test_feeds_are_advertised_on_every_page(fixture_site):
    for page in ("index.html", "glossary/index.html"):
        _, tags = head_of(fixture_site / page)
        types = {t.attrs.get("type") for t in tags if t.attrs.get("rel") == "alternate"}
        assert {"application/rss+xml", "application/feed+json"} <= types, page


def test_bundled_json_ld_names_every_question(built_site):
    site = check(ROOT / "content").site
    for explainer in site.explainers:
        head, _ = head_of(built_site / "explainers" / explainer.id / "index.html")
        data = json.loads(LD_JSON.findall(head)[0])
        faq = [node for node in data["@graph"] if node["@type"] == "FAQPage"][0]
        assert [q["name"] for q in faq["mainEntity"]] == [q.question for q in explainer.questions]


def test_head_data_travels_in_memory_not_in_front_matter(fixture_site):
    generated = fixture_site.parent / "docs" / "explainers" / "sample.md"
    assert headmeta.KEY not in generated.read_text(encoding="utf-8")
    assert headmeta.KEY not in (fixture_site / "index.html").read_text(encoding="utf-8")
    _, tags = head_of(fixture_site / "glossary" / "index.html")
    assert not meta(tags, "og:type")  # only explainer pages describe an article


def test_head_data_in_front_matter_still_works(tmp_path):
    """A page that is not an explainer of the last run may carry qa_head itself (hand-written)."""
    data = {"meta": [{"attr": "name", "name": "twitter:card", "content": "summary"}], "oembed": []}
    assert headmeta.for_page("about.md", {headmeta.KEY: data}) is data
    assert headmeta.for_page("about.md", {}) is None


def test_collapsing_whitespace_keeps_text_and_verbatim_blocks():
    page = (
        "<ul>\n    <li>\n      <a href='#'>One</a>\n\n    </li>\n</ul>\n"
        "<pre><code>keep\n    this\n\n  indent</code></pre>\n   <p>a\n   b</p>"
        "<textarea>\n  x</textarea><script>var a = `\n  y`;</script><p>inline <code>a\n  b</code></p>"
    )
    assert collapse_whitespace(page) == (
        "<ul>\n<li>\n<a href='#'>One</a>\n</li>\n</ul>\n"
        "<pre><code>keep\n    this\n\n  indent</code></pre>\n<p>a\nb</p>"
        "<textarea>\n  x</textarea><script>var a = `\n  y`;</script><p>inline <code>a\n  b</code></p>"
    )


def test_built_pages_have_no_indentation_outside_verbatim_blocks(fixture_site):
    html = (fixture_site / "explainers" / "sample" / "index.html").read_text(encoding="utf-8")
    outside = re.sub(r"<(pre|textarea|script|style|code)\b.*?</\1>", "", html, flags=re.S)
    assert not re.search(r"\n[ \t]", outside)
