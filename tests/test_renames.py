"""Ids may change, published links must not: former_ids, redirects and old anchors, in Chromium too."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import _QuietHandler, copy_project, mkdocs_build
from content_kit import BASE, ENTITIES, EXPLAINER, messages, write_content

from generator.errors import ContentError
from generator.pipeline import check

RENAMED = (
    EXPLAINER.replace("  id: first\n", "  id: first-renamed\n  former_ids: [first]\n")
    .replace("    - id: q-one\n", "    - id: q-uno\n      former_ids: [q-one]\n")
    .replace("[[q:q-one]]", "[[q:q-uno]]")
)
EVENTS_RENAMED = BASE["content/timeline.yml"].replace("questions: [q-one]", "questions: [q-uno]")
ENTITIES_RENAMED = ENTITIES.replace("  - id: india\n", "  - id: republic-of-india\n    former_ids: [india]\n")
FILES = {
    **BASE,
    "content/explainers/first.yml": RENAMED.replace("[[e:india]]", "[[e:republic-of-india]]"),
    "content/timeline.yml": EVENTS_RENAMED,
    "content/entities.yml": ENTITIES_RENAMED,
}


def test_renamed_site_renders_redirects_and_old_anchors(tmp_path: Path) -> None:
    pages = check(write_content(tmp_path, FILES)).rendered.pages
    redirect = pages["explainers/first/index.html"]
    assert 'location.replace("../first-renamed/" + location.search + location.hash)' in redirect
    assert '<meta http-equiv="refresh" content="0; url=../first-renamed/">' in redirect
    assert '<link rel="canonical" href="../first-renamed/">' in redirect
    page = pages["explainers/first-renamed.md"]
    assert '## <span id="q-one" class="qa-former-id"></span>What is it? { #q-uno .qa-question }' in page
    assert (
        '### <span id="india" class="qa-former-id"></span>India { #republic-of-india .qa-entity }'
        in (pages["glossary.md"])
    )


def test_a_reference_to_a_former_id_says_what_it_became() -> None:
    files = {**FILES, "content/timeline.yml": EVENTS_RENAMED.replace("[q-uno]", "[q-one]")}
    assert messages(files) == [
        "content/timeline.yml:7:17: error: events[0].questions[0]: unknown question 'q-one'; "
        "it was renamed: use 'q-uno' (its former_ids keep old links working)"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("former_ids: [q-one]", "former_ids: [q-two]"),
            "content/explainers/first.yml:11:20: error: explainer.questions[0].former_ids[0]: former id "
            "'q-two' is the current id of another question (content/explainers/first.yml:17)",
        ),
        (
            ("former_ids: [q-one]", "former_ids: [q-uno]"),
            "content/explainers/first.yml:11:20: error: explainer.questions[0].former_ids[0]: former id "
            "'q-uno' is this question's current id",
        ),
        (
            ("    - id: q-two\n", "    - id: q-two\n      former_ids: [q-one]\n"),
            "content/explainers/first.yml:18:20: error: explainer.questions[1].former_ids[0]: former id "
            "'q-one' is already listed at content/explainers/first.yml:11",
        ),
        (
            ("former_ids: [q-one]", "former_ids: [timeline]"),
            "content/explainers/first.yml:11:20: error: explainer.questions[0].former_ids[0]: the id "
            "'timeline' is reserved for a section of the page",
        ),
    ],
)
def test_former_id_clashes_name_both_places(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    text = FILES["content/explainers/first.yml"].replace(*change)
    files = {**FILES, "content/explainers/first.yml": text}
    with pytest.raises(ContentError) as caught:
        check(write_content(tmp_path, files))
    assert caught.value.report().splitlines() == [expected, "1 error found."]


# --- the real thing: rename ids in a copy of the bundled project, build, follow old links ---

BUNDLED_RENAMES = {
    "why-the-push-matters-now": "push-explained",
    "bigger-picture-india": "india-big-picture",
    "marco-rubio": "secretary-rubio",
}


def rename_ids(content: Path) -> None:
    """Rename three ids everywhere they are used, recording each old id under former_ids."""
    for path in content.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        for old, new in BUNDLED_RENAMES.items():
            text = re.sub(rf"(?<![a-z0-9-]){old}(?![a-z0-9-])", new, text)
            text = re.sub(
                rf"^(\s*)(- )?id: {new}\n",
                lambda m, old=old: (
                    f"{m.group(0)}{m.group(1)}{'  ' if m.group(2) else ''}former_ids: [{old}]\n"
                ),
                text,
                flags=re.M,
            )
        path.write_text(text, encoding="utf-8")
    (content / "explainers" / "why-the-push-matters-now.yml").rename(
        content / "explainers" / "push-explained.yml"
    )


@pytest.fixture(scope="module")
def renamed_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("renamed"))
    rename_ids(project / "content")
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def in_view(page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"] / 2


@pytest.mark.browser
def test_old_explainer_url_and_old_question_anchor_land_on_the_question(page, renamed_site_url: str) -> None:
    page.goto(renamed_site_url + "explainers/why-the-push-matters-now/#bigger-picture-india")
    page.wait_for_url(re.compile(r"/explainers/push-explained/#bigger-picture-india$"), timeout=15000)
    page.wait_for_load_state("load")
    heading = page.locator("h2#india-big-picture")
    assert "What's the bigger picture for India?" in heading.inner_text()
    page.wait_for_function("document.querySelector('h2#india-big-picture').getBoundingClientRect().top < 300")
    assert in_view(page, "h2#india-big-picture")


@pytest.mark.browser
def test_old_entity_anchor_lands_on_the_entity(page, renamed_site_url: str) -> None:
    page.goto(renamed_site_url + "glossary/#marco-rubio")
    page.wait_for_load_state("load")
    assert "Marco Rubio" in page.locator("h3#secretary-rubio").inner_text()
    page.wait_for_function("document.querySelector('h3#secretary-rubio').getBoundingClientRect().top < 300")
    assert in_view(page, "h3#secretary-rubio")


@pytest.mark.browser
def test_question_anchor_on_the_wrong_explainer_is_forwarded(page, renamed_site_url: str) -> None:
    page.goto(renamed_site_url + "explainers/us-led-minerals-bloc/#bigger-picture-india")
    page.wait_for_url(re.compile(r"/explainers/push-explained/#india-big-picture$"), timeout=15000)
    page.wait_for_function("document.querySelector('h2#india-big-picture').getBoundingClientRect().top < 300")
    assert in_view(page, "h2#india-big-picture")
