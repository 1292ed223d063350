"""The share stage beside MkDocs' page build (generator/beside.py): same output, all or nothing.

``start`` places the pages (undoably) and forks a worker for the email bundles and feeds;
``finish`` commits. Whatever happens in between, docs/ ends as ``pipeline.build`` leaves it, or
as it was before the run.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build
from newsletter_kit import SITE, too_big_for_gmail, write_content

from generator import beside, pipeline, sharing
from generator.errors import ContentError
from generator.write import MANIFEST, STAGING, read_manifest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus  # noqa: E402

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")
PARENT = os.getpid()
SHARE = beside.share


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def always_fork(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Take the forked path on the small fixture site too, and count the forks."""
    made: list[int] = []
    fork = beside._fork

    def counted() -> object:
        made.append(1)
        return fork()

    monkeypatch.setattr(beside, "worth_forking", lambda site: True)
    monkeypatch.setattr(beside, "_fork", counted)
    return made


@pytest.fixture(autouse=True)
def thawed() -> object:
    """Give frozen objects back to the cycle collector after each test, as on_post_build does."""
    yield
    beside.thaw()
    assert gc.get_freeze_count() == 0


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Fixture content, built once into two docs/ folders (one for each way of building)."""
    content = write_content(tmp_path / "site")
    folders = []
    for name in ("docs-build", "docs-beside"):
        docs = tmp_path / name
        docs.mkdir()
        (docs / "about.md").write_text("# About\n")
        pipeline.build(content, docs, site_info=SITE)
        folders.append(docs)
    return content, folders[0], folders[1]


def edit(content: Path) -> None:
    """Change a page and a bundle, add an explainer, remove one (its page and bundle go stale)."""
    sample = (content / "sample.yml").read_text()
    (content / "sample.yml").write_text(sample.replace("short: ", "short: Edited. ", 1))
    older = (content / "older.yml").read_text()
    (content / "third.yml").write_text(
        older.replace("id: older", "id: third").replace("old-one", "third-one")
    )
    (content / "older.yml").unlink()


def test_beside_leaves_what_a_build_leaves(project, always_fork: list[int]) -> None:
    content, by_build, by_beside = project
    edit(content)
    expected = pipeline.build(content, by_build, site_info=SITE).report
    pending = beside.start(content, by_beside, SITE)
    assert always_fork == [1] and not pending.done
    assert gc.get_freeze_count() > 0  # the run's objects, out of the collector's passes
    report = pending.finish().report
    assert tree(by_beside) == tree(by_build)
    assert (report.written, report.unchanged, report.deleted) == (
        expected.written,
        expected.unchanged,
        expected.deleted,
    )
    assert report.written and report.unchanged
    assert not [p for p in by_beside.iterdir() if p.name.startswith(STAGING)]


def test_pages_are_in_place_before_finish_and_bundles_only_after(project) -> None:
    content, by_build, docs = project
    edit(content)
    pipeline.build(content, by_build, site_info=SITE)
    before = tree(docs)
    pending = beside.start(content, docs, SITE)
    now = tree(docs)
    assert now["explainers/third.md"] == tree(by_build)["explainers/third.md"]
    assert "embed/x/third.json" not in now  # still being made
    assert now["embed/x/sample.json"] == before["embed/x/sample.json"]  # the old one, until finish
    assert sharing.paths(pending.result.site) <= set(read_manifest(docs))  # listed before placed
    pending.finish()
    assert tree(docs) == tree(by_build)


def test_a_size_error_found_at_finish_takes_the_pages_back(project) -> None:
    content, _, docs = project
    before = tree(docs)
    edit(content)
    (content / "big.yml").write_text(too_big_for_gmail(), encoding="utf-8")
    pending = beside.start(content, docs, SITE)
    assert tree(docs) != before  # pages placed
    with pytest.raises(ContentError) as caught:
        pending.finish()
    assert "embed/x/big.json (question big-q)" in caught.value.report()
    assert tree(docs) == before
    assert not [p for p in docs.iterdir() if p.name.startswith(STAGING)]


def test_abandoning_a_run_leaves_docs_as_they_were(project) -> None:
    content, _, docs = project
    before = tree(docs)
    edit(content)
    pending = beside.start(content, docs, SITE)
    pending.abandon()
    assert tree(docs) == before
    assert pending.worker is None and pending.receiver is None


def test_a_first_run_taken_back_leaves_no_manifest_and_no_folders(tmp_path: Path) -> None:
    content = write_content(tmp_path / "site", {"big.yml": too_big_for_gmail()})
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# About\n")
    pending = beside.start(content, docs, SITE)
    assert (docs / MANIFEST).exists() and (docs / "explainers").is_dir()
    with pytest.raises(ContentError):
        pending.finish()
    assert sorted(p.name for p in docs.iterdir()) == ["about.md"]


def dies_in_the_worker(*args: object, **kwargs: object) -> list[object]:
    """Share as usual in this process; in the forked worker, die as if killed for memory."""
    if os.getpid() != PARENT:
        os._exit(3)
    return SHARE(*args, **kwargs)


def test_a_worker_that_dies_leaves_its_work_to_this_process(project, monkeypatch) -> None:
    content, by_build, docs = project
    edit(content)
    pipeline.build(content, by_build, site_info=SITE)
    monkeypatch.setattr(beside, "share", dies_in_the_worker)
    beside.start(content, docs, SITE).finish()
    assert tree(docs) == tree(by_build)


def test_content_errors_are_found_before_anything_is_placed(project) -> None:
    content, _, docs = project
    before = tree(docs)
    sample = (content / "sample.yml").read_text()
    (content / "sample.yml").write_text(sample.replace("id: sample", "id: ../x", 1))
    with pytest.raises(ContentError):
        beside.start(content, docs, SITE)
    assert tree(docs) == before


def test_paths_name_every_file_the_share_stage_makes(tmp_path: Path) -> None:
    content = write_content(tmp_path / "site")
    result = pipeline.check(content, site_info=SITE)
    shared = result.rendered.pages.keys() - pipeline.check(content).rendered.pages.keys()
    assert sharing.paths(result.site) == shared


def test_mkdocs_build_of_a_big_site_makes_bundles_beside_the_pages(tmp_path: Path, monkeypatch) -> None:
    """End to end, no patching: a site past sharing.PARALLEL_FROM; site/ gets every bundle as made."""
    project = copy_project(tmp_path)
    shutil.rmtree(project / "content")
    corpus.write_corpus(project / "content", sharing.PARALLEL_FROM + 10)
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    assert "email bundles beside the page build" in done.stderr
    docs, site = project / "docs", project / "site"
    made = [p for p in sorted((docs / "embed" / "x").iterdir())]
    assert len(made) == (sharing.PARALLEL_FROM + 10) // 10
    for path in [*made, docs / "feed.xml", docs / "feed.json"]:
        rel = path.relative_to(docs)
        assert (site / rel).read_bytes() == path.read_bytes(), rel
    before = tree(docs)
    (project / "content" / "big.yml").write_text(
        too_big_for_gmail().replace("[src-a]", "[source-0000]"), encoding="utf-8"
    )
    failed = mkdocs_build(project)
    assert failed.returncode != 0
    assert "embed/x/big.json (question big-q)" in failed.stderr
    assert tree(docs) == before
    shutil.rmtree(project / "content")
    corpus.write_corpus(project / "content", sharing.PARALLEL_FROM)  # one explainer fewer
    gone = made[-1]  # its page, bundle and oEmbed file are stale now
    again = mkdocs_build(project)
    assert again.returncode == 0, again.stderr
    for rel in (f"explainers/{gone.stem}.md", f"embed/x/{gone.stem}.json", f"oembed/x/{gone.stem}.json"):
        assert not (docs / rel).exists(), rel
    assert not (site / "embed" / "x" / f"{gone.stem}.json").exists()
    assert not (site / "explainers" / gone.stem).exists()
