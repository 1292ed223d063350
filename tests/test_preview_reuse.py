"""Live-preview reuse (generator/reuse.py): after any edit, a rebuild gives exactly a fresh build's output.

Unlike tests/test_scale.py, the parsed files are kept between the previewed builds (as ``mkdocs
serve`` keeps them), so work kept per unchanged content object is reused too; each fresh build
runs with every cache set aside and restored after.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator import links, load, model, pipeline, render, whats_new
from generator.errors import ContentError
from generator.known_files import KnownFiles
from generator.memo import MEMO
from generator.reuse import REUSE, Reuse
from generator.siteinfo import SiteInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus  # noqa: E402

SITE = SiteInfo(url="https://news.example.org/", name="Example explainers", description="Test site.")
KNOWN = KnownFiles()  # what the previewed builds wrote, as ``mkdocs serve`` keeps it (preview.STATE)
Edit = Callable[[Path], None]


@pytest.fixture
def previewing() -> Iterator[None]:
    """Reuse on, as in ``mkdocs serve``; everything it kept is dropped afterwards."""
    MEMO.active = REUSE.active = True
    try:
        yield
    finally:
        MEMO.active = REUSE.active = False
        MEMO.values.clear()
        REUSE.previous.clear()
        REUSE.current.clear()
        load._PARSED.clear()
        model._VALIDATED.clear()
        KNOWN.__init__()


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _outcome(content: Path, docs: Path) -> tuple[str, list[str]]:
    """Build; return "ok" and the warnings, or "error" and the report."""
    try:
        result = pipeline.build(content, docs, site_info=SITE, known=KNOWN if REUSE.active else None)
    except ContentError as exc:
        return "error", exc.report().splitlines()
    return "ok", [w.format() for w in result.warnings]


def _fresh(content: Path, docs: Path) -> tuple[str, list[str]]:
    """Build with no reuse and no cache, leaving the preview's caches as they were."""
    parsed, validated = dict(load._PARSED), dict(model._VALIDATED)
    load._PARSED.clear()
    model._VALIDATED.clear()
    MEMO.active = REUSE.active = False
    try:
        return _outcome(content, docs)
    finally:
        MEMO.active = REUSE.active = True
        load._PARSED.clear()
        load._PARSED.update(parsed)
        model._VALIDATED.clear()
        model._VALIDATED.update(validated)


def _replace(rel: str, old: str, new: str) -> Edit:
    """Return an edit that replaces the first ``old`` in ``content/rel`` by ``new``."""

    def edit(content: Path) -> None:
        path = content / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def _write(rel: str, text: str) -> Edit:
    """Return an edit that writes ``content/rel``."""
    return lambda content: (content / rel).write_text(text, encoding="utf-8")


def _delete(rel: str) -> Edit:
    """Return an edit that deletes ``content/rel``."""
    return lambda content: (content / rel).unlink()


def _preview(tmp_path: Path, edits: list[Edit]) -> list[str]:
    """Build, then make each edit and rebuild as a live preview does, comparing with a fresh build."""
    content, docs = tmp_path / "content", tmp_path / "docs"
    corpus.write_corpus(content, 120)
    REUSE.start()
    assert _outcome(content, docs)[0] == "ok"
    outcomes = []
    for n, edit in enumerate(edits):
        edit(content)
        REUSE.start()
        got = _outcome(content, docs)
        want = _fresh(content, tmp_path / f"fresh-{n}")
        assert got == want, n
        if got[0] == "ok":
            assert _tree(docs) == _tree(tmp_path / f"fresh-{n}"), n
        outcomes.append(got[0])
    return outcomes


X3, X4, X5, X11 = (f"explainers/explainer-{n:04d}.yml" for n in (3, 4, 5, 11))
NEW = """explainer:
  id: a-new-explainer
  title: "A new explainer"
  standfirst: "Brand new, citing [[q:q00007]]."
  published: "2030-01-01"
  updated: "2030-01-01"
  tags: [fresh-tag]
  questions:
    - id: q-new
      question: "What is new?"
      short: "Something new."
      answer: |
        It links [[q:q00042]], [[e:entity-0003]] and [[t:event-00004]].
      sources: [source-0001]
      tags: [topic-01]
"""


