"""Stage 5, write: the only stage that touches docs/. Atomic, manifest-tracked, changed files only."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .known_files import KnownFiles
from .leftovers import STAGING, remove_leftovers, remove_staging
from .messages import msg
from .placement import Placement, delete, prune
from .safe_paths import WriteError, check_path, taken

MANIFEST = ".generated.json"


@dataclass
class WriteReport:
    """What a write did: files written, left as they were, and deleted."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def read_manifest(root: Path) -> list[str]:
    """Return the files the generator wrote last time (empty if there is no manifest)."""
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    files = data.get("files", []) if isinstance(data, dict) else []
    return [f for f in files if isinstance(f, str)]


def _atomic_write(path: Path, data: bytes) -> None:
    """Write a temporary file next to ``path`` (whose folder exists) and rename it over ``path``.

    Creating the file is what costs (about a millisecond on a slow disk); the rename adds little
    and means a reader or a killed run never sees half a page, new or old.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # no fsync: the rename is what makes it atomic
            handle.write(data)
            os.fchmod(fd, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_manifest(root: Path, files: list[str]) -> None:
    body = {
        "generator": "qa-explainer",
        "note": "files written by the generator; do not edit",
        "files": sorted(set(files)),
    }
    data = (json.dumps(body, indent=1) + "\n").encode()
    path = root / MANIFEST
    if not (path.is_file() and path.read_bytes() == data):  # unchanged bytes: no write, no rebuild loop
        _atomic_write(path, data)


def _read(path: Path) -> bytes:
    """Return a file's bytes, unbuffered: as ``read_bytes()`` without the tty and seek checks."""
    with open(path, "rb", buffering=0) as handle:
        return handle.read()


@dataclass
class Journal:
    """What a transaction (or a forked worker's branch of it) was given: small, picklable."""

    paths: list[str] = field(default_factory=list)  # every path put, in order
    checked: list[str] = field(default_factory=list)  # those that passed check_path
    problems: list[tuple[str, int, str]] = field(default_factory=list)  # (path, check order, message)
    staged: dict[str, str] = field(default_factory=dict)  # path -> name of its file in the staging folder
    unchanged: list[str] = field(default_factory=list)


