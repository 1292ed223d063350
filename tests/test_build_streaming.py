"""A build streams its output into docs/ through one transaction: only a whole, error-free run lands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsletter_kit import SITE, too_big_for_gmail, write_content

from generator import load, pipeline
from generator import write as write_module
from generator.errors import ContentError
from generator.reuse import REUSE
from generator.write import MANIFEST, STAGING, WriteError, read_manifest


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """Content built once into docs/ (with a hand-written page); the tree it left."""
    content = write_content(tmp_path / "site")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# About\n")
    pipeline.build(content, docs, site_info=SITE)
    return content, docs, tree(docs)


def test_build_writes_pages_and_shared_files_and_keeps_none_in_memory(built, tmp_path: Path) -> None:
    content, docs, before = built
    result = pipeline.build(content, docs, site_info=SITE)
    assert result.rendered.pages == {} and result.rendered.nav
    assert result.report is not None and result.report.written == []
    expected = pipeline.check(content, site_info=SITE).rendered.pages
    assert sorted(result.report.unchanged) == sorted(expected)
    assert {
        rel: data.decode() for rel, data in tree(docs).items() if rel not in (MANIFEST, "about.md")
    } == expected
    assert tree(docs) == before


def test_a_content_error_found_while_sharing_leaves_docs_as_they_were(built) -> None:
    content, docs, before = built
    (content / "big.yml").write_text(too_big_for_gmail(), encoding="utf-8")
    (content / "older.yml").write_text(
        "# edited: its page would change\n" + (content / "older.yml").read_text()
    )
    with pytest.raises(ContentError) as caught:
        pipeline.build(content, docs, site_info=SITE)
    assert "embed/x/big.json (question big-q)" in caught.value.report()
    assert tree(docs) == before
    assert not [p for p in docs.iterdir() if p.name.startswith(STAGING)]


def test_an_exception_while_putting_the_last_file_leaves_docs_as_they_were(built, monkeypatch) -> None:
    content, docs, before = built
    text = (content / "sample.yml").read_text()
    (content / "sample.yml").write_text(text.replace("Second short answer.", "A revised short answer."))
    last = sorted(rel for rel in before if rel not in (MANIFEST, "about.md"))[-1]
    put = write_module.Transaction.put

    def failing(self: write_module.Transaction, rel: str, text: str) -> None:
        if rel == last:
            raise RuntimeError("boom on the last entry")
        put(self, rel, text)

    monkeypatch.setattr(write_module.Transaction, "put", failing)
    with pytest.raises(RuntimeError, match="boom"):
        pipeline.build(content, docs, site_info=SITE)
    assert tree(docs) == before
    monkeypatch.setattr(write_module.Transaction, "put", put)
    assert pipeline.build(content, docs, site_info=SITE).report.written  # type: ignore[union-attr]


def test_a_hand_written_file_where_a_shared_file_goes_is_refused_untouched(built) -> None:
    content, docs, _ = built
    owned = [rel for rel in read_manifest(docs) if rel != "feed.xml"]
    (docs / MANIFEST).write_text(json.dumps({"files": owned}))  # feed.xml is now the editor's own
    (docs / "feed.xml").write_text("my feed\n")
    before = tree(docs)
    with pytest.raises(WriteError) as caught:
        pipeline.build(content, docs, site_info=SITE)
    assert str(caught.value) == "docs/feed.xml exists and was not written by the generator; rename or move it"
    assert tree(docs) == before


def test_a_run_lets_the_parsed_yaml_go_but_a_live_preview_keeps_it(tmp_path: Path) -> None:
    content = write_content(tmp_path)
    first = pipeline.check(content, site_info=SITE).rendered.pages
    assert load._PARSED == {}  # nothing to reuse outside a preview: the parsed files are gone
    assert pipeline.check(content, site_info=SITE).rendered.pages == first  # and a second run parses again
    REUSE.active = True
    try:
        pipeline.check(content, site_info=SITE)
        assert sorted(load._PARSED) == ["content/older.yml", "content/sample.yml"]
        assert all(doc.data is not None for _, doc in load._PARSED.values())
    finally:
        REUSE.active = False
        REUSE.previous.clear()
        REUSE.current.clear()
        load._PARSED.clear()
