"""The bundled content (content/) loads cleanly and reflects the two seed articles.

The seeds are Open Magazine's "Explained | Why the India–US Critical Minerals Push Matters
Now" (with inputs from ANI) and IndiaScope's "India Throws Its Weight Behind U.S. Critical
Minerals Bloc After Trade Deal" (Krishna Pamarthi, 5 February 2026).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.errors import ContentError  # noqa: E402
from generator.pipeline import check  # noqa: E402

OPEN = "open-why-push-matters-now"
INDIASCOPE = "indiascope-us-minerals-bloc"

EXPLAINER_1 = "why-the-push-matters-now"
EXPLAINER_1_QUESTIONS = [
    "ministerial",
    "why-now",
    "india-role",
    "why-critical-minerals",
    "broader-engagement",
    "us-goals",
    "bigger-picture-india",
]
EXPLAINER_2 = "us-led-minerals-bloc"
# The article's own headings, in order, after a lead question on what the bloc is.
EXPLAINER_2_SEED_QUESTIONS = [
    "us-pitch",
    "where-india-fits",
    "china-dominance",
    "whats-at-stake",
    "whats-next",
]

PEOPLE = ["S Jaishankar", "Marco Rubio", "Ashwini Vaishnaw", "Mike Rogers"]
COUNTRIES = [
    "India",
    "United States",
    "China",
    "Australia",
    "Canada",
    "Japan",
    "United Kingdom",
    "Singapore",
]


@pytest.fixture(scope="module")
def result():
    """Load, validate, link and render the bundled content (strict), writing nothing."""
    try:
        return check(CONTENT, strict=True)
    except ContentError as exc:  # pragma: no cover - only on broken content
        pytest.fail(exc.report())


@pytest.fixture(scope="module")
def site(result):
    return result.site


def _explainer(site, explainer_id):
    found = [e for e in site.explainers if e.id == explainer_id]
    assert found, f"explainer {explainer_id!r} is missing"
    return found[0]


def _entity_by_name(site, name):
    found = [e for e in site.entities.values() if e.name == name]
    assert len(found) == 1, f"expected exactly one entity named {name!r}, found {len(found)}"
    return found[0]


# --- The whole bundle is clean ---------------------------------------------------------


def test_check_strict_passes_with_no_warnings():
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--strict"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert not re.search(r"\b(error|warning)\b:", output, re.I), output


def test_api_check_reports_no_warnings(result):
    assert result.warnings == []
    lenient = check(CONTENT, strict=False)
    assert lenient.warnings == [], "\n".join(w.format() for w in lenient.warnings)


def test_pages_render_for_both_explainers(result):
    pages = result.rendered.pages
    for explainer_id in (EXPLAINER_1, EXPLAINER_2):
        assert f"explainers/{explainer_id}.md" in pages
    for name in PEOPLE:
        assert name in pages["glossary.md"]


def test_every_file_starts_with_the_schema_comment():
    for path in sorted(CONTENT.rglob("*.yml")):
        depth = len(path.relative_to(CONTENT).parts)
        expected = "../" * depth + "schema/content.schema.json"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={expected}", path


# --- Explainers and questions ----------------------------------------------------------


def test_explainer_1_has_the_seven_seed_questions_in_order(site):
    explainer = _explainer(site, EXPLAINER_1)
    assert [q.id for q in explainer.questions] == EXPLAINER_1_QUESTIONS
    assert [q.question for q in explainer.questions] == [
        "What is the Critical Minerals Ministerial?",
        "Why is this meeting significant right now?",
        "What role is India playing at the ministerial?",
        "Why are critical minerals such a strategic priority?",
        "How does this fit into broader India–US engagement?",
        "What does the US want from this initiative?",
        "What's the bigger picture for India?",
    ]


def test_explainer_2_has_its_seed_questions_in_order(site):
    explainer = _explainer(site, EXPLAINER_2)
    ids = [q.id for q in explainer.questions]
    assert [i for i in ids if i in EXPLAINER_2_SEED_QUESTIONS] == EXPLAINER_2_SEED_QUESTIONS
    assert ids == ["what-is-the-bloc", *EXPLAINER_2_SEED_QUESTIONS]


def test_explainers_carry_the_publication_dates(site):
    for explainer_id in (EXPLAINER_1, EXPLAINER_2):
        explainer = _explainer(site, explainer_id)
        assert str(explainer.published) == "2026-02-05"
        assert str(explainer.updated) == "2026-02-05"


def test_every_question_cites_at_least_one_known_source(site):
    assert len(site.questions) == 13
    for explainer, question in site.questions.values():
        assert question.sources, f"{explainer.id}/{question.id} cites no source"
        for source_id in question.sources:
            assert source_id in site.sources, f"{question.id} cites unknown {source_id!r}"
    for question in _explainer(site, EXPLAINER_1).questions:
        assert OPEN in question.sources, question.id
    for question in _explainer(site, EXPLAINER_2).questions:
        assert INDIASCOPE in question.sources, question.id


def test_the_two_explainers_link_to_each_other(site):
    pattern = re.compile(r"\[\[q:([a-z0-9-]+)")
    ids_1 = set(EXPLAINER_1_QUESTIONS)
    ids_2 = {q.id for q in _explainer(site, EXPLAINER_2).questions}
    for _own, other, explainer_id in ((ids_1, ids_2, EXPLAINER_1), (ids_2, ids_1, EXPLAINER_2)):
        targets = {t for q in _explainer(site, explainer_id).questions for t in pattern.findall(q.answer)}
        assert targets & other, f"{explainer_id} never links to the other explainer"


# --- Entities --------------------------------------------------------------------------


@pytest.mark.parametrize("name", PEOPLE)
def test_each_named_person_is_an_entity(site, name):
    assert _entity_by_name(site, name).kind == "person"


@pytest.mark.parametrize("name", COUNTRIES)
def test_each_named_country_is_an_entity(site, name):
    assert _entity_by_name(site, name).kind == "country"


def test_other_named_subjects_are_entities(site):
    expected = {
        "European Union": "organisation",
        "US State Department": "organisation",
        "US Treasury": "organisation",
        "House Armed Services Committee": "organisation",
        "Washington": "place",
        "New Delhi": "place",
        "Rare earths": "mineral",
        "Lithium": "mineral",
        "Cobalt": "mineral",
        "Nickel": "mineral",
        "India–US trade deal": "agreement",
        "Major Defence Partnership Framework Agreement": "agreement",
        "Make in India": "programme",
        "National Critical Minerals Mission": "programme",
    }
    for name, kind in expected.items():
        assert _entity_by_name(site, name).kind == kind, name


def test_authors_and_agencies_are_not_entities(site):
    names = {e.name.casefold() for e in site.entities.values()}
    aliases = {a.casefold() for e in site.entities.values() for a in e.aliases}
    for credit in ("Krishna Pamarthi", "ANI"):
        assert credit.casefold() not in names | aliases


def test_search_aliases(site):
    assert {"Jaishankar", "EAM", "External Affairs Minister"} <= set(
        _entity_by_name(site, "S Jaishankar").aliases
    )
    assert {"US", "U.S.", "USA", "America"} <= set(_entity_by_name(site, "United States").aliases)
    assert {"REE", "rare earth elements"} <= set(_entity_by_name(site, "Rare earths").aliases)


# --- Sources ---------------------------------------------------------------------------


def test_both_sources_are_present_with_publisher_date_and_credit(site):
    assert set(site.sources) == {OPEN, INDIASCOPE}
    open_mag, indiascope = site.sources[OPEN], site.sources[INDIASCOPE]

    assert open_mag.publisher == "Open Magazine"
    assert open_mag.title == "Explained | Why the India–US Critical Minerals Push Matters Now"
    assert str(open_mag.date) == "2026-02"  # the article gives no day
    assert open_mag.with_inputs_from == "ANI"
    assert open_mag.url is None

    assert indiascope.publisher == "IndiaScope"
    assert indiascope.title == ("India Throws Its Weight Behind U.S. Critical Minerals Bloc After Trade Deal")
    assert str(indiascope.date) == "2026-02-05"
    assert indiascope.author == "Krishna Pamarthi"
    assert indiascope.url is None


# --- Timeline --------------------------------------------------------------------------


def test_tariff_cut_figures_appear_in_the_trade_deal_event_and_an_answer(site):
    event = site.events["trade-deal"]
    event_text = f"{event.title} {event.description}"
    assert "25%" in event_text and "18%" in event_text
    answers = " ".join(q.answer for _, q in site.questions.values())
    assert re.search(r"25%\s+to\s+18%", answers)


def test_events_keep_the_precision_the_sources_give(site):
    events = site.events
    expected = {
        # id: (date, end, qualifier)
        "trade-deal": ("2026-02", None, "by"),
        "finance-ministerial": ("2026-02", None, "by"),
        "critical-minerals-ministerial": ("2026-02", None, None),
        "jaishankar-us-visit": ("2026-02-02", "2026-02-04", None),
        "jaishankar-rubio-meeting": ("2026-02-02", "2026-02-04", None),
        "congressional-delegation-new-delhi": ("2026-02", None, "by"),
        "open-magazine-explainer-published": ("2026-02", None, None),
        "indiascope-article-published": ("2026-02-05", None, None),
    }
    assert set(events) == set(expected)
    for event_id, (date, end, qualifier) in expected.items():
        event = events[event_id]
        assert str(event.date) == date, event_id
        assert (str(event.end) if event.end else None) == end, event_id
        assert event.qualifier == qualifier, event_id
        assert event.sources, event_id


def test_vague_dates_are_flagged_as_vague_in_the_text(site):
    assert "earlier this month" in site.events["finance-ministerial"].description
    assert "recently" in site.events["congressional-delegation-new-delhi"].description
