"""How a command reports a failed run to an editor: one message, an exit code, no traceback."""

from __future__ import annotations

import sys

from .errors import ContentError
from .siteinfo import ConfigError
from .write import WriteError

FAILURES = (ConfigError, ContentError, WriteError)


def report(exc: Exception) -> int:
    """Print the error of a failed run to stderr; return 1 for content and writes, 2 for config."""
    if isinstance(exc, ContentError):
        print(exc.report(), file=sys.stderr)
        return 1
    if isinstance(exc, WriteError):
        print(f"error: nothing was written:\n{exc}", file=sys.stderr)
        return 1
    print(f"error: {exc}", file=sys.stderr)
    return 2
