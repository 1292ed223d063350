"""MkDocs hooks: run the generator before every build and take the navigation from content.

Referenced from mkdocs.yml (``hooks:``). Uses only MkDocs' documented hook events.
During ``mkdocs serve`` a content error is shown in the terminal and the last good pages keep
being served; during ``mkdocs build`` it stops the build with the full error report.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator import preview

log = logging.getLogger("mkdocs.generator")


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is a live preview (errors must not stop the server)."""
    preview.STATE.serving = command == "serve"


def on_config(config: Any) -> Any:
    """Generate Markdown from content/ and set the navigation from it."""
    root = Path(config.config_file_path).parent
    outcome = preview.regenerate(root / "content", Path(config.docs_dir))
    for line in outcome.info:
        log.info(line)
    for line in outcome.messages:
        (log.warning if outcome.ok else log.error)(line)
    if not outcome.ok and not preview.STATE.serving:
        raise PluginError("content has errors (see above); nothing was generated")
    if outcome.nav is not None and not config.nav:
        config.nav = outcome.nav
    return config
