"""The "What's new" page: explainer and question updates from the YAML, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import markdown_text as md
from .dates import PartialDate
from .links import explainer_page

if TYPE_CHECKING:
    from .render import Renderer

PAGE = "whats-new.md"
LIMIT = 100


def _entry(date: PartialDate, rank: int, label: str, link: str, note: str) -> dict[str, Any]:
    return {"date": date, "rank": rank, "label": label, "link": link, "note": note}


def entries(r: Renderer) -> list[dict[str, Any]]:
    """Return every dated change on the site, newest first, in a deterministic order."""
    found = []
    for e in r.site.explainers:
        link = f"[{md.text(e.title)}]({md.relative(PAGE, explainer_page(e.id))})"
        if e.updated != e.published:
            note = " · " + md.text(e.change_note) if e.change_note else ""
            found.append(_entry(e.updated, 0, "Updated explainer", link, note))
        found.append(_entry(e.published, 2, "New explainer", link, ""))
        for q in e.questions:
            if q.updated is not None:
                note = " · " + md.text(q.change_note) if q.change_note else ""
                found.append(_entry(q.updated, 1, "Updated answer", r.link(PAGE, "question", q.id), note))
    found.sort(key=lambda x: (-x["date"].first_day().toordinal(), x["rank"], x["link"]))
    return found[:LIMIT]


def render_page(r: Renderer) -> str:
    """Render the page, grouping changes under their date."""
    days: list[dict[str, Any]] = []
    for item in entries(r):
        label = item["date"].human()
        if not days or days[-1]["label"] != label:
            days.append({"label": label, "iso": item["date"].iso(), "changes": []})
        days[-1]["changes"].append(item)
    return r.template("whats_new.md.j2").render(days=days, limit=LIMIT)
