"""Stage 2, model: typed, validated content built from loaded documents."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
)

from .dates import PartialDate
from .errors import Problem, field_path
from .load import Document, Loc
from .messages import msg

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 64
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")
ENTITY_KINDS = (
    "person",
    "organisation",
    "country",
    "place",
    "mineral",
    "agreement",
    "programme",
)


def _slug(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(msg("model.id-type", found=describe(value)))
    if not SLUG_RE.match(value) or len(value) > SLUG_MAX:
        raise ValueError(msg("model.id-format", limit=SLUG_MAX, found=value))
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(msg("model.type", expected="text", found=describe(value)))
    if not value.strip():
        raise ValueError(msg("model.empty-text"))
    bad = _CONTROL.search(value)
    if bad:
        raise ValueError(msg("model.control-character", code=ord(bad.group())))
    return value.strip()


def _date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if not isinstance(value, str):
        raise ValueError(msg("model.date-format", found=describe(value)))
    return PartialDate.parse(value)


def _url(value: Any) -> str:
    text = _text(value)
    if not re.match(r"^https?://[^\s<>\"']+$", text):
        raise ValueError(msg("model.url", found=text))
    return text


_DATE_SCHEMA = {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}
Slug = Annotated[
    str,
    BeforeValidator(_slug),
    WithJsonSchema({"type": "string", "pattern": SLUG_RE.pattern, "maxLength": SLUG_MAX}),
]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
Url = Annotated[
    str,
    BeforeValidator(_url),
    WithJsonSchema({"type": "string", "pattern": "^https?://"}),
]
Date = Annotated[
    PartialDate,
    BeforeValidator(_date),
    PlainSerializer(str),
    WithJsonSchema(_DATE_SCHEMA),
]


# An empty-list default that pydantic need not deep-copy for every object (it still shows "default": []).
_EMPTY: Any = Field(default_factory=list, json_schema_extra={"default": []})


class Strict(BaseModel):
    """Base for content models: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


class Source(Strict):
    """A published article or document that answers rest on."""

    id: Slug
    publisher: Text
    title: Text
    date: Date
    author: Text | None = None
    url: Url | None = None
    with_inputs_from: Text | None = None


class Entity(Strict):
    """A person, organisation, country, place, mineral, agreement or programme."""

    id: Slug
    name: Text
    kind: Literal[ENTITY_KINDS]  # type: ignore[valid-type]
    description: Text
    aliases: list[Text] = _EMPTY
    sources: list[Slug] = _EMPTY
    former_ids: list[Slug] = _EMPTY


class Event(Strict):
    """A dated fact on the timeline, at the precision the sources give."""

    id: Slug
    date: Date
    end: Date | None = None
    qualifier: Literal["by"] | None = None
    title: Text
    description: Text
    entities: list[Slug] = _EMPTY
    sources: list[Slug]
    questions: list[Slug] = _EMPTY


class Question(Strict):
    """One question with its short answer, Markdown answer and sources."""

    id: Slug
    question: Text
    short: Text
    answer: Text
    sources: list[Slug]
    tags: list[Text] = _EMPTY
    related: list[Slug] = _EMPTY
    updated: Date | None = None
    change_note: Text | None = None
    former_ids: list[Slug] = _EMPTY


class Explainer(Strict):
    """An explainer page: a standfirst and an ordered list of questions."""

    id: Slug
    title: Text
    standfirst: Text
    published: Date
    updated: Date
    tags: list[Text] = _EMPTY
    change_note: Text | None = None
    former_ids: list[Slug] = _EMPTY
    questions: list[Question]


class ContentFile(Strict):
    """The top level of every YAML file under content/."""

    explainer: Explainer | None = None
    sources: list[Source] = _EMPTY
    entities: list[Entity] = _EMPTY
    events: list[Event] = _EMPTY


@dataclass(frozen=True)
class Origin:
    """Where an object was defined: its document and its location inside it."""

    doc: Document
    loc: Loc

    def problem(self, sub: Loc, message: str, severity: str = "error") -> Problem:
        """Build a Problem located at ``sub`` below this object."""
        loc = (*self.loc, *sub)
        pos = self.doc.locate(loc)
        return Problem(self.doc.file, pos.line, pos.column, field_path(loc), message, severity)


@dataclass
class Site:
    """All validated content of a site, with where each object came from."""

    explainers: list[Explainer] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    questions: dict[str, tuple[Explainer, Question]] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    # (kind, id) declared in files that failed validation: references to them are not reported
    # again as unknown, so one broken file shows its own errors, not a cascade.
    unchecked: set[tuple[str, str]] = field(default_factory=set)


def describe(value: Any) -> str:
    """Describe a found value for an error message."""
    if value is None:
        return "an empty value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


