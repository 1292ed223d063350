"""Stage 3, links: references, cross-references, backlinks, and the exact text of each error."""

from __future__ import annotations

import pytest
from content_kit import BASE, ENTITIES, EVENTS, EXPLAINER, messages, run_stages

from generator.links import link
from generator.xrefs import parse_xref

EXPLAINER_FILE = "content/explainers/first.yml"


def with_explainer(text: str) -> dict[str, str]:
    return {**BASE, EXPLAINER_FILE: text}


@pytest.mark.parametrize(
    ("body", "parsed"),
    [
        ("q:why-now", ("question", "why-now", None)),
        ("e:marco-rubio|the Secretary", ("entity", "marco-rubio", "the Secretary")),
        ("t: trade-deal | the\n   deal ", ("event", "trade-deal", "the deal")),
        ("x:first|", ("explainer", "first", None)),
        ("s:src-a", ("source", "src-a", None)),
        ("z:foo", None),
        ("just text", None),
    ],
)
def test_parse_xref(body: str, parsed: tuple | None) -> None:
    assert parse_xref(body) == parsed


def test_unknown_source_id_suggests_close_ones() -> None:
    files = with_explainer(
        EXPLAINER.replace("sources: [src-a]\n    - id: q-two", "sources: [src-b]\n    - id: q-two")
    )
    assert messages(files) == [
        "content/explainers/first.yml:14:17: error: explainer.questions[0].sources[0]: "
        "unknown source 'src-b'; did you mean 'src-a'?"
    ]


def test_unknown_references_in_answers_name_line_and_column() -> None:
    answer = (
        "      answer: |\n"
        "        It involves [[e:india]].\n"
        "        Also [[e:marco-rubo]], [[t:ministerial-x|the meeting]]\n"
        "        and [[q:q-tow]], [[x:frist]] and [[s:src]].\n"
    )
    files = with_explainer(EXPLAINER.replace("      answer: |\n        It involves [[e:india]].\n", answer))
    assert messages(files) == [
        "content/explainers/first.yml:14:14: error: explainer.questions[0].answer: "
        "unknown entity 'marco-rubo'; did you mean 'marco-rubio'?",
        "content/explainers/first.yml:14:32: error: explainer.questions[0].answer: "
        "unknown event 'ministerial-x'; did you mean 'ministerial'?",
        "content/explainers/first.yml:15:13: error: explainer.questions[0].answer: "
        "unknown question 'q-tow'; did you mean 'q-two', 'q-one'?",
        "content/explainers/first.yml:15:26: error: explainer.questions[0].answer: "
        "unknown explainer 'frist'; did you mean 'first'?",
        "content/explainers/first.yml:15:42: error: explainer.questions[0].answer: "
        "unknown source 'src'; did you mean 'src-a'?",
    ]


def test_unknown_reference_with_no_close_match_has_no_hint() -> None:
    files = with_explainer(EXPLAINER.replace("answer: See [[q:q-one]].", "answer: See [[e:zzzz]]."))
    assert messages(files) == [
        "content/explainers/first.yml:18:19: error: explainer.questions[1].answer: unknown entity 'zzzz'"
    ]


def test_reference_in_a_folded_event_description_points_at_its_line() -> None:
    events = EVENTS.replace(
        "    description: Called by [[e:marco-rubio]].\n",
        "    description: >-\n      Called by [[e:marco-rubio]]\n      with [[e:indai]].\n",
    )
    files = {**BASE, "content/timeline.yml": events}
    assert messages(files) == [
        "content/timeline.yml:7:12: error: events[0].description: unknown entity 'indai'; "
        "did you mean 'india'?"
    ]


@pytest.mark.parametrize("bad", ["[[marco-rubio]]", "[[z:india]]", "[[e india]]"])
def test_malformed_cross_reference(bad: str) -> None:
    files = with_explainer(EXPLAINER.replace("answer: See [[q:q-one]].", f"answer: See {bad}."))
    assert messages(files) == [
        f"content/explainers/first.yml:18:19: error: explainer.questions[1].answer: malformed "
        f"cross-reference {bad!r}; expected [[q:id]], [[x:id]], [[e:id]], [[t:id]] or [[s:id]], "
        "optionally [[q:id|text]]"
    ]


