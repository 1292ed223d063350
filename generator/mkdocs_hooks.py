"""MkDocs hooks: run the generator before every build and take the navigation from content.

Referenced from mkdocs.yml (``hooks:``). Uses only MkDocs' documented hook events.
During ``mkdocs serve`` a content error is shown in the terminal and the last good pages keep
being served; during ``mkdocs build`` it stops the build with the full error report.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from generator import beside, headmeta, preview
from generator.early import EARLY
from generator.siteinfo import ConfigError, SiteInfo, site_info

log = logging.getLogger("mkdocs.generator")

# Elements whose text keeps its whitespace as written: left alone by on_post_page.
_VERBATIM = re.compile(r"<(pre|textarea|script|style|code)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n[ \t\r\n]+")


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is a live preview (errors must not stop the server)."""
    preview.STATE.serving = command == "serve"


def _inputs(config: Any) -> tuple[Path, Path, SiteInfo]:
    """Return the content folder, the docs folder and the site's details of a configuration."""
    try:
        info = site_info(config, config.config_file_path)
    except ConfigError as exc:
        raise PluginError(str(exc)) from exc
    return Path(config.config_file_path).parent / "content", Path(config.docs_dir), info


def _watched(config: Any, content: Path) -> list[Path]:
    """Return the folders whose files the generator reads: content/ and the ``watch:`` folders."""
    return sorted({content, *(Path(p) for p in config.watch if Path(p).is_dir())})


def on_config(config: Any) -> Any:
    """Generate Markdown from content/ and set the navigation from it.

    While serving, the run a save started early (generator/early.py) is taken if nothing changed
    since it began.
    """
    content, docs, info = _inputs(config)
    if preview.STATE.serving:
        EARLY.begin_build()
        key, paths = (content, docs, info), _watched(config, content)
        outcome = EARLY.run(key, paths, lambda: preview.regenerate(content, docs, info))
    else:
        outcome = preview.regenerate(content, docs, info, beside=True)
        going = outcome.pending is not None and not outcome.pending.done
        preview.STATE.pending = outcome if going else None  # finished in on_env
    preview.refresh_nav(outcome, docs)
    _report(outcome)
    if outcome.ok:
        headmeta.publish()
    if outcome.nav is not None and not config.nav:
        config.nav = outcome.nav
    return config


def _report(outcome: preview.Outcome) -> None:
    """Log a run's lines; outside a live preview, stop the build if it failed."""
    # While serving, content problems go to a logger outside "mkdocs": strict mode counts every
    # warning on that logger and would abort the rebuild, leaving the preview stuck.
    out = preview.preview_log() if preview.STATE.serving else log
    if outcome is not preview.STATE.logged:  # a run taken again (say, after about.md was saved) is not news
        for line in outcome.info:
            out.info(line)
    preview.STATE.logged = outcome
    for line in outcome.messages:
        (out.warning if outcome.ok else out.error)(line)
    if not outcome.ok and not preview.STATE.serving:
        raise PluginError("content has errors (see above); nothing was generated")


def on_files(files: Any, config: Any) -> Any:
    """List the email bundles and feeds still being made beside the page build (generator/beside.py).

    They are in docs/ by ``on_env``, before MkDocs copies them; a new explainer's are not there yet
    when MkDocs lists docs/, so they are added here.
    """
    going = preview.STATE.pending
    if going is not None and going.pending is not None:
        for rel in sorted(going.pending.expected):
            if files.get_file_from_path(rel) is None:
                files.append(File(rel, config.docs_dir, config.site_dir, config.use_directory_urls))
    return files


def on_env(env: Any, config: Any, files: Any) -> Any:
    """Finish a run started beside the page build (MkDocs copies static files next).

    While serving, reuse compiled theme templates across rebuilds instead of recompiling them.
    """
    pending, preview.STATE.pending = preview.STATE.pending, None
    if pending is not None:
        done = preview.finish(pending)
        _report(done)
        headmeta.publish()
    if preview.STATE.serving:
        env.bytecode_cache = preview.STATE.templates
    return env


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """Give the theme the head data of an explainer page (``qa_head``; see overrides/main.html).

    The data comes from the generator run in ``on_config``, in memory: carried in front matter it
    would be parsed as YAML on every page of every build.
    """
    data = headmeta.for_page(page.file.src_uri, page.meta)
    if data is not None:
        context[headmeta.KEY] = data
    return context


def collapse_whitespace(html: str) -> str:
    """Return ``html`` without blank lines and indentation, outside pre, textarea, script, style, code.

    A run of whitespace that starts with a newline becomes one newline, so the page renders exactly
    as before (HTML collapses such runs to one space anyway). Material's templates are deeply
    indented: this removes about a tenth of every page.
    """
    out, start = [], 0
    for match in _VERBATIM.finditer(html):
        out.append(_INDENT.sub("\n", html[start : match.start()]))
        out.append(match.group())
        start = match.end()
    out.append(_INDENT.sub("\n", html[start:]))
    return "".join(out)


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Send pages without the theme's blank lines and indentation (see collapse_whitespace)."""
    return collapse_whitespace(output)


def on_post_build(config: Any) -> None:
    """A build is over: a save may regenerate into docs/ again."""
    beside.thaw()
    EARLY.end_build()


def on_build_error(error: Exception) -> None:
    """A build failed: take back a run still going beside it; a save may regenerate into docs/ again."""
    pending, preview.STATE.pending = preview.STATE.pending, None
    if pending is not None and pending.pending is not None:
        pending.pending.abandon()
    beside.thaw()
    EARLY.end_build()


def on_shutdown() -> None:
    """The server stops: so does the early regeneration's watcher."""
    EARLY.stop()


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    """Watch only hand-written files in docs/: the generator's own writes must not trigger a rebuild.

    content/ and the templates are watched through ``watch:`` in mkdocs.yml. A hand-written page
    added to docs/ while serving is picked up on the next rebuild (any save under content/). A
    native watcher on the same folders regenerates at once on save (generator/early.py).
    """
    content, docs, info = _inputs(config)
    server.unwatch(str(docs))
    for path in preview.hand_written_paths(docs):
        server.watch(str(path))
    paths = _watched(config, content)
    EARLY.watch(paths, (content, docs, info), lambda: preview.regenerate(content, docs, info))
    return server
