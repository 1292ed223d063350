"""Catalogue, injection: hostile text in every field stays inert text in every output, and no script runs."""

from __future__ import annotations

import functools
import html
import html.parser
import http.server
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import markdown
import pytest
from catalogue_kit import EXPLAINER, errors
from conftest import copy_project, mkdocs_build

from generator.bundle import from_json

VECTORS = [
    pytest.param("<script>window.__pwned='script'</script>", id="script-tag"),
    pytest.param("<img src=x onerror=\"window.__pwned='img'\">", id="img-onerror"),
    pytest.param("<svg onload=\"window.__pwned='svg'\"></svg>", id="svg-onload"),
    pytest.param("</title></script><script>window.__pwned='close'</script>", id="close-title-and-script"),
    pytest.param("<iframe src=\"javascript:window.__pwned='iframe'\"></iframe>", id="iframe-javascript"),
    pytest.param("<a href=\"javascript:window.__pwned='a'\">click</a>", id="raw-anchor-javascript"),
    pytest.param("<div onmouseover=\"window.__pwned='div'\">x</div>", id="raw-html-block"),
    pytest.param("{: onclick=\"window.__pwned='attr'\" }", id="markdown-attribute-list"),
    pytest.param("{{ 7*7 }} {% include 'base.html' %}", id="jinja-expression-and-include"),
    pytest.param("<!-- x --><style>body{display:none}</style>", id="comment-and-style"),
    pytest.param('" onmouseover="window.__pwned=\'quote\'" x="', id="attribute-breakout-double-quote"),
    pytest.param("' onmouseover='window.__pwned=1' x='", id="attribute-breakout-single-quote"),
]
ALL = " ".join(p.values[0] for p in VECTORS)
CONTENT = "http://purl.org/rss/1.0/modules/content/"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _content() -> dict[str, str]:
    answer = "\n".join(
        f"        {line}" for line in (f"Answer [[e:india]] {ALL}", "", ALL, "", f"## Heading {ALL}")
    )
    return {
        "sources.yml": f"sources:\n  - id: src-a\n    publisher: {_q('publisher ' + ALL)}\n"
        f"    title: {_q('title ' + ALL)}\n    author: {_q('author ' + ALL)}\n    date: '2026-02-05'\n"
        "    url: https://example.org/a?x=%3Cscript%3E&y=1\n",
        "entities.yml": f"entities:\n  - id: india\n    name: {_q('name ' + ALL)}\n    kind: country\n"
        f"    description: {_q('description ' + ALL)}\n    aliases: [{_q('alias ' + ALL)}]\n",
        "events.yml": "events:\n  - id: ministerial\n    date: '2026-02-04'\n"
        f"    title: {_q('title ' + ALL)}\n"
        f"    description: {_q('[[e:india]] ' + ALL)}\n    sources: [src-a]\n    questions: [q-one]\n",
        "explainers/first.yml": f"""explainer:
  id: first
  title: {_q("title " + ALL)}
  standfirst: {_q("standfirst " + ALL)}
  published: "2026-02-05"
  updated: "2026-02-05"
  change_note: {_q("note " + ALL)}
  tags: [{_q("tag " + ALL)}]
  questions:
    - id: q-one
      question: {_q("question " + ALL)}
      short: {_q("short " + ALL)}
      answer: |
{answer}
      sources: [src-a]
      tags: [{_q("tag " + ALL)}]
""",
    }


class _Scanner(html.parser.HTMLParser):
    """Collect anything live in an HTML document: handlers, script URLs, injected elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.open.append("json" if ("type", "application/ld+json") in attrs else tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and "pwned" in value:
                self.live.append(f"<{tag} {name}={value!r}>")
            if name == "title" and tag in ("a", "abbr") and "<" in value:  # Material's tooltips: HTML
                self.live += [f"title: {live}" for live in scan(value).live]
            if name in ("href", "src", "action") and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag == "iframe" or (tag == "img" and ("src", "x") in attrs):
            self.live.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        tag = "json" if tag == "script" and self.open and self.open[-1] == "json" else tag
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] in ("script", "style") and ("pwned" in data or "display:none" in data):
            self.live.append(f"<{self.open[-1]}>{data[:60]}")
        self.text.append(data)


def scan(markup: str) -> _Scanner:
    """Parse HTML and return what is live in it and its text."""
    scanner = _Scanner()
    scanner.feed(markup)
    scanner.close()
    return scanner


@pytest.fixture(scope="module")
def injected(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose every text field carries every injection vector, built with MkDocs."""
    project = copy_project(tmp_path_factory.mktemp("injected"))
    shutil.rmtree(project / "content")
    for rel, text in _content().items():
        path = project / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    done = mkdocs_build(project)
    assert done.returncode == 0, done.stderr
    return project


def _pages(project: Path) -> list[Path]:
    return sorted((project / "site").rglob("*.html"))


