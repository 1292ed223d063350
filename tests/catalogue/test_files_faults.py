"""Catalogue, files and faults: paths stay inside docs/, and a failed run never loses output."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from catalogue_kit import EXPLAINER, write_content

from generator import write as write_module
from generator.load import load
from generator.pipeline import build
from generator.write import MANIFEST, WriteError, check_path, read_manifest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("rel", "reason"),
    [
        pytest.param("../index.md", "not a plain relative path", id="dot-dot-slash-index"),
        pytest.param("..", "not a plain relative path", id="dot-dot"),
        pytest.param("explainers/../../x.md", "not a plain relative path", id="dot-dot-in-the-middle"),
        pytest.param("/abs.md", "not a plain relative path", id="absolute"),
        pytest.param("", "not a plain relative path", id="empty"),
        pytest.param("CON.md", "'CON.md' is not a portable file name", id="con"),
        pytest.param("explainers/aux.md", "'aux.md' is not a portable file name", id="aux-in-folder"),
        pytest.param("lpt1", "'lpt1' is not a portable file name", id="lpt1"),
        pytest.param("page.", "'page.' is not a portable file name", id="trailing-dot"),
        pytest.param("page ", "'page ' is not a portable file name", id="trailing-space"),
        pytest.param("a\\b.md", "'a\\\\b.md' is not a portable file name", id="backslash"),
        pytest.param("x" * 121 + ".md", f"'{'x' * 121}.md' is not a portable file name", id="overlong-name"),
    ],
)
def test_unsafe_paths_are_refused(rel: str, reason: str, tmp_path: Path) -> None:
    with pytest.raises(WriteError) as caught:
        check_path(tmp_path, rel)
    assert str(caught.value) == f"refusing to write {rel!r}: {reason}"


def test_symlinked_folder_in_docs_is_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "explainers").symlink_to(outside, target_is_directory=True)
    with pytest.raises(WriteError) as caught:
        build(write_content(tmp_path), docs)
    assert f"refusing to write 'explainers/first.md': {docs / 'explainers'} is a symbolic link" in str(
        caught.value
    )
    assert list(outside.iterdir()) == []
    assert sorted(p.name for p in docs.iterdir()) == ["explainers"]


def test_path_resolving_outside_docs_is_refused_even_if_a_link_goes_unnoticed(
    tmp_path: Path, monkeypatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "explainers").symlink_to(outside, target_is_directory=True)
    monkeypatch.setattr(write_module.os.path, "islink", lambda path: False)  # e.g. created mid-check
    with pytest.raises(WriteError) as caught:
        check_path(docs, "explainers/first.md")
    assert str(caught.value) == f"refusing to write 'explainers/first.md': it lands outside {docs}"


def test_generated_path_on_a_hand_written_page_stops_before_writing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "glossary.md").write_text("my own glossary\n")
    with pytest.raises(WriteError) as caught:
        build(write_content(tmp_path), docs)
    assert str(caught.value) == (
        "docs/glossary.md exists and was not written by the generator; rename or move it"
    )
    assert sorted(p.name for p in docs.iterdir()) == ["glossary.md"]
    assert (docs / "glossary.md").read_text() == "my own glossary\n"


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_symlinks_out_of_content_are_not_followed(kind: str, tmp_path: Path) -> None:
    content = write_content(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.yml").write_text("sources:\n  - id: evil\n")
    if kind == "file":
        (content / "evil.yml").symlink_to(outside / "evil.yml")
    else:
        (content / "more").symlink_to(outside, target_is_directory=True)
    docs, problems = load(content)
    assert problems == []
    assert sorted(d.file for d in docs) == [
        "content/entities.yml",
        "content/events.yml",
        "content/explainers/first.yml",
        "content/sources.yml",
    ]


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _old_and_new(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes], dict[str, bytes]]:
    """Build version A into docs/; return content changed to version B and both clean trees."""
    content = write_content(tmp_path / "a")
    docs = tmp_path / "docs"
    build(content, docs)
    old = _tree(docs)
    changed = EXPLAINER.replace("First explainer", "First explainer, revised").replace(
        "Another short answer.", "A revised short answer."
    )
    second = EXPLAINER.replace("id: first", "id: second").replace("q-one", "q-1").replace("q-two", "q-2")
    new_content = write_content(
        tmp_path / "b", {"explainers/first.yml": changed, "explainers/second.yml": second}
    )
    clean = tmp_path / "clean"
    build(new_content, clean)
    return new_content, docs, old, _tree(clean)


def _assert_old_or_new(docs: Path, old: dict[str, bytes], new: dict[str, bytes], tmp: bool = False) -> None:
    """Every page is complete (old bytes or new bytes); the manifest covers every generated page."""
    now = _tree(docs)
    listed = set(read_manifest(docs))
    assert bool([rel for rel in now if rel.endswith(".tmp")]) == tmp
    now = {rel: data for rel, data in now.items() if not rel.endswith(".tmp")}
    for rel, data in now.items():
        if rel == MANIFEST:
            continue
        assert data in (old.get(rel), new.get(rel)), rel
        assert rel in listed, rel
    assert set(old) - {MANIFEST} <= set(now)  # nothing of the previous output was lost


def _recovers(content: Path, docs: Path, new: dict[str, bytes]) -> None:
    build(content, docs)
    assert _tree(docs) == new


@pytest.mark.parametrize("step", ["staging", "placing"])
def test_exception_on_the_last_entry_keeps_previous_output(step: str, tmp_path: Path, monkeypatch) -> None:
    content, docs, old, new = _old_and_new(tmp_path)
    last = sorted(rel for rel in new if rel != MANIFEST)[-1]
    if step == "staging":  # while the run streams its files into docs/.qa-staging-*/
        real_put = write_module.Transaction.put

        def failing_put(self: write_module.Transaction, rel: str, text: str) -> None:
            if rel == last:
                raise RuntimeError("boom on the last entry")
            real_put(self, rel, text)

        monkeypatch.setattr(write_module.Transaction, "put", failing_put)
    else:  # while commit() renames the staged files into place
        real_replace = os.replace

        def failing_replace(src: str, dst: str) -> None:
            if Path(dst) == docs / last:
                raise RuntimeError("boom on the last entry")
            real_replace(src, dst)

        monkeypatch.setattr(write_module.os, "replace", failing_replace)
    with pytest.raises(RuntimeError, match="boom"):
        build(content, docs)
    _assert_old_or_new(docs, old, new)
    if step == "staging":
        assert _tree(docs) == old  # nothing in docs/ changes before commit
    monkeypatch.undo()
    _recovers(content, docs, new)


@pytest.mark.parametrize(
    ("error", "call"),
    [
        pytest.param(OSError(errno.ENOSPC, "No space left on device"), "fdopen", id="disk-full"),
        pytest.param(PermissionError(errno.EACCES, "Permission denied"), "replace", id="permission-denied"),
    ],
)
def test_os_error_mid_run_keeps_previous_output(
    error: OSError, call: str, tmp_path: Path, monkeypatch
) -> None:
    content, docs, old, new = _old_and_new(tmp_path)
    real = getattr(os, call)
    calls = {"n": 0}

    def failing(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] != 3:  # the manifest, one page, then the failure
            return real(*args)
        if call != "fdopen":
            raise error
        handle = real(*args)  # a full disk shows when the bytes are written

        class Full:
            def __enter__(self) -> Full:
                return self

            def __exit__(self, *exc: object) -> None:
                handle.close()

            def write(self, data: bytes) -> int:
                raise error

        return Full()

    monkeypatch.setattr(write_module.os, call, failing)
    with pytest.raises(OSError) as caught:
        build(content, docs)
    assert caught.value.errno == error.errno
    monkeypatch.setattr(write_module.os, call, real)
    _assert_old_or_new(docs, old, new)
    _recovers(content, docs, new)


KILLER = """
import os, signal, sys
from pathlib import Path
from generator import write
from generator.pipeline import build

