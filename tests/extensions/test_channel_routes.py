"""A route's official address is written once, in channels.toml (``url`` on a
product's ``reach``), checked by the link policy, and linked in the fact
tables and in every "Still need help?" block; a fact the seeds do not give
reads in reader words ("Not given", "Not listed")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpcenter.sphinxext import channel_data
from helpcenter.sphinxext.channel_data import ChannelDataError
from helpcenter.testing import SphinxProject as Project

SEED = "Écrivez un e-mail à support@example.com pour toute question.\n"


def data(url: str, fact: str = "reach") -> str:
    facts = {name: '[channel.NordVPN.{0}]\ntext = "Write to us"\nsource = "001"\nquote = "Écrivez un e-mail"\n' for name in channel_data.FACTS}
    facts[fact] += f'url = "{url}"\n'
    return (
        '[[channel]]\nid = "email"\nname = "Email"\npage = "channels/email"\nsummary = "s"\nproducts = ["NordVPN"]\nhelp_block = true\n'
        + "".join(text.format(name) for name, text in facts.items())
    )


def write(project: Project, toml: str) -> None:
    project.write({
        "docs/_data/sources/001_seed.txt": SEED,
        "docs/_data/channels.toml": toml,
        "docs/channels/email.md": "---\ndescription: E.\nreviewed: 2026-12-01\nproducts: NordVPN\norphan: true\n---\n# Email\n\n```{channel-facts} email\n```\n",
    })  # fmt: skip


def test_the_official_address_is_linked_in_the_fact_table(project: Project) -> None:
    write(project, data("mailto:support@nordvpn.com"))
    built = project.build("helpcenter.sphinxext.channels")
    page = built.html("channels/email")
    assert re.search(r'<a class="[^"]*official-route[^"]*" href="mailto:[^"]+">Write to us</a>', page), page[page.find("<table"):][:600]
    # The product this channel is not described for reads "Not listed", in reader words.
    assert re.search(r'<td class="not-stated"><p>Not listed</p></td>', page), page[page.find("<table"):][:1200]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://evil.example/", r"reach url 'https://evil\.example/' is a link to evil\.example: link only nordvpn\.com, nordpass\.com"),
        ("javascript:alert(1)", r"reach url 'javascript:alert\(1\)' is a javascript: link"),
        ("help-center", r"reach url 'help-center' is not a full address"),
    ],
)
def test_an_address_the_link_policy_refuses_stops_the_build_at_its_line(project: Project, url: str, message: str) -> None:
    write(project, data(url))
    line = data(url).splitlines().index('[channel.NordVPN.reach]') + 1
    with pytest.raises(ChannelDataError, match=rf"channels\.toml:{line}: channel 'email': NordVPN {message}"):
        project.build("helpcenter.sphinxext.channels")


def test_only_a_route_has_an_address(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "001_seed.txt").write_text(SEED, encoding="utf-8")
    path = tmp_path / "channels.toml"
    path.write_text(data("https://nordvpn.com/", fact="availability"), encoding="utf-8")
    with pytest.raises(ChannelDataError, match=r"channels\.toml:\d+: channel 'email': NordVPN availability has a url: only a route's reach has one"):
        channel_data.load(path)
