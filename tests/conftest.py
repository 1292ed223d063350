"""Shared fixtures: project paths, a built copy of the bundled site, a local server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def copy_project(dest: Path, content: Path | None = None) -> Path:
    """Copy what a build needs (config, content, hand-written docs) into ``dest``."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(content or ROOT / "content", dest / "content")
    shutil.copytree(ROOT / "docs", dest / "docs", ignore=_generated_ignore)
    (dest / "generator").symlink_to(ROOT / "generator", target_is_directory=True)
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", dest / "overrides")
    return dest


def _generated_ignore(folder: str, names: list[str]) -> set[str]:
    from generator.write import read_manifest

    root = ROOT / "docs"
    owned = set(read_manifest(root)) | {".generated.json"}
    rel = Path(folder).resolve().relative_to(root.resolve())
    return {n for n in names if (rel / n).as_posix().removeprefix("./") in owned or n == "explainers"}


def mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` in ``project``; return the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the bundled site once per session in a temporary copy; return its site/ folder."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    return project / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (a free port); yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Launch Debian's Chromium through playwright; skip locally without it, fail under CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {CHROMIUM} is missing: browser tests must run under CI")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser page at a desktop size, closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    local_only(context)
    page = context.new_page()
    yield page
    context.close()


def local_only(context: object) -> None:
    """Abort requests that leave 127.0.0.1 (the theme's web fonts): tests stay offline and fast."""
    context.route(  # type: ignore[attr-defined]
        lambda url: not url.startswith("http://127.0.0.1:"), lambda route: route.abort()
    )
