"""Email-safe HTML: Markdown to HTML, nh3 sanitising, CSS inlined by css-inline, ASCII output."""

from __future__ import annotations

import functools
from collections.abc import Callable

import css_inline
import markdown
import nh3

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


_MARKDOWN = markdown.Markdown(extensions=["tables", "fenced_code"], output_format="html")


def markdown_html(text: str) -> str:
    """Convert (already defused) answer Markdown to HTML, as MkDocs does by default."""
    return _MARKDOWN.reset().convert(text)


def sanitise(fragment: str, resolve: Callable[[str], str | None]) -> str:
    """Keep only email-safe tags and attributes; resolve relative URLs with ``resolve``."""
    return nh3.clean(
        fragment,
        tags=CONTENT_TAGS,
        clean_content_tags=DANGEROUS,
        attributes=CONTENT_ATTRIBUTES,
        url_schemes=SCHEMES,
        url_relative=resolve,
        set_tag_attribute_values={"img": {"width": IMAGE_WIDTH}},
        link_rel=None,
        strip_comments=True,
    )


def inline_css(html: str, css: str | None = None) -> str:
    """Move the email stylesheet into style attributes (css-inline); no <style> is left."""
    return css_inline.inline_fragment(
        html, _stylesheet() if css is None else css, load_remote_stylesheets=False, keep_style_tags=False
    )


@functools.cache
def _stylesheet() -> str:
    return CSS_FILE.read_text(encoding="utf-8")


def finalise(html: str) -> str:
    """Last pass over a whole snippet: no classes, scripts or relative URLs; ASCII only."""
    clean = nh3.clean(
        html,
        tags=FINAL_TAGS,
        clean_content_tags=DANGEROUS,
        attributes=FINAL_ATTRIBUTES,
        url_schemes=SCHEMES,
        url_relative="deny",
        link_rel=None,
        strip_comments=True,
    )
    return clean.encode("ascii", "xmlcharrefreplace").decode("ascii")


def email_html(html: str) -> str:
    """Inline the stylesheet into templated email HTML and sanitise the result."""
    return finalise(inline_css(html))