def test_list_page_and_link_edits_equal_a_fresh_build(tmp_path: Path, previewing: None) -> None:
    """Tags, dates, cross-references, explainers added and removed, former ids, events, entities."""
    edits = [
        _replace(X3, "      tags: [topic-", "      tags: [another-tag, topic-"),  # the tags page only
        _replace(
            X3,
            "      sources: [",
            '      updated: "2030-02-01"\n      change_note: "Revised."\n      sources: [',
        ),
        _replace(X4, "answer: |\n        ", "answer: |\n        See [[q:q00100]]. "),  # a new backlink
        _replace(X4, "See [[q:q00100]]. ", ""),  # and gone again
        _write("explainers/new.yml", NEW),
        _replace("explainers/new.yml", "[[t:event-00004]]", "[[t:event-00005]]"),
        _delete("explainers/new.yml"),
        _replace(X5, "      sources: [", "      former_ids: [an-old-question]\n      sources: ["),
        _replace("entities.yml", "    kind: ", '    aliases: ["Another name"]\n    kind: '),  # the glossary
        _replace("timeline.yml", "questions: [q00000, q00001]", "questions: [q00000, q00051]"),
        _replace("timeline.yml", 'date: "2021-01-04"', 'date: "2022-06-01"'),  # the timeline order
        _replace(X11, 'standfirst: "', 'standfirst: "Fresh words. '),  # the newest: on the home page
        _replace(X11, 'title: "', 'title: "Retitled: '),  # every page that links to it
        _replace(
            "sources.yml",
            "sources:\n",
            'sources:\n  - id: uncited\n    publisher: P\n    title: T\n    date: "2020"\n',
        ),
        _replace(
            "entities.yml",
            "entities:\n",
            "entities:\n  - id: lonely\n    name: Lonely\n    kind: place\n    description: D.\n",
        ),
        _replace("sources.yml", "sources:\n", "# TODO: check these\nsources:\n"),  # a warning, by line
    ]
    assert set(_preview(tmp_path, edits)) == {"ok"}


def test_errors_and_their_fixes_equal_a_fresh_build(tmp_path: Path, previewing: None) -> None:
    """Each error is reported as a fresh build reports it, and the fix after it builds like a fresh one."""
    broken_and_fixed = [
        ("sources: [source-", "sources: [no-such-source, source-"),  # unknown reference
        ("answer: |\n        ", "answer: |\n        [[nope]] "),  # a malformed cross-reference
        ("      tags: [topic-", '      tags: ["Topic 01", topic-'),  # two spellings, one tag anchor
        ("answer: |\n        ", "answer: |\n        [x](javascript:alert(1)) "),  # an unsafe link
        ("- id: q00051", "- id: q00060"),  # an id also declared in another file
        ("  id: explainer-0005", "  id: explainer-0006"),
        ("  title: ", "  title: [unclosed "),  # not YAML: the file is left out
    ]
    edits: list[Edit] = []
    for old, new in broken_and_fixed:
        edits += [_replace(X5, old, new), _replace(X5, new, old)]
    edits.append(_replace("timeline.yml", "  - id: event-00001", "  - id: event-00001\n    bogus: 1"))
    edits.append(_replace("timeline.yml", "  - id: event-00001\n    bogus: 1", "  - id: event-00001"))
    assert _preview(tmp_path, edits) == ["error", "ok"] * (len(broken_and_fixed) + 1)