class Transaction:
    """A streamed write: each file checked and compared as it arrives, all of them placed by commit().

    Changed files wait in a staging folder inside ``root`` (the same filesystem: placing them is a
    rename), so nothing else in ``root`` changes before :meth:`commit`. Path problems are gathered
    and reported by :meth:`commit`, all at once and in path order. As a context manager, anything
    staged is dropped if the run fails. With ``known`` (a live preview's), a file whose text and
    stat are as this process left them is taken as unchanged without being checked or read again.
    """

    def __init__(
        self,
        root: Path,
        owned: frozenset[str] | None = None,
        staging: Path | None = None,
        known: KnownFiles | None = None,
    ) -> None:
        self.root = root
        self._known = known
        self._texts: dict[str, str] = {}  # with ``known``: what each checked file holds after commit
        self.owned = frozenset(read_manifest(root)) if owned is None else owned
        self.staging = staging or root / f"{STAGING}{os.getpid()}-{secrets.token_hex(4)}"
        self._journal = Journal()
        self._had_root = root.exists()
        self._seen: dict[str, str] = {}  # check_path's cache of checked folders
        self._all: set[str] = set()
        self._folds: dict[str, list[str]] = {}  # casefolded path -> the checked paths that fold to it
        self._refused = False  # a problem was found: the rest is only checked, not compared or staged
        self._prefix = secrets.token_hex(4)  # a forked worker's branch stages into the same folder
        self._count = 0
        self._done = False
        self._placed: Placement | None = None  # set by place_early: what abort() must undo
        self._early = WriteReport()  # what place_early did
        self._old_manifest: bytes | None = None

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, *exc: object) -> None:
        self.abort()

    def put(self, rel: str, text: str) -> None:
        """Check the path ``rel``; unless the file there already holds ``text``, stage ``text``."""
        if rel in self._all:
            raise ValueError(f"{rel!r} was generated twice")  # a bug in the generator, not content
        self._all.add(rel)
        journal = self._journal
        journal.paths.append(rel)
        if self._known is not None and self._known.unchanged(os.path.join(self.root, rel), text):
            journal.checked.append(rel)
            self._fold(rel)
            journal.unchanged.append(rel)
            return
        path = self._check(rel)
        if self._refused or path is None:
            return
        data = text.encode("utf-8")
        if _holds(path, data):
            journal.unchanged.append(rel)
        else:
            journal.staged[rel] = self._stage(data)
        if self._known is not None:
            self._texts[rel] = text

    def _check(self, rel: str) -> Path | None:
        """Return the target of ``rel``, noting any problem: unsafe path (then None), case, hand-written."""
        journal = self._journal
        try:
            path = check_path(self.root, rel, self._seen)
        except WriteError as exc:
            journal.problems.append((rel, 0, str(exc)))
            self._refused = True
            return None
        journal.checked.append(rel)
        self._fold(rel)
        if rel not in self.owned and taken(path):
            journal.problems.append((rel, 2, msg("write.hand-written", rel=rel)))
            self._refused = True
        return path

    def _fold(self, rel: str) -> None:
        """Track paths that differ only in case (refused by :meth:`commit`)."""
        group = self._folds.setdefault(rel.casefold(), [])
        group.append(rel)
        self._refused = self._refused or len(group) > 1

    def _stage(self, data: bytes) -> str:
        """Write ``data`` to a new file in the staging folder; return its name there."""
        if self._count == 0:
            self.staging.mkdir(parents=True, exist_ok=True)
        self._count += 1
        name = f"{self._prefix}-{self._count}.tmp"
        fd = os.open(self.staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            os.fchmod(fd, 0o644)
        return name

    def branch(self) -> Transaction:
        """Return a transaction staging into the same folder with its own journal (a forked worker's)."""
        twin = Transaction(self.root, self.owned, self.staging)
        twin._seen = self._seen
        return twin

    def journal(self) -> Journal:
        """Return what this transaction was given (a forked worker sends it back to :meth:`merge`)."""
        return self._journal

    def merge(self, journal: Journal) -> None:
        """Take in what a branch was given, as if it had been put here."""
        for rel in journal.paths:
            if rel in self._all:
                raise ValueError(f"{rel!r} was generated twice")
            self._all.add(rel)
        for rel in journal.checked:
            self._fold(rel)
        ours = self._journal
        ours.paths += journal.paths
        ours.checked += journal.checked
        ours.problems += journal.problems
        ours.staged.update(journal.staged)
        ours.unchanged += journal.unchanged

    def problems(self) -> list[str]:
        """Return every reason to refuse the write, in path order (one path: path, case, hand-written)."""
        found = list(self._journal.problems)
        for group in self._folds.values():
            first, *others = sorted(group)
            found += [(rel, 1, msg("write.case-clash", rel=rel, other=first)) for rel in others]
        return [message for _, _, message in sorted(found)]

    def place_early(self, later: frozenset[str]) -> None:
        """First half of a two-phase commit: place what is staged so far and delete stale files.

        ``later`` names every file still to come (from a forked worker, merged before
        :meth:`commit`): they are listed in the manifest now and not deleted. Refuses, changing
        nothing, if a path is unsafe. Every replaced or deleted file is kept aside, so :meth:`abort`
        puts docs/ back as it was; :meth:`commit` places the rest and finishes.
        """
        problems = self.problems()
        if problems:
            raise WriteError("\n".join(problems))
        root, journal = self.root, self._journal
        with contextlib.suppress(OSError):
            self._old_manifest = (root / MANIFEST).read_bytes()
        self._placed = placed = Placement(root, self.staging / "replaced")
        root.mkdir(parents=True, exist_ok=True)
        remove_leftovers(root, [MANIFEST, *journal.paths, *later])
        _write_manifest(root, [*self.owned, *journal.paths, *later])
        self._early = WriteReport(sorted(journal.staged), sorted(journal.unchanged))
        for rel in self._early.written:
            placed.place(os.path.join(self.staging, journal.staged.pop(rel)), rel)
        journal.unchanged = []
        for rel in sorted(self.owned - self._all - later):
            with contextlib.suppress(WriteError):  # (delete() skips the same paths)
                if check_path(root, rel) and placed.remove(rel):
                    self._early.deleted.append(rel)
                    prune(root, (root / rel).parent)

    def commit(self) -> WriteReport:
        """Refuse if any path is unsafe; else place staged files, delete stale ones, update the manifest."""
        problems = self.problems()
        if problems:
            raise WriteError("\n".join(problems))
        root, journal, early = self.root, self._journal, self._early
        report = WriteReport(
            sorted(journal.staged.keys() | early.written), sorted([*journal.unchanged, *early.unchanged])
        )
        root.mkdir(parents=True, exist_ok=True)
        remove_leftovers(root, [MANIFEST, *journal.paths])
        _write_manifest(root, [*self.owned, *journal.paths])  # a killed commit leaves no file unlisted
        made = {root}  # folders known to exist: one mkdir per folder, not one per file
        for rel in sorted(journal.staged):
            path = root / rel
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            os.replace(self.staging / journal.staged[rel], path)
        report.deleted = sorted([*early.deleted, *delete(root, sorted(self.owned - self._all))])
        _write_manifest(root, journal.paths)
        if self._known is not None:
            for rel, text in self._texts.items():
                self._known.note(os.path.join(root, rel), text)
            for rel in report.deleted:
                self._known.forget(os.path.join(root, rel))
        self._done = True
        remove_staging(root, self.staging)
        return report

    def abort(self) -> None:
        """Drop everything staged: ``root`` is left as it was (removed again if this run made it)."""
        if self._done:
            return
        self._done = True
        if self._placed is not None:  # place_early ran: put back what it replaced and deleted
            self._placed.undo()
            if self._old_manifest is None:
                (self.root / MANIFEST).unlink(missing_ok=True)
            else:
                _atomic_write(self.root / MANIFEST, self._old_manifest)
        shutil.rmtree(self.staging, ignore_errors=True)
        if not self._had_root:
            with contextlib.suppress(OSError):
                self.root.rmdir()


def write(root: Path, pages: dict[str, str]) -> WriteReport:
    """Write changed pages atomically, delete stale generated files, update the manifest."""
    with Transaction(root) as transaction:
        for rel, text in pages.items():
            transaction.put(rel, text)
        return transaction.commit()


def _holds(path: Path, data: bytes) -> bool:
    """True if ``path`` is a regular file holding exactly ``data`` (sizes are compared first)."""
    try:
        found = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    return stat.S_ISREG(found.st_mode) and found.st_size == len(data) and _read(path) == data


def clean(root: Path) -> WriteReport:
    """Delete every file the generator wrote (per the manifest), and the manifest itself."""
    report = WriteReport(deleted=delete(root, read_manifest(root)))
    (root / MANIFEST).unlink(missing_ok=True)
    return report
