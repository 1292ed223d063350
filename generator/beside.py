"""The share stage beside MkDocs' page build: email bundles and feeds made on the other core.

In ``mkdocs build`` of a big site the generator's longest stage, the email bundles, oEmbed files and
feeds (generator/sharing.py), need not hold MkDocs up: nothing MkDocs reads before it copies static
files depends on them. :func:`start` (from ``on_config``) runs the pipeline up to the pages, puts
them in docs/ undoably (write.Transaction.place_early) and forks one worker for the share stage,
while MkDocs converts the pages on this core. :meth:`Pending.finish` (from ``on_env``, the last
event before the copy) takes the worker's files, its size errors and head data, and commits. If a
content error turns up there, or the build fails first, the pages placed are taken back: a failed
run leaves docs/ as it was. A worker that dies is replaced by doing its work here.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path

from . import headmeta
from .pipeline import Result, add_problems, add_shared, no_cycle_collection, prepare
from .sharing import paths, share, worth_forking
from .siteinfo import SiteInfo
from .write import Transaction

_JOB: tuple[Result, SiteInfo, Transaction] | None = None  # what the forked worker inherits
_FROZEN = False  # start() froze the objects made so far (gc.freeze) and thaw() has not run


@dataclass
class Pending:
    """A run whose pages are in docs/ (undoably) while its share stage may still be going."""

    result: Result
    transaction: Transaction
    info: SiteInfo
    worker: BaseProcess | None = None
    receiver: Connection | None = None  # where the worker sends (problems, journal, head data)
    expected: frozenset[str] = frozenset()  # the share stage's files (sharing.paths)
    share_s: float = 0.0  # how long finish() waited for the worker, in seconds

    @property
    def done(self) -> bool:
        """True once the run is committed (or was finished at once: a small site)."""
        return self.result.report is not None

    def finish(self) -> Result:
        """Take the share stage's output and commit; on any error take the pages back and raise."""
        if self.done:
            return self.result
        started = time.perf_counter()
        try:
            self._collect()
            self.share_s = time.perf_counter() - started
            self.result.report = self.transaction.commit()
        except BaseException:
            self.abandon()
            raise
        return self.result

    def abandon(self) -> None:
        """The run failed, or the build did before :meth:`finish`: stop the worker, leave docs/ as it was."""
        if not self.done:
            self._stop(now=True)  # before abort: a worker still staging files would race it
            self.transaction.abort()
            thaw()

    def _collect(self) -> None:
        """Merge the worker's files into the transaction (or make them here if it died)."""
        assert self.receiver is not None
        try:
            sent = self.receiver.recv()
        except (EOFError, OSError):  # the worker died (out of memory?): its share is made here
            sent = None
        self._stop()
        if sent is None:
            with no_cycle_collection():
                add_shared(self.result, self.info, self.transaction, parallel=False)
            return
        problems, journal, heads = sent
        self.transaction.merge(journal)
        made = frozenset(journal.paths)
        if made != self.expected:  # a bug, not content: sharing.paths must name what share makes
            raise RuntimeError(f"the share stage made {sorted(made ^ self.expected)[:5]} unexpectedly")
        headmeta.keep(heads)
        add_problems(self.result, problems)

    def _stop(self, now: bool = False) -> None:
        """Wait for the worker to exit (``now``: end it at once) and close the pipe."""
        if self.worker is not None:
            if now:
                self.worker.terminate()
            self.worker.join()
            self.worker = None
        if self.receiver is not None:
            self.receiver.close()
            self.receiver = None


def start(content_dir: Path, docs_dir: Path, info: SiteInfo) -> Pending:
    """Run the pipeline to the pages, place them, start the share stage; raise ContentError on errors.

    A site too small for a second process (or a machine without ``fork``) is built whole, as
    pipeline.build does, and comes back done.
    """
    global _JOB
    transaction = Transaction(docs_dir)
    pending = None
    try:
        with no_cycle_collection():
            result = prepare(content_dir, False, transaction)
            pending = Pending(result, transaction, info)
            if not worth_forking(result.site):
                add_shared(result, info, transaction)
                result.report = transaction.commit()
                return pending
            _JOB = (result, info, transaction)
            _freeze()
            pending.worker, pending.receiver = _fork()
            _JOB = None
            pending.expected = paths(result.site)
            transaction.place_early(pending.expected)
    except BaseException:
        _JOB = None
        if pending is not None:
            pending.abandon()
        else:
            transaction.abort()
        raise
    return pending


def _freeze() -> None:
    """Leave every object made so far out of the cycle collector until :func:`thaw`.

    Its full passes over the run's objects cost MkDocs' page build about 0.3 s at 5,000
    questions, more with a forked worker alive, as every page they touch is then copied (the
    gc module's advice before a fork).
    """
    global _FROZEN
    gc.freeze()
    _FROZEN = True


def thaw() -> None:
    """Give the objects :func:`start` froze back to the cycle collector (at the end of a build)."""
    global _FROZEN
    if _FROZEN:
        gc.unfreeze()
        _FROZEN = False


def _fork() -> tuple[BaseProcess, Connection]:
    """Start the worker (a fork: it inherits ``_JOB``); return it and the end it sends to."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_share_in_worker, args=(sender,), name="qa-share", daemon=True)
    worker.start()
    sender.close()  # the worker's end: once it exits, recv() sees EOF instead of waiting forever
    return worker, receiver


def _share_in_worker(sender: Connection) -> None:
    """In the forked worker: run the share stage into a branch of the transaction; send what it made.

    If it fails, nothing is sent: the parent then runs the share stage itself, where the error
    shows as it would without a worker.
    """
    assert _JOB is not None
    result, info, transaction = _JOB
    branch = transaction.branch()
    with no_cycle_collection():
        problems = share(result.rendered, result.site, result.graph, info, branch, parallel=False)
    sender.send((problems, branch.journal(), headmeta.HEADS))
    sender.close()
