"""Stage 5, write: atomic, manifest-tracked writes that never touch hand-written files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.write import MANIFEST, WriteError, check_path, clean, read_manifest, write


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    (root / "stylesheets").mkdir(parents=True)
    (root / "about.md").write_text("# About\n")
    (root / "stylesheets" / "site.css").write_text("body {}\n")
    return root


def test_first_write_creates_pages_and_manifest(docs: Path) -> None:
    report = write(docs, {"index.md": "# Home\n", "explainers/a.md": "# A\n"})
    assert report.written == ["explainers/a.md", "index.md"]
    assert (docs / "explainers" / "a.md").read_text() == "# A\n"
    assert read_manifest(docs) == ["explainers/a.md", "index.md"]
    manifest = json.loads((docs / MANIFEST).read_text())
    assert manifest["files"] == ["explainers/a.md", "index.md"]


def test_unchanged_files_are_not_rewritten(docs: Path) -> None:
    write(docs, {"index.md": "# Home\n"})
    before = (docs / "index.md").stat().st_mtime_ns
    report = write(docs, {"index.md": "# Home\n"})
    assert (report.written, report.unchanged) == ([], ["index.md"])
    assert (docs / "index.md").stat().st_mtime_ns == before


def test_stale_generated_files_go_and_hand_written_stay(docs: Path) -> None:
    write(docs, {"index.md": "1\n", "explainers/old.md": "old\n", "explainers/keep.md": "k\n"})
    hand = snapshot(docs)
    report = write(docs, {"index.md": "2\n", "explainers/keep.md": "k\n"})
    assert report.deleted == ["explainers/old.md"]
    assert not (docs / "explainers" / "old.md").exists()
    assert (docs / "about.md").read_text() == "# About\n"
    assert (docs / "stylesheets" / "site.css").read_bytes() == hand["stylesheets/site.css"]
    assert read_manifest(docs) == ["explainers/keep.md", "index.md"]


def test_emptied_generated_folders_are_removed(docs: Path) -> None:
    write(docs, {"index.md": "1\n", "explainers/a.md": "a\n"})
    write(docs, {"index.md": "1\n"})
    assert not (docs / "explainers").exists()


def test_collision_with_a_hand_written_page_writes_nothing(docs: Path) -> None:
    write(docs, {"index.md": "1\n", "explainers/a.md": "a\n"})
    before = snapshot(docs)
    with pytest.raises(WriteError) as caught:
        write(docs, {"index.md": "2\n", "about.md": "generated\n", "explainers/b.md": "b\n"})
    assert str(caught.value) == (
        "docs/about.md exists and was not written by the generator; rename or move it"
    )
    assert snapshot(docs) == before


def test_paths_that_differ_only_in_case_are_refused(docs: Path) -> None:
    with pytest.raises(WriteError) as caught:
        write(docs, {"explainers/A.md": "a\n", "explainers/a.md": "b\n"})
    assert str(caught.value) == "'explainers/a.md' and 'explainers/A.md' differ only in case"
    assert not (docs / "explainers").exists()


@pytest.mark.parametrize(
    ("rel", "reason"),
    [
        ("../escape.md", "refusing to write '../escape.md': not a plain relative path"),
        ("/etc/passwd", "refusing to write '/etc/passwd': not a plain relative path"),
        ("", "refusing to write '': not a plain relative path"),
        ("con.md", "refusing to write 'con.md': 'con.md' is not a portable file name"),
        ("trailing.", "refusing to write 'trailing.': 'trailing.' is not a portable file name"),
    ],
)
def test_unsafe_paths_are_refused(docs: Path, rel: str, reason: str) -> None:
    with pytest.raises(WriteError) as caught:
        check_path(docs, rel)
    assert str(caught.value) == reason


def test_symlinked_folder_is_refused(docs: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (docs / "explainers").symlink_to(outside, target_is_directory=True)
    with pytest.raises(WriteError) as caught:
        write(docs, {"explainers/a.md": "a\n"})
    assert "is a symbolic link" in str(caught.value)
    assert list(outside.iterdir()) == []


def test_manifest_entries_that_escape_are_never_deleted(docs: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.md"
    victim.write_text("keep me\n")
    (docs / MANIFEST).write_text(json.dumps({"files": ["../victim.md"]}))
    report = write(docs, {"index.md": "1\n"})
    assert report.deleted == []
    assert victim.read_text() == "keep me\n"
    assert (docs / "about.md").read_text() == "# About\n"


def test_clean_removes_only_generated_files(docs: Path) -> None:
    write(docs, {"index.md": "1\n", "explainers/a.md": "a\n"})
    report = clean(docs)
    assert sorted(report.deleted) == ["explainers/a.md", "index.md"]
    assert snapshot(docs) == {"about.md": b"# About\n", "stylesheets/site.css": b"body {}\n"}


def test_no_temporary_files_are_left_behind(docs: Path) -> None:
    write(docs, {"index.md": "1\n", "explainers/a.md": "a\n"})
    write(docs, {"index.md": "2\n", "explainers/a.md": "b\n"})
    leftovers = [p.name for p in docs.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
