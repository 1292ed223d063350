"""Make content safe inside generated Markdown: plain text escaped, answer Markdown defused."""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Callable

_MD_SPECIAL = "\\`*_[]{}#!+-"  # Python-Markdown's escapable set
_NUMBERED = re.compile(r"^(\d+)\.")  # a line starting "1." would become a list item
_CODE = re.compile(
    r"(^(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=fence)[ \t]*$|(?P<ticks>`+).+?(?P=ticks))",
    re.S | re.M,
)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")
_INLINE_LINK = r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)"  # an inline link's URL (one level of parentheses)
_REFERENCE = r"^[ \t>*+-]*(?:\d+\.\s+)?\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"  # a reference definition's URL
_LINK_URL = re.compile(f"{_INLINE_LINK}|{_REFERENCE}", re.M)
_INLINE_URL = re.compile(_INLINE_LINK)  # starts with "](": searched far faster than _LINK_URL
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
SAFE_SCHEMES = ("http", "https", "mailto")


@functools.lru_cache(maxsize=1 << 16)  # titles are escaped once per link: cache them
def text(value: str) -> str:
    """Escape plain text so Markdown and HTML show it literally."""
    escaped = html.escape(value, quote=False).replace("\n", " ")
    for char in _MD_SPECIAL:  # the backslash comes first, so no added backslash is escaped again
        if char in escaped:
            escaped = escaped.replace(char, "\\" + char)
    return _NUMBERED.sub(r"\1\\.", escaped) if escaped[:1].isdecimal() else escaped


@functools.lru_cache(maxsize=1 << 16)
def attr(value: str) -> str:
    """Escape text for a double-quoted HTML attribute or Markdown link title."""
    return html.escape(value.replace("\n", " "), quote=True)


@functools.lru_cache(maxsize=1 << 16)  # a tooltip is built once per folder that links its target
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
    return _relpath(to_page, _folder(from_page)) + fragment


@functools.lru_cache(maxsize=1 << 12)  # a site has a few folders, and each holds many pages
def _folder(page: str) -> str:
    return posixpath.dirname(page) or "."


@functools.lru_cache(maxsize=1 << 16)  # posixpath.relpath is slow and pages link the same pages often
def _relpath(to_page: str, from_dir: str) -> str:
    to_parts = to_page.split("/")
    from_parts = [] if from_dir == "." else from_dir.split("/")
    if {"", ".", ".."} & {*to_parts, *from_parts}:  # not a plain path: let posixpath normalise it
        return posixpath.relpath(to_page, from_dir)
    common = 0
    for a, b in zip(to_parts, from_parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


def link_urls(markdown: str) -> list[str]:
    """Return every link, image and reference-definition URL in Markdown (outside code)."""
    prose = _strip_code(markdown)
    if "]:" not in prose:  # no reference definition: the inline links alone match, at the same places
        return [m.group(1).strip() for m in _INLINE_URL.finditer(prose)]
    return [(m.group(1) or m.group(2) or "").strip() for m in _LINK_URL.finditer(prose)]


def url_scheme(url: str) -> str | None:
    """Return the lower-cased scheme of ``url`` (``javascript``), or None if it is relative."""
    scheme = _SCHEME.match(url)
    return scheme.group(1).lower() if scheme else None


def code_spans(markdown: str) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of code blocks and inline code in Markdown."""
    return [m.span() for m in _CODE.finditer(markdown)]


def _strip_code(markdown: str) -> str:
    if "`" not in markdown and "~" not in markdown:  # every code span or fence needs one of them
        return markdown
    return _CODE.sub("", markdown)


def _defuse(prose: str) -> str:
    """Escape raw HTML and attribute lists in prose (not code); keep URL autolinks."""
    links: list[str] = []

    def keep(match: re.Match[str]) -> str:
        links.append(match.group(0))
        return f"\x00{len(links) - 1}\x00"

    if "<" in prose:  # most prose has no angle brackets: skip the regular expressions
        prose = _TAG_START.sub("&lt;", _AUTOLINK.sub(keep, prose))
    prose = prose.replace("{", "\\{").replace("}", "\\}")
    return _PLACEHOLDER.sub(lambda m: links[int(m.group(1))], prose) if links else prose


def body(markdown: str, xref: Callable[[re.Match[str]], str], pattern: re.Pattern[str]) -> str:
    """Defuse raw HTML in answer Markdown and replace cross-references outside code."""
    if "`" not in markdown and "~" not in markdown:  # no code: one piece of prose
        return pattern.sub(xref, _defuse(markdown)).strip()
    out, last = [], 0
    for match in _CODE.finditer(markdown):
        out.append(pattern.sub(xref, _defuse(markdown[last : match.start()])))
        out.append(match.group(0))
        last = match.end()
    out.append(pattern.sub(xref, _defuse(markdown[last:])))
    return "".join(out).strip()


_BLOCK_START = re.compile(r"^(?:([#>])|([-+*])(?=\s)|(\d+)([.)])(?=\s|$))")


def paragraph(markdown: str) -> str:
    """Return inline Markdown as one line that cannot start a list, quote or heading."""
    line = " ".join(markdown.split())
    return _BLOCK_START.sub(_escape_block_start, line, count=1) if line[:1] in "-+*>#0123456789" else line


def _escape_block_start(m: re.Match[str]) -> str:
    mark, bullet, number, delimiter = m.groups()
    return f"\\{mark or bullet}" if number is None else f"{number}\\{delimiter}"
