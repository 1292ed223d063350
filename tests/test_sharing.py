"""A big site's email bundles are built on two cores: the same bytes as one core; safe if the worker dies."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from generator import pipeline, sharing

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
