"""Newsletter outputs of every build: email snippets, feeds, oEmbed and page head meta.

They need absolute URLs, so they run only when the site_url is known (SiteInfo). All output is
plain data (docs-relative path -> text) merged into the rendered pages, so write.py writes it.
"""

from __future__ import annotations

from . import embed, feeds, headmeta
from .errors import Problem
from .links import Graph
from .model import Site
from .render import Rendered
from .siteinfo import SiteInfo


def share(rendered: Rendered, site: Site, graph: Graph, info: SiteInfo) -> list[Problem]:
    """Add snippets, feeds, oEmbed files and head meta to ``rendered``; return size errors."""
    embeds = embed.Embeds(site, graph, info)
    snippets = embeds.all()
    rendered.pages.update(embed.files(snippets))
    rendered.pages.update(feeds.files(embeds, snippets))
    headmeta.add(rendered.pages, embeds)
    return embed.size_problems(site, snippets)
