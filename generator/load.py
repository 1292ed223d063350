"""Stage 1, load: read YAML files into plain data, keeping the position of every node."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem
from .messages import msg
from .yaml_events import (
    MAP,
    MAX_DEPTH,
    MAX_NODES,
    MERGE,
    NULL,
    PLAIN_TAGS,
    SCALAR_TAGS,
    SEQ,
    STR,
    TooMany,
    Unusual,
    from_events,
)

try:  # libyaml's C parser is ~15x faster; fall back to pure Python where it is missing.
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - depends on the platform build of PyYAML
    from yaml import SafeLoader  # type: ignore[assignment]

MAX_BYTES = 2 * 1024 * 1024

Loc = tuple[str | int, ...]
_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


@dataclass(frozen=True)
class Pos:
    """A 1-based line and column, and the YAML scalar style ('|', '>', '"', "'" or '')."""

    line: int
    column: int
    style: str = ""


@dataclass
class Document:
    """One loaded file: its plain data and where each value (and each key) stood."""

    file: str
    data: Any
    source: str = ""
    # (positions, keys); None until first asked for: found again from ``source`` only when needed.
    where: tuple[dict[Loc, Pos], dict[Loc, Pos]] | None = field(default=None, repr=False, compare=False)

    @property
    def positions(self) -> dict[Loc, Pos]:
        """Where each value stood, by location."""
        return self._where()[0]

    @property
    def keys(self) -> dict[Loc, Pos]:
        """Where each mapping key stood, by the location of its value."""
        return self._where()[1]

    def _where(self) -> tuple[dict[Loc, Pos], dict[Loc, Pos]]:
        """Find positions on first use, composing ``source`` again (it loaded cleanly once)."""
        if self.where is None:
            builder = _Builder(self.file)
            builder.build(_compose(self.source, _Composer)[0], ())
            self.where = (builder.positions, builder.keys)
        return self.where

    def locate(self, loc: Loc) -> Pos:
        """Return the position of ``loc``, or of its nearest enclosing node."""
        for end in range(len(loc), -1, -1):
            pos = self.positions.get(loc[:end])
            if pos is not None:
                return pos
        return Pos(1, 1)

    def find_after(self, start: Pos, needle: str, nth: int) -> Pos | None:
        """Return where the ``nth`` (0-based) ``needle`` at or after ``start`` stands in the source."""
        lines = self.source.split("\n")
        if not 0 < start.line <= len(lines):
            return None
        index = sum(len(line) + 1 for line in lines[: start.line - 1]) + start.column - 1
        for _ in range(nth + 1):
            index = self.source.find(needle, index)
            if index < 0:
                return None
            index += len(needle)
        index -= len(needle)
        line_start = self.source.rfind("\n", 0, index) + 1
        return Pos(self.source.count("\n", 0, index) + 1, index - line_start + 1)

    def locate_key(self, loc: Loc) -> Pos:
        """Return the position of the key that ends ``loc`` (for unknown fields)."""
        return self.keys.get(loc) or self.locate(loc)


class LoadError(Exception):
    """A file could not be read as content YAML."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.format())


def _fail(file: str, line: int, column: int, message: str, path: str = "") -> LoadError:
    return LoadError(Problem(file, line, column, path, message))


def _describe(node: yaml.Node) -> str:
    return {
        "ScalarNode": "text",
        "SequenceNode": "a list",
        "MappingNode": "a mapping",
    }.get(type(node).__name__, "a value")


