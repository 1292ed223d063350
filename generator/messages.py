"""Every error message the generator can give about content, with how to fix it.

The single source of message texts: load, model, links and write format their messages here,
and the README's "Error messages" section is generated from this table
(``python -m generator errors --markdown``), so the two cannot drift.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from string import Formatter
from typing import Any


@dataclass(frozen=True)
class Message:
    """One message: a stable code, its text with ``{placeholders}``, and how to fix it."""

    code: str
    template: str
    fix: str


_LAYERS = {
    "yaml": "Reading YAML files",
    "model": "Fields and values",
    "links": "References, links and ids",
    "write": "Writing generated pages",
    "lint": "Editorial checks",
    "output": "Generated output",
}

CATALOGUE: dict[str, Message] = {
    m.code: m
    for m in (
        # Reading YAML files (generator/load.py)
        Message("yaml.unreadable", "cannot read file: {reason}", "Check the file's permissions."),
        Message(
            "yaml.too-big",
            "file is {size} bytes; the limit is {limit} bytes",
            "Split the content over several files.",
        ),
        Message(
            "yaml.bom",
            "file starts with a byte-order mark; save it as UTF-8 without BOM",
            "Choose 'UTF-8' (not 'UTF-8 with BOM') when saving.",
        ),
        Message("yaml.utf8", "file is not valid UTF-8", "Re-save the file as UTF-8."),
        Message(
            "yaml.control-character",
            "invalid YAML: the control character U+{code:04X} is not allowed in a YAML file",
            "Delete the invisible character (often pasted from a word processor).",
        ),
        Message(
            "yaml.tab",
            "invalid YAML: a tab character where indentation is expected; indent with spaces",
            "Replace tabs at the start of lines with spaces.",
        ),
        Message(
            "yaml.syntax",
            "invalid YAML: {reason}",
            "Check quoting, colons and indentation at (or just before) the position shown.",
        ),
        Message(
            "yaml.empty",
            "file is empty; expected a mapping of content",
            "Add content, or delete the file.",
        ),
        Message(
            "yaml.multi-document",
            "file holds more than one YAML document ('---')",
            "Put each document in its own file.",
        ),
        Message(
            "yaml.root",
            "expected a mapping, found {found}",
            "Start the file with `explainer:`, `sources:`, `entities:` or `events:`.",
        ),
        Message(
            "yaml.tag",
            "the YAML tag {tag!r} is not allowed in content",
            "Remove the `!tag`; write the value as plain text.",
        ),
        Message(
            "yaml.merge-key",
            "YAML merge keys ('<<') are not supported in content",
            "Write the fields out in full.",
        ),
        Message(
            "yaml.key-type",
            "expected a text key, found {found}",
            "Keys are field names: write `name: value`.",
        ),
        Message(
            "yaml.duplicate-key",
            "duplicate key {key!r} (first defined at line {line})",
            "Delete one of the two keys (the second would silently win elsewhere).",
        ),
        Message(
            "yaml.self-alias",
            "an alias refers to itself",
            "An `*alias` cannot sit inside its own `&anchor`; write the value out.",
        ),
        Message(
            "yaml.too-deep",
            "nesting deeper than {limit} levels",
            "Content never needs this much nesting; check the brackets and indentation.",
        ),
        Message(
            "yaml.too-many-values",
            "more than {limit} values (an alias bomb?)",
            "Avoid aliases that expand to huge structures; split the file.",
        ),
        # Fields and values (generator/model.py, generator/dates.py)
        Message(
            "model.missing",
            "required field is missing",
            "Add the field (see the content model above).",
        ),
        Message(
            "model.unknown-field",
            "unknown field {name!r}{hint}; expected one of: {fields}",
            "Fix the spelling, or delete the field.",
        ),
        Message(
            "model.type",
            "expected {expected}, found {found}",
            "Give the kind of value shown (text, a list `[a, b]` or a mapping).",
        ),
        Message(
            "model.empty-text",
            "expected text, found an empty value",
            "Write the text, or delete the optional field.",
        ),
        Message(
            "model.control-character",
            "text contains the control character U+{code:04X}",
            "Delete the invisible character (it would make feeds invalid XML).",
        ),
        Message(
            "model.id-type",
            "expected an id, found {found}",
            "Write the id as text, e.g. `critical-minerals`.",
        ),
        Message(
            "model.id-format",
            "expected an id of lower-case letters, digits and single hyphens "
            "(at most {limit} characters, e.g. 'critical-minerals'), found {found!r}",
            "Ids become file names and anchors: use only a-z, 0-9 and single hyphens.",
        ),
        Message(
            "model.url",
            "expected an http:// or https:// URL, found {found!r}",
            "Give the full web address, starting with https://.",
        ),
        Message(
            "model.date-format",
            "expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {found}",
            'Quote dates and give them at the precision you know: "2026", "2026-02" or "2026-02-05".',
        ),
        Message(
            "model.date-month",
            "{found!r} is not a real date: there is no month {month}",
            "Months run from 01 to 12.",
        ),
        Message(
            "model.date-day",
            "{found!r} is not a real date: {month} {year} has {days} days",
            "Check the day of the month.",
        ),
        Message(
            "model.duplicate-id",
            "duplicate {kind} id {id!r} (first defined at {where})",
            "Ids must be unique across all files: rename one of the two.",
        ),
        # References, links and ids (generator/links.py)
        Message(
            "links.unknown",
            "unknown {kind} {target!r}{hint}",
            "Fix the id, or add the missing question, entity, event or source.",
        ),
        Message(
            "links.malformed-xref",
            "malformed cross-reference {found!r}; expected [[q:id]], [[x:id]], [[e:id]], [[t:id]] "
            "or [[s:id]], optionally [[q:id|text]]",
            "Start the reference with its kind letter and a colon.",
        ),
        Message(
            "links.unsafe-url",
            "link to {url!r} is not allowed; links must start with https://, http:// or mailto:",
            "Link to web pages with their full address; other schemes (javascript:, data:, ...) are refused.",
        ),
        Message(
            "links.relative-url",
            "relative link {url!r} is not allowed; link to other pages with a cross-reference "
            "such as [[q:id]] or [[x:id]]",
            "Cross-references keep working when pages move; relative links break.",
        ),
        Message(
            "links.reserved-id",
            "the id {id!r} is reserved for a section of the page",
            "Choose another id.",
        ),
        Message(
            "links.reserved-anchor",
            "the id {id!r} would clash with the generated anchor of a section of the {page} page",
            "Choose an id that does not look like a section anchor.",
        ),
        Message(
            "links.tag-clash",
            "tag {tag!r} and tag {other!r} would share the anchor {anchor!r}",
            "Spell the tag the same way everywhere.",
        ),
        Message(
            "links.no-sources",
            "every {what} must cite at least one source; found none",
            "List the ids of the sources it rests on.",
        ),
        Message(
            "links.end-before-start",
            "the end {end} is before the start {start}",
            "Swap or correct the dates.",
        ),
        Message(
            "links.alias-taken",
            "{alias!r} already names the entity {owner!r}",
            "Two entities cannot share a name or alias; merge them or rename one.",
        ),
        Message(
            "links.unmentioned-entity",
            "entity is never mentioned (no [[e:...]] cross-reference and no event lists it)",
            "A warning (an error with --strict): mention the entity, or delete it.",
        ),
        # Renamed ids (generator/renames.py)
        Message(
            "links.former-id-self",
            "former id {old!r} is this {kind}'s current id",
            "Delete it from `former_ids`: list only ids the page had before.",
        ),
        Message(
            "links.former-id-current",
            "former id {old!r} is the current id of another {kind} ({where})",
            "An old link can lead to one place only: remove the former id, or rename the other one.",
        ),
        Message(
            "links.former-id-twice",
            "former id {old!r} is already listed at {where}",
            "Keep the former id only on the entry that took over the old page.",
        ),
        # Editorial checks (generator/lint.py)
        Message(
            "lint.placeholder",
            "placeholder 'TODO' left in; replace it with the real text before publishing",
            "A warning in the preview, an error with --strict and in `make site`: write the real "
            "text (or check the sources) and delete every TODO, comments included.",
        ),
        Message(
            "lint.no-questions",
            "explainer has no questions yet (add one: make new-question EXPLAINER=... ID=...)",
            "A warning (an error with --strict): add a question.",
        ),
        # Generated output (generator/embed.py)
        Message(
            "output.email-clipped",
            "the email snippet {path} is {size:,} bytes; Gmail clips emails over 102 KB "
            "({limit:,} bytes): shorten the {what}",
            "Shorten the answer, or split the explainer into two.",
        ),
        # Writing generated pages (generator/write.py)
        Message(
            "write.not-relative",
            "refusing to write {rel!r}: not a plain relative path",
            "A generated path is never absolute and never contains '..'.",
        ),
        Message(
            "write.not-portable",
            "refusing to write {rel!r}: {part!r} is not a portable file name",
            "Names like CON, names ending in a dot and names over 120 characters do not work everywhere.",
        ),
        Message(
            "write.symlink",
            "refusing to write {rel!r}: {link} is a symbolic link",
            "Replace the symbolic link in docs/ with a real folder or file.",
        ),
        Message(
            "write.outside",
            "refusing to write {rel!r}: it lands outside {root}",
            "Generated pages stay inside docs/.",
        ),
        Message(
            "write.case-clash",
            "{rel!r} and {other!r} differ only in case",
            "Two ids give file names that clash on case-insensitive disks; rename one.",
        ),
        Message(
            "write.hand-written",
            "docs/{rel} exists and was not written by the generator; rename or move it",
            "A generated page would overwrite your own page; nothing was written.",
        ),
    )
}


def msg(code: str, /, **fields: Any) -> str:
    """Return the text of message ``code`` filled with ``fields``."""
    return CATALOGUE[code].template.format(**fields)


def pattern(code: str) -> re.Pattern[str]:
    """Return a regex that matches any text message ``code`` can produce."""
    out = ""
    for literal, name, _spec, _conv in Formatter().parse(CATALOGUE[code].template):
        out += re.escape(literal) + ("(.*?)" if name is not None else "")
    return re.compile(out + r"\Z", re.S)


def code_of(text: str) -> str | None:
    """Return the code of the catalogue message that produced ``text`` (the most specific)."""
    found = [c for c in CATALOGUE if pattern(c).match(text)]
    return max(found, key=lambda c: len(CATALOGUE[c].template), default=None)


def markdown() -> str:
    """Return the README's "Error messages" section, generated from the catalogue."""
    lines = [
        "### Error messages",
        "",
        "<!-- generated by `python -m generator errors --markdown`; do not edit by hand -->",
        "",
        "Every problem is reported as `file:line:column: error: field: message`, all of them in one"
        " run. `{...}` stands for the part that varies.",
    ]
    for layer, title in _LAYERS.items():
        lines += ["", f"#### {title}", "", "| message | how to fix it |", "|---|---|"]
        for m in CATALOGUE.values():
            if m.code.split(".")[0] == layer:
                shown = re.sub(r"\{(\w+)[^}]*\}", r"{\1}", m.template).replace("|", "\\|")
                lines.append(f"| `{shown}` | {m.fix.replace('|', chr(92) + '|')} |")
    return "\n".join(lines) + "\n"


def replace_section(readme: str) -> str:
    """Return ``readme`` with its "### Error messages" section regenerated."""
    start = readme.index("### Error messages\n")
    body = start + len("### Error messages\n")
    rest = re.search(r"^#{2,3} ", readme[body:], re.M)
    end = body + rest.start() if rest else len(readme)
    return readme[:start] + markdown() + ("\n" if rest else "") + readme[end:]


def cli(as_markdown: bool, readme: Path | None) -> int:
    """``python -m generator errors``: print the catalogue, or rewrite the README section."""
    if readme is not None:
        readme.write_text(replace_section(readme.read_text(encoding="utf-8")), encoding="utf-8")
        print(f"{readme}: error messages section updated")
    elif as_markdown:
        print(markdown(), end="")
    else:
        for m in CATALOGUE.values():
            print(f"{m.code}: {m.template}\n    fix: {m.fix}")
    return 0
