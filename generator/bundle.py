"""One embed bundle per explainer: every email block inlined in one pass, then cut apart.

CSS inlining and the final sanitising pass cost about the same for one block as for forty, so
each explainer's blocks (its heading, and each question's kicker and body) go through css-inline
and nh3 once, inside one email frame, separated by comment markers; the inlined blocks are then
cut apart and joined into the explainer's snippet and each question's. The page's embed control
(docs/javascripts/embed.js) joins a question's snippet from the same bundle exactly as
``question_snippet`` does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .email_html import email_html
from .embed import GMAIL_CLIP_BYTES, Embeds, Part, Snippet, join_text
from .errors import Problem
from .messages import msg
from .model import Explainer, Site

MARKER = "<!--qa-part-->"  # content comments are stripped from answers first, so only ours remain
BUNDLE_VERSION = 1


def bundle_path(explainer_id: str) -> str:
    """Return the docs-relative path of an explainer's embed bundle."""
    return f"embed/x/{explainer_id}.json"


@dataclass(frozen=True)
class Block:
    """A block with its CSS inlined: HTML ready for email, text and Markdown."""

    html: str
    text: str
    markdown: str

    def as_json(self) -> dict[str, str]:
        """Return the block as the bundle stores it."""
        return {"html": self.html, "text": self.text, "markdown": self.markdown}


@dataclass(frozen=True)
class Bundle:
    """Every email block of one explainer, inlined: the frame, its heading, questions, footer."""

    explainer_id: str
    frame: tuple[str, str]
    rule: str
    kicker: Block  # above a question on its own: the explainer it comes from
    head: Block
    footer: Block
    questions: dict[str, Block]  # question id -> its block, in page order

    def question_blocks(self, question_id: str) -> list[tuple[Block, bool]]:
        """Return the blocks of one question's snippet (each after a rule or not): kicker, body, footer."""
        return [(self.kicker, False), (self.questions[question_id], False), (self.footer, False)]

    def explainer_blocks(self) -> list[tuple[Block, bool]]:
        """Return the blocks of the whole explainer's snippet: heading, each question after a rule, footer."""
        return [(self.head, False), *((body, True) for body in self.questions.values()), (self.footer, False)]

    def question_snippet(self, question_id: str) -> Snippet:
        """Return one question's snippet: kicker, question and footer in the frame."""
        return join(self.frame, self.question_blocks(question_id), self.rule)

    def explainer_snippet(self) -> Snippet:
        """Return the whole explainer's snippet: heading, then each question after a rule."""
        return join(self.frame, self.explainer_blocks(), self.rule)

    def html_size(self, blocks: list[tuple[Block, bool]]) -> int:
        """Return the size of the snippet HTML of ``blocks`` (``Snippet.size``) without its text forms."""
        return len(join_html(self.frame, blocks, self.rule).encode("utf-8"))

    def as_json(self) -> str:
        """Return the bundle file: what embed.js needs to join any question's snippet."""
        data: dict[str, Any] = {
            "version": BUNDLE_VERSION,
            "explainer": self.explainer_id,
            "frame": list(self.frame),
            "rule": self.rule,
            "head": self.head.as_json(),
            "kicker": self.kicker.as_json(),
            "footer": self.footer.as_json(),
            "questions": {qid: body.as_json() for qid, body in self.questions.items()},
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def from_json(text: str) -> Bundle:
    """Read a bundle file back (for tools and tests; embed.js reads the same fields)."""
    data = json.loads(text)
    if data.get("version") != BUNDLE_VERSION:
        raise ValueError(f"unknown embed bundle version {data.get('version')!r}")

    def block(d: dict[str, str]) -> Block:
        return Block(d["html"], d["text"], d["markdown"])

    questions = {qid: block(b) for qid, b in data["questions"].items()}
    frame = (data["frame"][0], data["frame"][1])
    head, footer, kicker = block(data["head"]), block(data["footer"]), block(data["kicker"])
    return Bundle(data["explainer"], frame, data["rule"], kicker, head, footer, questions)


def join(frame: tuple[str, str], blocks: list[tuple[Block, bool]], rule: str) -> Snippet:
    """Join inlined blocks (each after a rule or not) into one snippet inside ``frame``."""
    parts = [Part(Markup(""), b.text, b.markdown, r) for b, r in blocks]
    text, markdown = join_text(parts)
    return Snippet(join_html(frame, blocks, rule), text, markdown)


def join_html(frame: tuple[str, str], blocks: list[tuple[Block, bool]], rule: str) -> str:
    """Return the HTML of inlined blocks (each after a rule or not) inside ``frame``."""
    return "\n".join([frame[0], *((rule + "\n" if r else "") + b.html for b, r in blocks), frame[1]]) + "\n"


def build(embeds: Embeds, explainer: Explainer) -> Bundle:
    """Render, inline and sanitise every block of ``explainer`` in one pass, then cut it apart."""
    head, *bodies = embeds.explainer_parts(explainer)
    kicker = embeds.kicker_part(explainer.questions[0].id) if explainer.questions else head
    parts = [kicker, head, *bodies, embeds.footer()]
    rule = Part(Markup('<hr class="rule">'), "", "")
    marked = [Part(Markup(MARKER + str(p.html)), "", "") for p in [rule, *parts]]  # noqa: S704 - both safe
    pieces = email_html(embeds.frame([*marked, Part(Markup(MARKER), "", "")]), keep_comments=True)
    frame_open, *inlined, frame_close = (piece.strip() for piece in pieces.split(MARKER))
    if len(inlined) != len(parts) + 1:
        raise RuntimeError(f"embed bundle of {explainer.id}: blocks lost in inlining")  # a bug, not content
    rule_html, *blocks = (Block(h, p.text, p.markdown) for h, p in zip(inlined, [rule, *parts], strict=True))
    kicker_block, head_block, *body_blocks, footer_block = blocks
    return Bundle(
        explainer.id,
        (frame_open, frame_close),
        rule_html.html,
        kicker_block,
        head_block,
        footer_block,
        {q.id: body for q, body in zip(explainer.questions, body_blocks, strict=True)},
    )


def size_problems(site: Site, b: Bundle) -> list[Problem]:
    """Return an error for every snippet of a bundle that Gmail would clip, naming it and its size."""
    sized = [("explainer", b.explainer_id, b.html_size(b.explainer_blocks()))]
    sized += [("question", qid, b.html_size(b.question_blocks(qid))) for qid in b.questions]
    problems = []
    for kind, item_id, size in sized:
        if size <= GMAIL_CLIP_BYTES:
            continue
        message = msg(
            "output.email-clipped",
            path=f"{bundle_path(b.explainer_id)} ({kind} {item_id})",
            size=size,
            limit=GMAIL_CLIP_BYTES,
            what="answer" if kind == "question" else "explainer or split it",
        )
        field = ("answer",) if kind == "question" else ("questions",)
        problems.append(site.origins[(kind, item_id)].problem(field, message))
    return problems
