"""Early regeneration in a live preview (generator/early.py): a save regenerates at once, a build
takes that result only if no file changed since, and nothing regenerates while a build runs."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_project
from test_preview_reuse import previewing  # noqa: F401 - reuse on, and every cache dropped after

from generator import preview
from generator.early import Early
from generator.preview import Outcome

SHORT = "It is the first-ever Critical Minerals Ministerial"


class Counting:
    """A stand-in for preview.regenerate that counts its runs."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> Outcome:
        self.runs += 1
        return Outcome(True, [f"run {self.runs}"], info=[f"generator: run {self.runs}"])


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.yml").write_text("a: 1\n")
    return folder


@pytest.fixture
def early() -> Iterator[Early]:
    made = Early()
    yield made
    made.stop()


def wait_until(check, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return False


def test_a_run_is_reused_until_a_file_or_the_key_changes(content: Path, early: Early) -> None:
    regenerate = Counting()
    first = early.run("key", [content], regenerate)
    assert early.run("key", [content], regenerate) is first and regenerate.runs == 1
    (content / "a.yml").write_text("a: 2\n")
    assert early.run("key", [content], regenerate).nav == ["run 2"]
    (content / "b.yml").write_text("b: 1\n")  # a new file
    early.run("key", [content], regenerate)
    (content / "b.yml").unlink()  # a deleted one
    early.run("key", [content], regenerate)
    assert regenerate.runs == 4
    early.run("other key", [content], regenerate)  # e.g. site_url changed in mkdocs.yml
    assert regenerate.runs == 5


def test_a_save_regenerates_at_once_and_the_build_takes_that_run(content: Path, early: Early) -> None:
    regenerate = Counting()
    assert early.watch([content], "key", regenerate)
    (content / "a.yml").write_text("a: 2\n")
    assert wait_until(lambda: regenerate.runs == 1)
    early.begin_build()
    outcome = early.run("key", [content], regenerate)  # what on_config does
    early.end_build()
    assert regenerate.runs == 1
    assert outcome.info == ["generator: run 1 (on save)"]


def test_nothing_regenerates_while_a_build_runs(content: Path, early: Early) -> None:
    regenerate = Counting()
    assert early.watch([content], "key", regenerate)
    early.begin_build()
    (content / "a.yml").write_text("a: 2\n")
    time.sleep(0.5)
    assert regenerate.runs == 0  # docs/ must stay as MkDocs is reading it
    early.end_build()
    assert wait_until(lambda: regenerate.runs == 1)
    early.end_build()  # a failed build ends twice (on_post_build, then on_build_error): harmless


def test_the_watcher_follows_the_latest_build_s_arguments(content: Path, early: Early) -> None:
    """After mkdocs.yml changes (a new site address, say), saves regenerate with the new details."""
    old, new = Counting(), Counting()
    assert early.watch([content], "old key", old)
    early.begin_build()
    early.run("new key", [content], new)  # what the rebuild's on_config does
    early.end_build()
    (content / "a.yml").write_text("a: 2\n")
    assert wait_until(lambda: new.runs == 2)
    assert old.runs == 0


def test_a_reused_run_takes_in_hand_written_pages_added_since(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    outcome = Outcome(True, ["index.md"], generated_nav=["index.md"])
    (docs / "extra.md").write_text("# Extra\n")
    preview.refresh_nav(outcome, docs)
    assert outcome.nav == ["index.md", "extra.md"]


class Server:
    """What on_serve is given: the watch calls are MkDocs' business, not this test's."""

    def watch(self, path: str) -> None: ...

    def unwatch(self, path: str) -> None: ...


@pytest.mark.usefixtures("previewing")
def test_the_hooks_regenerate_on_save_and_the_rebuild_takes_it(tmp_path: Path, capfd) -> None:
    """Through MkDocs' own plugin events, as `mkdocs serve` sends them."""
    from mkdocs.config import load_config

    project = copy_project(tmp_path)
    page = project / "docs" / "explainers" / "why-the-push-matters-now.md"
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        config = config.plugins.on_config(config)  # the first build
        config.plugins.on_post_build(config=config)
        config.plugins.on_serve(Server(), config=config, builder=None)
        source = project / "content" / "explainers" / "why-the-push-matters-now.yml"
        source.write_text(source.read_text(encoding="utf-8").replace(SHORT, f"Early. {SHORT}", 1))
        assert wait_until(lambda: "Early." in page.read_text(encoding="utf-8"))  # no build ran
        capfd.readouterr()
        rebuild = load_config(str(project / "mkdocs.yml"))
        rebuild = rebuild.plugins.on_config(rebuild)
        rebuild.plugins.on_post_build(config=rebuild)
        logged = capfd.readouterr().err
        assert re.search(r"generator: \d+ written, \d+ unchanged, 0 deleted in [\d.]+s \(on save\)", logged)
        assert [e["Explainers"] for e in rebuild.nav if isinstance(e, dict) and "Explainers" in e]
        again = load_config(str(project / "mkdocs.yml"))  # e.g. docs/about.md saved: no content change
        again = again.plugins.on_config(again)
        again.plugins.on_post_build(config=again)
        assert "generator:" not in capfd.readouterr().err  # the same run is not reported twice
    finally:
        config.plugins.on_shutdown()
        preview.STATE.serving = False