class _Builder:
    """Turn a composed node graph into plain data, recording where every value and key stood."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[Loc, Pos] = {}
        self.keys: dict[Loc, Pos] = {}
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        mark = node.start_mark
        where = (mark.line + 1, mark.column + 1)
        if len(loc) > MAX_DEPTH:
            raise _fail(self.file, *where, msg("yaml.too-deep", limit=MAX_DEPTH))
        self.count += 1
        if self.count > MAX_NODES:
            raise _fail(self.file, *where, msg("yaml.too-many-values", limit=MAX_NODES))
        if id(node) in self.active:
            raise _fail(self.file, *where, msg("yaml.self-alias"))
        style = getattr(node, "style", None) or ""
        self.positions[loc] = Pos(*where, style if isinstance(style, str) else "")
        self.active.add(id(node))
        try:
            return self._value(node, loc)
        finally:
            self.active.discard(id(node))

    def _value(self, node: yaml.Node, loc: Loc) -> Any:
        mark = node.start_mark
        where = (self.file, mark.line + 1, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in SCALAR_TAGS:
                raise _fail(*where, msg("yaml.tag", tag=node.tag))
            if node.tag == NULL and not node.style:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != SEQ:
                raise _fail(*where, msg("yaml.tag", tag=node.tag))
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if not isinstance(node, yaml.MappingNode) or node.tag != MAP:
            raise _fail(*where, msg("yaml.tag", tag=node.tag))
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            km = key_node.start_mark
            key_where = (self.file, km.line + 1, km.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(*key_where, msg("yaml.key-type", found=_describe(key_node)))
            key = key_node.value
            if key_node.tag == MERGE:
                raise _fail(*key_where, msg("yaml.merge-key"))
            if key in out:
                first = self.keys[(*loc, key)]
                raise _fail(*key_where, msg("yaml.duplicate-key", key=key, line=first.line))
            self.keys[(*loc, key)] = Pos(km.line + 1, km.column + 1)
            out[key] = self.build(value_node, (*loc, key))
        return out


class _Composer(SafeLoader):  # type: ignore[misc, valid-type]
    """libyaml's composer with a resolver that tells only what loading needs: null, merge or text.

    Every scalar stays a string here, so the exact implicit type (int, bool...) does not matter.
    """

    def resolve(self, kind: type[yaml.Node], value: str | None, implicit: Any) -> str:
        """Return the tag of an untagged node."""
        if kind is yaml.ScalarNode:
            return PLAIN_TAGS.get(value, STR) if implicit[0] else STR  # type: ignore[arg-type]
        return SEQ if kind is yaml.SequenceNode else MAP

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track."""


def _compose(text: str, composer: type[_Composer]) -> list[yaml.Node]:
    """Compose every document in ``text``."""
    loader = composer(text)
    try:
        nodes = []
        while loader.check_node():
            nodes.append(loader.get_node())
        return nodes
    finally:
        loader.dispose()


def _quick(file: str, text: str) -> dict[str, Any]:
    """Plain data straight from libyaml's events for the usual file; raise Unusual for any other.

    Streaming keeps memory flat and stops at the first anchor, alias, too deep a nesting or other
    oddity (the careful path then says exactly what is wrong); too many values is reported here.
    """
    loader = SafeLoader(text)
    try:
        return from_events(loader.get_event)
    except TooMany as exc:
        raise _fail(file, exc.line, exc.column, msg("yaml.too-many-values", limit=MAX_NODES)) from None
    finally:
        loader.dispose()


