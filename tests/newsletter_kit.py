"""Fixture content with injection attempts, and HTML inspection helpers, for the newsletter tests."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from generator.bundle import from_json
from generator.embed import Snippet
from generator.pipeline import Result, check
from generator.siteinfo import SiteInfo

SITE = SiteInfo(url="https://news.example.org/", name="Example explainers", description="Test site.")
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"

CONTENT = textwrap.dedent(
    """\
    sources:
      - id: src-a
        publisher: "Open <b>Magazine</b>"
        title: "An article </script><script>alert(1)</script>"
        date: "2026-02-03"
        url: https://example.org/article
      - id: src-b
        publisher: Second Publisher
        title: A report without a web address
        date: "2026-01"
    entities:
      - id: india
        name: India
        kind: country
        description: "A country <img src=x onerror=alert(1)>."
    explainer:
      id: sample
      title: "Sample <script>alert(1)</script> explainer"
      standfirst: "A standfirst about [[e:india]] </script><!-- & more."
      published: "2026-02-01"
      updated: "2026-02-04"
      tags: [minerals]
      questions:
        - id: first
          question: "What is <img src=x onerror=alert(1)> here?"
          short: "Short answer with <script>alert(1)</script> in it."
          answer: |
            An answer about [[e:india]] and [[q:second|the second question]].

            <script>alert(1)</script>
            <img src=x onerror=alert(1)>
            <a href="javascript:alert(1)">click</a>

            ![A chart of exports](https://example.org/chart.png)
          sources: [src-a, src-b]
          updated: "2026-02-04"
        - id: second
          question: "Second </script><script>alert(2)</script> question?"
          short: Second short answer.
          answer: |
            See [the report](https://example.org/page) and [[q:first]].

            - one point
            - another point
          sources: [src-a]
    """
)

SECOND = textwrap.dedent(
    """\
    explainer:
      id: older
      title: An older explainer
      standfirst: Older standfirst.
      published: "2026-01-10"
      updated: "2026-01-12"
      questions:
        - id: old-one
          question: The older question?
          short: Older short answer.
          answer: Older answer, see [[x:sample]].
          sources: [src-b]
    """
)


def write_content(root: Path, extra: dict[str, str] | None = None) -> Path:
    """Write the fixture content under ``root/content``; return that folder."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "sample.yml").write_text(CONTENT, encoding="utf-8")
    (content / "older.yml").write_text(SECOND, encoding="utf-8")
    for name, text in (extra or {}).items():
        (content / name).write_text(text, encoding="utf-8")
    return content


def too_big_for_gmail() -> str:
    """An explainer whose question's email snippet Gmail would clip: found only while sharing."""
    answer = "\n\n".join(["Word " * 200] * 120)
    head = textwrap.dedent(
        """\
        explainer:
          id: big
          title: Big
          standfirst: Standfirst.
          published: "2026-02-01"
          updated: "2026-02-01"
          questions:
            - id: big-q
              question: Big?
              short: Short.
              answer: |
        """
    )
    return head + textwrap.indent(answer, " " * 8) + "\n      sources: [src-a]\n"


def build_fixture(root: Path) -> Result:
    """Validate and render the fixture content with newsletter outputs for SITE."""
    return check(write_content(root), site_info=SITE)


@dataclass
class Tag:
    """A start tag seen in HTML."""

    name: str
    attrs: dict[str, str]


class Inspector(HTMLParser):
    """Record every start tag (with attributes) and the visible text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[Tag] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(Tag(tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def inspect(html: str) -> Inspector:
    """Parse ``html``; return its tags and text."""
    parser = Inspector()
    parser.feed(html)
    parser.close()
    return parser


def markup_problems(html: str) -> list[str]:
    """Return every way ``html`` is not email-safe markup (empty when it is)."""
    found = []
    if re.search(r"<\s*(script|style|link|iframe|object|embed)\b", html, re.I):
        found.append("a <script>, <style>, <link> or embedded-content tag")
    if re.search(r"<[^>]*\son[a-z]+\s*=", html, re.I):
        found.append("an event handler attribute inside a tag")
    for tag in inspect(html).tags:
        for name, value in tag.attrs.items():
            if name.startswith("on") or name == "class":
                found.append(f"<{tag.name} {name}=...>")
            if name in ("href", "src") and not re.match(r"^(https?://|mailto:)", value):
                found.append(f"<{tag.name} {name}={value!r}> is not an absolute http(s) URL")
        if tag.name == "img" and not ("alt" in tag.attrs and tag.attrs.get("width")):
            found.append(f"<img> without alt or width: {tag.attrs}")
    return found


def snippet(pages: dict[str, str], kind: str, item_id: str) -> Snippet:
    """Return the snippet of question (``q``) or explainer (``x``) ``item_id`` from its embed bundle."""
    bundles = [from_json(text) for path, text in sorted(pages.items()) if path.startswith("embed/x/")]
    if kind == "x":
        return next(b for b in bundles if b.explainer_id == item_id).explainer_snippet()
    return next(b for b in bundles if item_id in b.questions).question_snippet(item_id)
