"""Head of each explainer page: Open Graph, Twitter card, oEmbed links and schema.org JSON-LD.

The data travels in the page's front matter (``qa_head``, one line of JSON, which is YAML) and
``overrides/main.html`` writes it into ``{% block extrahead %}`` of Material's base template.
"""

from __future__ import annotations

import json
from typing import Any

from .embed import Embeds
from .feeds import oembed_path
from .links import explainer_page
from .model import Explainer

KEY = "qa_head"


def script_json(data: Any) -> str:
    """Return JSON safe inside <script>: '<', '>' and '&' escaped, so '</script>' cannot end it."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_ld(e: Explainer, embeds: Embeds) -> dict[str, Any]:
    """Return the schema.org graph of an explainer: an Article and a FAQPage of its questions."""
    info, page = embeds.info, explainer_page(e.id)
    url = info.page_url(page)
    publisher = {"@type": "Organization", "name": info.name, "url": info.url}
    article = {
        "@type": "Article",
        "@id": url + "#article",
        "headline": e.title,
        "description": embeds.plain(page, e.standfirst),
        "url": url,
        "mainEntityOfPage": url,
        "datePublished": e.published.iso(),
        "dateModified": e.updated.iso(),
        "inLanguage": info.language,
        "keywords": list(e.tags),
        "author": publisher,
        "publisher": publisher,
    }
    questions = [
        {
            "@type": "Question",
            "name": q.question,
            "url": info.page_url(page, q.id),
            "acceptedAnswer": {
                "@type": "Answer",
                "text": embeds.plain(page, q.answer),
                "url": info.page_url(page, q.id),
            },
        }
        for q in e.questions
    ]
    faq = {"@type": "FAQPage", "@id": url + "#faq", "url": url, "name": e.title, "mainEntity": questions}
    return {"@context": "https://schema.org", "@graph": [article, faq]}


def head(e: Explainer, embeds: Embeds) -> dict[str, Any]:
    """Return the head data of one explainer page: meta tags, oEmbed links and JSON-LD."""
    info, page = embeds.info, explainer_page(e.id)
    url, description = info.page_url(page), embeds.plain(page, e.standfirst)
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", info.name),
        ("property", "og:title", e.title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "article:published_time", e.published.iso()),
        ("property", "article:modified_time", e.updated.iso()),
        *(("property", "article:tag", tag) for tag in e.tags),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", e.title),
        ("name", "twitter:description", description),
    ]
    oembed = [{"href": info.url + oembed_path("x", e.id), "title": e.title}] + [
        {"href": info.url + oembed_path("q", q.id), "title": q.question} for q in e.questions
    ]
    return {
        "meta": [{"attr": a, "name": n, "content": c} for a, n, c in meta],
        "oembed": oembed,
        "jsonld": script_json(json_ld(e, embeds)),
    }


def with_head(page_text: str, data: dict[str, Any]) -> str:
    """Add the head data to a rendered page's front matter (JSON is valid YAML)."""
    if not page_text.startswith("---\n"):
        raise ValueError("a rendered explainer page must start with front matter")
    return f"---\n{KEY}: {json.dumps(data, ensure_ascii=False)}\n" + page_text[len("---\n") :]


def add(pages: dict[str, str], embeds: Embeds) -> None:
    """Add head data to the front matter of every explainer page in ``pages``."""
    for e in embeds.site.explainers:
        page = explainer_page(e.id)
        if page in pages:
            pages[page] = with_head(pages[page], head(e, embeds))
