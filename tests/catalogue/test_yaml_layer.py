"""Catalogue, YAML layer: every way a file can be wrong gives one explicit error at file:line:column."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
import yaml

from generator import load as load_module
from generator.load import MAX_BYTES, LoadError, load, parse

F = "content/c.yml"


def _bomb(levels: int = 9, width: int = 9) -> str:
    """The "billion laughs": each anchor lists the previous one ``width`` times."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


# (id, file bytes, the exact error line)
ERRORS = [
    pytest.param(
        b"a: 1\r\nb: c: d\r\ne: 2\r\n",
        f"{F}:2:5: error: invalid YAML: mapping values are not allowed in this context",
        id="crlf-syntax-error",
    ),
    pytest.param(
        b"a: 1\rb: c: d\re: 2\r",
        f"{F}:2:5: error: invalid YAML: mapping values are not allowed in this context",
        id="cr-only-syntax-error",
    ),
    pytest.param(
        b"a: |\r\n  one\r\n  two\r\nb: 'open\r\n\r\nc: 2\r\n",
        f"{F}:7:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar)",
        id="crlf-unclosed-quote-after-block-scalar",
    ),
    pytest.param(
        b"a:\n\tb: 1\n",
        f"{F}:2:1: error: invalid YAML: a tab character where indentation is expected; indent with spaces",
        id="tab-indentation",
    ),
    pytest.param(
        b"a: 1\nb:\n  c: 1\n\td: 2\n",
        f"{F}:4:1: error: invalid YAML: a tab character where indentation is expected; indent with spaces",
        id="tab-indentation-mid-file",
    ),
    pytest.param(
        b"title: a\ntitle: b\n",
        f"{F}:2:1: error: duplicate key 'title' (first defined at line 1)",
        id="duplicate-key",
    ),
    pytest.param(
        b'title: a\n"title": b\n',
        f"{F}:2:1: error: duplicate key 'title' (first defined at line 1)",
        id="duplicate-key-plain-and-quoted",
    ),
    pytest.param(
        b"1: a\n'1': b\n",
        f"{F}:2:1: error: duplicate key '1' (first defined at line 1)",
        id="duplicate-key-1-and-quoted-1",
    ),
    pytest.param(
        b"a:\n  - b: 1\n    b: 2\n",
        f"{F}:3:5: error: duplicate key 'b' (first defined at line 2)",
        id="duplicate-key-nested",
    ),
    pytest.param(
        b"a: !!python/object/apply:os.system ['touch PWNED']\n",
        f"{F}:1:4: error: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed in content",
        id="python-object-apply-os-system",
    ),
    pytest.param(
        b"a: !!python/name:os.system\n",
        f"{F}:1:4: error: the YAML tag 'tag:yaml.org,2002:python/name:os.system' is not allowed in content",
        id="python-name-tag",
    ),
    pytest.param(
        b"a: !!binary aGk=\n",
        f"{F}:1:4: error: the YAML tag 'tag:yaml.org,2002:binary' is not allowed in content",
        id="binary-tag",
    ),
    pytest.param(
        b"a: !!set {x, y}\n",
        f"{F}:1:4: error: the YAML tag 'tag:yaml.org,2002:set' is not allowed in content",
        id="set-tag",
    ),
    pytest.param(
        b"a: !custom text\n",
        f"{F}:1:4: error: the YAML tag '!custom' is not allowed in content",
        id="local-tag",
    ),
    pytest.param(
        b"a: &x {b: 1}\nc:\n  <<: *x\n",
        f"{F}:3:3: error: YAML merge keys ('<<') are not supported in content",
        id="merge-key",
    ),
    pytest.param(
        b"? [a, b]\n: 1\n",
        f"{F}:1:3: error: expected a text key, found a list",
        id="list-as-key",
    ),
    pytest.param(
        b"{a: 1}: x\n",
        f"{F}:1:1: error: expected a text key, found a mapping",
        id="mapping-as-key",
    ),
    pytest.param(
        b"a: &x [1, *x]\n",
        f"{F}:1:11: error: an alias refers to itself",
        id="self-referencing-alias",
    ),
    pytest.param(
        b"a: &x\n  b:\n    c: *x\n",
        f"{F}:3:8: error: an alias refers to itself",
        id="self-referencing-alias-nested",
    ),
    pytest.param(
        b"a: *nope\n",
        f"{F}:1:4: error: invalid YAML: found undefined alias",
        id="undefined-alias",
    ),
    pytest.param(
        _bomb().encode(),
        f"{F}:6:15: error: more than 200000 values (an alias bomb?)",
        id="billion-laughs",
    ),
    pytest.param(
        ("a: " + "[" * 500 + "]" * 500 + "\n").encode(),
        f"{F}:1:68: error: nesting deeper than 64 levels",
        id="flow-nesting-500",
    ),
    pytest.param(
        ("a: " + "[" * 1_000_000).encode(),
        f"{F}:1:68: error: nesting deeper than 64 levels",
        id="flow-nesting-1000000-unclosed",
    ),
    pytest.param(
        "".join(" " * i + f"k{i}:\n" for i in range(600)).encode(),
        f"{F}:66:66: error: nesting deeper than 64 levels",
        id="block-nesting-600",
    ),
    pytest.param(
        ("- " * 600 + "x\n").encode(),
        f"{F}:1:131: error: nesting deeper than 64 levels",
        id="block-sequence-nesting-600-on-one-line",
    ),
    pytest.param(
        b"a: " + b"x" * MAX_BYTES,
        f"{F}:1:1: error: file is {MAX_BYTES + 3} bytes; the limit is {MAX_BYTES} bytes",
        id="oversized-file",
    ),
    pytest.param(b"", f"{F}:1:1: error: file is empty; expected a mapping of content", id="empty-file"),
    pytest.param(
        b"  \n\n", f"{F}:1:1: error: file is empty; expected a mapping of content", id="whitespace-only"
    ),
    pytest.param(
        b"# just a comment\n",
        f"{F}:1:1: error: file is empty; expected a mapping of content",
        id="comment-only",
    ),
    pytest.param(
        b"---\n", f"{F}:1:1: error: file is empty; expected a mapping of content", id="document-marker-only"
    ),
    pytest.param(
        b"- id: a\n- id: b\n", f"{F}:1:1: error: expected a mapping, found a list", id="top-level-list"
    ),
    pytest.param(b"just text\n", f"{F}:1:1: error: expected a mapping, found text", id="top-level-text"),
    pytest.param(
        b"!!python/object/apply:os.system ['touch PWNED']\n",
        f"{F}:1:1: error: expected a mapping, found a list",
        id="top-level-python-tag",
    ),
    pytest.param(
        b"a: 1\n---\nb: 2\n",
        f"{F}:3:1: error: file holds more than one YAML document ('---')",
        id="multi-document",
    ),
    pytest.param(
        b"\xef\xbb\xbfa: 1\n",
        f"{F}:1:1: error: file starts with a byte-order mark; save it as UTF-8 without BOM",
        id="utf8-bom",
    ),
    pytest.param("a: 1\n".encode("utf-16"), f"{F}:1:1: error: file is not valid UTF-8", id="utf16-with-bom"),
    pytest.param(
        b"a: 1\nb: 2\nc: caf\xe9\n", f"{F}:3:7: error: file is not valid UTF-8", id="latin1-byte-line-3"
    ),
    pytest.param(
        b"a: 1\nb: \x00\n",
        f"{F}:2:4: error: invalid YAML: the control character U+0000 is not allowed in a YAML file",
        id="nul-byte",
    ),
    pytest.param(
        "a: 1\nb: é\x07\n".encode(),
        f"{F}:2:5: error: invalid YAML: the control character U+0007 is not allowed in a YAML file",
        id="bell-after-accented-letter",
    ),
    pytest.param(
        "a: 1\nb: x\x85y\n".encode(),
        f"{F}:2:5: error: invalid YAML: the control character U+0085 is not allowed in a YAML file",
        id="next-line-character",
    ),
    pytest.param(
        "a: 1\nb: x\u2028y\n".encode(),
        f"{F}:2:5: error: invalid YAML: the control character U+2028 is not allowed in a YAML file",
        id="line-separator-character",
    ),
    pytest.param(
        b'a: "\\ud800"\n',
        f"{F}:1:7: error: invalid YAML: found invalid Unicode character escape code "
        "(while parsing a quoted scalar)",
        id="lone-surrogate-escape",
    ),
]
PINNED = [p.values[1] for p in ERRORS]


