"""Head of explainer pages: Open Graph, Twitter card, canonical URL, oEmbed links, JSON-LD."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from newsletter_kit import SITE, inspect, write_content

from generator.headmeta import script_json
from generator.pipeline import check

LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_script_json_cannot_end_the_script_and_round_trips():
    data = {"name": "</script><script>alert(1)</script> <!-- & -->", "n": ["a>b"]}
    text = script_json(data)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data


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
    assert meta(tags, "twitter:title") == meta(tags, "og:title")
    assert [t.attrs["href"] for t in tags if t.attrs.get("rel") == "canonical"] == [url]
    oembed = [t.attrs["href"] for t in tags if t.attrs.get("type") == "application/json+oembed"]
    assert oembed == [
        f"{SITE.url}oembed/x/sample.json",
        f"{SITE.url}oembed/q/first.json",
        f"{SITE.url}oembed/q/second.json",
    ]
    for href in oembed:
        assert (fixture_site / href.removeprefix(SITE.url)).is_file(), href
    assert "<script>alert" not in head


def test_json_ld_parses_and_names_every_question(fixture_site):
    head, _ = head_of(fixture_site / "explainers" / "sample" / "index.html")
    blocks = LD_JSON.findall(head)
    assert len(blocks) == 1
    data = json.loads(blocks[0])
    article, faq = data["@graph"]
    assert data["@context"] == "https://schema.org"
    assert (
        article["@type"] == "Article" and article["headline"] == "Sample <script>alert(1)</script> explainer"
    )
    assert (article["datePublished"], article["dateModified"]) == ("2026-02-01", "2026-02-04")
    assert article["publisher"]["name"] == "Critical minerals, explained"
    assert faq["@type"] == "FAQPage"
    assert [q["name"] for q in faq["mainEntity"]] == [
        "What is <img src=x onerror=alert(1)> here?",
        "Second </script><script>alert(2)</script> question?",
    ]
    for q in faq["mainEntity"]:
        assert q["acceptedAnswer"]["@type"] == "Answer" and q["acceptedAnswer"]["text"]
    assert faq["mainEntity"][1]["acceptedAnswer"]["text"].startswith("See the report and What is")


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
