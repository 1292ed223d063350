"""Stage 5, write: the only stage that touches docs/. Atomic, manifest-tracked, changed files only."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .messages import msg

MANIFEST = ".generated.json"
MAX_NAME = 120
_WINDOWS_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(1, 10)),
    *(f"lpt{i}" for i in range(1, 10)),
}


class WriteError(Exception):
    """Generated output cannot be written safely; nothing was written."""


@dataclass
class WriteReport:
    """What a write did: files written, left as they were, and deleted."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def check_path(root: Path, rel: str, seen: dict[str, str] | None = None) -> Path:
    """Return the absolute path of ``rel`` under ``root``, or raise WriteError if it escapes.

    ``seen`` caches folders already checked (and where they resolve), so planning thousands of
    files checks each folder once.
    """
    parts = tuple(rel.split("/"))  # what PurePosixPath gives for a plain relative path, 10x faster
    if not rel or rel[0] == "/" or "" in parts or "." in parts:
        parts = PurePosixPath(rel).parts
        if PurePosixPath(rel).is_absolute() or not parts or any(p in ("", ".", "..") for p in parts):
            raise WriteError(msg("write.not-relative", rel=rel))
    elif ".." in parts:
        raise WriteError(msg("write.not-relative", rel=rel))
    for part in parts:
        stem = part.split(".")[0].casefold()
        if len(part) > MAX_NAME or part.endswith((".", " ")) or stem in _WINDOWS_RESERVED or "\\" in part:
            raise WriteError(msg("write.not-portable", rel=rel, part=part))
    seen = {} if seen is None else seen
    real_root = seen.get("") or seen.setdefault("", os.path.realpath(root))
    current = os.fspath(root)
    for depth, part in enumerate(parts, start=1):
        current = os.path.join(current, part)
        key = "/".join(parts[:depth])
        if key in seen:
            continue
        if os.path.islink(current):
            raise WriteError(msg("write.symlink", rel=rel, link=Path(current)))
        if depth < len(parts):
            seen[key] = os.path.realpath(current)
    folder = seen["/".join(parts[:-1])] if len(parts) > 1 else real_root
    if os.path.commonpath([real_root, os.path.join(folder, parts[-1])]) != real_root:
        raise WriteError(msg("write.outside", rel=rel, root=root))
    return Path(current)


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


def plan(root: Path, pages: dict[str, str]) -> tuple[dict[str, Path], list[str]]:
    """Check every path before writing anything; return targets and stale manifest entries."""
    owned = set(read_manifest(root))
    targets, problems = {}, []
    folded: dict[str, str] = {}
    seen: dict[str, str] = {}
    for rel in sorted(pages):
        try:
            targets[rel] = check_path(root, rel, seen)
        except WriteError as exc:
            problems.append(str(exc))
            continue
        twin = folded.setdefault(rel.casefold(), rel)
        if twin != rel:
            problems.append(msg("write.case-clash", rel=rel, other=twin))
        if rel not in owned and _taken(targets[rel]):
            problems.append(msg("write.hand-written", rel=rel))
    if problems:
        raise WriteError("\n".join(problems))
    return targets, sorted(owned - set(pages))


def _taken(path: Path) -> bool:
    """True if anything, even a broken symlink, is at ``path``: ``exists() or is_symlink()``, one lstat."""
    try:
        os.lstat(path)
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP):
            return False
        raise
    except ValueError:
        return False
    return True


def _read(path: Path) -> bytes:
    """Return a file's bytes, unbuffered: as ``read_bytes()`` without the tty and seek checks."""
    with open(path, "rb", buffering=0) as handle:
        return handle.read()


def write(root: Path, pages: dict[str, str]) -> WriteReport:
    """Write changed pages atomically, delete stale generated files, update the manifest."""
    targets, stale = plan(root, pages)
    report = WriteReport()
    root.mkdir(parents=True, exist_ok=True)
    _remove_leftovers([root / MANIFEST, *targets.values()])
    _write_manifest(root, [*read_manifest(root), *pages])
    made = {root}  # folders known to exist: one mkdir per folder, not one per file
    for rel, path in targets.items():
        data = pages[rel].encode("utf-8")
        if path.is_file() and _read(path) == data:
            report.unchanged.append(rel)
            continue
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        _atomic_write(path, data)
        report.written.append(rel)
    _delete(root, stale, report)
    _write_manifest(root, list(pages))
    return report


def _remove_leftovers(paths: list[Path]) -> None:
    """Delete temporary files a killed run left next to ``paths`` (``.<name>.<random>.tmp``)."""
    names: dict[Path, set[str]] = {}
    for path in paths:
        names.setdefault(path.parent, set()).add(path.name)
    for folder, wanted in names.items():  # one scan per folder: a glob per file is quadratic
        if not folder.is_dir():
            continue
        for entry in os.scandir(folder):
            name = entry.name
            if name.startswith(".") and name.endswith(".tmp") and name[1:-4].rpartition(".")[0] in wanted:
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)


def _delete(root: Path, files: list[str], report: WriteReport) -> None:
    """Delete generated files (only regular files inside ``root``), pruning emptied folders."""
    for rel in files:
        try:
            path = check_path(root, rel)
        except WriteError:
            continue
        if path.is_file() and not path.is_symlink():
            path.unlink()
            report.deleted.append(rel)
            _prune(root, path.parent)


def _prune(root: Path, folder: Path) -> None:
    """Remove folders left empty by deletions, up to ``root``."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def clean(root: Path) -> WriteReport:
    """Delete every file the generator wrote (per the manifest), and the manifest itself."""
    report = WriteReport()
    _delete(root, read_manifest(root), report)
    (root / MANIFEST).unlink(missing_ok=True)
    return report
