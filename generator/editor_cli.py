"""Editor commands of the command line: ``schema`` and ``new explainer|question``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import scaffold
from .schema import SCHEMA_FILE, schema_text, write_schema

COMMANDS = ("schema", "new")


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the editor commands to the top-level parser."""
    schema = sub.add_parser("schema", help="write the JSON Schema of content to schema/content.schema.json")
    schema.add_argument("--output", type=Path, default=SCHEMA_FILE, help="where to write it")
    schema.add_argument("--check", action="store_true", help="fail if the file is out of date")
    new = sub.add_parser("new", help="add an explainer or question skeleton")
    kinds = new.add_subparsers(dest="kind", required=True)
    explainer = kinds.add_parser("explainer", help="create content/explainers/ID.yml")
    explainer.add_argument("id")
    question = kinds.add_parser("question", help="add a question at the end of an explainer")
    question.add_argument("explainer")
    question.add_argument("id")
    question.add_argument("--source", action="append", help="a source id to cite (repeatable)")
    for cmd in (explainer, question):
        cmd.add_argument("--date", help="published/updated date, YYYY-MM-DD (default: today)")


def run(args: argparse.Namespace) -> int:
    """Run an editor command; return the exit code."""
    if args.command == "schema":
        if args.check:
            current = args.output.read_text(encoding="utf-8") if args.output.is_file() else ""
            if current != schema_text():
                print(f"error: {args.output} is out of date; run `make schema`", file=sys.stderr)
                return 1
            print(f"{args.output} is up to date")
            return 0
        changed = write_schema(args.output)
        print(f"{args.output} {'written' if changed else 'unchanged'}")
        return 0
    try:
        if args.kind == "explainer":
            path = scaffold.new_explainer(args.content, args.id, args.date)
            follow = f"make new-question EXPLAINER={args.id} ID=question-id"
        else:
            path = scaffold.new_question(args.content, args.explainer, args.id, args.source, args.date)
            follow = "make check"
    except scaffold.ScaffoldError as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 1
    print(f"{path}: added {args.kind} {args.id!r}; replace every TODO, then run: {follow}")
    return 0
