"""Integration: real `mkdocs build --strict` runs, checked through the HTML they produce."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import ROOT, copy_project, mkdocs_build
from content_kit import BASE, EXPLAINER, write_content

from generator.pipeline import check
from generator.render import slug_tag
from generator.write import read_manifest

GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "content"
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


@pytest.fixture(scope="module")
def bundled():
    """The bundled content, validated (strict) and rendered in memory."""
    return check(ROOT / "content", strict=True)


def page_html(site: Path, url_path: str) -> str:
    """Return the HTML of a page given its site-relative URL path ('glossary/')."""
    return (site / url_path / "index.html").read_text(encoding="utf-8")


def ids_of(text: str) -> set[str]:
    return set(_ID.findall(text))


def h2_at(text: str, anchor: str) -> int:
    """Return where the h2 whose id is ``anchor`` starts, or -1."""
    found = re.search(rf'<h2\s[^>]*\bid="{re.escape(anchor)}"', text)
    return found.start() if found else -1


def section(text: str, anchor: str) -> str:
    """Return the HTML from the h2 with ``anchor`` up to the next h2."""
    start = h2_at(text, anchor)
    assert start >= 0, f"no h2 with id {anchor!r}"
    end = text.find("<h2 ", start + 1)
    return text[start : end if end > 0 else len(text)]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# --- The bundled site -------------------------------------------------------------------


def test_every_question_has_its_anchor_short_answer_and_sources(built_site: Path, bundled) -> None:
    for explainer in bundled.site.explainers:
        text = page_html(built_site, f"explainers/{explainer.id}")
        for q in explainer.questions:
            assert h2_at(text, q.id) >= 0, (explainer.id, q.id)
            part = section(text, q.id)
            assert " ".join(q.short.split()) in html.unescape(re.sub(r"<[^>]+>", "", part)), q.id
            sources = part[part.index("qa-sources") :]
            for source_id in q.sources:
                assert f'href="../../sources/#{source_id}"' in sources, (q.id, source_id)


def test_reference_pages_have_an_anchor_for_everything(built_site: Path, bundled) -> None:
    site = bundled.site
    assert set(site.entities) <= ids_of(page_html(built_site, "glossary"))
    assert set(site.events) <= ids_of(page_html(built_site, "timeline"))
    assert set(site.sources) <= ids_of(page_html(built_site, "sources"))
    tags = {t for e in site.explainers for t in e.tags} | {
        t for _, q in site.questions.values() for t in q.tags
    }
    assert {slug_tag(t) for t in tags} <= ids_of(page_html(built_site, "tags"))


def test_every_internal_link_lands_on_a_page_and_anchor(built_site: Path) -> None:
    checked = 0
    for page in sorted(built_site.rglob("index.html")):
        rel = page.parent.relative_to(built_site).as_posix()
        base = "http://site/" + ("" if rel == "." else rel + "/")
        for href in _HREF.findall(page.read_text(encoding="utf-8")):
            url = urlparse(urljoin(base, html.unescape(href)))
            if url.netloc != "site" or not url.path.endswith("/"):
                continue  # external, or an asset (stylesheet, search index)
            target = built_site / url.path.lstrip("/") / "index.html"
            assert target.is_file(), f"{rel}: {href} has no page"
            if url.fragment:
                assert url.fragment in ids_of(target.read_text(encoding="utf-8")), f"{rel}: {href}"
            checked += 1
    assert checked > 500


def test_entity_links_carry_the_description_as_tooltip(built_site: Path, bundled) -> None:
    text = page_html(built_site, "explainers/why-the-push-matters-now")
    links = re.findall(r'<a href="../../glossary/#([a-z0-9-]+)" title="([^"]*)"', text)
    assert links
    for entity_id, title in links:
        assert html.unescape(title) == bundled.site.entities[entity_id].description


def test_explainer_pages_end_with_their_own_timeline(built_site: Path, bundled) -> None:
    for explainer in bundled.site.explainers:
        text = page_html(built_site, f"explainers/{explainer.id}")
        expected = bundled.graph.explainer_events[explainer.id]
        assert expected, explainer.id
        timeline = section(text, "timeline")
        linked = re.findall(r'class="qa-event-title"><a href="../../timeline/#([a-z0-9-]+)"', timeline)
        assert linked == expected
        assert h2_at(text, "timeline") > max(h2_at(text, q.id) for q in explainer.questions)


def test_pages_carry_no_third_party_fonts_palette_script_or_inline_logo(built_site: Path) -> None:
    """Every page: system fonts (no Google Fonts request), no palette-restoring script, and the logo
    as one cached file rather than an inline SVG twice per page."""
    logo = built_site / "assets" / "images" / "logo.svg"
    assert logo.read_text(encoding="utf-8").startswith('<svg fill="#fff" ')
    pages = sorted(built_site.rglob("index.html"))
    assert len(pages) > 5
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, path
        assert '__md_get("__palette")' not in text, path
        found = re.findall(r'<img src="([^"]*)" alt="logo">', text)
        assert len(found) == 2, path  # header and navigation drawer
        assert all((path.parent / src).resolve() == logo.resolve() for src in found), path
        assert "M12 8a3 3 0 0 0 3-3" not in text, path  # the icon's path data, inline no more


def test_questions_show_related_and_timeline_links(built_site: Path, bundled) -> None:
    text = page_html(built_site, "explainers/why-the-push-matters-now")
    part = section(text, "ministerial")
    related = part[part.index("qa-related") :].split("</p>")[0]
    anchors = re.findall(r'href="[^"]*#([a-z0-9-]+)"', related)
    assert anchors == bundled.graph.related["ministerial"]
    assert len(anchors) == len(set(anchors))
    assert "qa-on-timeline" in part


def test_pages_show_their_tags(built_site: Path, bundled) -> None:
    for explainer in bundled.site.explainers:
        text = page_html(built_site, f"explainers/{explainer.id}")
        for tag in explainer.tags:
            assert f'href="../../tags/#{slug_tag(tag)}"' in text


def test_aliases_are_in_the_search_index(built_site: Path) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    entry = next(d for d in index["docs"] if d["location"] == "glossary/#s-jaishankar")
    assert "EAM" in entry["text"]


def test_search_lands_on_answers_not_on_lists_of_titles(built_site: Path, bundled) -> None:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages = {d["location"].split("#")[0] for d in index["docs"]}
    assert "" not in pages and "tags/" not in pages  # the home page and tags list question titles
    question = bundled.site.explainers[0].questions[0]
    hits = [d["location"] for d in index["docs"] if d["title"] == question.question]
    assert hits == [f"explainers/{bundled.site.explainers[0].id}/#{question.id}"]


# --- Builds in a temporary project ------------------------------------------------------


def small_project(tmp_path: Path, files: dict[str, str] = BASE) -> Path:
    """A project with the small inline content and hand-written pages and assets."""
    content = write_content(tmp_path / "src", files)
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", content=content)
    (project / "docs" / "notes.md").write_text("# Notes\n\nHand-written.\n")
    (project / "docs" / "images").mkdir()
    (project / "docs" / "images" / "map.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    return project


def hand_written(project: Path) -> dict[str, bytes]:
    owned = set(read_manifest(project / "docs")) | {".generated.json"}
    return {k: v for k, v in snapshot(project / "docs").items() if k not in owned}


def test_hand_written_files_survive_builds_and_content_changes(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    before = snapshot(project / "docs")
    first = mkdocs_build(project)
    assert first.returncode == 0, first.stderr
    assert hand_written(project) == before
    assert (project / "site" / "notes" / "index.html").is_file()
    (project / "docs" / "explainers" / "figure.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>\n")
    kept = hand_written(project)

    # Rename the explainer and drop its second question.
    renamed = EXPLAINER.replace("id: first", "id: renamed").split("    - id: q-two")[0]
    (project / "content" / "explainers" / "first.yml").unlink()
    (project / "content" / "explainers" / "renamed.yml").write_text(renamed)
    second = mkdocs_build(project)
    assert second.returncode == 0, second.stderr
    assert re.search(r"generator: \d+ written, \d+ unchanged, [1-9]\d* deleted", second.stderr), second.stderr
    assert not (project / "docs" / "explainers" / "first.md").exists()
    assert (project / "docs" / "explainers" / "renamed.md").is_file()
    assert "q-two" not in (project / "docs" / "explainers" / "renamed.md").read_text()
    assert hand_written(project) == kept
    assert not (project / "site" / "explainers" / "first").exists()
    assert "explainers/first.md" not in read_manifest(project / "docs")


def test_collision_with_a_hand_written_page_stops_before_writing(tmp_path: Path) -> None:
    project = small_project(tmp_path)
    (project / "docs" / "timeline.md").write_text("# My own timeline\n")
    before = snapshot(project / "docs")
    done = mkdocs_build(project)
    assert done.returncode != 0
    assert "docs/timeline.md exists and was not written by the generator; rename or move it" in done.stderr
    assert snapshot(project / "docs") == before
    assert not (project / "site").exists()


def test_two_builds_give_byte_identical_output(tmp_path: Path, built_site: Path) -> None:
    project = copy_project(tmp_path)
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    first, second = built_site.parent / "docs", project / "docs"
    owned = read_manifest(first)
    assert owned == read_manifest(second)
    for rel in owned:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel
    for page in sorted(built_site.rglob("*.html")):
        rel = page.relative_to(built_site)
        assert page.read_bytes() == (project / "site" / rel).read_bytes(), rel
    # Running the generator again in place rewrites no generated file (mtimes unchanged).
    mtimes = {rel: (second / rel).stat().st_mtime_ns for rel in owned}
    again = subprocess.run(
        [sys.executable, "-m", "generator", "build"], cwd=project, capture_output=True, text=True, check=False
    )
    assert again.returncode == 0, again.stderr
    assert f": 0 written, {len(owned)} unchanged, 0 deleted" in again.stdout
    assert {rel: (second / rel).stat().st_mtime_ns for rel in owned} == mtimes


def test_golden_fixture_builds_under_strict(tmp_path: Path) -> None:
    project = copy_project(tmp_path, content=GOLDEN)
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    text = page_html(project / "site", "explainers/golden")
    assert h2_at(text, "what-is-it") > 0 and h2_at(text, "timeline") > 0