def test_unknown_question_in_related_and_event() -> None:
    files = with_explainer(EXPLAINER.replace("      answer: See", "      related: [q-1]\n      answer: See"))
    files["content/timeline.yml"] = EVENTS.replace("questions: [q-one]", "questions: [q-one, q-three]")
    assert messages(files) == [
        "content/explainers/first.yml:18:17: error: explainer.questions[1].related[0]: "
        "unknown question 'q-1'; did you mean 'q-two', 'q-one'?",
        "content/timeline.yml:7:24: error: events[0].questions[1]: unknown question 'q-three'; "
        "did you mean 'q-two', 'q-one'?",
    ]


def test_event_end_before_start() -> None:
    events = EVENTS.replace('date: "2026-02"', 'date: "2026-02-04"\n    end: "2026-02-02"')
    assert messages({**BASE, "content/timeline.yml": events}) == [
        "content/timeline.yml:4:10: error: events[0].end: the end 2026-02-02 is before the start 2026-02-04"
    ]


def test_event_end_inside_a_coarser_start_is_allowed() -> None:
    events = EVENTS.replace('date: "2026-02"', 'date: "2026-02"\n    end: "2026-02-10"')
    assert messages({**BASE, "content/timeline.yml": events}) == []


def test_event_impossible_day() -> None:
    events = EVENTS.replace('date: "2026-02"', 'date: "2026-02-29"')
    found = messages({**BASE, "content/timeline.yml": events})
    assert (
        "content/timeline.yml:3:11: error: events[0].date: '2026-02-29' is not a real date: "
        "February 2026 has 28 days"
    ) in found


def test_entity_never_mentioned_is_a_warning_and_an_error_under_strict() -> None:
    entities = ENTITIES + "  - id: lithium\n    name: Lithium\n    kind: mineral\n    description: A metal.\n"
    files = {**BASE, "content/entities.yml": entities}
    text = (
        "content/entities.yml:11:9: {}: entities[2].id: entity is never mentioned "
        "(no [[e:...]] cross-reference and no event lists it)"
    )
    assert messages(files) == [text.format("warning")]
    assert messages(files, strict=True) == [text.format("error")]


def test_entity_listed_by_an_event_counts_as_mentioned() -> None:
    entities = ENTITIES + "  - id: lithium\n    name: Lithium\n    kind: mineral\n    description: A metal.\n"
    events = EVENTS.replace("    sources: [src-a]", "    entities: [lithium]\n    sources: [src-a]")
    assert messages({**BASE, "content/entities.yml": entities, "content/timeline.yml": events}) == []


def test_duplicate_aliases_across_entities() -> None:
    entities = ENTITIES + "    aliases: [Bharat, rubio]\n"
    assert messages({**BASE, "content/entities.yml": entities}) == [
        "content/entities.yml:11:23: error: entities[1].aliases[1]: 'rubio' already names the entity "
        "'marco-rubio'"
    ]


def test_entity_name_that_is_another_entitys_alias() -> None:
    entities = ENTITIES.replace("name: India", "name: RUBIO")
    assert messages({**BASE, "content/entities.yml": entities}) == [
        "content/entities.yml:8:11: error: entities[1].name: 'RUBIO' already names the entity 'marco-rubio'"
    ]


@pytest.mark.parametrize("reserved", ["timeline", "sources", "tags", "top", "standfirst"])
def test_reserved_question_id(reserved: str) -> None:
    files = with_explainer(EXPLAINER.replace("id: q-two", f"id: {reserved}"))
    assert messages(files) == [
        f"content/explainers/first.yml:15:11: error: explainer.questions[1].id: the id {reserved!r} "
        "is reserved for a section of the page"
    ]


def test_question_without_sources() -> None:
    files = with_explainer(
        EXPLAINER.replace("sources: [src-a]\n    - id: q-two", "sources: []\n    - id: q-two")
    )
    assert messages(files) == [
        "content/explainers/first.yml:14:16: error: explainer.questions[0].sources: "
        "every answer must cite at least one source; found none"
    ]


