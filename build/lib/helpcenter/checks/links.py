"""Every internal link, anchor and asset of the built HTML resolves.

Read from the files, never fetched: a link to another page must name a file
that exists, and its ``#fragment`` an ``id`` in that file. External links are
listed for a report (and never requested).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

#: Attributes that point at something the browser would request or open.
LINK_ATTRIBUTES = {"href", "src"}
#: Links that Furo and Sphinx write for their scripts, not to a target.
IGNORED = {"#", ""}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []
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
                self.links.append((value, self.getpos()[0]))


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
    problems: list[str] = field(default_factory=list)
    external: set[str] = field(default_factory=set)


def check_site(site: Path) -> LinkReport:
    """Check every HTML file under site (the published folder)."""
    report = LinkReport()
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        collector = parse(page)
        for link, line in collector.links:
            report.checked += 1
            problem = _check(site, page, link)
            if problem == "external":
                report.external.add(link)
            elif problem:
                report.problems.append(f"{relative}:{line}: {link}: {problem}")
    return report


def _check(site: Path, page: Path, link: str) -> str | None:
    if link in IGNORED:
        return None
    parsed = urlparse(link)
    if parsed.scheme == "data":
        return None  # inline, nothing to fetch
    if parsed.scheme in {"http", "https", "mailto", "tel"} or parsed.netloc:
        return "external"
    if parsed.scheme:
        return f"unexpected scheme {parsed.scheme!r}"
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
