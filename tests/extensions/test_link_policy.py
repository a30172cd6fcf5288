"""Probes of issue 22: one link policy (helpcenter/urls.py), read as a browser reads an address."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpcenter import urls
from helpcenter.checks import links
from helpcenter.testing import SphinxProject as Project

HOSTS = ["nordvpn.com", "nordpass.com"]


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("//evil.example/x", "a protocol-relative link to evil.example (//host)"),
        ("https://evil.example\\@nordvpn.com/", "a backslash in an address"),
        ("\\\\evil.example/x", "a backslash in an address"),
        ("https://user@nordvpn.com/", "a link with a user name or password before the host"),
        ("https://nordvpn.com:pw@evil.example/", "a link with a user name or password before the host"),
        ("https://nordvpn.com.evil.example/", "a link to nordvpn.com.evil.example"),
        ("mailto:victim@evil.example?subject=@nordvpn.com", "a link to evil.example"),
        ("mailto:support@nordvpn.com?cc=victim@evil.example", "a link to evil.example"),
        ("mailto:support@nordvpn.com?CC=victim@evil.example", "a link to evil.example"),
        ("mailto:support@nordvpn.com?bcc=a@nordpass.com,victim@evil.example", "a link to evil.example"),
        ("mailto:support@nordvpn.com,victim@evil.example", "a link to evil.example"),
        ("mailto:support@nordvpn.com?to=victim%40evil.example", "a link to evil.example"),
        ("mailto:?subject=hi", "a mailto: link without an address"),
        ("java\tscript:alert(1)", "a javascript: link"),
        ("JAVASCRIPT:alert(1)", "a javascript: link"),
        ("data:text/html,<script>alert(1)</script>", "a data: link"),
        ("https://[::1/", "an address a browser cannot read"),
    ],
)
def test_the_policy_refuses_what_a_browser_would_send_elsewhere(address: str, problem: str) -> None:
    found = urls.link_problem(address, HOSTS)
    assert found is not None and found.startswith(problem), found


@pytest.mark.parametrize(
    "address",
    [
        "faq/refunds.html#refund", "../index.html", "#top", "?q=vpn",
        "https://nordvpn.com/", "https://www.nordpass.com/plans/", "HTTPS://NordVPN.com/x",
        "mailto:support@nordvpn.com", "mailto:support%40nordvpn.com?subject=Refund&cc=billing@nordvpn.com",
    ],
)  # fmt: skip
def test_the_policy_keeps_links_to_this_site_and_the_allowed_hosts(address: str) -> None:
    assert urls.link_problem(address, HOSTS) is None


@pytest.mark.parametrize(
    ("address", "local"),
    [("_images/a.png", True), ("/en/a.png", True), ("//evil.example/a.png", False), ("https://nordvpn.com/a.png", False), ("\\\\evil.example/a.png", False)],
)
def test_images_and_media_come_from_this_site_only(address: str, local: bool) -> None:
    assert (urls.resource_problem(address) is None) is local


@pytest.mark.parametrize(
    ("page", "markup", "message"),
    [
        ("index.rst", "`x <//evil.example/x>`_", "a protocol-relative link to evil.example \\(//host\\) is not published"),
        # Markdown and reStructuredText take the backslash as an escape: what is left has a user name.
        ("index.md", "[x](<https://evil.example\\@nordvpn.com/>)", "(a backslash in an address|a link with a user name)"),
        ("index.md", "[x](mailto:victim@evil.example?subject=@nordvpn.com)", "a link to evil.example is not published"),
        ("index.md", "[x](mailto:support@nordvpn.com?cc=victim@evil.example)", "a link to evil.example is not published"),
        ("index.md", "<mailto:support@nordvpn.com,victim@evil.example>", "a link to evil.example is not published"),
        ("index.md", "[x](https://user:pw@nordvpn.com/)", "a link with a user name or password before the host is not published"),
    ],
)
def test_a_page_link_the_policy_refuses_stops_the_build_at_its_line(project: Project, page: str, markup: str, message: str) -> None:
    heading = "Home\n====\n" if page.endswith(".rst") else "# Home\n"
    (project.docs / "index.md").unlink()
    project.write({f"docs/{page}": f"{heading}\nSee {markup} now.\n"})
    built = project.build("helpcenter.sphinxext.safe_markup")
    line = 4 if page.endswith(".rst") else 3
    assert re.search(rf"{re.escape(page)}:{line}: WARNING: {message}", built.warnings), built.warnings


def test_the_built_site_check_reads_links_as_a_browser_does(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>\n'
        '<a href="//evil.example/x">a</a>\n<a href="https://evil.example\\@nordvpn.com/">b</a>\n'
        '<img src="https://evil.example/pixel.png" alt="">\n<a href="https://nordvpn.com/">fine</a>\n</body></html>\n',
        encoding="utf-8",
    )
    report = links.check_site(tmp_path)
    found = [(p.line, p.message.split(": ", 1)[1]) for p in report.problems]
    assert [line for line, _ in found] == [2, 3, 4], found
    assert found[0][1].startswith("a protocol-relative link") and found[1][1].startswith("a backslash")
    assert found[2][1].startswith("a file from evil.example")
    assert report.external == {"https://nordvpn.com/"}
