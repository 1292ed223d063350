"""Where generated files may go: inside docs/, portable names, no symlinks on the way.

Used by generator/write.py, which checks every path before anything in docs/ changes.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path, PurePosixPath

from .messages import msg

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


def taken(path: Path) -> bool:
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
