"""Live preview: regenerate as soon as content is saved, while MkDocs' file poller catches up.

``mkdocs serve`` polls watched files every 0.5 s, then waits 0.1 s more before it rebuilds. A
native file watcher (watchdog, which MkDocs itself depends on) sees a save at once, so the
generator runs in that wait, and the rebuild's ``on_config`` finds the work done. Only documented
MkDocs events are used: ``on_serve`` starts the watcher, ``on_config`` takes the result, and each
build holds the lock from ``on_config`` to ``on_post_build`` (or ``on_build_error``), so nothing
in docs/ changes while MkDocs reads it. A result is taken only if the watched files still have
the size, times and inode they had when its run began, so a late or lost event cannot leave a
stale page: the rebuild then regenerates itself.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

from .preview import Outcome

SETTLE = 0.02  # seconds to let the several events of one save arrive before regenerating
log = logging.getLogger("mkdocs.generator")
Snapshot = tuple[tuple[str, int, int, int, int], ...]


def snapshot(paths: list[Path]) -> Snapshot:
    """Return what identifies every file under ``paths`` as it is now (path, inode, size, times)."""
    found = []
    for top in paths:
        for folder, _, names in os.walk(top):
            for name in names:
                path = os.path.join(folder, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                found.append((path, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(sorted(found))


class Early:
    """The watcher's regenerations and the builds' use of them, kept apart by one lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()  # held by a regeneration, and by a build from start to end
        self._done: tuple[Hashable, Snapshot, Outcome] | None = None  # (key, files at start, outcome)
        self._building = False
        self._wake = threading.Event()
        self._observer: Any = None
        self._stop = threading.Event()
        self._args: tuple[Hashable, list[Path], Callable[[], Outcome]] | None = None  # the latest build's

    def run(self, key: Hashable, paths: list[Path], regenerate: Callable[[], Outcome]) -> Outcome:
        """Regenerate (lock held), unless no file under ``paths`` changed since a run with ``key``.

        The watcher's next runs use these arguments: a rebuild after an edit of mkdocs.yml may
        bring a new site address.
        """
        self._args = (key, paths, regenerate)
        now = snapshot(paths)
        done = self._done
        if done is not None and done[0] == key and done[1] == now:
            return done[2]
        outcome = regenerate()
        self._done = (key, now, outcome)
        return outcome

    def begin_build(self) -> None:
        """Called from on_config: wait for a regeneration in progress, then keep docs/ still."""
        if not self._building:
            self.lock.acquire()
            self._building = True

    def end_build(self) -> None:
        """Called from on_post_build and on_build_error: regenerations may write again."""
        if self._building:
            self._building = False
            self.lock.release()

    def changed(self) -> None:
        """Wake the watcher's thread: something was saved."""
        self._wake.set()

    def watch(self, paths: list[Path], key: Hashable, regenerate: Callable[[], Outcome]) -> bool:
        """Start regenerating on every save under ``paths``; False if no native watcher could start."""
        if self._observer is not None:
            return True
        try:
            from watchdog.events import FileSystemEventHandler
            from watchdog.observers import Observer

            handler = FileSystemEventHandler()
            handler.on_any_event = lambda event: None if event.is_directory else self.changed()  # type: ignore[method-assign]
            observer = Observer()
            for path in paths:
                observer.schedule(handler, str(path), recursive=True)
            observer.daemon = True
            observer.start()
        except Exception as exc:  # noqa: BLE001 - no watcher (e.g. inotify limits): rebuilds still regenerate
            log.debug(f"no early regeneration: {exc}")
            return False
        self._observer, self._stop = observer, threading.Event()
        self._args = self._args or (key, paths, regenerate)
        threading.Thread(target=self._loop, args=(self._stop,), daemon=True, name="qa-early").start()
        return True

    def stop(self) -> None:
        """Stop watching and forget the last run (the server shuts down, or a test is over)."""
        self._stop.set()
        self._wake.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
        self._observer, self._done = None, None

    def _loop(self, stop: threading.Event) -> None:
        """Regenerate after each burst of saves, never during a build."""
        while True:
            self._wake.wait()
            if stop.is_set():
                return
            time.sleep(SETTLE)
            self._wake.clear()
            with self.lock:
                before = self._done
                try:
                    outcome = self.run(*self._args)  # type: ignore[misc] # set by watch()
                except Exception as exc:  # noqa: BLE001 - the rebuild's own run reports it
                    self._done = None
                    log.debug(f"early regeneration failed: {exc}")
                    continue
                if self._done is not before:  # a new run: the rebuild will log it, saying when it ran
                    outcome.info = [f"{line} (on save)" for line in outcome.info]


EARLY = Early()
