"""Streamed writes (write.Transaction): checked as they arrive, staged in docs/, placed only by commit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import write as write_module
from generator.write import MANIFEST, STAGING, Transaction, WriteError, read_manifest, write


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def staging_folders(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(STAGING))


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    root.mkdir()
    (root / "about.md").write_text("# About\n")
    return root


def test_streamed_puts_in_any_order_write_what_write_writes(docs: Path, tmp_path: Path) -> None:
    pages = {
        "index.md": "# Home\n",
        "explainers/b.md": "b\n",
        "explainers/a.md": "a\n",
        "feed.xml": "<rss/>\n",
    }
    other = tmp_path / "other"
    expected = write(other, pages)
    with Transaction(docs) as transaction:
        for rel in reversed(list(pages)):
            transaction.put(rel, pages[rel])
        report = transaction.commit()
    assert report == expected
    assert report.written == ["explainers/a.md", "explainers/b.md", "feed.xml", "index.md"]
    assert {rel: data for rel, data in snapshot(docs).items() if rel != "about.md"} == snapshot(other)
    assert staging_folders(docs) == []


def test_nothing_outside_the_staging_folder_changes_before_commit(docs: Path) -> None:
    write(docs, {"index.md": "1\n", "explainers/old.md": "old\n"})
    before = snapshot(docs)
    with Transaction(docs) as transaction:
        transaction.put("index.md", "2\n")
        transaction.put("explainers/new.md", "new\n")
        staged = [rel for rel in snapshot(docs) if rel.startswith(STAGING)]
        assert len(staged) == 2 and all(rel.endswith(".tmp") for rel in staged)  # MkDocs skips dot-folders
        assert {rel: data for rel, data in snapshot(docs).items() if rel not in staged} == before
        report = transaction.commit()
    assert (report.written, report.deleted) == (["explainers/new.md", "index.md"], ["explainers/old.md"])
    assert (docs / "index.md").read_text() == "2\n"
    assert read_manifest(docs) == ["explainers/new.md", "index.md"]
    assert staging_folders(docs) == []


def test_a_failed_run_leaves_docs_exactly_as_they_were(docs: Path) -> None:
    write(docs, {"index.md": "1\n", "explainers/a.md": "a\n"})
    before = snapshot(docs)
    with pytest.raises(RuntimeError, match="mid-run"), Transaction(docs) as transaction:
        transaction.put("index.md", "2\n")
        transaction.put("explainers/b.md", "b\n")
        raise RuntimeError("mid-run")
    assert snapshot(docs) == before
    assert staging_folders(docs) == []


def test_a_failed_first_run_does_not_leave_an_empty_docs_folder(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    with pytest.raises(RuntimeError), Transaction(docs) as transaction:
        transaction.put("index.md", "1\n")
        raise RuntimeError("content error found late")
    assert not docs.exists()


def test_unchanged_files_stage_nothing(docs: Path) -> None:
    write(docs, {"index.md": "1\n", "explainers/a.md": "a\n"})
    folder = docs.stat().st_mtime_ns
    with Transaction(docs) as transaction:
        transaction.put("index.md", "1\n")
        transaction.put("explainers/a.md", "a\n")
        assert not transaction.staging.exists()
        report = transaction.commit()
    assert (report.written, report.unchanged) == ([], ["explainers/a.md", "index.md"])
    assert docs.stat().st_mtime_ns == folder  # no staging folder made, no manifest rewritten


def test_every_path_problem_is_reported_at_commit_in_path_order(docs: Path) -> None:
    with pytest.raises(WriteError) as caught, Transaction(docs) as transaction:
        for rel in ["x/c.md", "about.md", "../up.md", "X/C.md", "x/C.md", "index.md"]:
            transaction.put(rel, "text\n")
        transaction.commit()
    assert str(caught.value).splitlines() == [
        "refusing to write '../up.md': not a plain relative path",
        "docs/about.md exists and was not written by the generator; rename or move it",
        "'x/C.md' and 'X/C.md' differ only in case",
        "'x/c.md' and 'X/C.md' differ only in case",
    ]
    assert snapshot(docs) == {"about.md": b"# About\n"}
    assert staging_folders(docs) == []


def test_a_branch_stages_into_the_same_folder_and_merges_back(docs: Path) -> None:
    """What a forked worker does: put through a branch, send its journal, the parent merges it."""
    with Transaction(docs) as transaction:
        transaction.put("index.md", "home\n")
        branch = transaction.branch()
        branch.put("embed/x/a.json", "{}\n")
        branch.put("oembed/x/a.json", "{}\n")
        assert branch.staging == transaction.staging
        transaction.merge(branch.journal())
        report = transaction.commit()
    assert report.written == ["embed/x/a.json", "index.md", "oembed/x/a.json"]
    assert (docs / "embed" / "x" / "a.json").read_text() == "{}\n"


def test_problems_found_in_a_branch_refuse_the_commit(docs: Path) -> None:
    with pytest.raises(WriteError) as caught, Transaction(docs) as transaction:
        transaction.put("Feed.xml", "a\n")
        branch = transaction.branch()
        branch.put("feed.xml", "b\n")
        branch.put("about.md", "c\n")
        transaction.merge(branch.journal())
        transaction.commit()
    assert str(caught.value).splitlines() == [
        "docs/about.md exists and was not written by the generator; rename or move it",
        "'feed.xml' and 'Feed.xml' differ only in case",
    ]
    assert snapshot(docs) == {"about.md": b"# About\n"}


def test_a_path_put_twice_is_a_bug(docs: Path) -> None:
    with Transaction(docs) as transaction:
        transaction.put("index.md", "1\n")
        with pytest.raises(ValueError, match="generated twice"):
            transaction.put("index.md", "2\n")
        branch = transaction.branch()
        branch.put("index.md", "3\n")
        with pytest.raises(ValueError, match="generated twice"):
            transaction.merge(branch.journal())


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(done.stdout)


def test_staging_left_by_a_killed_run_is_removed_but_not_a_running_ones(docs: Path) -> None:
    killed = docs / f"{STAGING}{_dead_pid()}-dead"
    running = docs / f"{STAGING}{os.getppid()}-live"
    for folder in (killed, running):
        folder.mkdir()
        (folder / "1.tmp").write_text("half a page")
    write(docs, {"index.md": "1\n"})
    assert staging_folders(docs) == [running.name]


def test_a_failure_while_placing_the_last_file_keeps_every_file_whole(docs: Path, monkeypatch) -> None:
    write(docs, {"index.md": "1\n", "explainers/a.md": "a\n", "explainers/old.md": "old\n"})
    old = snapshot(docs)
    new = {"index.md": "2\n", "explainers/a.md": "b\n", "tags.md": "t\n"}
    real = os.replace

    def failing(src: str, dst: str) -> None:
        if Path(dst) == docs / "tags.md":
            raise PermissionError(13, "Permission denied")
        real(src, dst)

    monkeypatch.setattr(write_module.os, "replace", failing)
    with pytest.raises(PermissionError):
        write(docs, new)
    monkeypatch.setattr(write_module.os, "replace", real)
    now = snapshot(docs)
    listed = set(read_manifest(docs))
    for rel, data in now.items():
        if rel not in (MANIFEST, "about.md"):
            assert data in (old.get(rel), new.get(rel, "").encode()) and rel in listed, rel
    assert set(old) <= set(now)  # nothing deleted before every file was in place
    assert staging_folders(docs) == []
    write(docs, new)
    assert snapshot(docs) == {"about.md": b"# About\n", **{k: v.encode() for k, v in new.items()},
                              MANIFEST: (docs / MANIFEST).read_bytes()}  # fmt: skip


def two_runs(docs: Path) -> None:
    """A first run's files: a page, a page in a folder, a shared file and one that goes stale."""
    write(docs, {"index.md": "# Home\n", "x/a.md": "a\n", "embed/a.json": "{}\n", "stale/old.md": "old\n"})


