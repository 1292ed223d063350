"""``python -m generator newsletter``: one email-ready issue from chosen questions and explainers."""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .embed import GMAIL_CLIP_BYTES, Embeds, Part, email_environment
from .failures import FAILURES, report
from .pipeline import check
from .siteinfo import read_site_info

DEFAULT_OUT = Path("newsletter/newsletter.html")


@dataclass(frozen=True)
class Issue:
    """A composed newsletter: the HTML document and its plain-text part."""

    html: str
    text: str

    def size(self) -> int:
        """Return the size of the HTML in bytes."""
        return len(self.html.encode("utf-8"))


def add_command(sub: argparse._SubParsersAction) -> None:
    """Add the ``newsletter`` command to the command line."""
    cmd = sub.add_parser("newsletter", help="compose an email-ready issue from questions and explainers")
    cmd.add_argument("items", nargs="+", metavar="ITEM", help="q:question-id, x:explainer-id, or a bare id")
    cmd.add_argument("--intro", default="", help="intro line at the top of the issue")
    cmd.add_argument("--title", default="", help="title of the issue (default: the site name)")
    cmd.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"HTML file to write; the text part goes next to it as .txt (default: {DEFAULT_OUT})",
    )


def resolve(embeds: Embeds, items: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    """Turn ``q:id``, ``x:id`` or bare ids into (kind, id) pairs; return them and any errors."""
    questions = set(embeds.site.questions)
    explainers = {e.id for e in embeds.site.explainers}
    chosen, errors = [], []
    for item in items:
        prefix, sep, item_id = item.partition(":") if ":" in item else ("", "", item)
        if prefix not in ("", "q", "x"):
            errors.append(f"{item!r}: expected q:question-id, x:explainer-id or a bare id")
            continue
        if not prefix:
            prefix = "q" if item_id in questions else "x" if item_id in explainers else ""
        known = {"q": questions, "x": explainers}.get(prefix, questions | explainers)
        if prefix and item_id in known:
            chosen.append((prefix, item_id))
            continue
        close = difflib.get_close_matches(item_id, sorted(known), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
        what = {"q": "question", "x": "explainer"}.get(prefix, "question or explainer")
        errors.append(f"unknown {what} {item_id!r}{hint}")
    return chosen, errors


def compose(embeds: Embeds, chosen: list[tuple[str, str]], title: str = "", intro: str = "") -> Issue:
    """Compose the issue: a title and intro line, then each chosen explainer or question."""
    title = title or embeds.info.name
    parts: list[Part] = [embeds.intro_part(title, intro)]
    explainers = {e.id: e for e in embeds.site.explainers}
    for kind, item_id in chosen:
        if kind == "x":
            parts += embeds.explainer_parts(explainers[item_id], rule=True)
        else:
            parts += [embeds.kicker_part(item_id, rule=True), embeds.question_part(item_id)]
    body = embeds.assemble(parts)
    page = email_environment().get_template("document.html.j2")
    html = page.render(language=embeds.info.language, title=title, body=Markup(body.html))  # noqa: S704
    return Issue(html, body.text)


def run(args: argparse.Namespace) -> int:
    """Run ``newsletter``: write the HTML file and its .txt part; return the exit code."""
    try:
        info = read_site_info(args.config)
        result = check(args.content)
    except FAILURES as exc:
        return report(exc)
    embeds = Embeds(result.site, result.graph, info)
    chosen, errors = resolve(embeds, args.items)
    out: Path = args.out
    if out.resolve().is_relative_to(args.docs.resolve()):
        errors.append(f"{out} is inside {args.docs}/, which the generator owns; write it elsewhere")
    if errors:
        print("\n".join(f"error: {e}" for e in errors), file=sys.stderr)
        return 2
    issue = compose(embeds, chosen, args.title, args.intro)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(issue.html, encoding="utf-8")
    out.with_suffix(".txt").write_text(issue.text, encoding="utf-8")
    if issue.size() > GMAIL_CLIP_BYTES:
        print(
            f"warning: {out} is {issue.size():,} bytes; Gmail clips emails over 102 KB "
            f"({GMAIL_CLIP_BYTES:,} bytes): choose fewer items",
            file=sys.stderr,
        )
    print(f"wrote {out} ({issue.size():,} bytes) and {out.with_suffix('.txt')}")
    return 0
