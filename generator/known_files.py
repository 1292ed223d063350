"""What a live preview already wrote: skip re-reading files whose text and stat are unchanged.

``mkdocs serve`` regenerates on every save, and most of the ~1,500 files of a 5,000-question site
come out the same. The write stage would check each path and read each file back to compare it
(about 0.2 s); with a :class:`KnownFiles` it compares the text with what it wrote or read there
last time and the file's ``lstat`` with what it was then. Any change on disk (an edit, a rename, a
symlink put in its place, a new inode) makes the signature differ, and the file gets the full
check and comparison again. Only the live preview uses it; ``make site`` always checks everything.
"""

from __future__ import annotations

import os
import stat

Signature = tuple[int, int, int, int]


def signature(path: str) -> Signature | None:
    """Return what identifies the regular file at ``path`` as it is now (None if there is none)."""
    try:
        found = os.lstat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(found.st_mode):
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns)


class KnownFiles:
    """Text and stat signature of each file a transaction placed or found holding its text."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, Signature]] = {}

    def unchanged(self, path: str, text: str) -> bool:
        """True if ``path`` was noted with ``text`` and has not changed on disk since."""
        entry = self._files.get(path)
        return entry is not None and entry[0] == text and signature(path) == entry[1]

    def note(self, path: str, text: str) -> None:
        """Remember that ``path`` now holds ``text`` (forgotten if it is not a regular file)."""
        found = signature(path)
        if found is None:
            self._files.pop(path, None)
        else:
            self._files[path] = (text, found)

    def forget(self, path: str) -> None:
        """Drop what is known of ``path`` (deleted, or refused)."""
        self._files.pop(path, None)

    def __len__(self) -> int:
        return len(self._files)
