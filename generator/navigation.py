"""The explainers' navigation: a flat list for a small site, year and month sections for a big one.

Material renders the navigation into every page; with ``navigation.prune`` only the open
section's pages are rendered, so sections keep each page's sidebar (and the build) small
however many explainers the site has.
"""

from __future__ import annotations

import html
from itertools import groupby
from typing import Any

from .dates import PartialDate
from .links import explainer_page
from .model import Explainer

SECTION_SIZE = 30  # at most this many explainers in one list before it is split into sections


def _entries(explainers: list[Explainer]) -> list[dict[str, Any]]:
    # Material inserts nav titles into HTML unescaped: escape them so titles show as typed.
    return [{html.escape(e.title, quote=True): explainer_page(e.id)} for e in explainers]


def _month(e: Explainer) -> str:
    date = e.published
    return PartialDate(date.year, date.month).human() if date.month else f"{date.year}, month not given"


def explainer_nav(explainers: list[Explainer]) -> list[dict[str, Any]]:
    """Return nav entries for explainers (newest first), in year and then month sections if many."""
    if len(explainers) <= SECTION_SIZE:
        return _entries(explainers)
    years = []
    for year, group in groupby(explainers, key=lambda e: e.published.year):
        items = list(group)
        if len(items) > SECTION_SIZE:
            months = [{label: _entries(list(g))} for label, g in groupby(items, key=_month)]
            years.append({str(year): months})
        else:
            years.append({str(year): _entries(items)})
    return years
