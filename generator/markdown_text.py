"""Make content safe inside generated Markdown: plain text escaped, answer Markdown defused."""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Callable

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#!+-])")  # Python-Markdown's escapable set
_CODE = re.compile(
    r"(^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=fence)[ \t]*$|(?P<ticks>`+).+?(?P=ticks))",
    re.S | re.M,
)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")
_LINK_URL = re.compile(  # inline link URL (one level of parentheses), or a reference definition
    r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)|^[ \t>*+-]*(?:\d+\.\s+)?\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M
)
SAFE_SCHEMES = ("http", "https", "mailto")


@functools.lru_cache(maxsize=1 << 16)  # titles are escaped once per link: cache them
def text(value: str) -> str:
    """Escape plain text so Markdown and HTML show it literally."""
    escaped = html.escape(value, quote=False).replace("\n", " ")
    return re.sub(r"^(\d+)\.", r"\1\\.", _MD_SPECIAL.sub(r"\\\1", escaped))


@functools.lru_cache(maxsize=1 << 16)
def attr(value: str) -> str:
    """Escape text for a double-quoted HTML attribute or Markdown link title."""
    return html.escape(value.replace("\n", " "), quote=True)


def tooltip(value: str) -> str:
    """Escape text for a Markdown link title that Material's tooltips show.

    Material (``content.tooltips``) puts the decoded title into the page as HTML, so the text
    is HTML-escaped once more: the tooltip then shows it as typed and no tag in it is live.
    """
    return attr(html.escape(value, quote=False))


def yaml_str(value: str) -> str:
    """Quote a string for YAML front matter (JSON strings are valid YAML), HTML-escaped.

    MkDocs themes insert front-matter values into HTML (``<title>``, ``<meta content>``)
    without escaping them, so they are stored escaped; browsers show them as typed.
    """
    return json.dumps(html.escape(value, quote=True), ensure_ascii=False)


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """Return a relative Markdown link from one docs page to another (and an anchor)."""
    fragment = f"#{anchor}" if anchor else ""
    if from_page == to_page:
        return fragment or posixpath.basename(to_page)
    return _relpath(to_page, posixpath.dirname(from_page) or ".") + fragment


@functools.lru_cache(maxsize=1 << 16)  # posixpath.relpath is slow and pages link the same pages often
def _relpath(to_page: str, from_dir: str) -> str:
    return posixpath.relpath(to_page, from_dir)


def link_urls(markdown: str) -> list[str]:
    """Return every link, image and reference-definition URL in Markdown (outside code)."""
    return [(m.group(1) or m.group(2) or "").strip() for m in _LINK_URL.finditer(_strip_code(markdown))]


def url_scheme(url: str) -> str | None:
    """Return the lower-cased scheme of ``url`` (``javascript``), or None if it is relative."""
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", url)
    return scheme.group(1).lower() if scheme else None


def code_spans(markdown: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of code blocks and inline code in Markdown."""
    return [m.span() for m in _CODE.finditer(markdown)]


def _strip_code(markdown: str) -> str:
    return _CODE.sub("", markdown)


def _defuse(prose: str) -> str:
    """Escape raw HTML and attribute lists in prose (not code); keep URL autolinks."""
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        links.append(match.group(0))
        return f"\x00{len(links) - 1}\x00"

    prose = _AUTOLINK.sub(keep, prose)
    prose = _TAG_START.sub("&lt;", prose).replace("{", "\\{").replace("}", "\\}")
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], prose)


def body(markdown: str, xref: Callable[[re.Match[str]], str], pattern: re.Pattern[str]) -> str:
    """Defuse raw HTML in answer Markdown and replace cross-references outside code."""
    out, last = [], 0
    for match in _CODE.finditer(markdown):
        out.append(pattern.sub(xref, _defuse(markdown[last : match.start()])))
        out.append(match.group(0))
        last = match.end()
    out.append(pattern.sub(xref, _defuse(markdown[last:])))
    return "".join(out).strip()
