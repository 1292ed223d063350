"""The JSON Schema editors validate against is generated from the model and fits the content."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.schema import SCHEMA_FILE, content_schema, schema_text

ROOT = Path(__file__).resolve().parents[1]
CONTENT_FILES = sorted((ROOT / "content").rglob("*.yml"))
SCHEMA_LINE = "# yaml-language-server: $schema="


def validator() -> jsonschema.Draft202012Validator:
    schema = content_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_the_generated_one() -> None:
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "schema/content.schema.json is stale: run `make schema`"


def test_schema_check_command_agrees(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "generator", "schema", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    stale = tmp_path / "stale.json"
    stale.write_text("{}\n")
    (tmp_path / "content").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "generator", "schema", "--check", "--output", str(stale)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "out of date" in done.stderr


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.relative_to(ROOT / "content").as_posix())
def test_bundled_content_validates_against_the_schema(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda p: p.relative_to(ROOT / "content").as_posix())
def test_every_content_file_points_editors_at_the_schema(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(SCHEMA_LINE)
    target = (path.parent / first.removeprefix(SCHEMA_LINE).strip()).resolve()
    assert target == (ROOT / SCHEMA_FILE).resolve()


def test_schema_rejects_what_the_model_rejects() -> None:
    good = yaml.safe_load((ROOT / "content" / "sources.yml").read_text(encoding="utf-8"))
    check = validator()
    assert check.is_valid(good)
    for field, value in (("id", "Not A Slug"), ("date", "5 Feb 2026"), ("autor", "x")):
        bad = copy.deepcopy(good)
        bad["sources"][0][field] = value
        assert not check.is_valid(bad), field
    missing = copy.deepcopy(good)
    del missing["sources"][0]["title"]
    assert not check.is_valid(missing)
    assert not check.is_valid({"sourcs": []})


def test_schema_knows_every_field_of_the_model() -> None:
    defs = content_schema()["$defs"]
    assert {"id", "question", "short", "answer", "sources", "updated", "change_note", "former_ids"} <= set(
        defs["Question"]["properties"]
    )
    assert set(defs["Entity"]["properties"]["kind"]["enum"]) >= {"person", "mineral", "programme"}