def test_an_answer_edit_reuses_every_list_page_and_all_other_links(
    tmp_path: Path, previewing: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an answer edit only its explainer is linked and rendered again; a tag edit adds the tags page."""
    calls: list[str] = []

    def spy(owner: object, name: str) -> None:
        real = getattr(owner, name)
        monkeypatch.setattr(owner, name, lambda *a, **k: calls.append(name) or real(*a, **k))

    for name in ("home", "timeline", "glossary", "sources", "tags", "explainer"):
        spy(render.Renderer, name)
    spy(whats_new, "render_page")
    for name in ("_explainer", "_timeline"):
        spy(links._Linker, name)
    content = tmp_path / "content"
    corpus.write_corpus(content, 120)
    builds = [
        lambda content: None,
        _replace(X3, "answer: |\n        ", "answer: |\n        Edited. "),
        _replace(X3, "      tags: [topic-", "      tags: [another-tag, topic-"),
        _replace(X3, "sources: [source-", "sources: [no-such-source, source-"),
        _replace(X3, "sources: [no-such-source, source-", "sources: [source-"),
    ]
    seen = []
    for edit in builds:
        edit(content)
        calls.clear()
        REUSE.start()
        _outcome(content, tmp_path / "docs")
        seen.append(sorted(calls))
    assert seen[1] == ["_explainer", "explainer"]
    assert seen[2] == ["_explainer", "explainer", "tags"]
    assert seen[3] == ["_explainer"]  # an error: nothing rendered
    assert seen[4] == ["_explainer"]  # fixed as it was: every page from before the error is reused


def test_derived_values_last_while_the_very_same_objects_are_in_use() -> None:
    """derived, derived_all and kept: identity, not equality, and only what the last build used."""
    reuse, one, two = Reuse(), ["a"], ["a"]
    assert reuse.derived("k", one, lambda: 1) == 1  # inactive: always computed, nothing kept
    assert not reuse.current
    reuse.active = True
    assert reuse.derived("k", one, lambda: 1) == 1
    reuse.start()
    assert reuse.derived("k", one, lambda: 2) == 1  # the very same object
    assert reuse.derived("k", two, lambda: 3) == 3  # an equal one is not the same
    assert reuse.derived("k", one, lambda: 4, valid=lambda v: v > 1) == 4  # no longer valid
    assert reuse.derived_all("all", (one, two), lambda: 5) == 5
    reuse.start()
    assert reuse.derived_all("all", (one, two), lambda: 6) == 5
    assert reuse.derived_all("all", (two, one), lambda: 7) == 7  # same objects, other order
    first = reuse.kept("kept", ("x",))
    assert reuse.kept("kept", ("x",)) is first  # an equal value: the one kept before
    assert reuse.kept("kept", ("y",)) == ("y",)
    reuse.start()
    reuse.start()  # builds that made no output (content errors) keep what the ones before used
    assert reuse.derived_all("all", (two, one), lambda: 8) == 7
    assert reuse.get("page", b"key", lambda: "page") == "page"
    reuse.start()  # a build that made outputs: only what it used is kept
    assert reuse.get("page", b"key", lambda: "other") == "page"
    assert reuse.derived("k", one, lambda: 9) == 9


def test_a_single_build_keeps_nothing(tmp_path: Path) -> None:
    """Outside a live preview nothing is kept for reuse."""
    corpus.write_corpus(tmp_path / "content", 30)
    REUSE.start()
    pipeline.build(tmp_path / "content", tmp_path / "docs", site_info=SITE)
    assert not REUSE.current and not REUSE.previous


def _rglob_files(root: Path) -> list[Path]:
    """The content files as found before os.scandir: rglob, then no symlink on the way."""

    def links_out(path: Path) -> bool:
        current = root
        for part in path.relative_to(root).parts:
            current = current / part
            if current.is_symlink():
                return True
        return False

    found = [p for p in root.rglob("*") if p.suffix in {".yml", ".yaml"} and p.is_file() and not links_out(p)]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def test_content_files_are_found_as_before(tmp_path: Path) -> None:
    """Real *.yml and *.yaml files at any depth, hidden ones too; nothing through a symlink."""
    root = tmp_path / "content"
    for rel in (
        "a.yml",
        "b.yaml",
        "c.YML",
        ".yml",
        "..yml",
        ".hidden/d.yml",
        "e/f/g.yml",
        "e/h.txt",
        "i.yml.",
    ):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x: 1\n")
    (root / "dir.yml").mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "o.yml").write_text("x: 1\n")
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "link.yml").symlink_to(root / "a.yml")
    found = load.content_files(root)
    assert found == _rglob_files(root)
    assert [p.relative_to(root).as_posix() for p in found] == [
        "..yml",
        ".hidden/d.yml",
        "a.yml",
        "b.yaml",
        "e/f/g.yml",
    ]
    assert load.content_files(tmp_path / "missing") == []
