"""Remember results of pure, expensive text functions across rebuilds in one process.

``mkdocs serve`` keeps this module loaded, so after an edit only the changed answers go through
Markdown, nh3, css-inline and the text converters again. Keys are hashes of every input, so a
cached value is always exactly what the function would return.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
LIMIT = 60_000


class Memo:
    """A bounded cache from a hash of string inputs to a computed value."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self.values: dict[tuple[str, bytes], object] = {}
        self.active = False  # on during a live preview only: a single build gains nothing from it

    def get(self, name: str, parts: tuple[str, ...], compute: Callable[[], T]) -> T:
        """Return ``compute()`` for these inputs, computing it only the first time (when active)."""
        if not self.active:
            return compute()
        digest = hashlib.blake2b("\x00".join(parts).encode("utf-8"), digest_size=20).digest()
        key = (name, digest)
        if key in self.values:
            return self.values[key]  # type: ignore[return-value]
        if len(self.values) >= self.limit:
            self.values.clear()
        value = compute()
        self.values[key] = value
        return value


MEMO = Memo()
