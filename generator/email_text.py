"""Plain text (and, for unusual links, Markdown) of content, from its parsed Markdown.

``markdown_tokens`` turns pulldown-cmark's events into start, end and data tokens, as the email
HTML has them; ``convert`` writes them as wrapped text, Markdown, or one plain line.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pyromark

from .email_html import MARKDOWN_OPTIONS
from .markdown_text import SAFE_SCHEMES, url_scheme

BLOCKS = {"p", "div", "td", "th", "tr", "table", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4"}
HEADINGS = {"h1": "#", "h2": "##", "h3": "###", "h4": "####"}
MARKS = {"strong": "**", "b": "**", "em": "_", "i": "_", "code": "`"}
_MD_INLINE = re.compile(r"([\\`*_\[\]])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+\.)(?=\s|$)")
_SPACES = re.compile(r"\s+")
_URL_BREAKS = re.compile(r"[() <>]")  # what ends a bare link destination
WIDTH = 76


@functools.lru_cache(maxsize=1 << 14)  # titles, names and dates recur in every snippet
def md_escape(text: str) -> str:
    """Escape what Markdown would read as formatting or HTML: '<' and '>' become entities."""
    text = _MD_ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_INLINE.sub(r"\\\1", text)


def md_url(url: str) -> str:
    """Return a link destination that Markdown reads whole, even with brackets or spaces."""
    return f"<{url}>" if _URL_BREAKS.search(url) else url


@dataclass
class _Block:
    """One paragraph-like block of output: its prefix (list marker, heading, quote) and text."""

    kind: str
    parts: list[str] = field(default_factory=list)
    prefix: str = ""


Token = tuple[str, str, dict[str, str]]  # ("start" | "end" | "data", tag or text, attributes)


_BLOCK_EVENTS = {
    "Paragraph": "p", "BlockQuote": "blockquote", "Item": "li", "Emphasis": "em", "Strong": "strong",
    "Strikethrough": "del", "TableRow": "tr", "TableCell": "td",
}  # fmt: skip
_NO_ATTRS: dict[str, str] = {}


def markdown_tokens(markdown: str, resolve: Callable[[str], str | None]) -> list[Token]:
    """Return the tokens of answer Markdown as the email HTML has them, without writing HTML.

    Parsed by the same compiled CommonMark parser as ``email_html.markdown_html``; link and image
    URLs go through ``resolve`` (relative ones become absolute) and unsafe schemes are dropped,
    as nh3 drops them from the HTML. Raw HTML is left out (prose is defused before this).
    """
    tokens: list[Token] = []
    add = tokens.append
    ends: list[tuple[str, ...]] = []  # the closing tags of each open Start event
    alt: list[str] | None = None  # while inside an image: the words of its alt text
    for event in pyromark.events(markdown, options=MARKDOWN_OPTIONS):
        if isinstance(event, str):
            _bare_event(event, add)
            continue
        kind, value = next(iter(event.items()))
        if alt is not None:
            if kind in ("Text", "Code"):
                alt.append(value)
            elif kind == "End" and ends[-1] == ("img",):
                ends.pop()
                tokens[-1][2]["alt"] = "".join(alt)
                alt = None
            elif kind == "Start":  # markup inside alt text: keep only its words
                ends.append(())
            elif kind == "End":
                ends.pop()
        elif kind == "Text":
            add(("data", value, _NO_ATTRS))
        elif kind == "Code":
            tokens.extend(
                (("start", "code", _NO_ATTRS), ("data", value, _NO_ATTRS), ("end", "code", _NO_ATTRS))
            )
        elif kind == "Start":
            ends.append(_start(value, add, resolve))
            alt = [] if ends[-1] == ("img",) else None
        elif kind == "End" and ends:
            tokens.extend(("end", tag, _NO_ATTRS) for tag in ends.pop())
    return tokens


def _bare_event(event: str, add: Callable[[Token], None]) -> None:
    if event == "SoftBreak":
        add(("data", " ", _NO_ATTRS))
    elif event == "HardBreak":
        add(("start", "br", _NO_ATTRS))
    elif event == "Rule":
        add(("start", "hr", _NO_ATTRS))


def _start(
    value: object, add: Callable[[Token], None], resolve: Callable[[str], str | None]
) -> tuple[str, ...]:
    """Add the start tokens of one Start event; return the tags its End event closes."""
    if isinstance(value, str):
        if value == "TableHead":
            add(("start", "tr", _NO_ATTRS))
            return ("tr",)
        tag = _BLOCK_EVENTS.get(value)
        if tag is None:
            return ()
        add(("start", tag, _NO_ATTRS))
        return (tag,)
    assert isinstance(value, dict)
    kind, detail = next(iter(value.items()))
    if kind == "Heading":  # email content has h3 and h4 only (the frame owns h1 and h2)
        tag = "h3" if int(detail["level"][1:]) <= 3 else "h4"
    elif kind == "List":
        tag = "ol" if detail is not None else "ul"
    elif kind == "CodeBlock":
        add(("start", "pre", _NO_ATTRS))
        add(("start", "code", _NO_ATTRS))
        return ("code", "pre")
    elif kind in ("Link", "Image"):
        url = _safe_url(detail["dest_url"], resolve)
        if kind == "Image":
            add(("start", "img", {"src": url, "alt": ""}))
            return ("img",)
        add(("start", "a", {"href": url}))
        return ("a",)
    elif kind == "Table":
        add(("start", "table", _NO_ATTRS))
        return ("table",)
    elif kind == "BlockQuote":
        tag = "blockquote"
    else:
        return ()
    add(("start", tag, _NO_ATTRS))
    return (tag,)


def _safe_url(url: str, resolve: Callable[[str], str | None]) -> str:
    """Return ``url`` made absolute by ``resolve``, or "" for a scheme email must not carry."""
    scheme = url_scheme(url)
    if scheme is None:
        return resolve(url) or ""
    return url if scheme in SAFE_SCHEMES else ""


class _Walker:
    """Collect blocks of inline text from HTML tokens, in ``text``, ``markdown`` or ``plain`` style."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.blocks: list[_Block] = []
        self.current = _Block("p")
        self.lists: list[list[int]] = []  # per open list: [next number or 0 for bullets]
        self.links: list[str] = []
        self.quote = 0
        self.pre = 0

    def flush(self) -> None:
        if any(not part.isspace() for part in self.current.parts):
            self.blocks.append(self.current)
        self.current = _Block("p", prefix="> " * self.quote if self.style == "markdown" else "")

    def walk(self, tokens: list[Token]) -> list[_Block]:
        """Process every token; return the finished blocks."""
        for kind, value, attrs in tokens:
            if kind == "start":
                self.handle_starttag(value, attrs)
            elif kind == "end":
                self.handle_endtag(value)
            else:
                self.handle_data(value)
        self.flush()
        return self.blocks

    def handle_starttag(self, tag: str, a: dict[str, str]) -> None:
        if tag in BLOCKS or tag == "li":
            self.flush()
        if tag in ("ul", "ol"):
            self.lists.append([1 if tag == "ol" else 0])
        elif tag == "li" and self.lists:
            number = self.lists[-1][0]
            marker = f"{number}. " if number else "- "
            self.lists[-1][0] = number + 1 if number else 0
            self.current = _Block("li", prefix="   " * (len(self.lists) - 1) + marker)
        elif tag in HEADINGS:
            self.current.kind = tag
        elif tag == "blockquote":
            self.quote += 1
            self.current.prefix = "> " * self.quote if self.style == "markdown" else ""
        elif tag == "pre":
            self.pre += 1
            self.current.kind = "pre"
        elif tag == "br":
            self.current.parts.append("\n")
        elif tag == "hr":
            self.flush()
            self.blocks.append(_Block("hr", ["---" if self.style == "markdown" else "-" * 24]))
        elif tag == "a":
            self.links.append(a.get("href") or "")
            if self.style == "markdown":
                self.current.parts.append("[")
        elif tag == "img":
            self.image(a.get("alt") or "", a.get("src") or "")
        else:
            self.mark(tag)

    def mark(self, tag: str) -> None:
        """In Markdown style, append the marker of an inline tag (bold, italic, code)."""
        if self.style == "markdown" and tag in MARKS and not (tag == "code" and self.pre):
            self.current.parts.append(MARKS[tag])

    def image(self, alt: str, src: str) -> None:
        if self.style == "markdown":
            self.current.parts.append(f"![{md_escape(alt)}]({md_url(src)})")
        elif self.style == "text":
            self.current.parts.append(f"[{alt or 'image'}: {src}]")
        else:
            self.current.parts.append(alt)

    def shows(self, href: str) -> bool:
        """Tell whether the current block already shows ``href`` (an autolink's own text)."""
        return href.removeprefix("mailto:") in "".join(self.current.parts)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href = self.links.pop()
            if self.style == "markdown":
                self.current.parts.append(f"]({md_url(href)})")
            elif self.style == "text" and href and self.current.kind not in HEADINGS and not self.shows(href):
                self.current.parts.append(f" ({href})")
        else:
            self.mark(tag)
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in BLOCKS or tag == "li":
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.pre:
            data = collapse_spaces(data)
        if self.style == "markdown" and not self.pre:
            data = md_escape(data)
        self.current.parts.append(data)


