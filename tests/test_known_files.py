"""A live preview's known files (generator/known_files.py): unchanged files are not read back, and
anything that changed on disk gets the full check and comparison again."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import write as write_module
from generator.known_files import KnownFiles
from generator.write import Transaction, WriteError

PAGES = {"index.md": "# Home\n", "explainers/a.md": "# A\n", "explainers/b.md": "# B\n"}


def run(docs: Path, pages: dict[str, str], known: KnownFiles | None):
    with Transaction(docs, known=known) as transaction:
        for rel, text in pages.items():
            transaction.put(rel, text)
        return transaction.commit()


@pytest.fixture
def counted_reads(monkeypatch) -> list[Path]:
    """Every file the write stage reads back to compare."""
    reads: list[Path] = []
    real = write_module._read

    def spy(path: Path) -> bytes:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(write_module, "_read", spy)
    return reads


def test_a_second_run_reads_nothing_back_and_writes_nothing(tmp_path: Path, counted_reads) -> None:
    docs, known = tmp_path / "docs", KnownFiles()
    assert sorted(run(docs, PAGES, known).written) == sorted(PAGES)
    assert len(known) == 3
    report = run(docs, PAGES, known)
    assert (report.written, sorted(report.unchanged)) == ([], sorted(PAGES))
    assert counted_reads == []
    # without it, the same run reads every file back to compare
    run(docs, PAGES, None)
    assert len(counted_reads) == 3


def test_a_changed_text_is_written(tmp_path: Path) -> None:
    docs, known = tmp_path / "docs", KnownFiles()
    run(docs, PAGES, known)
    report = run(docs, {**PAGES, "explainers/a.md": "# A, edited\n"}, known)
    assert report.written == ["explainers/a.md"]
    assert (docs / "explainers/a.md").read_text() == "# A, edited\n"
    assert run(docs, {**PAGES, "explainers/a.md": "# A, edited\n"}, known).written == []


def test_a_file_changed_on_disk_is_compared_and_put_back(tmp_path: Path, counted_reads) -> None:
    docs, known = tmp_path / "docs", KnownFiles()
    run(docs, PAGES, known)
    page = docs / "explainers" / "a.md"
    page.write_text("# Z\n")  # same size, other bytes: the inode stays, ctime and mtime move
    stat = page.stat()
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # even with its old mtime put back
    report = run(docs, PAGES, known)
    assert report.written == ["explainers/a.md"]
    assert page.read_text() == "# A\n"
    assert counted_reads == [page]


def test_a_deleted_file_is_written_again(tmp_path: Path) -> None:
    docs, known = tmp_path / "docs", KnownFiles()
    run(docs, PAGES, known)
    (docs / "explainers" / "b.md").unlink()
    assert run(docs, PAGES, known).written == ["explainers/b.md"]
    assert (docs / "explainers" / "b.md").read_text() == "# B\n"


def test_a_symlink_put_in_place_of_a_known_file_is_refused(tmp_path: Path) -> None:
    docs, known = tmp_path / "docs", KnownFiles()
    run(docs, PAGES, known)
    outside = tmp_path / "outside.md"
    outside.write_text("# A\n")
    page = docs / "explainers" / "a.md"
    page.unlink()
    page.symlink_to(outside)
    with pytest.raises(WriteError, match="symlink"):
        run(docs, PAGES, known)
    assert outside.read_text() == "# A\n" and page.is_symlink()


def test_deleted_outputs_are_forgotten(tmp_path: Path) -> None:
    docs, known = tmp_path / "docs", KnownFiles()
    run(docs, PAGES, known)
    report = run(docs, {"index.md": "# Home\n"}, known)
    assert sorted(report.deleted) == ["explainers/a.md", "explainers/b.md"]
    assert len(known) == 1
