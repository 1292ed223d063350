"""main.py of the benchmark's "mkdocs-macros equivalent" site (copied into bench/out/p<N>-macros).

This is how a competent mkdocs-macros author would build the explainer site: the content YAML
is read and indexed ONCE here (questions, entities, sources and events by id, events and
backlinks by question, each explainer's timeline), and the indexes are exposed as template
variables. Each explainer page is then a small stub naming its explainer; the page itself is
expanded in Jinja (macros_explainer.md, the include): the loop over the questions, headings
with ids, the short-version admonition, the meta lines. Python helpers (macros and filters)
do what Jinja cannot do well: escaping, relative URLs, and ``[[q:id]]`` cross-references
(a regular expression) turned into links with tooltips.

The Markdown it renders has the same structure as the generator's (same headings and ids,
links with the same hrefs and titles, the same meta lines); bench/run.py compares the HTML.
"""

from __future__ import annotations

import glob
import html
import os
import re

import yaml

XREF = re.compile(r"\[\[([^\[\]]*)\]\]")
XREF_KINDS = {"q": "question", "x": "explainer", "e": "entity", "t": "event", "s": "source"}
MD_SPECIAL = "\\`*_[]{}#!+-"
TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
BLOCK_START = re.compile(r"^(?:([#>])|([-+*])(?=\s)|(\d+)([.)])(?=\s|$))")
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def _read(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def md_text(value: str) -> str:
    """Escape plain text so Markdown and HTML show it literally."""
    escaped = html.escape(str(value), quote=False).replace("\n", " ")
    for char in MD_SPECIAL:
        escaped = escaped.replace(char, "\\" + char)
    return re.sub(r"^(\d+)\.", r"\1\\.", escaped)


def tooltip(value: str) -> str:
    """Escape text for a link title (Material's tooltips insert the decoded title as HTML)."""
    return html.escape(html.escape(str(value), quote=False).replace("\n", " "), quote=True)


def human_date(value: str) -> str:
    """'2026-02-02' -> '2 February 2026' ('February 2026', '2026' for coarser dates)."""
    parts = [int(p) for p in str(value).split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def time_html(value: str) -> str:
    """A ``<time>`` element with its machine-readable date."""
    return f'<time datetime="{value}">{human_date(value)}</time>'


def paragraph(markdown: str) -> str:
    """Inline Markdown as one line that cannot start a list, quote or heading."""
    line = " ".join(markdown.split())

    def escape(m: re.Match[str]) -> str:
        mark, bullet, number, delimiter = m.groups()
        return f"\\{mark or bullet}" if number is None else f"{number}\\{delimiter}"

    return BLOCK_START.sub(escape, line, count=1)


def parse_xref(body: str) -> tuple[str, str, str | None] | None:
    """``q:id|text`` -> (kind, id, text or None); None if it is not a cross-reference."""
    head, _, label = " ".join(body.split()).partition("|")
    prefix, sep, target = head.partition(":")
    if not sep or prefix.strip() not in XREF_KINDS:
        return None
    return XREF_KINDS[prefix.strip()], target.strip(), (label.strip() or None) if label else None


def build_indexes(content: str) -> dict:
    """Read content/ once; return every index the pages use."""
    explainers, questions, related_mine = {}, {}, {}
    for path in sorted(glob.glob(os.path.join(content, "explainers", "*.yml"))):
        e = _read(path)["explainer"]
        explainers[e["id"]] = e
        for q in e.get("questions", []):
            q["explainer"] = e["id"]
            questions[q["id"]] = q
            related_mine[q["id"]] = list(q.get("related", []))
    entities = {x["id"]: x for x in _read(os.path.join(content, "entities.yml")).get("entities", [])}
    sources = {s["id"]: s for s in _read(os.path.join(content, "sources.yml")).get("sources", [])}
    written = _read(os.path.join(content, "timeline.yml")).get("events", [])
    ordered = sorted(enumerate(written), key=lambda pair: (str(pair[1]["date"]), pair[0]))
    events = {ev["id"]: ev for _, ev in ordered}  # timeline order
    rank = {eid: i for i, eid in enumerate(events)}

    # link targets: (kind, id) -> (page, anchor, title, tooltip)
    targets = {}
    for e in explainers.values():
        page = f"explainers/{e['id']}.md"
        targets[("explainer", e["id"])] = (page, "", e["title"], e.get("standfirst", ""))
        for q in e.get("questions", []):
            targets[("question", q["id"])] = (page, q["id"], q["question"], q["short"])
    for x in entities.values():
        targets[("entity", x["id"])] = ("glossary.md", x["id"], x["name"], x["description"])
    for s in sources.values():
        targets[("source", s["id"])] = ("sources.md", s["id"], s["title"], s["publisher"])
    for ev in events.values():
        targets[("event", ev["id"])] = ("timeline.md", ev["id"], ev["title"], human_date(ev["date"]))

    def plain(text: str) -> str:
        def label(m: re.Match[str]) -> str:
            parsed = parse_xref(m.group(1))
            if parsed is None:
                return m.group(0)
            found = targets.get(parsed[:2])
            return parsed[2] or (found[2] if found else parsed[1])

        return " ".join(XREF.sub(label, text).split())

    for key, (page, anchor, title, tip) in list(targets.items()):
        if key[0] == "explainer":  # an explainer's tooltip is its standfirst, without link syntax
            targets[key] = (page, anchor, title, plain(tip))

    # backlinks (related questions), events by question, each explainer's timeline
    backlinks: dict[str, list[str]] = {}
    question_events: dict[str, list[str]] = {}
    for ev in events.values():
        for qid in ev.get("questions", []):
            question_events.setdefault(qid, []).append(ev["id"])
    for qid, q in questions.items():
        for r in related_mine[qid]:
            backlinks.setdefault(r, []).append(qid)
        for m in XREF.finditer(q.get("answer", "")):
            parsed = parse_xref(m.group(1))
            if parsed is None or parsed[:2] not in targets:
                continue
            if parsed[0] == "question" and parsed[1] != qid:
                backlinks.setdefault(parsed[1], []).append(qid)
            elif parsed[0] == "event" and parsed[1] not in question_events.get(qid, []):
                question_events.setdefault(qid, []).append(parsed[1])
    for ids in question_events.values():
        ids.sort(key=rank.__getitem__)
    related = {
        qid: [r for r in dict.fromkeys([*mine, *backlinks.get(qid, [])]) if r != qid and r in questions]
        for qid, mine in related_mine.items()
    }
    explainer_events = {
        eid: sorted(
            {ev for q in e.get("questions", []) for ev in question_events.get(q["id"], [])},
            key=rank.__getitem__,
        )
        for eid, e in explainers.items()
    }
    return {
        "explainers": explainers,
        "questions": questions,
        "entities": entities,
        "sources": sources,
        "events": events,
        "related": related,
        "question_events": question_events,
        "explainer_events": explainer_events,
        "_targets": targets,
        "_plain": plain,
    }


def define_env(env) -> None:  # type: ignore[no-untyped-def]
    """Index the content once; declare the variables, macros and filters the pages use."""
    content = env.variables.get("content_dir") or os.path.join(env.project_dir, "content")
    index = build_indexes(content)
    targets, plain = index.pop("_targets"), index.pop("_plain")
    env.variables.update(index)

    def here() -> str:
        return env.page.file.src_path

    def url(page: str, anchor: str = "") -> str:
        """The relative URL of ``page#anchor`` from the page being rendered (an explainer)."""
        fragment = f"#{anchor}" if anchor else ""
        current = here()
        if page == current:
            return fragment or os.path.basename(page)
        folder = os.path.dirname(current)
        return os.path.relpath(page, folder or ".").replace(os.sep, "/") + fragment

    @env.macro
    def link(kind: str, target_id: str, label: str | None = None) -> str:
        """A Markdown link to a question, explainer, entity, source or event, with its tooltip."""
        page, anchor, title, tip = targets[(kind, target_id)]
        text = label if label else md_text(title)
        title_attr = f' "{tooltip(tip)}"' if tip else ""
        return f"[{text}]({url(page, anchor)}{title_attr})"

    @env.macro
    def event_title_link(event_id: str) -> str:
        """An event's title linked to its full entry on the timeline (no tooltip: the date is shown)."""
        page, anchor, title, _ = targets[("event", event_id)]
        return f"[{md_text(title)}]({url(page, anchor)})"

    @env.macro
    def tag_link(tag: str) -> str:
        """A link to a tag on the tags page."""
        slug = "tag-" + (re.sub(r"[^a-z0-9]+", "-", tag.casefold()).strip("-") or "x")
        return f"[{md_text(tag)}]({url('tags.md', slug)})"

    @env.filter
    def prose(markdown: str) -> str:
        """Answer Markdown: raw HTML and attribute lists defused, cross-references made links."""
        text = TAG_START.sub("&lt;", markdown) if "<" in markdown else markdown
        text = text.replace("{", "\\{").replace("}", "\\}")

        def xref(m: re.Match[str]) -> str:
            parsed = parse_xref(m.group(1))
            if parsed is None or parsed[:2] not in targets:
                return md_text(m.group(0))
            return link(*parsed)

        return XREF.sub(xref, text).strip()

    env.filter(md_text)
    env.filter(time_html)
    env.filter(paragraph)
    env.filter(plain, "plain")


def on_pre_page_macros(env) -> None:  # type: ignore[no-untyped-def]
    """An explainer stub takes its title and description from the data (escaped, as themes need)."""
    explainer_id = env.page.meta.get("explainer_id")
    if explainer_id:
        e = env.variables["explainers"][explainer_id]
        description = env.filters["plain"](e.get("standfirst", ""))
        env.page.meta["title"] = html.escape(e["title"], quote=True)
        env.page.meta["description"] = html.escape(description, quote=True)