def collapse_spaces(text: str) -> str:
    """Return ``text`` with every run of whitespace as one space."""
    if text.isprintable() and "  " not in text:  # the usual case, found fast: every other whitespace
        return text  # character is unprintable (tests/test_email_fast_paths.py checks them all)
    return _SPACES.sub(" ", text)


def _line_text(block: _Block, style: str) -> str:
    text = "".join(block.parts)
    if block.kind == "pre":
        return text.strip("\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    if style == "markdown":
        lines = [_MD_LINE_START.sub(r"\1\\\2", line) for line in lines]
    return "\n".join(line for line in lines if line)


def _format(block: _Block, style: str) -> str:
    if block.kind == "hr":
        return block.parts[0]
    text = _line_text(block, style)
    if style == "markdown":
        if block.kind in HEADINGS:
            return f"{HEADINGS[block.kind]} {text}"
        if block.kind == "pre":
            return "```\n" + text + "\n```"
        indent = " " * len(block.prefix)
        return block.prefix + text.replace("\n", "  \n" + indent)
    if block.kind == "pre":
        return "\n".join("    " + line if line.strip() else line for line in text.split("\n"))
    if block.kind in HEADINGS and style == "text":
        return f"{text}\n{('=' if block.kind in ('h1', 'h2') else '-') * min(len(text), WIDTH)}"
    indent = " " * len(block.prefix)
    if len(text) + len(block.prefix) <= WIDTH and "\n" not in text:
        return block.prefix + text
    return "\n".join(  # each line's words are single-spaced already
        _wrap(line, block.prefix if i == 0 else indent, indent) for i, line in enumerate(text.split("\n"))
    )


def fill(text: str, first: str = "", rest: str = "", width: int = WIDTH) -> str:
    """Wrap one paragraph at ``width`` columns between words; never break a word or a URL.

    ``first`` starts the first line and ``rest`` the others (a list marker and its indent); the
    result equals ``textwrap.fill`` without breaking long words or hyphens.
    """
    return _wrap(" ".join(text.split()), first, rest, width)


def _wrap(body: str, first: str, rest: str, width: int = WIDTH) -> str:
    """Wrap one paragraph whose words are single-spaced, as ``fill`` does."""
    if not body:
        return ""
    if len(first) + len(body) <= width:
        return first + body
    if len(first) != len(rest):
        return _fill_words(body, first, rest, width)
    lines = _line_pattern(max(1, width - len(rest))).findall(body)
    return first + ("\n" + rest).join(a or b for a, b in lines)


@functools.cache
def _line_pattern(width: int) -> re.Pattern[str]:
    """Match the longest run of whole words of at most ``width`` characters, or one longer word."""
    return re.compile(rf"(\S.{{0,{width - 1}}})(?: |$)|(\S+)(?: |$)")


def _fill_words(body: str, first: str, rest: str, width: int) -> str:
    lines, line, words = [], first, 0
    for word in body.split(" "):
        if words and len(line) + 1 + len(word) > width:
            lines.append(line)
            line, words = rest + word, 1
        else:
            line, words = line + (" " if words else "") + word, words + 1
    lines.append(line)
    return "\n".join(lines)


def convert(tokens: list[Token], style: str = "text") -> str:
    """Return tokens (``markdown_tokens``) as wrapped ``text``, ``markdown``, or one line (``plain``)."""
    blocks = _Walker(style).walk(tokens)
    if style == "plain":
        return " ".join(" ".join("".join(b.parts).split()) for b in blocks)
    out, previous = "", ""
    for block in blocks:
        joint = "\n" if block.kind == previous == "li" else "\n\n"
        out += (joint if out else "") + _format(block, style)
        previous = block.kind
    return out.strip() + "\n"
