"""Email-ready blocks of every question and explainer: inlined, sanitised HTML, text and Markdown.

Each block (a question, its kicker, an explainer's heading, the footer) is rendered from three
templates in ``templates/email/``: ``<name>.html.j2``, ``<name>.txt.j2`` and ``<name>.md.j2``.
Answers are parsed once per form by a compiled CommonMark parser (pyromark), so no HTML is
parsed back into text. ``bundle.py`` inlines the CSS of a whole explainer at once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from .email_html import content_cleaner, email_html, markdown_html
from .email_text import WIDTH, convert, fill, markdown_tokens
from .email_text import md_escape as md
from .email_text import md_url as url_md
from .links import Graph, explainer_page
from .markdown_text import SAFE_SCHEMES, link_urls, url_scheme
from .markdown_text import text as text_md
from .memo import MEMO
from .model import Explainer, Site
from .render import TEMPLATES, Renderer, ViewEnvironment
from .siteinfo import SiteInfo

GMAIL_CLIP_BYTES = 102 * 1000  # Gmail clips messages over "102 KB"; count conservatively
TEXT_RULE = "-" * 24


@dataclass(frozen=True)
class Snippet:
    """One email-ready snippet in its three forms."""

    html: str
    text: str
    markdown: str

    def size(self) -> int:
        """Return the size of the HTML in bytes, as an email client counts it."""
        return len(self.html.encode("utf-8"))


@dataclass(frozen=True)
class Part:
    """One block of an email: its HTML (CSS not yet inlined), text and Markdown; after a rule?"""

    html: Markup
    text: str
    markdown: str
    rule: bool = False


@functools.cache  # as render.environment: compiled once per process, edited templates still reload
def email_environment(autoescape: bool = True) -> Environment:
    """Return the Jinja environment of the email templates (strict; HTML-escaping for HTML).

    The templates use no Jinja globals (``range``, ``dict``, ...); without them every render
    sets up its context faster (a template that used one would fail: the environment is strict).
    """
    env = ViewEnvironment(
        loader=FileSystemLoader(TEMPLATES / "email"),
        undefined=StrictUndefined,
        autoescape=autoescape,
        auto_reload=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.clear()
    return env


def underline(text: str, char: str = "=") -> str:
    """Return the text-email underline of a heading."""
    return char * min(len(text), WIDTH)


def join_text(parts: list[Part]) -> tuple[str, str]:
    """Join the text and Markdown of blocks as one email: a rule line where a block asks for it."""
    text = "".join(("\n" + TEXT_RULE + "\n\n" if p.rule else "\n") + p.text for p in parts)
    markdown = "".join(("\n---\n\n" if p.rule else "\n") + p.markdown for p in parts)
    return text.lstrip("\n"), markdown.lstrip("\n")


class EmailRenderer(Renderer):
    """The page renderer, with every cross-reference an absolute URL on the live site."""

    def __init__(self, site: Site, graph: Graph, info: SiteInfo) -> None:
        super().__init__(site, graph)
        self.info = info
        self._page_urls: dict[str, str] = {}

    def page_url(self, page: str, anchor: str = "") -> str:
        """Return ``info.page_url(page, anchor)``, working out each page's URL once."""
        if page not in self._page_urls:
            self._page_urls[page] = self.info.page_url(page)
        return self._page_urls[page] + (f"#{anchor}" if anchor else "")

    def url(self, page: str, to_page: str, anchor: str = "") -> str:
        """Return the absolute URL of a target page and anchor."""
        return self.page_url(to_page, anchor)

    def link(self, page: str, kind: str, target_id: str, label: str | None = None) -> str:
        """Return a Markdown link to a target on the live site (no tooltip: email shows none)."""
        target = self.graph.targets[(kind, target_id)]
        return f"[{label or text_md(target.title)}]({self.url(page, target.page, target.anchor)})"


