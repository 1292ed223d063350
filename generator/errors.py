"""Content errors and warnings: where, which field, what was expected, what was found."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning about content, located at file:line:column."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: str = field(default="error", compare=False)

    def format(self) -> str:
        """Return the one-line human form: ``file:line:column: error: path: message``."""
        where = f"{self.file}:{self.line}:{self.column}"
        field_path = f"{self.path}: " if self.path else ""
        return f"{where}: {self.severity}: {field_path}{self.message}"


class ContentError(Exception):
    """Raised when content is invalid; carries every problem found in the run."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        """Return all problems, one per line, followed by a count."""
        lines = [p.format() for p in self.problems]
        errors = sum(1 for p in self.problems if p.severity == "error")
        lines.append(f"{errors} error{'s' if errors != 1 else ''} found.")
        return "\n".join(lines)


def field_path(parts: tuple[str | int, ...]) -> str:
    """Render a location tuple as ``questions[3].sources[0]``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
