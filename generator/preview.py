"""State shared across MkDocs rebuilds: the last good navigation, and how to regenerate."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from .beside import Pending, start
from .errors import ContentError
from .known_files import KnownFiles
from .memo import MEMO
from .pipeline import Result, build
from .reuse import REUSE
from .siteinfo import SiteInfo
from .write import MANIFEST, WriteError, read_manifest


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates kept across rebuilds of a live preview (checked against the source)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill ``bucket`` from memory; Jinja discards it if the template source changed."""
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Remember a freshly compiled template."""
        self.store[bucket.key] = bucket.bytecode_to_string()


@dataclass
class State:
    """What survives between rebuilds of a live preview."""

    serving: bool = False
    templates: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    nav: list[Any] | None = None
    known: KnownFiles = field(default_factory=KnownFiles)  # what was written, not to be read again
    logged: Outcome | None = None  # the last outcome whose "generator: ..." line was printed
    pending: Outcome | None = None  # a run whose share stage goes on beside the page build


@dataclass
class Outcome:
    """The result of one regeneration, as MkDocs needs it."""

    ok: bool
    nav: list[Any] | None
    messages: list[str] = field(default_factory=list)
    info: list[str] = field(default_factory=list)
    generated_nav: list[Any] | None = None  # the generated part of ``nav`` (ok runs only)
    pending: Pending | None = None  # a run whose share stage goes on beside the page build
    took: float = 0.0  # seconds, until this outcome was made


STATE = State()


def hand_written(docs_dir: Path) -> list[str]:
    """Return top-level Markdown pages in docs/ that the generator did not write, sorted."""
    owned = set(read_manifest(docs_dir))
    return sorted(p.name for p in docs_dir.glob("*.md") if p.name not in owned and p.is_file())


def preview_log() -> logging.Logger:
    """Return the live preview's logger: printed like MkDocs' own lines, never counted by strict mode."""
    logger = logging.getLogger("qa_explainer.preview")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger


def hand_written_paths(docs_dir: Path) -> list[Path]:
    """Return top-level entries of docs/ that hold hand-written files (the ones a preview watches)."""
    owned = {docs_dir / rel for rel in read_manifest(docs_dir)} | {docs_dir / MANIFEST}
    found = []
    for entry in sorted(docs_dir.iterdir()):
        if entry.is_dir():
            if any(f.is_file() and f not in owned and not f.name.endswith(".tmp") for f in entry.rglob("*")):
                found.append(entry)
        elif entry not in owned and not entry.name.endswith(".tmp"):
            found.append(entry)
    return found


def refresh_nav(outcome: Outcome, docs_dir: Path) -> None:
    """Set the navigation of a good run: its pages, then the hand-written pages in docs/ now.

    Called by every build, so a run reused by a rebuild takes in pages added since it was made.
    """
    if outcome.ok and outcome.generated_nav is not None:
        outcome.nav = STATE.nav = [*outcome.generated_nav, *hand_written(docs_dir)]


def regenerate(
    content_dir: Path, docs_dir: Path, site_info: SiteInfo | None = None, beside: bool = False
) -> Outcome:
    """Run the pipeline; on failure keep the previous output and navigation (see refresh_nav).

    ``beside`` (``mkdocs build``): the share stage may still be running when this returns
    (generator/beside.py); :func:`finish` waits for it and commits.
    """
    started = time.perf_counter()
    MEMO.active = REUSE.active = STATE.serving
    REUSE.start()
    try:
        if beside and site_info is not None and not STATE.serving:
            pending = start(content_dir, docs_dir, site_info)
            return _outcome(pending.result, started, pending)
        known = STATE.known if STATE.serving else None
        result = build(content_dir, docs_dir, site_info=site_info, known=known)
    except (ContentError, WriteError) as exc:
        return _failed(exc)
    return _outcome(result, started)


def finish(outcome: Outcome) -> Outcome:
    """Wait for the share stage of a run started beside the page build, commit; say how it went."""
    pending, started = outcome.pending, time.perf_counter()
    assert pending is not None
    try:
        result = pending.finish()
    except (ContentError, WriteError) as exc:
        return _failed(exc)
    done = _outcome(result, started - outcome.took)
    told = set(outcome.messages)
    done.messages = [m for m in done.messages if m not in told]  # the ones on_config did not report
    done.info = [f"{done.info[0]} (email bundles beside the page build, waited {pending.share_s:.2f}s)"]
    return done


def _failed(exc: ContentError | WriteError) -> Outcome:
    """Return the outcome of a run stopped by ``exc``: nothing written, the last navigation kept."""
    if isinstance(exc, ContentError):
        return Outcome(False, STATE.nav, exc.report().splitlines())
    return Outcome(False, STATE.nav, [f"nothing was written: {exc}"])


def _outcome(result: Result, started: float, pending: Pending | None = None) -> Outcome:
    """Return the outcome of a good run: its warnings, navigation and, once written, what it wrote."""
    outcome = Outcome(True, None, [w.format() for w in result.warnings], generated_nav=result.rendered.nav)
    outcome.pending, outcome.took = pending, time.perf_counter() - started
    report = result.report
    if report is not None:
        outcome.info.append(
            f"generator: {len(report.written)} written, {len(report.unchanged)} unchanged, "
            f"{len(report.deleted)} deleted in {outcome.took:.2f}s"
        )
    return outcome
