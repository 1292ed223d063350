"""Make content safe inside generated Markdown: plain text escaped, answer Markdown defused."""

from __future__ import annotations

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
_LINK_URL = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
SAFE_SCHEMES = ("http", "https", "mailto")


def text(value: str) -> str:
    """Escape plain text so Markdown and HTML show it literally."""
    escaped = html.escape(value, quote=False).replace("\n", " ")
    return re.sub(r"^(\d+)\.", r"\1\\.", _MD_SPECIAL.sub(r"\\\1", escaped))


def attr(value: str) -> str:
    """Escape text for a double-quoted HTML attribute or Markdown link title."""
    return html.escape(value.replace("\n", " "), quote=True)


def yaml_str(value: str) -> str:
    """Quote a string for YAML front matter (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """Return a relative Markdown link from one docs page to another (and an anchor)."""
    fragment = f"#{anchor}" if anchor else ""
    if from_page == to_page:
        return fragment or posixpath.basename(to_page)
    path = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return path + fragment


def unsafe_urls(markdown: str) -> list[str]:
    """Return link or image URLs in Markdown whose scheme is not http, https or mailto."""
    found = []
    for match in _LINK_URL.finditer(_strip_code(markdown)):
        url = (match.group(1) or match.group(2) or "").strip()
        scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.\-]*):", url)
        if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
            found.append(url)
    return found


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
