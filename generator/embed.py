"""Email-ready snippets of every question and explainer: inlined, sanitised HTML, text and Markdown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .email_html import email_html, markdown_html, sanitise
from .email_text import convert, tokenize
from .errors import Problem
from .links import Graph, explainer_page
from .memo import MEMO
from .messages import msg
from .model import Explainer, Site
from .render import TEMPLATES, Renderer
from .siteinfo import SiteInfo

GMAIL_CLIP_BYTES = 102 * 1000  # Gmail clips messages over "102 KB"; count conservatively
EXTENSIONS = {"html": "html", "text": "txt", "markdown": "md.txt"}


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
    """One block of an email: its HTML (before CSS inlining), text and Markdown; after a rule?"""

    html: Markup
    text: str
    markdown: str
    rule: bool = False


def email_environment() -> Environment:
    """Return the Jinja environment of the email templates (HTML-escaping, strict)."""
    return Environment(
        loader=FileSystemLoader(TEMPLATES / "email"),
        undefined=StrictUndefined,
        autoescape=True,
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def embed_path(kind: str, item_id: str, form: str) -> str:
    """Return the docs-relative path of a snippet: kind 'q' or 'x', form html, text or markdown."""
    return f"embed/{kind}/{item_id}.{EXTENSIONS[form]}"


class EmailRenderer(Renderer):
    """The page renderer, with every cross-reference an absolute URL on the live site."""

    def __init__(self, site: Site, graph: Graph, info: SiteInfo) -> None:
        super().__init__(site, graph)
        self.info = info

    def url(self, page: str, to_page: str, anchor: str = "") -> str:
        """Return the absolute URL of a target page and anchor."""
        return self.info.page_url(to_page, anchor)


class Embeds:
    """Build the email views of questions and explainers and render them to snippets."""

    def __init__(self, site: Site, graph: Graph, info: SiteInfo) -> None:
        self.site, self.info = site, info
        self.renderer = EmailRenderer(site, graph, info)
        self.env = email_environment()
        self.site_view = {"url": info.url, "name": info.name}
        self._html: dict[tuple[str, str], Markup] = {}
        self._parts: dict[str, Part] = {}
        self._footer: Part | None = None

    def html(self, page: str, markdown: str) -> Markup:
        """Render content Markdown written on ``page`` to sanitised HTML with absolute links."""
        key = (page, markdown)
        if key not in self._html:
            prose = self.renderer.prose(page, markdown)
            clean = MEMO.get(
                "email-html",
                (self.info.url, page, prose),
                lambda: sanitise(markdown_html(prose), lambda url: self.info.absolute(page, url)),
            )
            self._html[key] = Markup(clean)  # sanitised by nh3 just above
        return self._html[key]

    def plain(self, page: str, markdown: str) -> str:
        """Return content Markdown as one line of plain text (for descriptions and JSON-LD)."""
        html = self.html(page, markdown)
        return MEMO.get("email-plain", (html,), lambda: convert(html, "plain"))

    def question_view(self, question_id: str) -> dict[str, Any]:
        """Return what the email templates need to show one question."""
        explainer, q = self.site.questions[question_id]
        page = explainer_page(explainer.id)
        sources = [self.site.sources[s] for s in q.sources if s in self.site.sources]
        return {
            "kind": "question",
            "explainer_title": explainer.title,
            "explainer_url": self.info.page_url(page),
            "url": self.info.page_url(page, q.id),
            "question": q.question,
            "updated": q.updated.human() if q.updated else "",
            "change_note": q.change_note or "",
            "short": q.short,
            "answer_html": self.html(page, q.answer),
            "sources": [
                {
                    "title": s.title,
                    "publisher": s.publisher,
                    "date": s.date.human(),
                    "url": s.url or self.info.page_url("sources.md", s.id),
                }
                for s in sources
            ],
        }

    def explainer_view(self, explainer: Explainer) -> dict[str, Any]:
        """Return what the email templates need to show a whole explainer."""
        page = explainer_page(explainer.id)
        return {
            "kind": "explainer",
            "url": self.info.page_url(page),
            "title": explainer.title,
            "published": explainer.published.human(),
            "updated": explainer.updated.human() if explainer.updated != explainer.published else "",
            "standfirst_html": self.html(page, explainer.standfirst),
        }

    def part(self, template: str, rule: bool = False, **context: Any) -> Part:
        """Render one block of an email (a question, a heading) to HTML, text and Markdown."""
        html = self.env.get_template(template).render(site=self.site_view, **context)
        text, markdown = MEMO.get("email-part", (html,), lambda: _text_forms(html))
        return Part(Markup(html), text, markdown, rule)  # noqa: S704

    def question_part(self, question_id: str, rule: bool = False) -> Part:
        """Return the block of one question (cached: questions recur in explainers and feeds)."""
        if question_id not in self._parts:
            self._parts[question_id] = self.part("question.html.j2", q=self.question_view(question_id))
        cached = self._parts[question_id]
        return Part(cached.html, cached.text, cached.markdown, rule)

    def explainer_parts(self, explainer: Explainer, rule: bool = False) -> list[Part]:
        """Return the blocks of a whole explainer: its heading and standfirst, then each question."""
        head = self.part("explainer.html.j2", rule, x=self.explainer_view(explainer))
        return [head, *(self.question_part(q.id, rule=True) for q in explainer.questions)]

    def assemble(self, parts: list[Part]) -> Snippet:
        """Put blocks into the 600 px email column; inline CSS, sanitise; join text and Markdown."""
        if self._footer is None:
            self._footer = self.part("footer.html.j2")
        parts = [*parts, self._footer]
        frame = self.env.get_template("frame.html.j2").render(parts=parts)
        html = MEMO.get("email-frame", (frame,), lambda: email_html(frame))
        text = "".join(("\n" + "-" * 24 + "\n\n" if p.rule else "\n") + p.text for p in parts)
        markdown = "".join(("\n---\n\n" if p.rule else "\n") + p.markdown for p in parts)
        return Snippet(html + "\n", text.lstrip("\n"), markdown.lstrip("\n"))

    def question(self, question_id: str) -> Snippet:
        """Return the snippet of one question."""
        kicker = self.part("kicker.html.j2", q=self.question_view(question_id))
        return self.assemble([kicker, self.question_part(question_id)])

    def explainer(self, explainer: Explainer) -> Snippet:
        """Return the snippet of a whole explainer."""
        return self.assemble(self.explainer_parts(explainer))

    def all(self) -> dict[tuple[str, str], Snippet]:
        """Return every snippet of the site, keyed by ('q', id) or ('x', id)."""
        out: dict[tuple[str, str], Snippet] = {}
        for explainer in self.site.explainers:
            out[("x", explainer.id)] = self.explainer(explainer)
            for q in explainer.questions:
                out[("q", q.id)] = self.question(q.id)
        return out


def _text_forms(html: str) -> tuple[str, str]:
    """Return the plain-text and Markdown forms of an email block's HTML."""
    tokens = tokenize(html)
    return convert(tokens, "text"), convert(tokens, "markdown")


def files(snippets: dict[tuple[str, str], Snippet]) -> dict[str, str]:
    """Return the snippet files to write: docs-relative path -> text."""
    out = {}
    for (kind, item_id), snippet in sorted(snippets.items()):
        out[embed_path(kind, item_id, "html")] = snippet.html
        out[embed_path(kind, item_id, "text")] = snippet.text
        out[embed_path(kind, item_id, "markdown")] = snippet.markdown
    return out


def size_problems(site: Site, snippets: dict[tuple[str, str], Snippet]) -> list[Problem]:
    """Return an error for every snippet that Gmail would clip, naming its file and size."""
    problems = []
    for (kind, item_id), snippet in sorted(snippets.items()):
        if snippet.size() <= GMAIL_CLIP_BYTES:
            continue
        origin = site.origins[("question" if kind == "q" else "explainer", item_id)]
        field = ("answer",) if kind == "q" else ("questions",)
        message = msg(
            "output.email-clipped",
            path=embed_path(kind, item_id, "html"),
            size=snippet.size(),
            limit=GMAIL_CLIP_BYTES,
            what="answer" if kind == "q" else "explainer or split it",
        )
        problems.append(origin.problem(field, message))
    return problems
