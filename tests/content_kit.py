"""Small inline content for tests: YAML snippets, and helpers that run the stages on them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.errors import Problem
from generator.links import Graph, link
from generator.load import parse
from generator.model import Site, build_site

ROOT = Path(__file__).resolve().parents[1]

SOURCES = """\
sources:
  - id: src-a
    publisher: Open Magazine
    title: An article
    date: "2026-02"
"""

ENTITIES = """\
entities:
  - id: marco-rubio
    name: Marco Rubio
    kind: person
    description: US Secretary of State.
    aliases: [Rubio]
  - id: india
    name: India
    kind: country
    description: A country in South Asia.
"""

EVENTS = """\
events:
  - id: ministerial
    date: "2026-02"
    title: A ministerial
    description: Called by [[e:marco-rubio]].
    sources: [src-a]
    questions: [q-one]
"""

EXPLAINER = """\
explainer:
  id: first
  title: First explainer
  standfirst: What this is about.
  published: "2026-02-05"
  updated: "2026-02-05"
  tags: [minerals]
  questions:
    - id: q-one
      question: What is it?
      short: A short answer.
      answer: |
        It involves [[e:india]].
      sources: [src-a]
    - id: q-two
      question: Why now?
      short: Another short answer.
      answer: See [[q:q-one]].
      sources: [src-a]
"""

BASE = {
    "content/sources.yml": SOURCES,
    "content/entities.yml": ENTITIES,
    "content/timeline.yml": EVENTS,
    "content/explainers/first.yml": EXPLAINER,
}


def dedent(text: str) -> str:
    """Strip the common indentation of an inline YAML snippet."""
    return textwrap.dedent(text).lstrip("\n")


def run_stages(files: dict[str, str], strict: bool = False) -> tuple[Site, Graph, list[Problem]]:
    """Parse, validate and link in-memory files (name -> YAML); return site, graph, problems."""
    docs = [parse(name, text) for name, text in sorted(files.items())]
    site, problems = build_site(docs)
    graph, link_problems = link(site, strict=strict)
    return site, graph, sorted(problems + link_problems)


def messages(files: dict[str, str], strict: bool = False) -> list[str]:
    """Return every problem of the files, formatted as the CLI prints them, sorted."""
    return [p.format() for p in run_stages(files, strict=strict)[2]]


def model_messages(files: dict[str, str]) -> list[str]:
    """Return the problems of the load and model stages only (no reference checks), formatted."""
    docs = [parse(name, text) for name, text in sorted(files.items())]
    return [p.format() for p in sorted(build_site(docs)[1])]


def write_content(root: Path, files: dict[str, str]) -> Path:
    """Write files (paths relative to ``root``, e.g. 'content/a.yml') and return ``root/content``."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "content"


def run_cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m generator`` in ``cwd`` (a project: mkdocs.yml gives site_url)."""
    if not (cwd / "mkdocs.yml").exists():
        shutil.copy(ROOT / "mkdocs.yml", cwd / "mkdocs.yml")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