def _decode(file: str, raw: bytes) -> str:
    if len(raw) > MAX_BYTES:
        raise _fail(file, 1, 1, msg("yaml.too-big", size=len(raw), limit=MAX_BYTES))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _fail(file, 1, 1, msg("yaml.bom"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(file, line, column, msg("yaml.utf8")) from None


def _prescan(file: str, text: str) -> None:
    """Stream parse events once, refusing deep nesting and alias bombs before composing.

    libyaml's composer recurses in C (10^5 nested brackets crash the process) and its parser
    slows down quadratically with depth, so both limits are enforced on the event stream.
    """
    total, sizes, open_ = 0, {}, []  # values so far; anchor -> expanded size; open collections
    for event in yaml.parse(text, Loader=SafeLoader):
        where = (file, event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in open_):
                raise _fail(*where, msg("yaml.self-alias"))
            total += sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            total += 1
            sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            total += 1
            open_.append((event.anchor, total))
            if len(open_) > MAX_DEPTH + 1:
                raise _fail(*where, msg("yaml.too-deep", limit=MAX_DEPTH))
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, start = open_.pop()
            sizes[anchor] = total - start + 1
        if total > MAX_NODES:
            raise _fail(*where, msg("yaml.too-many-values", limit=MAX_NODES))


def _syntax_error(file: str, text: str, exc: yaml.MarkedYAMLError) -> LoadError:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        return _fail(file, line, column, msg("yaml.tab"))
    reason = exc.problem or "invalid YAML"
    context = f" ({exc.context})" if exc.context else ""
    return _fail(file, line, column, msg("yaml.syntax", reason=reason + context))


def _reader_error(file: str, text: str, exc: yaml.reader.ReaderError) -> LoadError:
    raw = text.encode("utf-8")[: exc.position]  # libyaml reports a byte offset
    line = raw.count(b"\n") + 1
    column = len(raw[raw.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
    if isinstance(exc.character, int):
        return _fail(file, line, column, msg("yaml.control-character", code=exc.character))
    return _fail(file, line, column, msg("yaml.syntax", reason=exc.reason))


def parse(file: str, text: str | bytes) -> Document:
    """Parse one file's text into a Document, or raise LoadError."""
    if isinstance(text, bytes):
        text = _decode(file, text)
    _refuse_odd_line_breaks(file, text)
    try:
        return Document(file, _quick(file, text), text)
    except (Unusual, yaml.YAMLError, RecursionError):  # the careful path names the exact problem
        return _parse_carefully(file, text)


def _refuse_odd_line_breaks(file: str, text: str) -> None:
    """Refuse NEL, LS and PS: libyaml counts them as line breaks; editors do not."""
    if text.isascii():
        return
    odd = _LINE_BREAKS.search(text)
    if odd:
        line, column = text.count("\n", 0, odd.start()) + 1, odd.start() - text.rfind("\n", 0, odd.start())
        raise _fail(file, line, column, msg("yaml.control-character", code=ord(odd.group())))


def _parse_carefully(file: str, text: str) -> Document:
    """Pre-scan the event stream for bombs and deep nesting, then compose and build with every check."""
    try:
        _prescan(file, text)
        nodes = _compose(text, _Composer)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(file, text, exc) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(file, text, exc) from None
    except (yaml.YAMLError, RecursionError) as exc:
        raise _fail(file, 1, 1, msg("yaml.syntax", reason=str(exc).splitlines()[0])) from None
    builder = _Builder(file)
    data = builder.build(_root(file, nodes), ())
    return Document(file, data, text, (builder.positions, builder.keys))


def _root(file: str, nodes: list[yaml.Node]) -> yaml.MappingNode:
    """Return the one document's top-level mapping, or raise LoadError."""
    if not nodes:
        raise _fail(file, 1, 1, msg("yaml.empty"))
    if len(nodes) > 1:
        mark = nodes[1].start_mark
        raise _fail(file, mark.line + 1, 1, msg("yaml.multi-document"))
    root = nodes[0]
    if isinstance(root, yaml.ScalarNode) and root.tag == NULL and not root.value:
        raise _fail(file, 1, 1, msg("yaml.empty"))
    if not isinstance(root, yaml.MappingNode):
        mark = root.start_mark
        raise _fail(file, mark.line + 1, mark.column + 1, msg("yaml.root", found=_describe(root)))
    return root


def content_files(root: Path) -> list[Path]:
    """Return every ``*.yml``/``*.yaml`` under ``root``, sorted, not following symlinks."""
    return [root / rel for rel in _content_names(root)]


def _content_names(root: Path) -> list[str]:
    """Return the ``root``-relative POSIX paths of content files, sorted: real files, none via a symlink."""
    found: list[str] = []
    if root.is_dir():
        _walk(str(root), "", found)
    return sorted(found)


def _walk(folder: str, prefix: str, found: list[str]) -> None:
    """Add the content files in ``folder`` and below to ``found``, as ``prefix`` + their relative path."""
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_symlink():  # content must be real files in the tree
                    continue
                if entry.is_dir(follow_symlinks=False):
                    _walk(entry.path, f"{prefix}{entry.name}/", found)
                elif entry.is_file(follow_symlinks=False) and _is_yaml(entry.name):
                    found.append(prefix + entry.name)
    except (PermissionError, FileNotFoundError, NotADirectoryError):  # unreadable, or gone meanwhile
        return


def _is_yaml(name: str) -> bool:
    """True for ``*.yml`` and ``*.yaml`` (as ``Path.suffix`` sees it: ``.yml`` alone has no suffix)."""
    return name.endswith((".yml", ".yaml")) and name.rfind(".") > 0


def load(root: Path, display_base: Path | None = None) -> tuple[list[Document], list[Problem]]:
    """Load every content file under ``root``; return documents and any problems found."""
    docs: list[Document] = []
    problems: list[Problem] = []
    prefix = _display(root, display_base or root.parent)
    for rel in _content_names(root):
        name = rel if prefix == "." else f"{prefix}/{rel}"
        try:
            docs.append(_parse_cached(name, (root / rel).read_bytes()))
        except LoadError as exc:
            problems.append(exc.problem)
        except OSError as exc:
            problems.append(Problem(name, 1, 1, "", msg("yaml.unreadable", reason=exc.strerror)))
    return docs, problems


_PARSED: dict[str, tuple[bytes, Document]] = {}


def _parse_cached(name: str, raw: bytes) -> Document:
    """Parse a file, or reuse its Document if its bytes are those parsed last time (live preview)."""
    cached = _PARSED.get(name)
    if cached is not None and cached[0] == raw:
        return cached[1]
    doc = parse(name, raw)
    _PARSED[name] = (raw, doc)
    return doc


def release(docs: list[Document]) -> None:
    """Let the parsed data of ``docs`` go, and forget every parse (a later load parses afresh).

    Error positions come from each document's ``source``, which stays.
    """
    _PARSED.clear()
    for doc in docs:
        doc.data = None


def _display(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
