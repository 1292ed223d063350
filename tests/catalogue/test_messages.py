"""Catalogue, messages: every message is pinned by a test, and the README lists exactly the catalogue."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from string import Formatter

import test_model_layer
import test_yaml_layer

from generator import messages
from generator.messages import CATALOGUE, code_of

ROOT = Path(__file__).resolve().parents[2]


def _message(line: str) -> str:
    """The message part of ``file:line:column: error: [path: ]message``."""
    rest = line.split(": error: ", 1)[1]
    return rest if code_of(rest) else rest.split(": ", 1)[1]


def _fragments(template: str) -> list[str]:
    """The literal parts of a template, longest first."""
    parts = [literal.strip() for literal, *_ in Formatter().parse(template)]
    return sorted((p for p in parts if p), key=len, reverse=True)


def test_readme_error_section_is_generated_from_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert messages.markdown() in readme
    assert messages.replace_section(readme) == readme


def test_cli_prints_the_readme_section() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "errors", "--markdown"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == messages.markdown()


def test_every_message_is_pinned_by_a_test() -> None:
    pinned = {code_of(_message(line)) for line in [*test_yaml_layer.PINNED, *test_model_layer.PINNED]}
    tests = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests").rglob("test_*.py")))
    tests = re.sub(r'"\s*\n\s*f?"', "", tests)  # join implicitly concatenated string literals
    missing = []
    for code, message in CATALOGUE.items():
        if code in pinned:
            continue
        longest = _fragments(message.template)
        if not longest or longest[0][:24] not in tests:  # at least its distinctive start
            missing.append(code)
    assert missing == []


def test_codes_are_unique_and_templates_distinct() -> None:
    templates = [m.template for m in CATALOGUE.values()]
    assert len(set(templates)) == len(templates)
    for code, message in CATALOGUE.items():
        assert code.split(".")[0] in {"yaml", "model", "links", "lint", "output", "write"}
        assert message.fix.endswith((".", ")")), code
