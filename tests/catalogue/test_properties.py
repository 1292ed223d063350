"""Catalogue, properties: arbitrary YAML fails only with LoadError; valid content always renders."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from catalogue_kit import SITE
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ContentError
from generator.load import LoadError, parse
from generator.messages import code_of
from generator.pipeline import check
from generator.write import write

YAMLISH = st.text(alphabet=":-[]{}&*!|>'\"#?,%@`~\n\t abcxyz019.<=\\\r\x85\u2028\ufeff\x00", max_size=200)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _loads_or_load_error(text: str | bytes) -> None:
    try:
        parse("content/x.yml", text)
    except LoadError as exc:
        assert exc.problem.file == "content/x.yml" and exc.problem.line >= 1 and exc.problem.column >= 1
        assert code_of(exc.problem.message) is not None, exc.problem.message


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text_only_raises_load_error(text: str) -> None:
    _loads_or_load_error(text)


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_raise_load_error(raw: bytes) -> None:
    _loads_or_load_error(raw)


@SETTINGS
@given(YAMLISH)
def test_yaml_punctuation_soup_only_raises_load_error(text: str) -> None:
    _loads_or_load_error(text)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none() | st.text(max_size=5),
        lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=3), c, max_size=4),
        max_leaves=12,
    )
)
def test_any_json_shaped_data_loads_as_text_or_fails_cleanly(data: object) -> None:
    _loads_or_load_error(json.dumps({"k": data}))


TEXT = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"
    ),
    min_size=1,
    max_size=40,
).filter(lambda t: t.strip() != "")
SLUG = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
DATE = st.sampled_from(["2025", "2026-01", "2026-02-05", "2024-02-29"])


@st.composite
def content(draw: st.DrawFn) -> dict[str, object]:
    """Well-formed content: unique ids, references that resolve, arbitrary text everywhere else."""
    ids = draw(st.lists(SLUG, min_size=5, max_size=9, unique=True))
    source, entity, event, explainer, *questions = ids
    kind = draw(st.sampled_from(["person", "country", "mineral"]))
    answers = [f"{draw(TEXT)} [[e:{entity}]] [[q:{questions[0]}]]\n\n{draw(TEXT)}" for _ in questions]
    return {
        "sources": [{"id": source, "publisher": draw(TEXT), "title": draw(TEXT), "date": draw(DATE)}],
        "entities": [{"id": entity, "name": draw(TEXT), "kind": kind, "description": draw(TEXT)}],
        "events": [
            {
                "id": event,
                "date": draw(DATE),
                "title": draw(TEXT),
                "description": draw(TEXT),
                "sources": [source],
                "questions": [questions[0]],
            }
        ],
        "explainer": {
            "id": explainer,
            "title": draw(TEXT),
            "standfirst": draw(TEXT),
            "published": "2026-02-05",
            "updated": "2026-02-05",
            "tags": draw(st.lists(TEXT, max_size=2, unique_by=str.casefold)),
            "questions": [
                {"id": q, "question": draw(TEXT), "short": draw(TEXT), "answer": a, "sources": [source]}
                for q, a in zip(questions, answers, strict=True)
            ],
        },
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content())
def test_valid_content_always_renders_or_gets_catalogue_errors(data: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "content").mkdir()
        (root / "content/all.yml").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        try:
            result = check(root / "content", site_info=SITE)
        except ContentError as exc:  # only content rules (e.g. a random '](x)' link) may refuse it
            for problem in exc.problems:
                assert code_of(problem.message) is not None, problem.format()
            return
        pages = result.rendered.pages
        assert "explainers/" + data["explainer"]["id"] + ".md" in pages  # type: ignore[index]
        write(root / "docs", pages)
        assert sorted(p.relative_to(root / "docs").as_posix() for p in (root / "docs").rglob("*.md"))
