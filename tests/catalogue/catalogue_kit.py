"""A small valid project for the catalogue tests, and helpers to break it one way at a time."""

from __future__ import annotations

import textwrap
from pathlib import Path

from content_kit import EXPLAINER  # the same explainer as the stage tests

from generator.errors import ContentError
from generator.pipeline import Result, check
from generator.siteinfo import SiteInfo

SITE = SiteInfo(url="https://explainers.example.org/", name="Explainers")

SOURCES = """\
sources:
  - id: src-a
    publisher: Open Magazine
    title: An article
    date: "2026-02-05"
    url: https://example.org/a
"""

ENTITIES = """\
entities:
  - id: india
    name: India
    kind: country
    description: A country in South Asia.
"""

EVENTS = """\
events:
  - id: ministerial
    date: "2026-02-04"
    title: A ministerial
    description: Attended by [[e:india]].
    sources: [src-a]
    questions: [q-one]
"""

BASE = {
    "sources.yml": SOURCES,
    "entities.yml": ENTITIES,
    "events.yml": EVENTS,
    "explainers/first.yml": EXPLAINER,
}


def write_content(root: Path, changes: dict[str, str | bytes | None] | None = None) -> Path:
    """Write the base content with ``changes`` (path -> text, bytes, or None to drop) under root."""
    files: dict[str, str | bytes | None] = {**BASE, **(changes or {})}
    content = root / "content"
    for rel, body in files.items():
        if body is None:
            continue
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(body, bytes):
            path.write_bytes(body)
        else:
            path.write_text(textwrap.dedent(body), encoding="utf-8")
    return content


def errors(root: Path, changes: dict[str, str | bytes | None], strict: bool = False) -> list[str]:
    """Check the base content with ``changes`` (feeds and snippets too); return every error line."""
    try:
        check(write_content(root, changes), strict=strict, site_info=SITE)
    except ContentError as exc:
        return [p.format() for p in exc.problems if p.severity == "error"]
    return []


def valid(root: Path, changes: dict[str, str | bytes | None]) -> Result:
    """Check the base content with ``changes`` and return the result (it must be valid)."""
    return check(write_content(root, changes))
