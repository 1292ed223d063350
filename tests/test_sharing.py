"""A big site's email bundles are built on two cores: the same bytes as one core; safe if the worker dies.

In a build the forked worker writes its own files (into the run's staging folder) and sends back
only small results.
"""

from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import pytest

from generator import pipeline, sharing
from generator.write import STAGING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus  # noqa: E402
from newsletter_kit import SITE  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")


@pytest.fixture(autouse=True)
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Fork even when an earlier test left a thread running (a browser), and count the forks."""
    made: list[int] = []
    pool = sharing.ProcessPoolExecutor

    def counted(*args: object, **kwargs: object) -> object:
        made.append(1)
        return pool(*args, **kwargs)

    monkeypatch.setattr(sharing, "_can_fork", lambda: True)
    monkeypatch.setattr(sharing, "ProcessPoolExecutor", counted)
    return made


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "content"
    corpus.write_corpus(folder, SIZE)
    return folder


SIZE = sharing.PARALLEL_FROM + 100
PARENT = os.getpid()
PACK = sharing._pack_every_other
IN_WORKER = sharing._in_worker


def test_two_cores_give_the_same_output_as_one(
    content: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    forked = pipeline.check(content, site_info=SITE).rendered.pages
    assert forks == [1]
    monkeypatch.setattr(sharing, "PARALLEL_FROM", 10**9)
    serial = pipeline.check(content, site_info=SITE).rendered.pages
    assert forked == serial
    assert sum(p.startswith("embed/x/") for p in forked) == SIZE // 10


def dies_in_the_worker(start: int) -> list[sharing.Packed]:
    """Pack as usual in this process; in the forked worker, die as if killed for memory."""
    if os.getpid() != PARENT:
        os._exit(3)
    return PACK(start)


def test_a_worker_that_dies_leaves_its_share_to_the_parent(
    content: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setattr(sharing, "_pack_every_other", dies_in_the_worker)
    survived = pipeline.check(content, site_info=SITE).rendered.pages
    assert forks == [1]
    monkeypatch.setattr(sharing, "_pack_every_other", PACK)
    monkeypatch.setattr(sharing, "PARALLEL_FROM", 10**9)
    assert survived == pipeline.check(content, site_info=SITE).rendered.pages


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def serial_build(content: Path, docs: Path, monkeypatch: pytest.MonkeyPatch) -> pipeline.Result:
    monkeypatch.setattr(sharing, "_pack_every_other", PACK)
    monkeypatch.setattr(sharing, "PARALLEL_FROM", 10**9)
    return pipeline.build(content, docs, site_info=SITE)


def test_two_cores_write_the_same_files_as_one(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    forked = pipeline.build(content, tmp_path / "forked", site_info=SITE)
    assert forks == [1]
    serial = serial_build(content, tmp_path / "serial", monkeypatch)
    assert tree(tmp_path / "forked") == tree(tmp_path / "serial")
    assert forked.report == serial.report
    assert sum(p.startswith("embed/x/") for p in forked.report.written) == SIZE // 10  # type: ignore[union-attr]


def stages_then_dies_in_the_worker(start: int) -> list[sharing.Packed]:
    """In the forked worker, stage every file of its share, then die before sending anything back."""
    packed = PACK(start)
    if os.getpid() != PARENT:
        os._exit(3)
    return packed


def test_a_worker_that_dies_after_staging_leaves_its_share_to_the_parent(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    monkeypatch.setattr(sharing, "_pack_every_other", stages_then_dies_in_the_worker)
    survived = pipeline.build(content, tmp_path / "survived", site_info=SITE)
    assert forks == [1]
    serial = serial_build(content, tmp_path / "serial", monkeypatch)
    assert tree(tmp_path / "survived") == tree(tmp_path / "serial")  # its orphaned staged files are gone
    assert survived.report == serial.report


SENT: list[Path] = []  # where the worker records the size of what it sends back


def measured_in_worker(start: int) -> tuple[list[sharing.Packed], object]:
    """Run the worker's share; record the pickled size of its answer."""
    answer = IN_WORKER(start)
    SENT[0].write_text(str(len(pickle.dumps(answer))))
    return answer


def test_the_worker_sends_back_no_files_in_a_build(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    SENT[:] = [tmp_path / "sent"]
    monkeypatch.setattr(sharing, "_in_worker", measured_in_worker)
    pipeline.build(content, tmp_path / "docs", site_info=SITE)
    shared = [data for rel, data in tree(tmp_path / "docs").items() if rel.startswith(("embed/", "oembed/"))]
    theirs = sum(map(len, shared)) // 2  # the worker packs every other explainer
    assert int(SENT[0].read_text()) < theirs / 5  # head data and the bundles the feeds need
    assert not [p for p in (tmp_path / "docs").iterdir() if p.name.startswith(STAGING)]