class Embeds:
    """Build the email views of questions and explainers and render them to blocks."""

    def __init__(self, site: Site, graph: Graph, info: SiteInfo) -> None:
        self.site, self.graph, self.info = site, graph, info
        self.renderer = EmailRenderer(site, graph, info)
        self.env, self.text_env = email_environment(), email_environment(autoescape=False)
        self.site_view = {
            "url": info.url,
            "name": info.name,
            "url_md": url_md(info.url),
            "name_md": md(info.name),
        }
        self._parts: dict[str, Part] = {}
        self._kickers: dict[str, Part] = {}
        self._templates: dict[str, tuple[Template, Template, Template]] = {}
        self._prose: dict[tuple[str, str], str] = {}
        self._plain: dict[tuple[str, str], str] = {}
        self._cleaners: dict[str, nh3.Cleaner] = {}
        self._footer: Part | None = None

    def prose(self, page: str, markdown: str) -> str:
        """Return content Markdown written on ``page`` with cross-references as absolute links."""
        key = (page, markdown)
        if key not in self._prose:
            self._prose[key] = self.renderer.prose(page, markdown)
        return self._prose[key]

    def html(self, page: str, markdown: str) -> Markup:
        """Render content Markdown written on ``page`` to sanitised HTML with absolute links."""
        prose = self.prose(page, markdown)
        if page not in self._cleaners:
            self._cleaners[page] = content_cleaner(self._resolver(page))
        clean = MEMO.get(
            "email-html",
            (self.info.url, page, prose),
            lambda: self._cleaners[page].clean(markdown_html(prose)),
        )
        return Markup(clean)  # noqa: S704 - sanitised by nh3 just above

    def text(self, page: str, markdown: str, style: str = "text") -> str:
        """Return content Markdown as wrapped plain text (``text``) or one line (``plain``)."""
        prose = self.prose(page, markdown)
        resolve = self._resolver(page)
        return MEMO.get(
            "email-" + style,
            (self.info.url, page, prose),
            lambda: convert(markdown_tokens(prose, resolve), style).rstrip("\n"),
        )

    def markdown(self, page: str, markdown: str) -> str:
        """Return content Markdown for email: as written when every link is absolute and safe.

        Otherwise it is written afresh from its parsed form, with relative links made absolute
        and unsafe ones dropped (as the HTML has them).
        """
        prose = self.prose(page, markdown)
        if all(url_scheme(url) in SAFE_SCHEMES for url in link_urls(prose)):
            return prose.strip()
        return self.text(page, markdown, "markdown").strip()

    def plain(self, page: str, markdown: str) -> str:
        """Return content Markdown as one line of plain text (for descriptions and JSON-LD)."""
        key = (page, markdown)  # a standfirst is a description in the head, its JSON-LD and the feeds
        if key not in self._plain:
            self._plain[key] = self.text(page, markdown, "plain")
        return self._plain[key]

    def page_url(self, page: str, anchor: str = "") -> str:
        """Return the absolute URL of a docs-relative page and anchor."""
        return self.renderer.page_url(page, anchor)

    def _resolver(self, page: str) -> Callable[[str], str]:
        """Return what makes a URL written on ``page`` absolute."""
        return lambda url: self.info.absolute(page, url)

    def question_view(self, question_id: str) -> dict[str, Any]:
        """Return what the email templates need to show one question, in all three forms."""
        explainer, q = self.site.questions[question_id]
        page = explainer_page(explainer.id)
        url, explainer_url = self.page_url(page, q.id), self.page_url(page)
        sources = [self.site.sources[s] for s in q.sources if s in self.site.sources]
        cited = [
            (s.title, s.url or self.page_url("sources.md", s.id), f"({s.publisher}, {s.date.human()})")
            for s in sources
        ]
        updated = q.updated.human() if q.updated else ""
        dateline = f"Updated {updated}" + (f" \u00b7 {q.change_note}" if q.change_note else "")
        return {
            "kind": "question",
            "explainer_title": explainer.title,
            "explainer_title_md": md(explainer.title),
            "explainer_url": explainer_url,
            "explainer_url_md": url_md(explainer_url),
            "url": url,
            "url_md": url_md(url),
            "question": q.question,
            "question_md": md(q.question),
            "underline": underline(q.question),
            "updated": updated,
            "change_note": q.change_note or "",
            "dateline_text": fill(dateline),
            "dateline_md": md(dateline),
            "short": q.short,
            "short_text": fill(q.short),
            "short_md": md(q.short),
            "answer_html": self.html(page, q.answer),
            "answer_text": self.text(page, q.answer),
            "answer_md": self.markdown(page, q.answer),
            "sources": [
                {"title": t, "url": u, "publisher": s.publisher, "date": s.date.human()}
                for (t, u, _), s in zip(cited, sources, strict=True)
            ],  # fmt: skip
            "sources_text": fill("Sources: " + "; ".join(f"{t} ({u}) {d}" for t, u, d in cited)),
            "sources_md": "; ".join(f"[{md(t)}]({url_md(u)}) {md(d)}" for t, u, d in cited),
        }

    def explainer_view(self, explainer: Explainer) -> dict[str, Any]:
        """Return what the email templates need to show a whole explainer's heading."""
        page = explainer_page(explainer.id)
        url = self.page_url(page)
        updated = explainer.updated.human() if explainer.updated != explainer.published else ""
        dateline = f"Published {explainer.published.human()}" + (
            f" \u00b7 Updated {updated}" if updated else ""
        )
        return {
            "kind": "explainer",
            "url": url,
            "url_md": url_md(url),
            "title": explainer.title,
            "title_md": md(explainer.title),
            "underline": underline(explainer.title),
            "published": explainer.published.human(),
            "updated": updated,
            "dateline_text": fill(dateline),
            "dateline_md": md(dateline),
            "standfirst_html": self.html(page, explainer.standfirst),
            "standfirst_text": self.text(page, explainer.standfirst),
            "standfirst_md": self.markdown(page, explainer.standfirst),
        }

    def part(self, name: str, rule: bool = False, **context: Any) -> Part:
        """Render one block (``question``, ``kicker``, ...) from its HTML, text and Markdown templates."""
        context["site"] = self.site_view
        if name not in self._templates:
            self._templates[name] = (
                self.env.get_template(f"{name}.html.j2"),
                self.text_env.get_template(f"{name}.txt.j2"),
                self.text_env.get_template(f"{name}.md.j2"),
            )
        html, text, markdown = (template.render(context) for template in self._templates[name])
        return Part(Markup(html), text.strip("\n") + "\n", markdown.strip("\n") + "\n", rule)  # noqa: S704

    def intro_part(self, title: str, intro: str) -> Part:
        """Return the heading block of a newsletter issue: its title and optional introduction."""
        return self.part(
            "intro", title=title, intro=intro, underline=underline(title), title_md=md(title),
            intro_text=fill(intro), intro_md=md(intro),
        )  # fmt: skip

    def question_part(self, question_id: str, rule: bool = False) -> Part:
        """Return the block of one question (cached: questions recur in explainers and feeds)."""
        if question_id not in self._parts:
            self._parts[question_id] = self.part("question", q=self.question_view(question_id))
        cached = self._parts[question_id]
        return Part(cached.html, cached.text, cached.markdown, rule)

    def forget(self, explainer: Explainer) -> None:
        """Drop what was cached for an explainer's questions (a site's build needs each once)."""
        page = explainer_page(explainer.id)
        for q in explainer.questions:
            self._parts.pop(q.id, None)
            self._prose.pop((page, q.answer), None)

    def kicker_part(self, question_id: str, rule: bool = False) -> Part:
        """Return the line above a question on its own: the explainer it belongs to."""
        explainer, _ = self.site.questions[question_id]
        if explainer.id not in self._kickers:
            url = self.page_url(explainer_page(explainer.id))
            view = {"explainer_title": explainer.title, "explainer_url": url,
                    "explainer_title_md": md(explainer.title), "explainer_url_md": url_md(url)}  # fmt: skip
            self._kickers[explainer.id] = self.part("kicker", q=view)
        cached = self._kickers[explainer.id]
        return Part(cached.html, cached.text, cached.markdown, rule)

    def explainer_parts(self, explainer: Explainer, rule: bool = False) -> list[Part]:
        """Return the blocks of a whole explainer: its heading and standfirst, then each question."""
        head = self.part("explainer", rule, x=self.explainer_view(explainer))
        return [head, *(self.question_part(q.id, rule=True) for q in explainer.questions)]

    def footer(self) -> Part:
        """Return the closing line of every snippet."""
        if self._footer is None:
            self._footer = self.part("footer")
        return self._footer

    def frame(self, parts: list[Part]) -> str:
        """Put blocks into the 600 px email column (CSS not yet inlined)."""
        return self.env.get_template("frame.html.j2").render(parts=parts)

    def assemble(self, parts: list[Part]) -> Snippet:
        """Return one snippet of ``parts`` and the footer: CSS inlined, sanitised, text joined."""
        parts = [*parts, self.footer()]
        text, markdown = join_text(parts)
        return Snippet(email_html(self.frame(parts)) + "\n", text, markdown)
