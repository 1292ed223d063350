"""Cross-references in content text: ``[[q:id]]`` or ``[[q:id|link text]]``, found outside code.

The kinds: ``q`` question, ``x`` explainer, ``e`` entity, ``t`` timeline event, ``s`` source.
Linking (generator/links.py) checks them; rendering turns them into links or plain text.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from .markdown_text import code_spans

if TYPE_CHECKING:  # links imports this module
    from .links import Target

XREF = re.compile(r"\[\[([^\[\]]*)\]\]")
KINDS = {"q": "question", "x": "explainer", "e": "entity", "t": "event", "s": "source"}


@functools.lru_cache(maxsize=1 << 16)  # a live preview re-links unchanged texts on every save
def scan(text: str) -> tuple[tuple[int, str, tuple[str, str, str | None] | None], ...]:
    """Return (offset, whole match, parsed or None) of every cross-reference outside code in ``text``."""
    code = code_spans(text) if "`" in text or "~" in text else []  # no code without ` or ~
    return tuple(
        (m.start(), m.group(), parse_xref(m.group(1)))
        for m in XREF.finditer(text)
        if not any(start <= m.start() < end for start, end in code)  # shown literally, like the renderer
    )


def parse_xref(body: str) -> tuple[str, str, str | None] | None:
    """Split ``q:id|text`` into (kind, id, text); None if it is not a cross-reference."""
    head, _, text = " ".join(body.split()).partition("|")
    prefix, sep, target = head.partition(":")
    if not sep or prefix.strip() not in KINDS:
        return None
    return (
        KINDS[prefix.strip()],
        target.strip(),
        (text.strip() or None) if text else None,
    )


def plain_text(text: str, targets: dict[tuple[str, str], Target]) -> str:
    """Replace cross-references by their link text, for places that cannot hold links."""

    def label(match: re.Match[str]) -> str:
        parsed = parse_xref(match.group(1))
        if parsed is None:
            return match.group(0)
        target = targets.get((parsed[0], parsed[1]))
        return parsed[2] or (target.title if target else parsed[1])

    return " ".join(XREF.sub(label, text).split())
