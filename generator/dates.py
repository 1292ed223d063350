"""Dates that carry their precision: a year, a month or a day, and ranges of them."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .messages import msg

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
PRECISIONS = ("year", "month", "day")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to a year (``2026``), a month (``2026-02``) or a day (``2026-02-02``)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError with a reason."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(msg("model.date-format", found=repr(text)))
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if month is not None and not 1 <= month <= 12:
            raise ValueError(msg("model.date-month", found=text, month=month))
        if day is not None and month is not None:
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                name = MONTHS[month - 1]
                raise ValueError(msg("model.date-day", found=text, month=name, year=year, days=last))
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        """Return 'year', 'month' or 'day'."""
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        """Return the first calendar day the date covers."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """Return the last calendar day the date covers."""
        if self.day:
            return dt.date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def iso(self) -> str:
        """Return the ISO form at its own precision (valid in ``<time datetime>``)."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def human(self) -> str:
        """Return '2026', 'February 2026' or '2 February 2026'."""
        if self.day and self.month:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


def human_range(start: PartialDate, end: PartialDate | None) -> str:
    """Render a range compactly: '2–4 February 2026', '30 January – 2 February 2026'."""
    if end is None or end == start:
        return start.human()
    return "".join(range_parts(start, end))


def range_parts(start: PartialDate, end: PartialDate) -> tuple[str, str, str]:
    """Split a range's label into start, separator and end: ('2', '–', '4 February 2026')."""
    if start.precision == end.precision == "day" and start.year == end.year:
        if start.month == end.month:
            return str(start.day), "–", end.human()
        return f"{start.day} {MONTHS[start.month - 1]}", " – ", end.human()  # type: ignore[index]
    if start.precision == end.precision == "month" and start.year == end.year:
        return MONTHS[start.month - 1], " – ", end.human()  # type: ignore[index]
    return start.human(), " – ", end.human()


def sort_key(
    start: PartialDate, end: PartialDate | None = None, by: bool = False
) -> tuple[dt.date, int, int, dt.date]:
    """Chronological key across precisions.

    Events sort by the first day they may cover. On a tie, an event known only to have happened
    "by" a date comes first (it may be earlier), then the coarser date (``2026`` before
    ``2026-01`` before ``2026-01-01``), then the earlier end. Events still tied keep the order
    in which they are written in content/ (files by path, then list order).
    """
    last = (end or start).last_day()
    return (start.first_day(), 0 if by else 1, PRECISIONS.index(start.precision), last)
