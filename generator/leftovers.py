"""Leftovers of killed runs in docs/: staging folders and old-style temporary files.

A run killed mid-way (power cut, kill -9) can leave its staging folder (``docs/.qa-staging-*``)
or, from older versions, ``.<name>.<random>.tmp`` files next to its outputs. The next run removes
them, but never the staging folder of another run that is still going.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING = ".qa-staging-"  # changed files wait in docs/.qa-staging-<pid>-<random>/ (MkDocs skips dot-folders)


def remove_staging(root: Path, ours: Path) -> None:
    """Remove this run's staging folder and any a killed run left (not those of a running one)."""
    for entry in os.scandir(root):
        if entry.name.startswith(STAGING) and entry.is_dir(follow_symlinks=False):
            if entry.path == os.fspath(ours) or not _running(entry.name):
                shutil.rmtree(entry.path, ignore_errors=True)


def _running(name: str) -> bool:
    """True if another process that is still running made the staging folder ``name``."""
    pid = name[len(STAGING) :].partition("-")[0]
    if os.name != "posix" or not pid.isdigit() or int(pid) == os.getpid():
        return False  # (on Windows, os.kill would end the process)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def remove_leftovers(root: Path, rels: list[str]) -> None:
    """Delete temporary files a killed run left next to ``rels`` (``.<name>.<random>.tmp``)."""
    names: dict[str, set[str]] = {}
    for rel in rels:  # plain strings: a Path per file costs more than the scans below
        folder, _, name = rel.rpartition("/")
        names.setdefault(os.path.join(root, folder), set()).add(name)
    for folder, wanted in names.items():  # one scan per folder: a glob per file is quadratic
        if not os.path.isdir(folder):
            continue
        for entry in os.scandir(folder):
            name = entry.name
            if name.startswith(".") and name.endswith(".tmp") and name[1:-4].rpartition(".")[0] in wanted:
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
