"""Moving generated files in and out of docs/: undoably (the first half of a two-phase write), or for good.

write.Transaction.place_early puts a run's pages into docs/ before MkDocs reads them, while the
email bundles are still being made (generator/beside.py). Until the run is done, every file it
replaced or deleted waits in a folder beside its staged files; :meth:`Placement.undo` puts them
back, so a run that fails late still leaves docs/ as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

from .safe_paths import WriteError, check_path


class Placement:
    """Renames into ``root``, each file they replace or delete kept aside in ``aside`` (until it goes)."""

    def __init__(self, root: Path, aside: Path) -> None:
        self.root = root
        self.aside = aside
        self._undo: list[tuple[str, str | None]] = []  # (path placed or removed, its old file aside)
        self._made: list[str] = []  # folders this placement created, deepest last
        self._count = 0

    def place(self, source: str, rel: str) -> None:
        """Rename ``source`` to ``root/rel``, keeping a file it replaces aside."""
        path = os.path.join(self.root, rel)
        self._folder(os.path.dirname(path))
        self._undo.append((rel, self._keep(path)))
        os.replace(source, path)

    def remove(self, rel: str) -> bool:
        """Move the regular file ``root/rel`` aside; return False if there is none."""
        path = os.path.join(self.root, rel)
        if not os.path.isfile(path) or os.path.islink(path):
            return False
        self._undo.append((rel, self._keep(path)))
        return True

    def undo(self) -> None:
        """Put back every file replaced or removed, remove the files placed and the folders made."""
        for rel, old in reversed(self._undo):
            path = os.path.join(self.root, rel)
            if old is None:
                os.unlink(path)
            else:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                os.replace(old, path)
        self._undo.clear()
        for folder in reversed(self._made):
            try:
                os.rmdir(folder)
            except OSError:
                pass

    def _keep(self, path: str) -> str | None:
        """Move the file at ``path`` (if any) into the aside folder; return where it went."""
        if not os.path.lexists(path):
            return None
        if self._count == 0:
            os.makedirs(self.aside, exist_ok=True)
        self._count += 1
        old = os.path.join(self.aside, f"{self._count}.old")
        os.replace(path, old)
        return old

    def _folder(self, folder: str) -> None:
        """Create ``folder`` and its missing parents, remembering each one made."""
        missing = []
        while not os.path.isdir(folder):
            missing.append(folder)
            folder = os.path.dirname(folder)
        for made in reversed(missing):
            os.mkdir(made)
            self._made.append(made)


def delete(root: Path, files: list[str]) -> list[str]:
    """Delete generated files (only regular files inside ``root``), pruning emptied folders; return them."""
    deleted = []
    for rel in files:
        try:
            path = check_path(root, rel)
        except WriteError:
            continue
        if path.is_file() and not path.is_symlink():
            path.unlink()
            deleted.append(rel)
            prune(root, path.parent)
    return deleted


def prune(root: Path, folder: Path) -> None:
    """Remove folders left empty by deletions, up to ``root``."""
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
