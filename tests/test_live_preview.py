"""`mkdocs serve` for real: a save shows up, a broken save keeps the last good pages, a fix recovers.

Timing is not asserted here (see bench/live_preview.py); only behaviour.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from conftest import copy_project
from live_server import LiveServer

FILE = Path("content/explainers/why-the-push-matters-now.yml")
PAGE = "explainers/why-the-push-matters-now/"
SHORT = "It is the first-ever Critical Minerals Ministerial"


@pytest.fixture
def served(tmp_path: Path):
    """A copy of the bundled project under `mkdocs serve`, its first build done."""
    project = copy_project(tmp_path)
    server = LiveServer(project)
    try:
        server.wait_for(PAGE, SHORT, timeout=120)
        yield project, server
    finally:
        server.stop()


def test_save_updates_page_and_broken_yaml_keeps_last_good_pages(served) -> None:
    project, server = served
    path = project / FILE
    original = path.read_text(encoding="utf-8")

    path.write_text(original.replace(SHORT, f"Freshly edited. {SHORT}", 1), encoding="utf-8")
    server.wait_for(PAGE, "Freshly edited.")

    broken = original.replace("  title: ", "  title: [unclosed ", 1)
    path.write_text(broken, encoding="utf-8")
    line = server.wait_for_log("invalid YAML")
    assert re.search(r"why-the-push-matters-now\.yml:\d+:\d+: error: invalid YAML", line), line
    time.sleep(2)  # the broken save has been processed; the server must still be up and serving
    assert server.proc.poll() is None, server.log()
    assert "Freshly edited." in server.get(PAGE)

    path.write_text(original.replace(SHORT, f"Recovered. {SHORT}", 1), encoding="utf-8")
    server.wait_for(PAGE, "Recovered.")
    assert "Freshly edited." not in server.get(PAGE)


def test_content_error_is_reported_with_position_and_preview_recovers(served) -> None:
    project, server = served
    path = project / FILE
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("[[e:marco-rubio]]", "[[e:marco-rubioo]]", 1), encoding="utf-8")
    line = server.wait_for_log("unknown entity 'marco-rubioo'")
    assert re.search(r"why-the-push-matters-now\.yml:\d+:\d+: error: explainer\.questions\[0\]\.answer", line)
    assert server.proc.poll() is None
    assert SHORT in server.get(PAGE)

    path.write_text(original.replace(SHORT, f"Fixed again. {SHORT}", 1), encoding="utf-8")
    server.wait_for(PAGE, "Fixed again.")


def test_generated_writes_do_not_trigger_rebuilds(served) -> None:
    project, server = served
    path = project / FILE
    path.write_text(path.read_text(encoding="utf-8").replace(SHORT, f"Once. {SHORT}", 1), encoding="utf-8")
    server.wait_for(PAGE, "Once.")
    time.sleep(3)  # several polling intervals: a rebuild triggered by our own writes would show
    builds = [line for line in server.lines if "Building documentation" in line]
    assert len(builds) == 2, server.log()  # the first build and the one for the save