def test_nothing_live_in_any_page(injected: Path) -> None:
    for path in _pages(injected):
        assert scan(path.read_text(encoding="utf-8")).live == [], path


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_shows_as_typed_on_the_explainer_page(vector: str, injected: Path) -> None:
    page = scan((injected / "site/explainers/first/index.html").read_text(encoding="utf-8"))
    text = " ".join(" ".join(page.text).split())
    for field in ("title", "standfirst", "question", "short"):
        assert f"{field} {ALL}" in text, field
    assert vector in text


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_inert_in_the_search_index(vector: str, injected: Path) -> None:
    index = json.loads((injected / "site/search/search_index.json").read_text(encoding="utf-8"))
    texts = []
    for doc in index["docs"]:
        for key in ("title", "text"):
            found = scan(doc[key])
            assert found.live == [], (doc["location"], key)
            texts.append(" ".join(" ".join(found.text).split()))
    assert any(vector in t for t in texts)
    assert any(f"name {ALL}" in t for t in texts)


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_inert_in_front_matter_and_head(vector: str, injected: Path) -> None:
    page = (injected / "site/explainers/first/index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and vector in html.unescape(title.group(1))
    description = re.search(r'<meta name="description" content="([^"]*)"', page)
    assert description and vector in html.unescape(description.group(1))
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S):
        data = json.dumps(json.loads(block), ensure_ascii=False)  # still parses back to the original
        assert _q("title " + ALL)[1:-1] in data


