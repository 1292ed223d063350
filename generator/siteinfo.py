"""Where the site is published: site_url and name from mkdocs.yml, and absolute URLs built from them."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


class ConfigError(Exception):
    """mkdocs.yml lacks what absolute URLs need (site_url); the message says what to set."""


@dataclass(frozen=True)
class SiteInfo:
    """The published site: its base URL (ending in '/'), name, description and language."""

    url: str
    name: str
    description: str = ""
    language: str = "en"
    directory_urls: bool = True

    def page_url(self, page: str, anchor: str = "") -> str:
        """Return the absolute URL of a docs-relative page (``explainers/x.md``) and anchor."""
        path = page
        if page.endswith(".md"):
            stem = page[: -len(".md")]
            if posixpath.basename(stem) == "index":
                path = stem[: -len("index")]
            else:
                path = stem + "/" if self.directory_urls else stem + ".html"
        return self.url + path + (f"#{anchor}" if anchor else "")

    def absolute(self, from_page: str, href: str) -> str:
        """Resolve a link written on ``from_page`` (relative, root-relative or absolute) to a URL."""
        if _SCHEME.match(href) or href.startswith("//"):
            return href
        path, _, fragment = href.partition("#")
        if not path:
            return self.page_url(from_page, fragment)
        if path.startswith("/"):
            target = path.lstrip("/")
        else:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(from_page), path))
            while target.startswith("../") or target == "..":
                target = target[3:]
            target = "" if target == "." else target
        return self.page_url(target, fragment)


def site_info(config: Mapping[str, Any], source: str = "mkdocs.yml") -> SiteInfo:
    """Build SiteInfo from an MkDocs config mapping; raise ConfigError if site_url is unset."""
    url = config.get("site_url")
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(
            f"{source}: site_url is not set; email embeds, feeds, oEmbed and canonical links need "
            "the address the site is published at (e.g. site_url: https://explainers.example.org/)"
        )
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{source}: site_url must be an http:// or https:// address, found {url!r}")
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, Mapping) else None
    return SiteInfo(
        url=url if url.endswith("/") else url + "/",
        name=str(config.get("site_name") or parts.netloc),
        description=str(config.get("site_description") or ""),
        language=str(language or "en"),
        directory_urls=bool(config.get("use_directory_urls", True)),
    )


def read_site_info(config_file: Path) -> SiteInfo:
    """Read mkdocs.yml (with MkDocs' own YAML loader: !ENV, INHERIT) and return SiteInfo."""
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils import yaml_load

    try:
        with open(config_file, "rb") as handle:
            config = yaml_load(handle)
    except OSError as exc:
        raise ConfigError(f"{config_file}: cannot read it ({exc.strerror}); site_url is needed") from exc
    except ConfigurationError as exc:
        raise ConfigError(f"{config_file}: {exc}") from exc
    return site_info(config if isinstance(config, dict) else {}, str(config_file))
