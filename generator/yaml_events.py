"""The load stage's quick path: plain data straight from libyaml's events, for the usual file.

One pass, no node tree, checking the pre-scan's limits as it goes. At the first anchor, alias,
odd tag, merge or duplicate key, deep nesting or extra document it raises ``Unusual`` and the
load stage takes its careful path, which says exactly what is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

MAX_DEPTH = 64
MAX_NODES = 200_000

_YAML = "tag:yaml.org,2002:"
SCALAR_TAGS = {_YAML + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")}
STR, NULL, MERGE, SEQ, MAP = (_YAML + t for t in ("str", "null", "merge", "seq", "map"))
PLAIN_TAGS = {"": NULL, "~": NULL, "null": NULL, "Null": NULL, "NULL": NULL, "<<": MERGE}
_NO_TAG, _MAP_TAGS, _SEQ_TAGS = (None, "!"), (None, "!", MAP), (None, "!", SEQ)
_NO_KEY, _IN_LIST = object(), object()


class Unusual(Exception):
    """The quick path met something it leaves to the careful one (which says exactly what)."""


class TooMany(Exception):
    """The file holds more than MAX_NODES values (1-based line and column of the one too many)."""

    def __init__(self, event: yaml.Event) -> None:
        super().__init__("too many values")
        self.line, self.column = event.start_mark.line + 1, event.start_mark.column + 1


def from_events(get: Callable[[], yaml.Event]) -> dict[str, Any]:
    """Build one document's top-level mapping from ``get()``'s events, checking as the pre-scan does."""
    if type(get()) is not yaml.StreamStartEvent or type(get()) is not yaml.DocumentStartEvent:
        raise Unusual
    event = get()
    if type(event) is not yaml.MappingStartEvent or event.anchor is not None or event.tag not in _MAP_TAGS:
        raise Unusual
    root: dict[str, Any] = {}
    current: Any = root
    key: Any = _NO_KEY  # the key awaiting its value; _NO_KEY: a key comes next; _IN_LIST: a list item
    stack: list[tuple[Any, Any]] = []
    count = 1
    while True:
        event = get()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            count += 1
            if count > MAX_NODES:
                raise TooMany(event)
            tag, value = event.tag, event.value
            if event.anchor is not None:
                raise Unusual
            if key is _NO_KEY:
                merge = tag == MERGE or value == "<<" and event.implicit[0] and tag in _NO_TAG
                if merge or value in current:
                    raise Unusual
                key = value
                continue
            if len(stack) >= MAX_DEPTH:
                raise Unusual
            if tag in _NO_TAG:
                if event.implicit[0] and value in PLAIN_TAGS:
                    if value == "<<":
                        raise Unusual
                    if not event.style:
                        value = None
            elif tag not in SCALAR_TAGS:
                raise Unusual
            elif tag == NULL and not event.style:
                value = None
            if key is _IN_LIST:
                current.append(value)
            else:
                current[key] = value
                key = _NO_KEY
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            count += 1
            if len(stack) >= MAX_DEPTH:
                raise Unusual
            if count > MAX_NODES:
                raise TooMany(event)
            mapping = kind is yaml.MappingStartEvent
            tags = _MAP_TAGS if mapping else _SEQ_TAGS
            if key is _NO_KEY or event.anchor is not None or event.tag not in tags:
                raise Unusual
            new: Any = {} if mapping else []
            if key is _IN_LIST:
                current.append(new)
                stack.append((current, _IN_LIST))
            else:
                current[key] = new
                stack.append((current, _NO_KEY))
            current, key = new, _NO_KEY if mapping else _IN_LIST
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            if not stack:
                break
            current, key = stack.pop()
        else:
            raise Unusual  # an alias
    if type(get()) is not yaml.DocumentEndEvent or type(get()) is not yaml.StreamEndEvent:
        raise Unusual
    return root
