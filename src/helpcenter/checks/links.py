"""Every internal link, anchor and asset of the built HTML resolves.

Read from the files, never fetched: a link to another page must name a file
that exists, and its ``#fragment`` an ``id`` in that file. What is external
is decided by the site's one link policy (``helpcenter.urls``, read as a
browser reads it: ``//host`` and ``\\host`` are other sites): an external
link must pass it, an image or script must not be external at all; external
links are listed for a report (and never requested).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

from ..sphinxext.config import SETTINGS
from ..urls import is_local, link_problem, resource_problem
from . import Problem

#: The hosts pages may link to: helpcenter_link_hosts as conf.py leaves it (its default).
LINK_HOSTS = next(s.default for s in SETTINGS if s.name == "helpcenter_link_hosts")

#: Attributes that point at something the browser would request or open.
LINK_ATTRIBUTES = {"href", "src"}
#: Links that Furo and Sphinx write for their scripts, not to a target.
IGNORED = {"#", ""}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int, str]] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        if tag == "link" and values.get("rel") in {"canonical", "alternate"}:
            return  # absolute URLs of the published site, checked by the language tests
        if tag == "use":
            return  # SVG sprite references (#svg-...) inside the page
        for name in LINK_ATTRIBUTES:
            value = values.get(name)
            if value is not None:
                self.links.append((value, self.getpos()[0], name))


@functools.cache
def _parse(path: Path, mtime: float) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def parse(path: Path) -> _Collector:
    return _parse(path, path.stat().st_mtime)


@dataclass
class LinkReport:
    checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    external: set[str] = field(default_factory=set)


def check_site(site: Path) -> LinkReport:
    """Check every HTML file under site (the published folder)."""
    report = LinkReport()
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        collector = parse(page)
        for link, line, attribute in collector.links:
            report.checked += 1
            problem = _check(site, page, link, attribute)
            if problem == "external":
                report.external.add(link)
            elif problem:
                report.problems.append(Problem("link", relative, line, f"{link}: {problem}"))
    return report


def _check(site: Path, page: Path, link: str, attribute: str = "href") -> str | None:
    if link in IGNORED:
        return None
    parsed = urlparse(link)
    if parsed.scheme == "data":
        return None  # inline, nothing to fetch
    if not is_local(link):
        if attribute == "src":
            return resource_problem(link)
        return link_problem(link, LINK_HOSTS) or "external"
    if parsed.path.startswith("/"):
        # Absolute paths (the 404 pages) are under the site's path prefix: find the language folder.
        parts = parsed.path.strip("/").split("/")
        target = next(
            (site.joinpath(*parts[i:]) for i in range(len(parts)) if (site / parts[i]).is_dir() or (site / parts[i]).is_file()),
            site.joinpath(*parts),
        )
    else:
        target = Path(unquote(urljoin(page.as_posix(), parsed.path))) if parsed.path else page
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return "no such file"
    if parsed.fragment and target.suffix == ".html" and unquote(parsed.fragment) not in parse(target).ids:
        return f"no id {parsed.fragment!r} in {target.relative_to(site).as_posix()}"
    return None