_EXPECTED = {
    "string_type": "text",
    "list_type": "a list",
    "model_type": "a mapping",
    "dict_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def _message(error: dict[str, Any], fields: list[str]) -> str:
    kind, found = error["type"], error.get("input")
    if kind == "missing":
        return msg("model.missing")
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return msg("model.unknown-field", name=name, hint=hint, fields=", ".join(fields))
    if kind == "literal_error":
        return msg("model.type", expected=error["ctx"]["expected"], found=describe(found))
    if kind == "value_error":
        return str(error["ctx"]["error"])
    if kind in _EXPECTED:
        return msg("model.type", expected=_EXPECTED[kind], found=describe(found))
    return f"{error['msg']}, found {describe(found)}"


def _model_at(loc: Loc) -> type[BaseModel]:
    """Return the model class that owns the last field of ``loc``."""
    path = [p for p in loc[:-1] if isinstance(p, str)]
    table: dict[str, type[BaseModel]] = {
        "explainer": Explainer, "questions": Question, "sources": Source,
        "entities": Entity, "events": Event,
    }  # fmt: skip
    return table.get(path[-1], ContentFile) if path else ContentFile


def file_problems(doc: Document, exc: ValidationError) -> list[Problem]:
    """Translate a pydantic ValidationError into located Problems."""
    problems = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        if error["type"] == "union_tag_invalid" or error["type"].startswith("is_instance"):
            continue
        fields = list(_model_at(loc).model_fields)
        pos = doc.locate_key(loc) if error["type"] == "extra_forbidden" else doc.locate(loc)
        message = _message(error, fields)
        problems.append(Problem(doc.file, pos.line, pos.column, field_path(loc), message))
    return problems


def _register(site: Site, kind: str, obj_id: str, origin: Origin, problems: list[Problem]) -> bool:
    key = (kind, obj_id)
    first = site.origins.get(key)
    if first is not None:
        where = f"{first.doc.file}:{first.doc.locate((*first.loc, 'id')).line}"
        problems.append(origin.problem(("id",), msg("model.duplicate-id", kind=kind, id=obj_id, where=where)))
        return False
    site.origins[key] = origin
    return True


Entry = tuple[str, str, Origin, Any]  # kind, id, where it is declared, the object
_TABLES = {"source": "sources", "entity": "entities", "event": "events"}  # kind -> table and section
_VALIDATED: dict[str, tuple[Document, list[Entry], dict[tuple[str, str], Origin]]] = {}


def _validated(doc: Document) -> tuple[list[Entry], dict[tuple[str, str], Origin]]:
    """Validate a document into its entries, or reuse them for the same (unchanged, cached) Document.

    Return every object it declares, in order (sources, entities, events, explainer, questions),
    and where each is declared by (kind, id): fewer if the file declares an id twice.
    """
    cached = _VALIDATED.get(doc.file)
    if cached is not None and cached[0] is doc:
        return cached[1], cached[2]
    content = ContentFile.model_validate(doc.data)
    entries: list[Entry] = []
    for kind, section in _TABLES.items():
        objs = getattr(content, section)
        entries += [(kind, obj.id, Origin(doc, (section, i)), obj) for i, obj in enumerate(objs)]
    e = content.explainer
    if e is not None:
        entries.append(("explainer", e.id, Origin(doc, ("explainer",)), e))
        questions = enumerate(e.questions)
        entries += [("question", q.id, Origin(doc, ("explainer", "questions", i)), q) for i, q in questions]
    origins = {(kind, obj_id): origin for kind, obj_id, origin, _ in entries}
    _VALIDATED[doc.file] = (doc, entries, origins)
    return entries, origins


def build_site(docs: list[Document]) -> tuple[Site, list[Problem]]:
    """Validate every document and assemble the Site; return it with all problems."""
    site, problems = Site(), []
    for doc in docs:
        try:
            entries, origins = _validated(doc)
        except ValidationError as exc:
            problems.extend(file_problems(doc, exc))
            site.unchecked |= _declared_ids(doc.data)
            continue
        clash = len(origins) < len(entries) or not site.origins.keys().isdisjoint(origins)
        if not clash:  # the usual case: no id declared twice, so all are registered at once
            site.origins.update(origins)
        explainer = None
        for kind, obj_id, origin, obj in entries:
            if clash and not _may_add(site, kind, obj_id, origin, explainer, problems):
                continue
            if kind == "explainer":
                explainer = obj
                site.explainers.append(obj)
            elif kind == "question":
                site.questions[obj_id] = (explainer, obj)
            else:
                getattr(site, _TABLES[kind])[obj_id] = obj
    site.explainers.sort(key=lambda e: (-e.published.first_day().toordinal(), e.id))
    return site, problems


def _may_add(
    site: Site, kind: str, obj_id: str, origin: Origin, explainer: Any, problems: list[Problem]
) -> bool:
    """Register an object unless its id is taken (reported) or it is a question of a refused explainer."""
    if kind == "question" and explainer is None:
        return False
    return _register(site, kind, obj_id, origin, problems)


def _declared_ids(data: Any) -> set[tuple[str, str]]:
    """Return the (kind, id) pairs a raw, unvalidated file declares, as far as they can be read."""
    found: set[tuple[str, str]] = set()
    if not isinstance(data, dict):
        return found

    def ids(kind: str, items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found.add((kind, item["id"]))

    for kind, section in (("source", "sources"), ("entity", "entities"), ("event", "events")):
        ids(kind, data.get(section))
    explainer = data.get("explainer")
    if isinstance(explainer, dict):
        ids("explainer", [explainer])
        ids("question", explainer.get("questions"))
    return found
