"""Head of each explainer page: Open Graph, Twitter card, oEmbed link and schema.org JSON-LD.

The generator run that MkDocs starts (generator/mkdocs_hooks.py, ``on_config``) computes the head
data of every explainer page (:func:`head`, computed with each explainer's email bundle in
generator/sharing.py); :func:`keep` holds it in memory (:data:`HEADS`, by docs-relative
page path), the hook hands it to the theme in ``on_page_context`` as ``qa_head``, and
``overrides/main.html`` writes it into ``{% block extrahead %}`` of Material's base template.
Nothing travels through front matter: MkDocs would parse it as YAML on every page.

Size matters: the head is repeated in no other place, but it is sent with every page. The JSON-LD
is compact and its FAQ answers are the questions' short answers (each a complete answer), the
Twitter card reads its title and description from Open Graph (X falls back to ``og:`` tags), and
only the explainer's own oEmbed file is advertised.
"""

from __future__ import annotations

import json
from typing import Any

from .bundle import bundle_path
from .embed import Embeds
from .feeds import oembed_path
from .links import explainer_page
from .model import Explainer

KEY = "qa_head"  # the template variable (and, for a page written by hand, the front matter key)

HEADS: dict[str, dict[str, Any]] = {}
"""Head data of the last generator run: docs-relative page path -> :func:`head` of its explainer."""

PUBLISHED: dict[str, dict[str, Any]] = {}
"""Head data of the pages MkDocs is building: ``HEADS`` of the last run that wrote its pages."""


def script_json(data: Any) -> str:
    """Return compact JSON safe inside <script>: '<', '>' and '&' escaped, so '</script>' cannot end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_ld(e: Explainer, embeds: Embeds) -> dict[str, Any]:
    """Return the schema.org graph of an explainer: an Article and a FAQPage of its questions.

    Each question's accepted answer is its short answer (plain text, like the question); the page
    carries the full text once, in its body. The site is one Organization node, referred to by id.
    """
    info, page = embeds.info, explainer_page(e.id)
    url = info.page_url(page)
    site = {"@id": info.url + "#publisher"}
    article = {
        "@type": "Article",
        "@id": url + "#article",
        "headline": e.title,
        "description": embeds.plain(page, e.standfirst),
        "url": url,
        "datePublished": e.published.iso(),
        "dateModified": e.updated.iso(),
        "inLanguage": info.language,
        "keywords": list(e.tags),
        "author": site,
        "publisher": site,
    }
    organization = {"@type": "Organization", **site, "name": info.name, "url": info.url}
    questions = [
        {"@type": "Question", "name": q.question, "acceptedAnswer": {"@type": "Answer", "text": q.short}}
        for q in e.questions
    ]
    faq = {"@type": "FAQPage", "@id": url + "#faq", "mainEntity": questions}
    return {"@context": "https://schema.org", "@graph": [article, faq, organization]}


def head(e: Explainer, embeds: Embeds) -> dict[str, Any]:
    """Return the head data of one explainer page: meta tags, oEmbed link and JSON-LD."""
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
        ("name", "twitter:card", "summary"),  # X takes title and description from og: tags
    ]
    return {
        "meta": [{"attr": a, "name": n, "content": c} for a, n, c in meta],
        "oembed": [{"href": info.url + oembed_path("x", e.id), "title": e.title}],
        "embed": bundle_path(e.id),  # docs-relative: the theme makes it relative to the page
        "jsonld": script_json(json_ld(e, embeds)),
    }


def keep(found: dict[str, dict[str, Any]]) -> None:
    """Keep the head data of a run's explainer pages (page path -> :func:`head`) in :data:`HEADS`.

    ``HEADS`` is replaced, never updated in place: a caller holding the previous dict (the live
    preview keeps the last good run's) is unaffected.
    """
    global HEADS
    HEADS = found


def publish() -> dict[str, dict[str, Any]]:
    """Make the last run's head data the one pages get (after its pages were written); return it.

    Until then a live preview keeps serving the head data that matches the pages it serves.
    """
    global PUBLISHED
    PUBLISHED = HEADS
    return PUBLISHED


def for_page(src_uri: str, meta: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """Return the head data of the page at docs-relative ``src_uri``, if it is an explainer page.

    A page not produced by the last run may still carry head data in its front matter (``qa_head``).
    """
    found = PUBLISHED.get(src_uri)
    if found is None and meta:
        found = meta.get(KEY)
    return found
