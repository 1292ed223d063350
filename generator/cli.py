"""Command line: build, check; every content problem reported at once, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import ContentError
from .pipeline import build, check
from .write import WriteError, clean


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument(
        "--content",
        type=Path,
        default=Path("content"),
        help="content folder (default: content)",
    )
    parser.add_argument(
        "--docs",
        type=Path,
        default=Path("docs"),
        help="MkDocs docs folder (default: docs)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("build", "validate content and write Markdown into docs/"),
        ("check", "validate content only"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    sub.add_parser("clean", help="delete every generated file (hand-written files stay)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the process exit code."""
    args = _parser().parse_args(argv)
    if not args.content.is_dir():
        print(f"error: content folder {args.content} not found", file=sys.stderr)
        return 2
    if args.command == "clean":
        removed = clean(args.docs)
        print(f"{len(removed.deleted)} generated files deleted")
        return 0
    try:
        if args.command == "build":
            result = build(args.content, args.docs, strict=args.strict)
        else:
            result = check(args.content, strict=args.strict)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"error: nothing was written:\n{exc}", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(warning.format(), file=sys.stderr)
    site = result.site
    counts = (
        f"{len(site.explainers)} explainers, {len(site.questions)} questions, "
        f"{len(site.entities)} entities, {len(site.events)} events, {len(site.sources)} sources"
    )
    if result.report is not None:
        r = result.report
        print(f"{counts}: {len(r.written)} written, {len(r.unchanged)} unchanged, {len(r.deleted)} deleted")
    else:
        print(f"{counts}: content is valid ({len(result.warnings)} warnings)")
    return 0