def second_run(transaction: Transaction) -> None:
    transaction.put("index.md", "# Home, edited\n")
    transaction.put("x/a.md", "a\n")
    transaction.put("new/deep/b.md", "b\n")


def test_place_early_then_commit_writes_what_one_commit_writes(docs: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "about.md").write_text("# About\n")
    for root in (docs, other):
        two_runs(root)
    with Transaction(other) as one:
        second_run(one)
        one.put("embed/a.json", '{"new": 1}\n')
        expected = one.commit()
    with Transaction(docs) as two:
        second_run(two)
        two.place_early(frozenset({"embed/a.json"}))
        assert (docs / "index.md").read_text() == "# Home, edited\n"  # placed
        assert not (docs / "stale").exists()  # stale, deleted
        assert (docs / "embed" / "a.json").read_text() == "{}\n"  # still to come: untouched
        assert "embed/a.json" in read_manifest(docs) and "new/deep/b.md" in read_manifest(docs)
        two.put("embed/a.json", '{"new": 1}\n')
        report = two.commit()
    assert snapshot(docs) == snapshot(other)
    assert report == expected
    assert staging_folders(docs) == []


@pytest.mark.parametrize("first_run", [True, False])
def test_abort_after_place_early_puts_everything_back(docs: Path, first_run: bool) -> None:
    if not first_run:
        two_runs(docs)
    before = snapshot(docs)
    folders = sorted(p for p in docs.rglob("*") if p.is_dir())
    with Transaction(docs) as transaction:
        second_run(transaction)
        transaction.place_early(frozenset({"embed/a.json"}))
        assert snapshot(docs) != before
        transaction.abort()
    assert snapshot(docs) == before
    assert sorted(p for p in docs.rglob("*") if p.is_dir()) == folders
    assert staging_folders(docs) == []


def test_place_early_refuses_an_unsafe_path_and_changes_nothing(docs: Path) -> None:
    two_runs(docs)
    before = snapshot(docs)
    with Transaction(docs) as transaction:
        transaction.put("index.md", "# Home, edited\n")
        transaction.put("../outside.md", "x\n")
        with pytest.raises(WriteError):
            transaction.place_early(frozenset())
    assert snapshot(docs) == before
