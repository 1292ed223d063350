"""Catalogue, model and references: wrong fields, ids and references are exact, located errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from catalogue_kit import EXPLAINER, errors, valid

from generator.messages import code_of

SRC = "sources:\n  - id: src-b\n    publisher: P\n    title: T\n    date: '2026'\n"
ENT = "entities:\n  - id: ent-b\n    name: B\n    kind: person\n    description: D.\n"
EVT = "events:\n  - id: evt-b\n    date: '2026'\n    title: T\n    description: D.\n    sources: [src-a]\n"
QUESTION = (
    "    - id: q-three\n      question: Q?\n      short: S.\n      answer: A.\n      sources: [src-a]\n"
)


def _drop(text: str, line: str) -> str:
    assert line in text
    return text.replace(line, "")


def _swap(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new)


X = "content/extra.yml"
E = "content/explainers/first.yml"
E2 = "content/explainers/second.yml"
SECOND = EXPLAINER.replace("id: first", "id: second").replace("q-one", "q-1").replace("q-two", "q-2")
IDS = "id, title, standfirst, published, updated, tags, change_note, former_ids, questions"
SOURCE_FIELDS = "id, publisher, title, date, author, url, with_inputs_from"

# (changes to the base project, the exact error lines)
CASES = [
    # every required field missing
    *[
        pytest.param(
            {"extra.yml": _drop(SRC, f"    {f}: {v}\n") if f != "id" else _drop(SRC, "  - id: src-b\n    ")},
            [f"{X}:2:{5 if f == 'id' else 5}: error: sources[0].{f}: required field is missing"],
            id=f"source-without-{f}",
        )
        for f, v in (("publisher", "P"), ("title", "T"), ("date", "'2026'"))
    ],
    *[
        pytest.param(
            {"extra.yml": _drop(ENT, f"    {f}: {v}\n")},
            [f"{X}:2:5: error: entities[0].{f}: required field is missing"],
            id=f"entity-without-{f}",
        )
        for f, v in (("name", "B"), ("kind", "person"), ("description", "D."))
    ],
    *[
        pytest.param(
            {"extra.yml": _drop(EVT, f"    {f}: {v}\n")},
            [f"{X}:2:5: error: events[0].{f}: required field is missing"],
            id=f"event-without-{f}",
        )
        for f, v in (("date", "'2026'"), ("title", "T"), ("description", "D."), ("sources", "[src-a]"))
    ],
    *[
        pytest.param(
            {"explainers/second.yml": SECOND + _drop(QUESTION, f"      {f}: {v}\n")},
            [f"{E2}:20:7: error: explainer.questions[2].{f}: required field is missing"],
            id=f"question-without-{f}",
        )
        for f, v in (("question", "Q?"), ("short", "S."), ("answer", "A."), ("sources", "[src-a]"))
    ],
    pytest.param(
        {"extra.yml": "sources:\n  - publisher: P\n    title: T\n    date: '2026'\n"},
        [f"{X}:2:5: error: sources[0].id: required field is missing"],
        id="source-without-id",
    ),
    # empty values
    pytest.param(
        {"extra.yml": _swap(ENT, "name: B", "name: ''")},
        [f"{X}:3:11: error: entities[0].name: expected text, found an empty value"],
        id="entity-name-empty-quotes",
    ),
    pytest.param(
        {"extra.yml": _swap(ENT, "name: B", "name:")},
        [f"{X}:3:10: error: entities[0].name: expected text, found an empty value"],
        id="entity-name-null",
    ),
    pytest.param(
        {"extra.yml": _swap(ENT, "name: B", "name: '   '")},
        [f"{X}:3:11: error: entities[0].name: expected text, found an empty value"],
        id="entity-name-blanks",
    ),
    pytest.param(
        {"extra.yml": _swap(EVT, "sources: [src-a]", "sources: []")},
        [f"{X}:6:14: error: events[0].sources: every event must cite at least one source; found none"],
        id="event-sources-empty-list",
    ),
    # wrong types
    pytest.param(
        {"extra.yml": _swap(ENT, "name: B", "name: [a, b]")},
        [f"{X}:3:11: error: entities[0].name: expected text, found a list"],
        id="name-is-a-list",
    ),
    pytest.param(
        {"extra.yml": _swap(EVT, "sources: [src-a]", "sources: src-a")},
        [f"{X}:6:14: error: events[0].sources: expected a list, found 'src-a'"],
        id="sources-is-text",
    ),
    pytest.param(
        {"extra.yml": "sources: {id: x}\n"},
        [f"{X}:1:10: error: sources: expected a list, found a mapping"],
        id="sources-section-is-a-mapping",
    ),
    pytest.param(
        {"extra.yml": "entities:\n  - just a name\n"},
        [f"{X}:2:5: error: entities[0]: expected a mapping, found 'just a name'"],
        id="entity-is-text",
    ),
    pytest.param(
        {"extra.yml": _swap(ENT, "kind: person", "kind: robot")},
        [
            f"{X}:4:11: error: entities[0].kind: expected 'person', 'organisation', 'country', 'place', "
            "'mineral', 'agreement' or 'programme', found 'robot'"
        ],
        id="entity-kind-robot",
    ),
    pytest.param(
        {"extra.yml": _swap(SRC, "date: '2026'", "date: '2026-13'")},
        [f"{X}:5:11: error: sources[0].date: '2026-13' is not a real date: there is no month 13"],
        id="date-month-13",
    ),
    pytest.param(
        {"extra.yml": _swap(SRC, "date: '2026'", "date: '2025-02-29'")},
        [f"{X}:5:11: error: sources[0].date: '2025-02-29' is not a real date: February 2025 has 28 days"],
        id="date-29-february-2025",
    ),
    pytest.param(
        {"extra.yml": _swap(SRC, "date: '2026'", "date: 5 February 2026")},
        [
            f"{X}:5:11: error: sources[0].date: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, "
            "found '5 February 2026'"
        ],
        id="date-in-words",
    ),
    pytest.param(
        {"extra.yml": _swap(SRC, "date: '2026'", "date: [2026]")},
        [f"{X}:5:11: error: sources[0].date: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found a list"],
        id="date-is-a-list",
    ),
    pytest.param(
        {"extra.yml": SRC + "    url: ftp://example.org/a\n"},
        [
            f"{X}:6:10: error: "
            "sources[0].url: expected an http:// or https:// URL, found 'ftp://example.org/a'"
        ],
        id="source-url-ftp",
    ),
    pytest.param(
        {"extra.yml": SRC + "    url: javascript:alert(1)\n"},
        [
            f"{X}:6:10: error: "
            "sources[0].url: expected an http:// or https:// URL, found 'javascript:alert(1)'"
        ],
        id="source-url-javascript",
    ),
    # ids
    *[
        pytest.param(
            {"extra.yml": _swap(SRC, "id: src-b", f"id: {bad}")},
            [
                f"{X}:2:{col}: error: sources[0].id: expected an id of lower-case letters, digits and single "
                f"hyphens (at most 64 characters, e.g. 'critical-minerals'), found {shown!r}"
            ],
            id=f"id-{name}",
        )
        for name, bad, shown, col in (
            ("dot-dot-slash-index", "../index", "../index", 9),
            ("dot-dot", "'..'", "..", 9),
            ("absolute", "/abs", "/abs", 9),
            ("upper-case-con", "CON", "CON", 9),
            ("trailing-dot", "src.", "src.", 9),
            ("double-hyphen", "a--b", "a--b", 9),
            ("overlong", "a" * 65, "a" * 65, 9),
            ("with-space", "'a b'", "a b", 9),
            ("unicode-letter", "café", "café", 9),
        )
    ],
    pytest.param(
        {"extra.yml": _swap(SRC, "id: src-b", "id: [a]")},
        [f"{X}:2:9: error: sources[0].id: expected an id, found a list"],
        id="id-is-a-list",
    ),
    # misspelled keys
    pytest.param(
        {"extra.yml": _swap(SRC, "publisher:", "publsher:")},
        [
            f"{X}:2:5: error: sources[0].publisher: required field is missing",
            f"{X}:3:5: error: sources[0].publsher: unknown field 'publsher' (did you mean 'publisher'?); "
            f"expected one of: {SOURCE_FIELDS}",
        ],
        id="misspelled-publisher",
    ),
    pytest.param(
        {"extra.yml": SRC + "    colour: red\n"},
        [f"{X}:6:5: error: sources[0].colour: unknown field 'colour'; expected one of: {SOURCE_FIELDS}"],
        id="unknown-field-without-suggestion",
    ),
    pytest.param(
        {"extra.yml": SRC + "1: x\ntrue: y\n"},
        [
            f"{X}:6:1: error: 1: unknown field '1'; expected one of: explainer, sources, entities, events",
            f"{X}:7:1: error: "
            "true: unknown field 'true'; expected one of: explainer, sources, entities, events",
        ],
        id="keys-1-and-true-are-unknown-fields",
    ),
    pytest.param(
        {"explainers/second.yml": _swap(SECOND, "  title: First", "  tittle: First")},
        [
            f"{E2}:2:3: error: explainer.title: required field is missing",
            f"{E2}:3:3: error: explainer.tittle: unknown field 'tittle' (did you mean 'title'?); "
            f"expected one of: {IDS}",
        ],
        id="misspelled-title",
    ),
    # the same id twice
    pytest.param(
        {"extra.yml": _swap(SRC, "id: src-b", "id: src-a")},
        [
            "content/sources.yml:2:9: error: "
            "sources[0].id: duplicate source id 'src-a' (first defined at content/extra.yml:2)"
        ],
        id="same-source-id-in-two-files",
    ),
    pytest.param(
        {"extra.yml": ENT + _swap(ENT, "entities:\n", "")},
        [f"{X}:6:9: error: entities[1].id: duplicate entity id 'ent-b' (first defined at {X}:2)"],
        id="same-entity-id-twice-in-one-file",
    ),
    pytest.param(
        {"explainers/second.yml": _swap(EXPLAINER, "id: first", "id: second")},
        [
            f"{E2}:9:11: error: explainer.questions[0].id: duplicate question id 'q-one' "
            f"(first defined at {E}:9)",
            f"{E2}:15:11: error: explainer.questions[1].id: duplicate question id 'q-two' "
            f"(first defined at {E}:15)",
        ],
        id="same-question-ids-in-two-explainers",
    ),
    # ids and names that collide once slugified or case-folded
    pytest.param(
        {"extra.yml": ENT + "  - id: ent-c\n    name: b\n    kind: person\n    description: D.\n"},
        [f"{X}:7:11: error: entities[1].name: 'b' already names the entity 'ent-b'"],
        id="entity-names-differ-only-in-case",
    ),
    pytest.param(
        {
            "explainers/first.yml": _swap(
                EXPLAINER, "tags: [minerals]", "tags: [Critical Minerals, critical-minerals]"
            )
        },
        [
            f"{E}:7:29: error: explainer.tags[1]: tag 'critical-minerals' and tag 'Critical Minerals' would "
            "share the anchor 'tag-critical-minerals'"
        ],
        id="tags-collide-once-slugified",
    ),
    pytest.param(
        {"extra.yml": _swap(ENT, "id: ent-b", "id: kind-person")},
        [
            f"{X}:2:9: error: "
            "entities[0].id: the id 'kind-person' would clash with the generated anchor "
            "of a section of the glossary page"
        ],
        id="entity-id-kind-person",
    ),
    pytest.param(
        {"extra.yml": _swap(EVT, "id: evt-b", "id: month-2026-02")},
        [
            f"{X}:2:9: error: "
            "events[0].id: the id 'month-2026-02' would clash with the generated anchor "
            "of a section of the timeline page"
        ],
        id="event-id-month-2026-02",
    ),
    pytest.param(
        {"explainers/first.yml": EXPLAINER + _swap(QUESTION, "id: q-three", "id: timeline")},
        [
            f"{E}:20:11: error: "
            "explainer.questions[2].id: the id 'timeline' is reserved for a section of the page"
        ],
        id="question-id-timeline",
    ),
    # references to unknown ids
    pytest.param(
        {"explainers/first.yml": _swap(EXPLAINER, "See [[q:q-one]].", "See [[q:q-on]].")},
        [
            f"{E}:18:19: error: "
            "explainer.questions[1].answer: unknown question 'q-on'; did you mean 'q-one', 'q-two'?"
        ],
        id="xref-to-misspelled-question",
    ),
    pytest.param(
        {"explainers/first.yml": _swap(EXPLAINER, "See [[q:q-one]].", "See [[e:nobody]].")},
        [f"{E}:18:19: error: explainer.questions[1].answer: unknown entity 'nobody'"],
        id="xref-to-unknown-entity",
    ),
    pytest.param(
        {"explainers/first.yml": _swap(EXPLAINER, "See [[q:q-one]].", "See [[z:q-one]].")},
        [
            f"{E}:18:19: error: explainer.questions[1].answer: malformed cross-reference '[[z:q-one]]'; "
            "expected [[q:id]], [[x:id]], [[e:id]], [[t:id]] or [[s:id]], optionally [[q:id|text]]"
        ],
        id="xref-with-unknown-kind",
    ),
    pytest.param(
        {"extra.yml": _swap(EVT, "sources: [src-a]", "sources: [src-x]")},
        [f"{X}:6:15: error: events[0].sources[0]: unknown source 'src-x'; did you mean 'src-a'?"],
        id="event-cites-unknown-source",
    ),
    pytest.param(
        {"extra.yml": EVT + "    end: '2025'\n"},
        [f"{X}:7:10: error: events[0].end: the end 2025 is before the start 2026"],
        id="event-ends-before-it-starts",
    ),
    # control characters (feeds must stay valid XML)
    *[
        pytest.param(
            {"extra.yml": _swap(ENT, "description: D.", f'description: "D{escape}."')},
            [f"{X}:5:18: error: entities[0].description: text contains the control character U+{code:04X}"],
            id=f"control-character-{name}",
        )
        for name, escape, code in (
            ("nul", "\\0", 0),
            ("bell", "\\a", 7),
            ("escape", "\\e", 0x1B),
            ("vertical-tab", "\\v", 0x0B),
            ("next-line", "\\N", 0x85),
            ("line-separator", "\\L", 0x2028),
            ("noncharacter-fffe", "\\uFFFE", 0xFFFE),
        )
    ],
]
PINNED = [line for p in CASES for line in p.values[1]]


@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_bad_content_gives_exact_errors(changes: dict, expected: list[str], tmp_path: Path) -> None:
    assert errors(tmp_path, changes) == expected


def test_every_error_line_is_a_catalogue_message() -> None:
    for line in PINNED:
        message = line.split(": error: ", 1)[1].split(": ", 1)[1]
        assert code_of(message) is not None, line


def test_valid_base_has_no_errors(tmp_path: Path) -> None:
    assert errors(tmp_path, {}) == []


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        pytest.param("question", "no", id="question-no"),
        pytest.param("question", "yes", id="question-yes"),
        pytest.param("short", "012345", id="short-012345"),
        pytest.param("short", "1.10", id="short-1.10"),
        pytest.param("short", "1:20", id="short-1-20"),
        pytest.param("question", "null", id="question-null-word-quoted"),
    ],
)
def test_implicit_typing_never_leaks_into_pages(field: str, typed: str, tmp_path: Path) -> None:
    value = f"'{typed}'" if typed == "null" else typed
    extra = _swap(QUESTION, f"{field}: {'Q?' if field == 'question' else 'S.'}", f"{field}: {value}")
    result = valid(tmp_path, {"explainers/first.yml": EXPLAINER + extra})
    page = result.rendered.pages["explainers/first.md"]
    shown = typed.replace(".", "\\.") if typed == "1.10" else typed
    assert shown in page
    for leaked in ("False", "True", "5349", "1.1\n", "80", "None"):
        assert leaked not in page


def test_self_and_cyclic_references_render_without_recursion(tmp_path: Path) -> None:
    cyclic = _swap(
        EXPLAINER, "It involves [[e:india]].", "It involves [[e:india]], see [[q:q-one]] and [[q:q-two]]."
    )
    cyclic = _swap(
        cyclic,
        "      sources: [src-a]\n    - id: q-two",
        "      sources: [src-a]\n      related: [q-one, q-two]\n    - id: q-two",
    )
    cyclic = _swap(
        cyclic, "answer: See [[q:q-one]].", "answer: See [[q:q-one]] and [[q:q-two]] and [[x:first]]."
    )
    cyclic += "      related: [q-one, q-two]\n"
    result = valid(tmp_path, {"explainers/first.yml": cyclic})
    page = result.rendered.pages["explainers/first.md"]
    assert page.count("](#q-one") >= 2 and page.count("](#q-two") >= 2
    assert result.graph.related == {"q-one": ["q-two"], "q-two": ["q-one"]}


def test_answer_too_long_for_an_email_is_an_error(tmp_path: Path) -> None:
    answer = "Long. " * 20_000  # 120,000 bytes: Gmail would clip the email snippets
    long = EXPLAINER.replace("answer: See [[q:q-one]].", f"answer: {answer.strip()}")
    found = errors(tmp_path, {"explainers/first.yml": long})
    clipped = r"is 1\d\d,\d\d\d bytes; Gmail clips emails over 102 KB \(102,000 bytes\): shorten the"
    assert len(found) == 2
    assert re.fullmatch(
        rf"content/explainers/first\.yml:9:5: error: explainer\.questions: the email snippet "
        rf"embed/x/first\.json \(explainer first\) {clipped} explainer or split it",
        found[0],
    )
    assert re.fullmatch(
        rf"content/explainers/first\.yml:18:15: error: explainer\.questions\[1\]\.answer: the email snippet "
        rf"embed/x/first\.json \(question q-two\) {clipped} answer",
        found[1],
    )
