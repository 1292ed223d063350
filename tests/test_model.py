"""Stage 2, model: validation of every field, with the exact text of each error."""

from __future__ import annotations

import pytest
from content_kit import BASE, EXPLAINER, SOURCES, dedent, run_stages
from content_kit import model_messages as messages

SLUG_MESSAGE = (
    "expected an id of lower-case letters, digits and single hyphens "
    "(at most 64 characters, e.g. 'critical-minerals'), found {!r}"
)


def with_file(name: str, text: str) -> dict[str, str]:
    """The valid base content with one file replaced or added."""
    return {**BASE, name: dedent(text)}


def source_file(body: str) -> dict[str, str]:
    """The base content with a sources.yml whose one source has ``body`` after its id."""
    return {**BASE, "content/sources.yml": "sources:\n  - id: src-a\n" + body}


def test_valid_content_builds_the_site() -> None:
    site, _, problems = run_stages(BASE)
    assert problems == []
    assert [e.id for e in site.explainers] == ["first"]
    assert list(site.questions) == ["q-one", "q-two"]
    assert site.sources["src-a"].date.iso() == "2026-02"
    assert site.entities["marco-rubio"].aliases == ["Rubio"]


def test_missing_required_field() -> None:
    files = dict(BASE)
    files["content/sources.yml"] = "sources:\n  - id: src-a\n    publisher: P\n    date: '2026'\n"
    assert messages(files) == ["content/sources.yml:2:5: error: sources[0].title: required field is missing"]


def test_wrong_type() -> None:
    files = dict(BASE)
    files["content/sources.yml"] = SOURCES.replace("title: An article", "title: [An, article]")
    assert messages(files) == [
        "content/sources.yml:4:12: error: sources[0].title: expected text, found a list"
    ]


def test_wrong_type_for_a_list_field() -> None:
    files = dict(BASE)
    files["content/explainers/first.yml"] = EXPLAINER.replace("tags: [minerals]", "tags: minerals")
    assert messages(files) == [
        "content/explainers/first.yml:7:9: error: explainer.tags: expected a list, found 'minerals'"
    ]


def test_unknown_field_suggests_the_right_one() -> None:
    files = dict(BASE)
    files["content/explainers/first.yml"] = EXPLAINER.replace("      answer: See", "      anwser: See")
    assert messages(files) == [
        "content/explainers/first.yml:15:7: error: explainer.questions[1].answer: required field is missing",
        "content/explainers/first.yml:18:7: error: explainer.questions[1].anwser: unknown field 'anwser' "
        "(did you mean 'answer'?); expected one of: id, question, short, answer, sources, tags, related, "
        "updated, change_note, former_ids",
    ]


def test_unknown_top_level_key() -> None:
    files = with_file("content/extra.yml", "sourcs: []\n")
    assert messages(files) == [
        "content/extra.yml:1:1: error: sourcs: unknown field 'sourcs' (did you mean 'sources'?); "
        "expected one of: explainer, sources, entities, events"
    ]


def test_date_that_is_not_a_real_date() -> None:
    files = dict(BASE)
    files["content/sources.yml"] = SOURCES.replace('"2026-02"', '"2026-02-30"')
    assert messages(files) == [
        "content/sources.yml:5:11: error: sources[0].date: '2026-02-30' is not a real date: "
        "February 2026 has 28 days"
    ]


def test_unquoted_dates_are_validated_as_strings() -> None:
    good = dict(BASE)
    good["content/sources.yml"] = SOURCES.replace('"2026-02"', "2026-02-05")
    site, _, problems = run_stages(good)
    assert problems == []
    assert site.sources["src-a"].date.iso() == "2026-02-05"
    bad = dict(BASE)
    bad["content/sources.yml"] = SOURCES.replace('"2026-02"', "2026-02-30")
    assert messages(bad) == [
        "content/sources.yml:5:11: error: sources[0].date: '2026-02-30' is not a real date: "
        "February 2026 has 28 days"
    ]


def test_yaml_surprises_keep_the_written_text() -> None:
    files = dict(BASE)
    files["content/explainers/first.yml"] = EXPLAINER.replace("title: First explainer", "title: no").replace(
        "short: A short answer.", "short: 012345"
    )
    site, _, problems = run_stages(files)
    assert problems == []
    assert site.explainers[0].title == "no"
    assert site.questions["q-one"][1].short == "012345"


