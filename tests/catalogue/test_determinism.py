"""Catalogue, determinism: the same content gives byte-identical output whatever the machine's state."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

EPOCH = "1770249600"  # 2026-02-05T00:00:00Z
ENVIRONMENTS = {
    "hashseed-0-utc-c-locale": {"PYTHONHASHSEED": "0", "TZ": "UTC", "LC_ALL": "C", "LANG": "C"},
    "hashseed-12345-kolkata-utf8-locale": {
        "PYTHONHASHSEED": "12345",
        "TZ": "Asia/Kolkata",
        "LC_ALL": "C.UTF-8",
        "LANG": "tr_TR.UTF-8",
    },
    "hashseed-random-honolulu": {"PYTHONHASHSEED": "random", "TZ": "Pacific/Honolulu"},
}


def _project(dest: Path, order_seed: int | None) -> Path:
    """Copy the project, creating content files in a shuffled order (``None``: sorted order)."""
    dest.mkdir()
    project = copy_project(dest, content=_empty(dest))
    files = sorted(p for p in (ROOT / "content").rglob("*") if p.is_file())
    if order_seed is not None:
        random.Random(order_seed).shuffle(files)
    for path in files:
        target = project / "content" / path.relative_to(ROOT / "content")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return project


def _empty(dest: Path) -> Path:
    empty = dest.parent / f"{dest.name}-empty"
    empty.mkdir()
    return empty


def _run(project: Path, env: dict[str, str], *command: str) -> None:
    full = {k: v for k, v in os.environ.items() if k not in {"SOURCE_DATE_EPOCH", "PYTHONHASHSEED"}}
    full.update(env, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run(
        [sys.executable, "-m", *command], cwd=project, env=full, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _generated(project: Path) -> dict[str, bytes]:
    docs = _tree(project / "docs")
    assert ".generated.json" in docs
    return docs


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled site built with mkdocs in each environment, content written in a different order."""
    built = {}
    for seed, (name, env) in enumerate(ENVIRONMENTS.items()):
        project = _project(tmp_path_factory.mktemp("det") / name, order_seed=seed or None)
        _run(project, {**env, "SOURCE_DATE_EPOCH": EPOCH}, "mkdocs", "build", "--strict")
        built[name] = project
    return built


@pytest.mark.parametrize("name", list(ENVIRONMENTS)[1:])
def test_generated_pages_feeds_and_snippets_are_byte_identical(name: str, sites: dict[str, Path]) -> None:
    first = sites[next(iter(ENVIRONMENTS))]
    assert _generated(sites[name]) == _generated(first)


@pytest.mark.parametrize("name", list(ENVIRONMENTS)[1:])
def test_built_site_is_byte_identical_with_source_date_epoch(name: str, sites: dict[str, Path]) -> None:
    first = sites[next(iter(ENVIRONMENTS))]
    assert _tree(sites[name] / "site") == _tree(first / "site")


def test_generator_alone_needs_no_source_date_epoch(tmp_path: Path) -> None:
    trees = []
    for seed, env in enumerate(ENVIRONMENTS.values()):
        project = _project(tmp_path / f"p{seed}", order_seed=seed or None)
        _run(project, env, "generator", "build")
        trees.append(_generated(project))
    assert trees[0] == trees[1] == trees[2]


def test_sitemap_dates_come_from_source_date_epoch(sites: dict[str, Path]) -> None:
    sitemap = (sites[next(iter(ENVIRONMENTS))] / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-02-05</lastmod>" in sitemap


def test_edit_then_rebuild_equals_clean_build(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": EPOCH}
    edited = _project(tmp_path / "edited", order_seed=None)
    _run(edited, env, "mkdocs", "build", "--strict")
    explainer = next((edited / "content/explainers").glob("*.yml"))
    text = explainer.read_text(encoding="utf-8")
    changed = text.replace('updated: "2026-02-05"', 'updated: "2026-02-06"', 1)
    assert changed != text
    explainer.write_text(changed, encoding="utf-8")
    (edited / "content/sources.yml").rename(edited / "content/sources-renamed.yml")
    _run(edited, env, "mkdocs", "build", "--strict")

    clean = _project(tmp_path / "clean", order_seed=7)
    shutil.rmtree(clean / "content")
    shutil.copytree(edited / "content", clean / "content")
    _run(clean, env, "mkdocs", "build", "--strict")
    assert _generated(edited) == _generated(clean)
    assert _tree(edited / "site") == _tree(clean / "site")
