"""Stage 1, load: YAML into plain strings with positions; exact error text for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from content_kit import dedent

from generator.load import LoadError, Pos, load, parse


def error_of(text: str | bytes, name: str = "content/a.yml") -> str:
    with pytest.raises(LoadError) as caught:
        parse(name, text)
    return caught.value.problem.format()


def test_every_scalar_stays_a_string() -> None:
    doc = parse(
        "a.yml",
        dedent(
            """
            answer: no
            flag: yes
            other: off
            code: 012345
            octal: 0o17
            date: 2026-02-05
            month: 2026-02
            number: 1.50
            big: 1e3
            empty:
            quoted_empty: ""
            """
        ),
    )
    assert doc.data == {
        "answer": "no",
        "flag": "yes",
        "other": "off",
        "code": "012345",
        "octal": "0o17",
        "date": "2026-02-05",
        "month": "2026-02",
        "number": "1.50",
        "big": "1e3",
        "empty": None,
        "quoted_empty": "",
    }


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc = parse("a.yml", "sources:\n  - id: src-a\n    title: |\n      Text\n")
    assert doc.positions[("sources", 0, "id")] == Pos(2, 9)
    assert doc.keys[("sources", 0, "title")] == Pos(3, 5)
    assert doc.positions[("sources", 0, "title")] == Pos(3, 12, "|")
    assert doc.locate(("sources", 0, "missing")) == Pos(2, 5)


def test_malformed_yaml() -> None:
    assert error_of("explainer:\n  id: [x\n") == (
        "content/a.yml:3:1: error: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence)"
    )


def test_bad_indentation() -> None:
    assert error_of("sources:\n  - id: a\n   title: b\n") == (
        "content/a.yml:3:4: error: invalid YAML: did not find expected '-' indicator "
        "(while parsing a block collection)"
    )


def test_duplicate_key_in_a_mapping() -> None:
    text = "sources:\n  - id: src-a\n    title: One\n    title: Two\n"
    assert error_of(text) == "content/a.yml:4:5: error: duplicate key 'title' (first defined at line 3)"


def test_duplicate_top_level_key() -> None:
    assert error_of("sources: []\nentities: []\nsources: []\n") == (
        "content/a.yml:3:1: error: duplicate key 'sources' (first defined at line 1)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "content/a.yml:1:1: error: file is empty; expected a mapping of content"),
        ("- a\n- b\n", "content/a.yml:1:1: error: expected a mapping, found a list"),
        ("just text\n", "content/a.yml:1:1: error: expected a mapping, found text"),
        (
            "sources: []\n---\nentities: []\n",
            "content/a.yml:3:1: error: file holds more than one YAML document ('---')",
        ),
        (
            "a: !!python/object:os.system x\n",
            "content/a.yml:1:4: error: the YAML tag 'tag:yaml.org,2002:python/object:os.system' "
            "is not allowed in content",
        ),
        (
            "base: &b {id: x}\nother:\n  <<: *b\n",
            "content/a.yml:3:3: error: YAML merge keys ('<<') are not supported in content",
        ),
        ("? [a, b]\n: c\n", "content/a.yml:1:3: error: expected a text key, found a list"),
    ],
)
def test_files_that_are_not_content(text: str, message: str) -> None:
    assert error_of(text) == message


def test_byte_order_mark_and_bad_utf8() -> None:
    assert error_of(b"\xef\xbb\xbfsources: []\n") == (
        "content/a.yml:1:1: error: file starts with a byte-order mark; save it as UTF-8 without BOM"
    )
    assert error_of(b"sources:\n  - id: caf\xe9\n") == "content/a.yml:2:12: error: file is not valid UTF-8"


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    message = error_of("\n".join(lines) + "\n")
    assert "error: more than 200000 values (an alias bomb?)" in message


def test_load_reports_every_bad_file_and_keeps_the_good(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "explainers").mkdir(parents=True)
    (content / "good.yml").write_text("sources: []\n")
    (content / "bad.yml").write_text("sources: [\n")
    (content / "explainers" / "dup.yaml").write_text("a: 1\na: 2\n")
    (content / "notes.txt").write_text("not content")
    docs, problems = load(content)
    assert [d.file for d in docs] == ["content/good.yml"]
    assert [p.format() for p in problems] == [
        "content/bad.yml:2:1: error: invalid YAML: did not find expected node content "
        "(while parsing a flow node)",
        "content/explainers/dup.yaml:2:1: error: duplicate key 'a' (first defined at line 1)",
    ]


def test_symlinked_files_are_not_followed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    outside = tmp_path / "outside.yml"
    outside.write_text("sources: []\n")
    (content / "link.yml").symlink_to(outside)
    assert load(content) == ([], [])
