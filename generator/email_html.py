"""Email-safe HTML: Markdown to HTML (pulldown-cmark via pyromark), nh3, css-inline, ASCII output."""

from __future__ import annotations

import functools
from collections.abc import Callable

import css_inline
import nh3
import pyromark

from .render import TEMPLATES

CSS_FILE = TEMPLATES / "email" / "email.css"
SCHEMES = {"http", "https", "mailto"}
DANGEROUS = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math"}
IMAGE_WIDTH = "560"  # the 600 px column less its padding
CONTENT_TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "em", "h3", "h4", "hr", "i", "img", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
CONTENT_ATTRIBUTES = {  # no title: email clients rarely show tooltips, and they double the size
    "a": {"href"},
    "img": {"src", "alt"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
}
LAYOUT_ATTRIBUTES = {"style", "role", "width", "height", "align", "valign", "border", "cellpadding"}
FINAL_ATTRIBUTES = {
    "*": {"style"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "table": LAYOUT_ATTRIBUTES | {"cellspacing"},
    "td": LAYOUT_ATTRIBUTES | {"colspan", "rowspan"},
    "th": LAYOUT_ATTRIBUTES | {"colspan", "rowspan"},
    "tr": {"style", "valign"},
}
FINAL_TAGS = CONTENT_TAGS | {"div", "span", "h1", "h2"}


MARKDOWN_OPTIONS = pyromark.Options.ENABLE_TABLES


def markdown_html(text: str) -> str:
    """Convert (already defused) answer Markdown to HTML: CommonMark with tables, in compiled code.

    The pages go through Python-Markdown in MkDocs; for the emails a compiled CommonMark parser is
    ~100x faster, and on the Markdown the editor's guide describes both read the same.
    """
    return pyromark.html(text, options=MARKDOWN_OPTIONS)


def content_cleaner(resolve: Callable[[str], str | None]) -> nh3.Cleaner:
    """Return a reusable sanitiser for content HTML written on one page (``resolve``: its URLs)."""
    return nh3.Cleaner(
        tags=CONTENT_TAGS,
        clean_content_tags=DANGEROUS,
        attributes=CONTENT_ATTRIBUTES,
        url_schemes=SCHEMES,
        url_relative=resolve,
        set_tag_attribute_values={"img": {"width": IMAGE_WIDTH}},
        link_rel=None,
        strip_comments=True,
    )


def sanitise(fragment: str, resolve: Callable[[str], str | None]) -> str:
    """Keep only email-safe tags and attributes; resolve relative URLs with ``resolve``."""
    return content_cleaner(resolve).clean(fragment)


def inline_css(html: str, css: str | None = None) -> str:
    """Move the email stylesheet into style attributes (css-inline); no <style> is left."""
    return css_inline.inline_fragment(
        html, _stylesheet() if css is None else css, load_remote_stylesheets=False, keep_style_tags=False
    )


@functools.cache
def _stylesheet() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def _final_cleaner(keep_comments: bool) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=FINAL_TAGS,
        clean_content_tags=DANGEROUS,
        attributes=FINAL_ATTRIBUTES,
        url_schemes=SCHEMES,
        url_relative="deny",
        link_rel=None,
        strip_comments=not keep_comments,
    )


_FINAL = {keep: _final_cleaner(keep) for keep in (False, True)}


def finalise(html: str, keep_comments: bool = False) -> str:
    """Last pass over a whole snippet: no classes, scripts or relative URLs; ASCII only.

    ``keep_comments`` keeps the generator's own part markers (content comments are gone by then:
    ``sanitise`` strips them from every answer).
    """
    clean = _FINAL[keep_comments].clean(html)
    return clean.encode("ascii", "xmlcharrefreplace").decode("ascii")


def email_html(html: str, keep_comments: bool = False) -> str:
    """Inline the stylesheet into templated email HTML and sanitise the result."""
    return finalise(inline_css(html), keep_comments)
