"""The "mkdocs-macros equivalent" project: the explainer site as mkdocs-macros would build it.

bench/run.py times two mkdocs-macros builds next to ours:

- ``macros_min``, the lower bound: our already expanded Markdown, plus the macros plugin loading
  the corpus YAML (``include_yaml``). No page is expanded by macros; it is the lightest
  mkdocs-macros build possible.
- ``macros_equiv``, this project: every explainer page (docs/explainers/<id>.md) is a stub that
  names its explainer and includes a Jinja page template (bench/macros_explainer.md), which
  mkdocs-macros expands from the YAML: the questions, headings with ids, the short-version
  admonition, answers with cross-references made links with tooltips, the meta lines and the
  explainer's own timeline. main.py (bench/macros_main.py) reads the YAML once and indexes it
  (questions, entities, sources, events by id; events and backlinks by question). Every other
  page (home, timeline, glossary, sources, tags, about...) is our pre-expanded Markdown, as in
  the plain build.

The rendered Markdown has the structure of the generator's (same headings and ids, same link
hrefs and titles, same meta lines); compare_html() checks the built pages against ``make site``'s.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
STUB = '---\nexplainer_id: {id}\n---\n\n{{% include "explainer.md" %}}\n'


def write_project(proj: Path, dest: Path, config: dict) -> Path:
    """Write the macros equivalent of ``proj`` into ``dest`` (its docs/ already copied there)."""
    explainers = sorted((proj / "content" / "explainers").glob("*.yml"))
    for path in explainers:
        page = dest / "docs" / "explainers" / f"{path.stem}.md"
        if not page.is_file():
            raise RuntimeError(f"no generated page for {path.name} in {proj / 'docs'}")
        page.write_text(STUB.format(id=path.stem), encoding="utf-8")
    shutil.copy(HERE / "macros_main.py", dest / "main.py")
    (dest / "includes").mkdir(exist_ok=True)
    shutil.copy(HERE / "macros_explainer.md", dest / "includes" / "explainer.md")
    config["extra"] = {"content_dir": str(proj / "content")}
    macros = {"include_dir": "includes", "on_error_fail": True}
    config["plugins"].append({"macros": macros})
    return dest


_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
_TAG = re.compile(r"<[^>]+>")


def _main(html: str) -> str:
    found = _ARTICLE.search(html)
    return found.group(1) if found else ""


def _text(html: str) -> str:
    """The text of one page's main content (scripts left out), whitespace collapsed."""
    main = re.sub(r"<script\b.*?</script>", "", _main(html), flags=re.S)
    return re.sub(r"\s+", " ", _TAG.sub("", main)).strip()


def page_figures(html: str) -> dict[str, int]:
    """Counts of one page's main content: links, h2 headings, characters of text and of HTML."""
    main = _main(html)
    return {
        "a": main.count("<a "),
        "h2": main.count("<h2"),
        "text_chars": len(_text(html)),
        "html_chars": len(re.sub(r">\s+<", "><", main).strip()),
    }


def _links(html: str) -> list[tuple[str, str]]:
    """(href, title) of every link in the main content, headerlinks left out."""
    main = _main(html)
    found = []
    for tag in re.findall(r"<a [^>]*>", main):
        if 'class="headerlink"' in tag:
            continue
        href = re.search(r'href="([^"]*)"', tag)
        title = re.search(r'title="([^"]*)"', tag)
        found.append((href.group(1) if href else "", title.group(1) if title else ""))
    return found


def _ids(html: str) -> list[str]:
    return re.findall(r'<h[1-6][^>]* id="([^"]*)"', _main(html))


def compare_html(site: Path, macros_site: Path, pages: list[str]) -> list[dict]:
    """Compare built explainer pages of ``make site`` and of the macros equivalent."""
    rows = []
    for name in pages:
        ours = (site / "explainers" / name / "index.html").read_text(encoding="utf-8")
        theirs = (macros_site / "explainers" / name / "index.html").read_text(encoding="utf-8")
        a, b = page_figures(ours), page_figures(theirs)
        row: dict = {"page": name}
        for key in a:
            row[key] = (a[key], b[key], round(b[key] / a[key], 4) if a[key] else None)
        row["same_links"] = _links(ours) == _links(theirs)
        row["same_heading_ids"] = _ids(ours) == _ids(theirs)
        row["same_text"] = _text(ours) == _text(theirs)
        rows.append(row)
    return rows


def describe(questions: int, row: dict) -> str:
    """One line of the printed check: macros equivalent / make site, for one page."""
    counts = ", ".join(f"{key} {row[key][1]}/{row[key][0]}" for key in ("a", "h2", "text_chars"))
    same = [name for name in ("links", "heading_ids", "text") if row[f"same_{name}"]]
    return (
        f"macros equivalent vs make site, {questions:,} questions, {row['page']}: {counts}; "
        f"same {', '.join(same) or 'nothing'}"
    )


if __name__ == "__main__":  # python bench/macros_equivalent.py SITE MACROS_SITE PAGE...
    import sys

    for name in sys.argv[3:]:
        print(describe(0, compare_html(Path(sys.argv[1]), Path(sys.argv[2]), [name])[0]))