real, count = os.replace, {"n": 0}

def replace(src, dst):
    count["n"] += 1
    if count["n"] == int(sys.argv[3]):
        os.kill(os.getpid(), signal.SIGKILL)  # killed with the temporary file written
    real(src, dst)

write.os.replace = replace
build(Path(sys.argv[1]), Path(sys.argv[2]))
"""


@pytest.mark.parametrize("at", [1, 2, 4])
def test_sigkill_during_writing_keeps_previous_output(at: int, tmp_path: Path) -> None:
    content, docs, old, new = _old_and_new(tmp_path)
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    done = subprocess.run(
        [sys.executable, str(script), str(content), str(docs), str(at)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    _assert_old_or_new(docs, old, new, tmp=True)  # the kill left a temporary file behind
    _recovers(content, docs, new)  # the next run removes it and completes the output


def test_next_run_removes_temporary_files_left_by_a_killed_run(tmp_path: Path) -> None:
    content, docs, old, new = _old_and_new(tmp_path)
    (docs / ".glossary.md.abc123.tmp").write_text("half a page")
    (docs / "explainers" / ".first.md.x9.tmp").write_text("half a page")
    (docs / ".notes.tmp").write_text("not ours")
    _recovers(content, docs, {**new, ".notes.tmp": b"not ours"})


def test_manifest_written_before_pages_lists_old_and_new(tmp_path: Path, monkeypatch) -> None:
    content, docs, old, new = _old_and_new(tmp_path)
    seen: list[list[str]] = []
    real = write_module._atomic_write

    def spy(path: Path, data: bytes) -> None:
        if path.name == MANIFEST and not seen:
            seen.append(json.loads(data)["files"])
        real(path, data)

    monkeypatch.setattr(write_module, "_atomic_write", spy)
    build(content, docs)
    assert set(seen[0]) == (set(old) | set(new)) - {MANIFEST}
