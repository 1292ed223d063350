"""Command line: build, check; every content problem reported at once, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import editor_cli, failures, lint, messages, newsletter
from .failures import FAILURES
from .pipeline import build, check
from .siteinfo import read_site_info
from .write import clean


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
    parser.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="MkDocs config with the site_url for embeds and feeds (default: mkdocs.yml)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("build", "validate content and write Markdown into docs/"),
        ("check", "validate content only"),
    ):
        cmd = sub.add_parser(name, help=text)
        cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    sub.add_parser("clean", help="delete every generated file (hand-written files stay)")
    editor_cli.add_commands(sub)
    newsletter.add_command(sub)
    errors = sub.add_parser("errors", help="list every error message and how to fix it")
    errors.add_argument("--markdown", action="store_true", help="print the README section")
    errors.add_argument("--readme", type=Path, help="rewrite that section of this README in place")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command; return the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "errors":
        return messages.cli(args.markdown, args.readme)
    if not args.content.is_dir():
        print(f"error: content folder {args.content} not found", file=sys.stderr)
        return 2
    if args.command in editor_cli.COMMANDS:
        return editor_cli.run(args)
    if args.command == "newsletter":
        return newsletter.run(args)
    if args.command == "clean":
        removed = clean(args.docs)
        print(f"{len(removed.deleted)} generated files deleted")
        return 0
    try:
        info = read_site_info(args.config) if args.command == "build" or args.config.is_file() else None
        if args.command == "build":
            result = build(args.content, args.docs, strict=args.strict, site_info=info)
        else:
            result = check(args.content, strict=args.strict, site_info=info)
    except FAILURES as exc:
        return failures.report(exc)
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
        print("editorial summary:", *lint.summary(site, result.graph, result.warnings), sep="\n")
    return 0
