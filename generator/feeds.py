"""Feeds and oEmbed: RSS 2.0 with full text, JSON Feed 1.1, and a static oEmbed response per explainer."""

from __future__ import annotations

import datetime as dt
import email.utils
import html
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .bundle import Bundle
from .dates import PartialDate
from .embed import Embeds, Snippet
from .links import explainer_page
from .model import Explainer, Site
from .siteinfo import SiteInfo

RSS_PATH, JSON_PATH = "feed.xml", "feed.json"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FEED_ITEMS = 50  # the most recently updated explainers and questions; older ones stay on the site
OEMBED_WIDTH = 600
LINE_HEIGHT = 25  # px per line of the 76-column text version, for the oEmbed height


@dataclass(frozen=True)
class Item:
    """One explainer or question as it appears in the feeds."""

    kind: str
    id: str
    url: str
    title: str
    summary: str
    published: PartialDate
    updated: PartialDate
    tags: tuple[str, ...]
    snippet: Snippet


Latest = list[tuple[str, str, Explainer]]  # (kind "x" or "q", id, its explainer), newest first


def latest(site: Site, count: int = FEED_ITEMS) -> Latest:
    """Return the most recently updated explainers and questions (ties: site order)."""
    every: list[tuple[int, str, str, Explainer]] = []
    for e in site.explainers:
        every.append((-e.updated.first_day().toordinal(), "x", e.id, e))
        every += [(-(q.updated or e.published).first_day().toordinal(), "q", q.id, e) for q in e.questions]
    every.sort(key=lambda entry: entry[0])  # stable: ties keep the site's order
    return [(kind, item_id, e) for _, kind, item_id, e in every[:count]]


def items(embeds: Embeds, bundles: dict[str, Bundle], chosen: Latest) -> list[Item]:
    """Return the feed's items (``chosen`` by :func:`latest`), with snippets from their bundles."""
    out = []
    info = embeds.info
    for kind, item_id, e in chosen:
        page, bundle = explainer_page(e.id), bundles[e.id]
        if kind == "x":
            summary = embeds.plain(page, e.standfirst)
            out.append(Item("x", e.id, info.page_url(page), e.title, summary, e.published, e.updated,
                            tuple(e.tags), bundle.explainer_snippet()))  # fmt: skip
            continue
        q = embeds.site.questions[item_id][1]
        out.append(Item("q", q.id, info.page_url(page, q.id), q.question, q.short, e.published,
                        q.updated or e.published, tuple(q.tags), bundle.question_snippet(q.id)))  # fmt: skip
    return out


def _moment(date: PartialDate) -> dt.datetime:
    first = date.first_day()
    return dt.datetime(first.year, first.month, first.day, tzinfo=dt.UTC)


def rfc822(date: PartialDate) -> str:
    """Return the first day of ``date`` at midnight UTC in RFC 822 form (RSS pubDate)."""
    return email.utils.format_datetime(_moment(date))


def rfc3339(date: PartialDate) -> str:
    """Return the first day of ``date`` at midnight UTC in RFC 3339 form (JSON Feed)."""
    return _moment(date).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = text
    return element


def rss(feed: list[Item], embeds: Embeds) -> str:
    """Return the RSS 2.0 feed with the full snippet HTML in content:encoded."""
    info = embeds.info
    ET.register_namespace("content", CONTENT_NS)
    ET.register_namespace("atom", ATOM_NS)
    root = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(root, "channel")
    _sub(channel, "title", info.name)
    _sub(channel, "link", info.url)
    _sub(channel, "description", info.description or info.name)
    _sub(channel, "language", info.language)
    if feed:
        _sub(channel, "lastBuildDate", rfc822(max(i.updated for i in feed)))
    _sub(channel, "generator", "qa-explainer")
    ET.SubElement(
        channel,
        f"{{{ATOM_NS}}}link",
        {"href": info.url + RSS_PATH, "rel": "self", "type": "application/rss+xml"},
    )
    for item in feed:
        node = ET.SubElement(channel, "item")
        _sub(node, "title", item.title)
        _sub(node, "link", item.url)
        _sub(node, "guid", item.url, isPermaLink="true")
        _sub(node, "pubDate", rfc822(item.updated))
        _sub(node, "description", html.escape(item.summary, quote=False))  # readers treat it as HTML
        for tag in item.tags:
            _sub(node, "category", tag)
        _sub(node, f"{{{CONTENT_NS}}}encoded", item.snippet.html)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def json_feed(feed: list[Item], embeds: Embeds) -> str:
    """Return the JSON Feed 1.1 document with full HTML and text of every item."""
    info = embeds.info
    body = {
        "version": JSON_FEED_VERSION,
        "title": info.name,
        "home_page_url": info.url,
        "feed_url": info.url + JSON_PATH,
        "description": info.description or info.name,
        "language": info.language,
        "authors": [{"name": info.name, "url": info.url}],
        "items": [_json_item(item) for item in feed],
    }
    return json.dumps(body, ensure_ascii=False, indent=1) + "\n"


def _json_item(item: Item) -> dict[str, object]:
    return {
        "id": item.url,
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "content_html": item.snippet.html,
        "content_text": item.snippet.text,
        "date_published": rfc3339(item.published),
        "date_modified": rfc3339(item.updated),
        "tags": list(item.tags),
    }


def oembed_path(kind: str, item_id: str) -> str:
    """Return the docs-relative path of an item's static oEmbed response."""
    return f"oembed/{kind}/{item_id}.json"


def oembed(explainer: Explainer, snippet: Snippet, info: SiteInfo) -> str:
    """Return the oEmbed 1.0 'rich' response of an explainer page: its email snippet as HTML."""
    lines = snippet.text.count("\n") + 1
    body = {
        "version": "1.0",
        "type": "rich",
        "title": explainer.title,
        "provider_name": info.name,
        "provider_url": info.url,
        "html": snippet.html,
        "width": OEMBED_WIDTH,
        "height": lines * LINE_HEIGHT + 48,
    }
    return json.dumps(body, ensure_ascii=False) + "\n"  # compact: the C encoder, ~10x faster


def files(embeds: Embeds, bundles: dict[str, Bundle], chosen: Latest) -> dict[str, str]:
    """Return the RSS and JSON feeds of the ``chosen`` items: docs-relative path -> text."""
    feed = items(embeds, bundles, chosen)
    return {RSS_PATH: rss(feed, embeds), JSON_PATH: json_feed(feed, embeds)}