@pytest.mark.parametrize(("raw", "expected"), ERRORS)
def test_bad_yaml_is_one_explicit_error(raw: bytes, expected: str, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # a tag that ran a command would leave PWNED here
    with pytest.raises(LoadError) as caught:
        parse(F, raw)
    assert str(caught.value) == expected
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.parametrize(
    ("crlf", "lf"),
    [
        pytest.param(b"a: 1\r\nb: [\r\n  x\r\nc: 2\r\n", b"a: 1\nb: [\n  x\nc: 2\n", id="crlf-unclosed-flow"),
        pytest.param(
            b"a: 1\r\n\r\nb:\r\n c: 1\r\n  d: 2\r\n", b"a: 1\n\nb:\n c: 1\n  d: 2\n", id="crlf-bad-indent"
        ),
    ],
)
def test_crlf_errors_point_where_lf_errors_do(crlf: bytes, lf: bytes) -> None:
    with pytest.raises(LoadError) as with_crlf:
        parse(F, crlf)
    with pytest.raises(LoadError) as with_lf:
        parse(F, lf)
    assert with_crlf.value.problem == with_lf.value.problem


@pytest.mark.parametrize(
    ("raw", "data"),
    [
        pytest.param(
            b"a: no\nb: yes\nc: off\nd: On\n",
            {"a": "no", "b": "yes", "c": "off", "d": "On"},
            id="no-yes-off-on",
        ),
        pytest.param(
            b"a: 012345\nb: 0x1F\nc: 0o17\n", {"a": "012345", "b": "0x1F", "c": "0o17"}, id="octal-hex"
        ),
        pytest.param(
            b"a: 1.10\nb: 1e3\nc: .inf\nd: .NaN\n",
            {"a": "1.10", "b": "1e3", "c": ".inf", "d": ".NaN"},
            id="floats",
        ),
        pytest.param(b"a: 1:20\nb: 190:20:30\n", {"a": "1:20", "b": "190:20:30"}, id="sexagesimal-1-20"),
        pytest.param(
            b"a: 2026-02-05\nb: 2001-12-14t21:59:43.10-05:00\n",
            {"a": "2026-02-05", "b": "2001-12-14t21:59:43.10-05:00"},
            id="timestamps",
        ),
        pytest.param(
            b"a: ~\nb: null\nc:\nd: ''\ne: 'null'\n",
            {"a": None, "b": None, "c": None, "d": "", "e": "null"},
            id="nulls",
        ),
        pytest.param(b"1: a\ntrue: b\n", {"1": "a", "true": "b"}, id="keys-1-and-true-kept-apart"),
        pytest.param(b"1: a\n1.0: b\n", {"1": "a", "1.0": "b"}, id="keys-1-and-1.0-kept-apart"),
        pytest.param(b"a: !!str 012\nb: !!int 7\n", {"a": "012", "b": "7"}, id="standard-tags-stay-text"),
        pytest.param(b"a: &x [p, q]\nb: *x\n", {"a": ["p", "q"], "b": ["p", "q"]}, id="ordinary-alias"),
        pytest.param(b"a: 1\r\nb: |\r\n  x\r\n  y\r\n", {"a": "1", "b": "x\ny\n"}, id="crlf-block-scalar"),
    ],
)
def test_values_stay_as_typed(raw: bytes, data: dict) -> None:
    assert parse(F, raw).data == data


def test_file_of_exactly_the_cap_is_read() -> None:
    raw = b"a: " + b"x" * (MAX_BYTES - 4) + b"\n"
    assert len(raw) == MAX_BYTES
    assert parse(F, raw).data == {"a": "x" * (MAX_BYTES - 4)}


def test_alias_bomb_is_refused_before_composing_with_little_memory(monkeypatch) -> None:
    def no_compose(*args: object, **kwargs: object) -> None:
        raise AssertionError("the node graph must not be composed for an alias bomb")

    monkeypatch.setattr(load_module.yaml, "compose_all", no_compose)
    tracemalloc.start()
    try:
        with pytest.raises(LoadError, match="alias bomb"):
            parse(F, _bomb(levels=12).encode())
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_deep_nesting_is_refused_before_composing(monkeypatch) -> None:
    monkeypatch.setattr(load_module.yaml, "compose_all", lambda *a, **k: pytest.fail("composed"))
    with pytest.raises(LoadError, match="nesting deeper than 64 levels"):
        parse(F, "a: " + "{b: " * 100_000)


def test_nesting_at_the_limit_is_read() -> None:
    doc = parse(F, "a: " + "[" * 63 + "x" + "]" * 63 + "\n")
    value = doc.data["a"]
    for _ in range(62):
        value = value[0]
    assert value == ["x"]


def test_unsafe_tag_runs_nothing_even_when_other_files_load(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.yml").write_text("a: !!python/object/apply:os.system ['touch PWNED']\n")
    (content / "b.yml").write_text("b: fine\n")
    docs, problems = load(content)
    assert [d.data for d in docs] == [{"b": "fine"}]
    assert [p.format() for p in problems] == [
        "content/a.yml:1:4: error: the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' "
        "is not allowed in content"
    ]
    assert not (tmp_path / "PWNED").exists()


def test_every_bad_file_is_reported_in_one_run(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.yml").write_bytes(b"")
    (content / "b.yml").write_bytes(b"\xef\xbb\xbfa: 1\n")
    (content / "c.yaml").write_bytes(b"- x\n")
    docs, problems = load(content)
    assert docs == []
    assert [p.format() for p in problems] == [
        "content/a.yml:1:1: error: file is empty; expected a mapping of content",
        "content/b.yml:1:1: error: file starts with a byte-order mark; save it as UTF-8 without BOM",
        "content/c.yaml:1:1: error: expected a mapping, found a list",
    ]


def test_unreadable_file_is_reported(tmp_path: Path, monkeypatch) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.yml").write_text("a: 1\n")
    (content / "b.yml").write_text("b: 1\n")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "b.yml":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    docs, problems = load(content)
    assert [d.data for d in docs] == [{"a": "1"}]
    assert [p.format() for p in problems] == ["content/b.yml:1:1: error: cannot read file: Permission denied"]


def test_libyaml_is_used() -> None:
    assert load_module.SafeLoader is yaml.CSafeLoader
