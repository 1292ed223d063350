"""RSS 2.0 and JSON Feed 1.1 parse cleanly with feedparser; oEmbed responses are complete."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import feedparser
import jsonschema
import pytest
from newsletter_kit import SITE, build_fixture, markup_problems, snippet

from generator.dates import PartialDate
from generator.feeds import CONTENT_NS, rfc822


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return build_fixture(tmp_path_factory.mktemp("feeds")).rendered.pages


_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"}
JSON_FEED_SCHEMA = {  # https://www.jsonfeed.org/version/1.1/: required fields and their types
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string", "minLength": 1},
        "home_page_url": {"type": "string", "pattern": "^https://"},
        "feed_url": {"type": "string", "pattern": "^https://"},
        "language": {"type": "string"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id", "url", "title", "content_html", "content_text", "date_published"],
                "properties": {
                    "id": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https://"},
                    "content_html": {"type": "string", "minLength": 1},
                    "content_text": {"type": "string", "minLength": 1},
                    "date_published": _DATE,
                    "date_modified": _DATE,
                    "tags": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}
# Newest first: 'first' and its explainer were updated on 4 February, the rest earlier.
ORDER = [
    f"{SITE.url}explainers/sample/",
    f"{SITE.url}explainers/sample/#first",
    f"{SITE.url}explainers/sample/#second",
    f"{SITE.url}explainers/older/",
    f"{SITE.url}explainers/older/#old-one",
]


def test_rss_parses_without_bozo_in_updated_order_with_full_text(pages):
    feed = feedparser.parse(pages["feed.xml"])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == SITE.name and feed.feed.link == SITE.url
    assert [e.link for e in feed.entries] == ORDER
    first = feed.entries[1]
    assert first.title == "What is <img src=x onerror=alert(1)> here?"
    assert first.published == "Wed, 04 Feb 2026 00:00:00 +0000"
    assert tuple(first.published_parsed)[:3] == (2026, 2, 4)
    assert "Read the full explainer" in first.content[0].value
    assert feed.entries[2].published == "Sun, 01 Feb 2026 00:00:00 +0000"  # no own date: its explainer's


def test_rss_content_is_the_sanitised_snippet(pages):
    root = ET.fromstring(pages["feed.xml"].encode())
    bodies = [e.text or "" for e in root.iter(f"{{{CONTENT_NS}}}encoded")]
    assert len(bodies) == len(ORDER)
    for body in bodies:
        assert markup_problems(body) == []
    assert bodies[1] == snippet(pages, "q", "first").html


def test_json_feed_follows_the_json_feed_1_1_spec(pages):
    # feedparser 6.0 reads RSS and Atom only, so JSON Feed is checked against the spec's fields.
    data = json.loads(pages["feed.json"])
    jsonschema.validate(data, JSON_FEED_SCHEMA)
    assert [item["url"] for item in data["items"]] == ORDER
    data = json.loads(pages["feed.json"])
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == f"{SITE.url}feed.json" and data["home_page_url"] == SITE.url
    for item in data["items"]:
        assert item["id"] == item["url"]
        assert item["content_html"] and item["content_text"]
        assert item["date_modified"].endswith("T00:00:00Z")
        assert markup_problems(item["content_html"]) == []
    assert data["items"][1]["date_modified"] == "2026-02-04T00:00:00Z"
    assert data["items"][1]["date_published"] == "2026-02-01T00:00:00Z"


def test_oembed_responses_have_the_required_fields(pages):
    found = {p: json.loads(t) for p, t in pages.items() if p.startswith("oembed/")}
    assert sorted(found) == ["oembed/x/older.json", "oembed/x/sample.json"]  # one per page
    for path, data in found.items():
        assert data["version"] == "1.0" and data["type"] == "rich", path
        assert isinstance(data["width"], int) and isinstance(data["height"], int), path
        assert data["width"] == 600 and data["height"] > 100, path
        assert data["html"] and markup_problems(data["html"]) == [], path
        assert data["provider_url"] == SITE.url
    assert found["oembed/x/sample.json"]["html"] == snippet(pages, "x", "sample").html


def test_rfc822_dates_use_the_first_day_of_partial_dates():
    assert rfc822(PartialDate(2026, 2, 5)) == "Thu, 05 Feb 2026 00:00:00 +0000"
    assert rfc822(PartialDate(2026, 1)) == "Thu, 01 Jan 2026 00:00:00 +0000"


def test_bundled_feeds_parse_and_oembed_is_discoverable(built_site):
    feed = feedparser.parse((built_site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20" and len(feed.entries) == 15
    data = json.loads((built_site / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, JSON_FEED_SCHEMA)
    assert [i["url"] for i in data["items"]] == [e.link for e in feed.entries]
    for path in sorted((built_site / "oembed").rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert {"version", "type", "html", "width", "height"} <= set(data), path