THREE = EXPLAINER + (
    "    - id: q-three\n"
    "      question: Who?\n"
    "      short: Third.\n"
    "      answer: Back to [[q:q-one]], [[q:q-two|two]] and [[q:q-one|again]]; self [[q:q-three]].\n"
    "      sources: [src-a]\n"
    "      related: [q-two, q-three, q-two]\n"
)


def test_related_merges_explicit_and_backlinks_without_duplicates() -> None:
    text = THREE.replace(
        "      answer: See [[q:q-one]].", "      related: [q-three]\n      answer: See [[q:q-one]]."
    )
    _, graph, problems = run_stages(with_explainer(text))
    assert problems == []
    # q-one: no explicit list; backlinks from q-two then q-three, in written order.
    assert graph.related["q-one"] == ["q-two", "q-three"]
    # q-two: explicit q-three first, then the backlink from q-three is the same question.
    assert graph.related["q-two"] == ["q-three"]
    # q-three: explicit q-two (itself dropped, duplicate dropped), then backlinks from q-two.
    assert graph.related["q-three"] == ["q-two"]


def test_related_lists_work_both_ways() -> None:
    """A question named in another's related: list shows that question back, after its own list."""
    text = THREE.replace("      related: [q-two, q-three, q-two]\n", "")
    text = text.replace("      answer: See [[q:q-one]].", "      related: [q-three]\n      answer: See.")
    text = text.replace(
        "Back to [[q:q-one]], [[q:q-two|two]] and [[q:q-one|again]]; self [[q:q-three]].", "No links."
    )
    _, graph, problems = run_stages(with_explainer(text))
    assert [p for p in problems if p.severity == "error"] == []
    assert graph.related["q-two"] == ["q-three"]
    assert graph.related["q-three"] == ["q-two"]


def test_question_events_are_in_timeline_order_and_unique() -> None:
    events = EVENTS + (
        "  - id: earlier\n"
        '    date: "2026-01"\n'
        "    title: Earlier\n"
        "    description: Before, with [[e:india]].\n"
        "    sources: [src-a]\n"
        "    questions: [q-one, q-one]\n"
    )
    files = with_explainer(
        EXPLAINER.replace("It involves [[e:india]].", "It involves [[e:india]], [[t:ministerial]].")
    )
    files["content/timeline.yml"] = events
    _, graph, problems = run_stages(files)
    assert problems == []
    assert graph.timeline == ["earlier", "ministerial"]
    assert graph.question_events["q-one"] == ["earlier", "ministerial"]
    assert graph.explainer_events["first"] == ["earlier", "ministerial"]
    assert graph.entity_events["india"] == ["earlier"]
    assert graph.entity_questions == {"india": ["q-one"]}


def test_targets_carry_tooltips() -> None:
    _, graph, _ = run_stages(BASE)
    rubio = graph.targets[("entity", "marco-rubio")]
    assert (rubio.page, rubio.anchor, rubio.title, rubio.tooltip) == (
        "glossary.md",
        "marco-rubio",
        "Marco Rubio",
        "US Secretary of State.",
    )
    question = graph.targets[("question", "q-two")]
    assert (question.page, question.anchor, question.tooltip) == (
        "explainers/first.md",
        "q-two",
        "Another short answer.",
    )
    assert graph.targets[("event", "ministerial")].tooltip == "February 2026"


def test_references_into_a_file_that_failed_validation_are_not_reported_again() -> None:
    """One broken file shows its own errors, not a cascade of "unknown ..." elsewhere."""
    from generator.load import parse
    from generator.model import build_site

    broken = parse(
        "content/sources.yml",
        'sources:\n  - id: src-a\n    publisher: P\n    title: T\n    date: "2026-02-30"\n',
    )
    user = parse(
        "content/timeline.yml",
        'events:\n  - id: ev\n    date: "2026"\n    title: T\n'
        "    description: D\n    sources: [src-a, src-b]\n",
    )
    site, problems = build_site([broken, user])
    graph, link_problems = link(site)
    assert [p.format() for p in problems] == [
        "content/sources.yml:5:11: error: sources[0].date: '2026-02-30' is not a real date: "
        "February 2026 has 28 days"
    ]
    assert [p.message for p in link_problems] == ["unknown source 'src-b'"]
