"""The channel chooser (``channel-chooser``, sphinxext/chooser.py) on a small site with the
real templates, static files and channel data: one answer per product and situation,
each with that product's facts, translated; malformed situations are refused with the
file and line; data text is escaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpcenter.testing import SphinxProject as Project

PAGE = """---
description: Reaching support.
reviewed: 2026-12-01
products: NordVPN, NordPass
---
# Help

```{channel-chooser}
```
"""
CHANNEL_PAGES = ("help-center", "live-chat", "email", "social-media", "phone")


@pytest.fixture
def site(tmp_path: Path, site_project) -> Project:  # type: ignore[no-untyped-def]
    project = site_project(tmp_path)
    project.write({"docs/index.md": PAGE})
    project.write({
        f"docs/channels/{name}.md": f"---\ndescription: C.\nreviewed: 2026-12-01\nproducts: NordVPN\norphan: true\n---\n# {name}\n"
        for name in CHANNEL_PAGES
    })  # fmt: skip
    return project


def build(site: Project, language: str = "en"):  # type: ignore[no-untyped-def]
    return site.build("sphinx_design", "sphinx_copybutton", "helpcenter.sphinxext", language=language)


def data(site: Project) -> Path:
    return site.docs / "_data" / "channels.toml"


def answer(html: str, product: str, situation: str):  # type: ignore[no-untyped-def]
    return BeautifulSoup(html, "html.parser").select_one(f"#chooser-{product.lower()}-{situation}")


def test_each_product_and_situation_has_its_answer_with_that_products_facts(site: Project) -> None:
    built = build(site)
    assert "WARNING" not in built.warnings and "ERROR" not in built.warnings, built.warnings
    html = built.html("index")
    soup = BeautifulSoup(html, "html.parser")
    answers = soup.select("#channel-chooser .chooser-answer")
    radios = soup.select("#channel-chooser input[type=radio]")
    situations = [r["value"] for r in radios if r["name"] == "chooser-situation"]
    assert len(answers) == 2 * len(situations) and "locked-out" in situations
    assert all(soup.select_one(f"label[for={r['id']}]") for r in radios), "a radio button has no label"
    # Live chat: NordPass is open 24/7; the sources give no NordVPN hours, and none is borrowed.
    nordpass = [dd.get_text() for dd in answer(html, "NordPass", "locked-out").select("dd")]
    nordvpn = [dd.get_text() for dd in answer(html, "NordVPN", "locked-out").select("dd")]
    assert nordpass[0] == "24/7" and nordvpn[0] == "Not given"
    assert "24/7" not in answer(html, "NordVPN", "locked-out").get_text()
    assert answer(html, "NordVPN", "complaint").select_one("p > a")["href"] == "channels/live-chat.html"
    # The route is a link to its official address, as in the channel tables.
    assert answer(html, "NordPass", "locked-out").select_one("dd a.official-route")["href"] == "https://nordpass.com/"
    # Each answer sits where the stylesheet's position rules expect it.
    positions = [(a["data-product"], a["data-situation"]) for a in answers]
    assert positions == [(str(p), str(s)) for p in (1, 2) for s in range(1, len(situations) + 1)]


def test_the_chooser_is_in_french_on_the_french_site(site: Project) -> None:
    built = build(site, "fr")
    html = built.html("index")
    chooser = BeautifulSoup(html, "html.parser").select_one("#channel-chooser")
    assert [legend.get_text() for legend in chooser.select("legend")] == ["Votre produit", "Votre situation"]
    assert "Je veux faire une réclamation" in chooser.get_text()
    assert answer(html, "NordVPN", "billing").select_one(".chooser-answer-channel").get_text() == "À utiliser\u00a0: Chat en direct"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace('quote = "particularly beneficial for urgent issues such as being locked out of the vault"\n',
                             'quote = "locked out forever"\n', 1), r"situation #1: NordPass: the quote is not in seed 000"),
        (lambda t: t.replace('[situation.NordPass]\nchannel = "live-chat"', '[situation.NordPass]\nchannel = "pigeon"', 1),
         r"situation #1: NordPass: unknown channel 'pigeon'"),
        (lambda t: t.replace('id = "billing"', 'id = "billing"\ncolour = "red"', 1), r"situation #2: unknown field 'colour'"),
    ],
)  # fmt: skip
def test_a_malformed_situation_is_refused_with_file_and_line(site: Project, change, message: str) -> None:  # type: ignore[no-untyped-def]
    text = data(site).read_text(encoding="utf-8")
    changed = change(text)
    assert changed != text
    data(site).write_text(changed, encoding="utf-8")
    built = build(site)
    found = re.search(rf"channels\.toml:(\d+): {message}", built.warnings)
    assert found, built.warnings
    line = changed.splitlines()[int(found.group(1)) - 1]
    assert line.startswith(("[situation", "colour", "id")), line


def test_situation_text_is_escaped(site: Project) -> None:
    text = data(site).read_text(encoding="utf-8")
    data(site).write_text(text.replace('name = "Locked out of my account"', 'name = "Locked <img src=x onerror=alert(1)> out"', 1), encoding="utf-8")
    html = build(site).html("index")
    assert "<img src=x" not in html and "Locked &lt;img src=x onerror=alert(1)&gt; out" in html


def test_the_chooser_stylesheet_is_linked_only_where_there_is_a_chooser(site: Project) -> None:
    built = build(site)
    assert re.search(r'<link rel="stylesheet"[^>]*href="_static/chooser\.css\?v=', built.html("index"))
    assert "chooser.css" not in built.html("channels/email")
