"""Dates with their precision: parsing, human forms, ranges and chronological sorting."""

from __future__ import annotations

import pytest
from content_kit import BASE, SOURCES, dedent, run_stages

from generator.dates import PartialDate, human_range, sort_key


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


@pytest.mark.parametrize(
    ("text", "precision", "human"),
    [
        ("2026", "year", "2026"),
        ("2026-02", "month", "February 2026"),
        ("2026-02-05", "day", "5 February 2026"),
        ("2024-02-29", "day", "29 February 2024"),
    ],
)
def test_parse_keeps_precision(text: str, precision: str, human: str) -> None:
    date = d(text)
    assert date.precision == precision
    assert date.iso() == text
    assert date.human() == human


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a real date: February 2026 has 28 days"),
        ("2025-02-29", "'2025-02-29' is not a real date: February 2025 has 28 days"),
        ("2026-04-31", "'2026-04-31' is not a real date: April 2026 has 30 days"),
        ("2026-13", "'2026-13' is not a real date: there is no month 13"),
        ("2026-00-10", "'2026-00-10' is not a real date: there is no month 0"),
        ("5 Feb 2026", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found '5 Feb 2026'"),
        ("2026-2-5", "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found '2026-2-5'"),
    ],
)
def test_parse_rejects_with_reason(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        d(text)
    assert str(caught.value) == message


def test_first_and_last_day_cover_the_precision() -> None:
    assert (str(d("2026").first_day()), str(d("2026").last_day())) == ("2026-01-01", "2026-12-31")
    assert (str(d("2024-02").first_day()), str(d("2024-02").last_day())) == ("2024-02-01", "2024-02-29")
    assert d("2026-02-05").first_day() == d("2026-02-05").last_day()


@pytest.mark.parametrize(
    ("start", "end", "human"),
    [
        ("2026-02-02", "2026-02-04", "2–4 February 2026"),
        ("2026-01-30", "2026-02-02", "30 January – 2 February 2026"),
        ("2026-01", "2026-03", "January – March 2026"),
        ("2025-12-30", "2026-01-02", "30 December 2025 – 2 January 2026"),
        ("2026", "2027", "2026 – 2027"),
        ("2026-02", "2026-02-10", "February 2026 – 10 February 2026"),
        ("2026-02-05", None, "5 February 2026"),
        ("2026-02-05", "2026-02-05", "5 February 2026"),
    ],
)
def test_human_range(start: str, end: str | None, human: str) -> None:
    assert human_range(d(start), d(end) if end else None) == human


def test_sort_key_puts_coarser_dates_first_on_the_same_start() -> None:
    dates = ["2026-01-02", "2026-01-01", "2026-01", "2026", "2025-12-31"]
    ordered = sorted(dates, key=lambda t: sort_key(d(t)))
    assert ordered == ["2025-12-31", "2026", "2026-01", "2026-01-01", "2026-01-02"]


def test_sort_key_puts_by_dates_first_on_the_same_start() -> None:
    assert sort_key(d("2026-01"), by=True) < sort_key(d("2026")) < sort_key(d("2026-01"))


def test_sort_key_ranges_by_start_then_earlier_end() -> None:
    items = [
        ("2026-02-02", "2026-02-10"),
        ("2026-02-02", "2026-02-04"),
        ("2026-02-02", None),
        ("2026-02-01", "2026-02-20"),
        ("2026-02-03", None),
    ]
    ordered = sorted(items, key=lambda se: sort_key(d(se[0]), d(se[1]) if se[1] else None))
    assert ordered == [
        ("2026-02-01", "2026-02-20"),
        ("2026-02-02", None),
        ("2026-02-02", "2026-02-04"),
        ("2026-02-02", "2026-02-10"),
        ("2026-02-03", None),
    ]


def _event(event_id: str, date: str, end: str = "", qualifier: str = "") -> str:
    extra = (f'\n    end: "{end}"' if end else "") + (f"\n    qualifier: {qualifier}" if qualifier else "")
    return (
        f'  - id: {event_id}\n    date: "{date}"{extra}\n    title: {event_id}\n'
        "    description: Something happened.\n    sources: [src-a]\n"
    )


def test_timeline_orders_mixed_precision_and_keeps_written_order_on_ties() -> None:
    first = "events:\n" + "".join(
        [
            _event("day-two", "2026-01-02"),
            _event("tie-written-first", "2026-01-01"),
            _event("month", "2026-01"),
            _event("range", "2026-01-01", end="2026-01-03"),
        ]
    )
    second = "events:\n" + "".join(
        [
            _event("year", "2026"),
            _event("tie-written-second", "2026-01-01"),
            _event("by-january", "2026-01", qualifier="by"),
            _event("earlier-year", "2025"),
        ]
    )
    files = {
        "content/sources.yml": SOURCES,
        "content/a-events.yml": first,
        "content/b-events.yml": second,
    }
    _, graph, problems = run_stages(files)
    assert [p for p in problems if p.severity == "error"] == []
    # "by January 2026" may be earlier than anything starting 1 January 2026, so it leads the tie.
    assert graph.timeline == [
        "earlier-year",
        "by-january",
        "year",
        "month",
        "tie-written-first",
        "tie-written-second",
        "range",
        "day-two",
    ]


def test_timeline_tie_order_follows_file_order_not_id() -> None:
    files = {
        "content/sources.yml": SOURCES,
        "content/a.yml": "events:\n" + _event("zeta", "2026-03-01"),
        "content/b.yml": "events:\n" + _event("alpha", "2026-03-01"),
    }
    assert run_stages(files)[1].timeline == ["zeta", "alpha"]


def test_bundled_base_fixture_is_valid() -> None:
    assert run_stages({k: dedent(v) for k, v in BASE.items()})[2] == []