@pytest.mark.parametrize("vector", VECTORS)
def test_json_ld_escaping_parses_back_to_the_original(vector: str) -> None:
    from generator.headmeta import script_json

    embedded = script_json({"headline": vector, "text": [vector]})
    assert "</" not in embedded and "<!--" not in embedded
    assert json.loads(embedded) == {"headline": vector, "text": [vector]}
    found = scan(f'<script type="application/ld+json">{embedded}</script><p>after</p>')
    assert found.text == [embedded, "after"]  # the script ends where it should, and only there


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def injected_url(injected: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(injected / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


HOOK = """
window.__dialogs = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__dialogs.push(name); };
}
"""


def _assert_nothing_ran(page) -> None:
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("window.__dialogs") == []


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["", "explainers/first/", "glossary/", "timeline/", "sources/", "tags/", "whats-new/"]
)
def test_no_injected_script_runs_in_chromium(path: str, page, injected: Path, injected_url: str) -> None:
    if path == "whats-new/" and not (injected / "site/whats-new/index.html").exists():
        pytest.fail("whats-new page missing")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.add_init_script(HOOK)
    page.goto(injected_url + path)
    page.wait_for_load_state("load")
    links = page.locator(".md-content a[title], .md-content a[href]").all()
    assert links  # every page links somewhere; hovering shows Material's tooltips
    for link in links:
        if link.is_visible():
            link.scroll_into_view_if_needed()
            link.hover(timeout=5000)
    page.wait_for_timeout(300)
    _assert_nothing_ran(page)
    assert dialogs == []


@pytest.mark.browser
def test_no_injected_script_runs_from_search_results(page, injected_url: str) -> None:
    page.add_init_script(HOOK)
    page.goto(injected_url)
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.type("standfirst", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    shown = page.locator(".md-search-result").inner_text()
    assert "<script>" in shown
    for item in results.all():
        item.hover(force=True)
    _assert_nothing_ran(page)


# Link URLs in Markdown fields: only https, http and mailto; never relative.
LINKS = [
    pytest.param("[x](javascript:alert(1))", "javascript:alert(1)", "unsafe", id="javascript-link"),
    pytest.param(
        "[x](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)", "unsafe", id="mixed-case-javascript-link"
    ),
    pytest.param(
        "[x]( javascript:alert(1))", "javascript:alert(1)", "unsafe", id="javascript-link-leading-space"
    ),
    pytest.param(
        "[x](<javascript:alert(1)>)", "javascript:alert(1)", "unsafe", id="javascript-link-in-brackets"
    ),
    pytest.param(
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "data:image/svg+xml;base64,PHN2Zz4=",
        "unsafe",
        id="data-image",
    ),
    pytest.param("[x](data:text/html,<script>)", "data:text/html,", "unsafe", id="data-html-link"),
    pytest.param("[x](vbscript:msgbox)", "vbscript:msgbox", "unsafe", id="vbscript-link"),
    pytest.param(
        "[x][r]\n\n[r]: javascript:alert(1)", "javascript:alert(1)", "unsafe", id="reference-definition"
    ),
    pytest.param(
        "- [x][r]\n\n    [r]: javascript:alert(1)",
        "javascript:alert(1)",
        "unsafe",
        id="indented-reference-definition",
    ),
    pytest.param(
        "[x](java&#115;cript:alert(1))", "java&#115;cript:alert(1)", "relative", id="entity-encoded-scheme"
    ),
    pytest.param("[x](../index.md)", "../index.md", "relative", id="relative-link"),
    pytest.param("[x](#q-one)", "#q-one", "relative", id="fragment-link"),
    pytest.param("[x](//evil.example/a)", "//evil.example/a", "relative", id="protocol-relative-link"),
]


@pytest.mark.parametrize(("markdown", "url", "kind"), LINKS)
@pytest.mark.parametrize("field", ["answer", "standfirst", "description"])
def test_unsafe_and_relative_links_are_errors(
    markdown: str, url: str, kind: str, field: str, tmp_path: Path
) -> None:
    block = "|\n" + "".join(f"        {line}\n" if line else "\n" for line in markdown.split("\n"))
    if field == "description":
        changes = {
            "extra.yml": "events:\n  - id: e2\n    date: '2026'\n    title: T\n"
            f"    description: {block}    sources: [src-a]\n"
        }
        line = 1 + next(i for i, text in enumerate(markdown.split("\n")) if url in text)
        where, path = f"content/extra.yml:{5 + line}:", "events[0].description"
    else:
        old = (
            "  standfirst: What this is about.\n"
            if field == "standfirst"
            else "      answer: See [[q:q-one]].\n"
        )
        indent = "  " if field == "standfirst" else "      "
        body = block.replace("        ", indent + "  ")
        changes = {"explainers/first.yml": EXPLAINER.replace(old, f"{indent}{field}: {body}")}
        where = "content/explainers/first.yml:" + ("5:" if field == "standfirst" else "19:")
        line = 1 + next(i for i, text in enumerate(markdown.split("\n")) if url in text)
        where = where.replace(":5:", f":{4 + line}:").replace(":19:", f":{18 + line}:")
        path = "explainer.standfirst" if field == "standfirst" else "explainer.questions[1].answer"
    message = (
        f"link to {url!r} is not allowed; links must start with https://, http:// or mailto:"
        if kind == "unsafe"
        else f"relative link {url!r} is not allowed; link to other pages with a cross-reference such as "
        "[[q:id]] or [[x:id]]"
    )
    found = errors(tmp_path, changes)
    assert (
        len(found) == 1 and found[0].startswith(where) and found[0].endswith(f": error: {path}: {message}")
    ), found


@pytest.mark.parametrize(
    "markdown",
    [
        pytest.param("[x](https://example.org/a)", id="https-link"),
        pytest.param("[x](http://example.org/a)", id="http-link"),
        pytest.param("[x](mailto:desk@example.org)", id="mailto-link"),
        pytest.param("<https://example.org/a>", id="https-autolink"),
        pytest.param("`[x](javascript:alert(1))`", id="javascript-link-in-code"),
        pytest.param("<javascript:alert(1)>", id="javascript-autolink-shown-as-text"),
    ],
)
def test_safe_links_are_accepted(markdown: str, tmp_path: Path) -> None:
    changes = {
        "explainers/first.yml": EXPLAINER.replace("See [[q:q-one]].", f"'See [[q:q-one]]. {markdown}'")
    }
    assert errors(tmp_path, changes) == []


def _plain(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_inert_in_the_rss_feed(vector: str, injected: Path) -> None:
    root = ET.fromstring((injected / "site/feed.xml").read_bytes())  # still well-formed XML
    titles = [item.findtext("title") for item in root.iter("item")]
    assert f"title {ALL}" in titles and f"question {ALL}" in titles
    for item in root.iter("item"):  # titles are plain text; description and content hold HTML
        for element in [*item.iter("description"), *item.iter(f"{{{CONTENT}}}encoded")]:
            assert scan(element.text or "").live == [], element.tag
    encoded = [e.text or "" for e in root.iter(f"{{{CONTENT}}}encoded")]
    assert any(vector in _plain(" ".join(scan(html_text).text)) for html_text in encoded)


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_inert_in_the_json_feed(vector: str, injected: Path) -> None:
    feed = json.loads((injected / "site/feed.json").read_text(encoding="utf-8"))
    assert {f"title {ALL}", f"question {ALL}"} <= {item["title"] for item in feed["items"]}
    for item in feed["items"]:
        assert scan(item.get("content_html", "")).live == []
    assert any(vector in _plain(" ".join(scan(i.get("content_html", "")).text)) for i in feed["items"])


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_inert_in_oembed_responses(vector: str, injected: Path) -> None:
    responses = sorted((injected / "site/oembed").rglob("*.json"))
    assert responses
    for path in responses:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert vector in data["title"]
        assert scan(data["html"]).live == []


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_is_inert_in_email_snippets(vector: str, injected: Path) -> None:
    bundles = sorted((injected / "site/embed/x").glob("*.json"))
    assert bundles
    for path in bundles:
        built = from_json(path.read_text(encoding="utf-8"))
        snippets = [built.explainer_snippet(), *(built.question_snippet(q) for q in built.questions)]
        for snippet in snippets:
            assert scan(snippet.html).live == [], path
            assert vector in _plain(" ".join(scan(snippet.html).text)), path
            assert vector in _plain(snippet.text), path
            # Markdown to paste: rendering it must stay inert
            rendered = markdown.markdown(snippet.markdown, extensions=["attr_list", "md_in_html"])
            assert scan(rendered).live == [], path
            assert vector in _plain(html.unescape(" ".join(scan(rendered).text))), path
