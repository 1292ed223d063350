"""Scaling behaviour: sectioned navigation, one shared anchor table, caches equal to a full rebuild."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from generator import load, model, pipeline, renames, render, reuse
from generator.memo import MEMO
from generator.navigation import SECTION_SIZE, explainer_nav
from generator.reuse import REUSE
from generator.siteinfo import SiteInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus  # noqa: E402

SITE = SiteInfo(url="https://news.example.org/", name="Example explainers", description="Test site.")


def _leaves(nav: list) -> list[str]:
    out = []
    for entry in nav:
        for value in entry.values():
            out.extend(_leaves(value) if isinstance(value, list) else [value])
    return out


def test_small_site_keeps_a_flat_explainer_list(tmp_path: Path) -> None:
    corpus.write_corpus(tmp_path / "content", 10 * SECTION_SIZE)
    site = pipeline.check(tmp_path / "content").site
    nav = explainer_nav(site.explainers)
    assert len(nav) == SECTION_SIZE
    assert all(isinstance(v, str) for entry in nav for v in entry.values())


def test_big_site_groups_explainers_by_year_and_month(tmp_path: Path) -> None:
    corpus.write_corpus(tmp_path / "content", 1300)  # 130 explainers, one every 3 days from 2021
    site = pipeline.check(tmp_path / "content").site
    nav = explainer_nav(site.explainers)
    assert [next(iter(e)) for e in nav] == ["2022", "2021"]
    months_2021 = nav[1]["2021"]
    assert next(iter(months_2021[0])) == "December 2021"
    assert all(len(next(iter(m.values()))) <= SECTION_SIZE for m in months_2021)
    assert _leaves(nav) == [f"explainers/{e.id}.md" for e in site.explainers]


def test_explainer_pages_share_one_anchor_table(tmp_path: Path) -> None:
    corpus.write_corpus(tmp_path / "content", 200)
    result = pipeline.check(tmp_path / "content")
    table = json.loads(result.rendered.pages[renames.FORWARDS])
    assert len(table) == 200 and table["q00013"] == "../explainer-0001/#q00013"
    page = result.rendered.pages["explainers/explainer-0001.md"]
    assert "q00150" not in page  # no per-page copy of the table
    assert "fetch('../anchors.json')" in page


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_cached_rebuild_after_an_edit_equals_a_full_rebuild(tmp_path: Path) -> None:
    content = tmp_path / "content"
    corpus.write_corpus(content, 120)
    pipeline.build(content, tmp_path / "docs")
    target = content / "explainers" / "explainer-0002.yml"
    target.write_text(target.read_text().replace("answer: |\n        ", "answer: |\n        Edited. ", 1))
    cached = pipeline.build(content, tmp_path / "docs")
    assert cached.report is not None and "explainers/explainer-0002.md" in cached.report.written
    assert len(cached.report.written) < 5
    load._PARSED.clear()
    model._VALIDATED.clear()
    pipeline.build(content, tmp_path / "fresh")
    assert _tree(tmp_path / "docs") == _tree(tmp_path / "fresh")
    assert "Edited." in (tmp_path / "fresh" / "explainers" / "explainer-0002.md").read_text(encoding="utf-8")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fresh(content: Path, docs: Path) -> pipeline.Result:
    """A build with no cache of any kind."""
    load._PARSED.clear()
    model._VALIDATED.clear()
    return pipeline.build(content, docs, site_info=SITE)


def test_live_preview_reuse_equals_a_full_rebuild_after_each_kind_of_edit(tmp_path: Path) -> None:
    """Reused pages and bundles equal fresh ones: answer, question title, entity name, event, source."""
    content = tmp_path / "content"
    corpus.write_corpus(content, 120)
    explainers = content / "explainers"
    edits = [
        (explainers / "explainer-0002.yml", "answer: |\n        ", "answer: |\n        Edited. "),
        (explainers / "explainer-0005.yml", 'question: "What about', 'question: "Now, what about'),
        (content / "entities.yml", 'name: "Entity 3 ', 'name: "Renamed entity 3 '),
        (content / "timeline.yml", "title: ", "title: Moved "),
        (content / "sources.yml", "title: ", "title: Retitled "),
        (explainers / "explainer-0007.yml", "\n", "\n# a comment moves every line below\n"),
    ]
    MEMO.active = REUSE.active = True
    try:
        REUSE.start()
        pipeline.build(content, tmp_path / "docs", site_info=SITE)
        for n, (path, old, new) in enumerate(edits):
            _edit(path, old, new)
            REUSE.start()
            reused = pipeline.build(content, tmp_path / "docs", site_info=SITE)
            assert REUSE.previous, "nothing was kept for reuse"
            MEMO.active = REUSE.active = False
            _fresh(content, tmp_path / f"fresh-{n}")
            MEMO.active = REUSE.active = True
            assert _tree(tmp_path / "docs") == _tree(tmp_path / f"fresh-{n}"), path.name
        assert reused.report is not None and len(reused.report.written) < len(reused.report.unchanged)
    finally:
        MEMO.active = REUSE.active = False
        MEMO.values.clear()
        REUSE.previous.clear()
        REUSE.current.clear()


def test_editing_a_template_while_previewing_rebuilds_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reuse key covers the templates: an edited template is never answered with old pages."""
    templates = tmp_path / "templates"
    (templates / "email").mkdir(parents=True)
    (templates / "page.md.j2").write_text("one", encoding="utf-8")
    (templates / "email" / "email.css").write_text("p {}", encoding="utf-8")
    monkeypatch.setattr(reuse, "TEMPLATES", templates)
    before = reuse._templates_digest()
    (templates / "email" / "email.css").write_text("p { color: red }", encoding="utf-8")
    assert reuse._templates_digest() != before

    content = tmp_path / "content"
    corpus.write_corpus(content, 30)
    rendered: list[str] = []
    explainer = render.Renderer.explainer
    monkeypatch.setattr(render.Renderer, "explainer", lambda r, e: rendered.append(e.id) or explainer(r, e))
    MEMO.active = REUSE.active = True
    try:
        for digest in (b"a", b"a", b"b"):
            monkeypatch.setattr(reuse, "_templates_digest", lambda digest=digest: digest)
            REUSE.start()
            pipeline.check(content)
        assert len(rendered) == 6  # three explainers, built, reused, then built again
    finally:
        MEMO.active = REUSE.active = False
        REUSE.previous.clear()
        REUSE.current.clear()