def test_a_date_written_as_a_number_is_not_a_date() -> None:
    files = dict(BASE)
    files["content/sources.yml"] = SOURCES.replace('"2026-02"', "20260205")
    assert messages(files) == [
        "content/sources.yml:5:11: error: sources[0].date: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, "
        "found '20260205'"
    ]


@pytest.mark.parametrize("bad_id", ["../x", "two words", "Upper-Case", "trailing-", "a--b", "x" * 65])
def test_id_that_is_not_a_safe_slug(bad_id: str) -> None:
    files = dict(BASE)
    files["content/sources.yml"] = SOURCES.replace("id: src-a", f"id: {bad_id!r}")
    found = messages(files)
    assert found[0] == (f"content/sources.yml:2:9: error: sources[0].id: {SLUG_MESSAGE.format(bad_id)}")


def test_unknown_entity_kind() -> None:
    files = dict(BASE)
    files["content/entities.yml"] = BASE["content/entities.yml"].replace("kind: person", "kind: human")
    assert messages(files) == [
        "content/entities.yml:4:11: error: entities[0].kind: expected 'person', 'organisation', "
        "'country', 'place', 'mineral', 'agreement' or 'programme', found 'human'"
    ]


@pytest.mark.parametrize(
    ("value", "where", "message"),
    [
        ('""', "4:12", "expected text, found an empty value"),
        ("", "4:11", "expected text, found an empty value"),
        ('"tab\\u0007bell"', "4:12", "text contains the control character U+0007"),
    ],
)
def test_empty_or_control_text(value: str, where: str, message: str) -> None:
    files = dict(BASE)
    files["content/sources.yml"] = SOURCES.replace("title: An article", f"title: {value}")
    assert messages(files) == [f"content/sources.yml:{where}: error: sources[0].title: {message}"]


def test_unsafe_url_scheme() -> None:
    files = source_file('    publisher: P\n    title: T\n    date: "2026"\n    url: "javascript:alert(1)"\n')
    assert messages(files) == [
        "content/sources.yml:6:10: error: sources[0].url: expected an http:// or https:// URL, "
        "found 'javascript:alert(1)'"
    ]


def test_duplicate_question_ids_across_explainers_name_both_places() -> None:
    second = EXPLAINER.replace("id: first", "id: second").replace("id: q-two", "id: q-three")
    files = with_file("content/explainers/second.yml", second)
    assert messages(files) == [
        "content/explainers/second.yml:9:11: error: explainer.questions[0].id: duplicate question id "
        "'q-one' (first defined at content/explainers/first.yml:9)"
    ]


def test_duplicate_source_ids_name_both_places() -> None:
    files = with_file("content/more-sources.yml", SOURCES)
    assert messages(files) == [
        "content/sources.yml:2:9: error: sources[0].id: duplicate source id 'src-a' "
        "(first defined at content/more-sources.yml:2)"
    ]


def test_the_same_id_may_name_different_kinds() -> None:
    files = dict(BASE)
    files["content/entities.yml"] = BASE["content/entities.yml"].replace("id: india", "id: ministerial")
    files["content/explainers/first.yml"] = EXPLAINER.replace("[[e:india]]", "[[e:ministerial]]")
    assert messages(files) == []


def test_every_error_of_a_file_is_reported() -> None:
    files = dict(BASE)
    files["content/sources.yml"] = dedent(
        """
        sources:
          - id: Src
            publisher: [P]
            title: T
            date: "2026-13"
            autor: x
        """
    )
    found = messages(files)
    assert found[:4] == [
        f"content/sources.yml:2:9: error: sources[0].id: {SLUG_MESSAGE.format('Src')}",
        "content/sources.yml:3:16: error: sources[0].publisher: expected text, found a list",
        "content/sources.yml:5:11: error: sources[0].date: '2026-13' is not a real date: "
        "there is no month 13",
        "content/sources.yml:6:5: error: sources[0].autor: unknown field 'autor' (did you mean 'author'?); "
        "expected one of: id, publisher, title, date, author, url, with_inputs_from",
    ]
