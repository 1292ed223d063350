"""Turn sanitised email HTML into plain text (the multipart text part) or Markdown."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser

BLOCKS = {"p", "div", "td", "th", "tr", "table", "blockquote", "pre", "ul", "ol", "h1", "h2", "h3", "h4"}
HEADINGS = {"h1": "#", "h2": "##", "h3": "###", "h4": "####"}
MARKS = {"strong": "**", "b": "**", "em": "_", "i": "_", "code": "`"}
_MD_INLINE = re.compile(r"([\\`*_\[\]])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_MD_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+\.)(?=\s|$)")
WIDTH = 76


def _md_escape(text: str) -> str:
    """Escape what Markdown would read as formatting or HTML: '<' and '>' become entities."""
    text = _MD_ENTITY.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_INLINE.sub(r"\\\1", text)


def _md_url(url: str) -> str:
    """Return a link destination that Markdown reads whole, even with brackets or spaces."""
    return f"<{url}>" if any(c in url for c in "() <>") else url


@dataclass
class _Block:
    """One paragraph-like block of output: its prefix (list marker, heading, quote) and text."""

    kind: str
    parts: list[str] = field(default_factory=list)
    prefix: str = ""


Token = tuple[str, str, dict[str, str]]  # ("start" | "end" | "data", tag or text, attributes)


class _Tokenizer(HTMLParser):
    """Split HTML into start, end and data tokens once, for any number of output styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag, {}))

    def handle_data(self, data: str) -> None:
        self.tokens.append(("data", data, {}))


def tokenize(html: str) -> list[Token]:
    """Return the tokens of an HTML fragment."""
    tokenizer = _Tokenizer()
    tokenizer.feed(html)
    tokenizer.close()
    return tokenizer.tokens


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
            self.current.parts.append(f"![{_md_escape(alt)}]({_md_url(src)})")
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
                self.current.parts.append(f"]({_md_url(href)})")
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
            data = re.sub(r"\s+", " ", data)
        if self.style == "markdown" and not self.pre:
            data = _md_escape(data)
        self.current.parts.append(data)


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
        return textwrap.indent(text, "    ")
    if block.kind in HEADINGS and style == "text":
        return f"{text}\n{('=' if block.kind in ('h1', 'h2') else '-') * min(len(text), WIDTH)}"
    indent = " " * len(block.prefix)
    if len(text) + len(block.prefix) <= WIDTH and "\n" not in text:
        return block.prefix + text
    return "\n".join(
        textwrap.fill(
            line,
            WIDTH,
            initial_indent=block.prefix if i == 0 else indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        for i, line in enumerate(text.split("\n"))
    )


def convert(html: str | list[Token], style: str = "text") -> str:
    """Return HTML (or its tokens) as wrapped ``text``, ``markdown``, or one line (``plain``)."""
    blocks = _Walker(style).walk(tokenize(html) if isinstance(html, str) else html)
    if style == "plain":
        return " ".join(" ".join("".join(b.parts).split()) for b in blocks)
    out, previous = "", ""
    for block in blocks:
        joint = "\n" if block.kind == previous == "li" else "\n\n"
        out += (joint if out else "") + _format(block, style)
        previous = block.kind
    return out.strip() + "\n"
