"""The channel facts live once, in docs/_data/channels.toml, per product and
each with its source: changing a value there changes every page that shows it,
in every language; a malformed file, a fact without a source or a page without
products stops the build with the file and line, and publishes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpcenter.testing import CODES, ROOT, Build, run_build, assert_build_refused
from helpcenter.sphinxext import channel_data

PAGES_WITH_REPLY_TIME = ["channels/index", "channels/email"]
DATA = ROOT / "docs" / "_data" / "channels.toml"
NOT_STATED = {"en": "Not given", "fr": "Non précisé"}


@pytest.mark.slow
def test_changing_the_data_changes_every_page_in_every_language(built_copy: tuple[Path, Path]) -> None:
    """The data edited after a build: the rebuild shows the new figure on every page."""
    repo_copy, work = built_copy
    data = repo_copy / "docs" / "_data" / "channels.toml"
    text = data.read_text(encoding="utf-8")
    assert "min_hours = 24, max_hours = 48" in text
    data.write_text(text.replace("min_hours = 24, max_hours = 48", "min_hours = 12, max_hours = 36"), encoding="utf-8")
    run = run_build(work, root=repo_copy)
    assert run.returncode == 0, run.stdout + run.stderr
    built = Build(work / "html", "")
    for lang in CODES:
        for page in PAGES_WITH_REPLY_TIME:
            text = " ".join(BeautifulSoup(built.read(lang, page), "html.parser").get_text(" ").split())
            # The reply time as a reader reads it, in the page's language: "12 to 36 hours", "12 à 36 heures".
            phrase = {"en": r"12 to 36 hours", "fr": r"12 à 36\s?heures"}[lang]
            assert re.search(phrase, text, re.IGNORECASE), f"{lang}/{page} does not show the new reply time"
        for page in built.pages(lang):
            assert "48" not in BeautifulSoup(built.read(lang, page), "html.parser").article.get_text(), (
                f"{lang}/{page} still shows the old reply time"
            )


# -- Every fact, per product, with its source ------------------------------------------


def test_every_fact_is_given_per_product_with_a_source_found_in_its_seed() -> None:
    loaded = channel_data.load(DATA)
    seeds = {p.name.split("_", 1)[0]: " ".join(p.read_text(encoding="utf-8").split()) for p in (DATA.parent / "sources").glob("*.txt")}
    assert set(seeds) == {"000", "001", "002"}
    stated = 0
    for channel in loaded:
        for product in channel_data.PRODUCTS:
            for name in channel_data.FACTS:
                fact = channel.fact(product, name)
                if fact.stated:
                    stated += 1
                    assert fact.source in seeds and " ".join(fact.quote.split()) in seeds[fact.source], (channel.id, product, name)
    assert stated >= 25


def test_nordpass_figures_are_nordpass_facts_only() -> None:
    """24/7, "within minutes" and the email reply time come from seed 000 (NordPass) and belong to NordPass."""
    loaded = {c.id: c for c in channel_data.load(DATA)}
    chat, email = loaded["live-chat"], loaded["email"]
    assert chat.fact("NordPass", "availability").text == "24/7" and chat.fact("NordPass", "availability").source == "000"
    assert "minutes" in chat.fact("NordPass", "response").text
    assert "{min_hours}" in email.fact("NordPass", "response").text
    for name in ("availability", "response"):
        assert not chat.fact("NordVPN", name).stated and not email.fact("NordVPN", name).stated
    for channel in loaded.values():
        for name in channel_data.FACTS:
            fact = channel.fact("NordVPN", name)
            assert not fact.stated or not re.search(r"24/7|minutes|\{m..?_hours\}", fact.text), (channel.id, name)


@pytest.mark.parametrize("lang", CODES)
def test_the_comparison_tables_show_the_products_side_by_side(site: Build, lang: str) -> None:
    document = BeautifulSoup(site.read(lang, "channels/index"), "html.parser")
    tables = document.select("table.channel-table")
    assert len(tables) == len(channel_data.load(DATA))
    for table in tables:
        headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
        assert headers[1:] == list(channel_data.PRODUCTS), headers
        for row in table.select("tbody tr"):
            assert len(row.select("td")) == len(channel_data.PRODUCTS)
    chat = next(t for t in tables if "chat" in t.select_one("thead th").get_text().lower())
    cells = {row.select_one("th").get_text(strip=True): [td.get_text(" ", strip=True) for td in row.select("td")] for row in chat.select("tbody tr")}
    availability = next(v for k, v in cells.items() if k.startswith(("Availability", "Disponibilit")))
    assert availability[0] == NOT_STATED[lang], availability
    assert "24" in availability[1], availability
    assert document.select("td.not-stated"), "unstated facts are not marked"


@pytest.mark.parametrize("lang", CODES)
def test_each_channel_page_shows_its_facts_per_product(site: Build, lang: str) -> None:
    email = BeautifulSoup(site.read(lang, "channels/email"), "html.parser")
    facts = email.select_one("table.channel-facts")
    assert facts is not None
    assert [th.get_text(strip=True) for th in facts.select("thead th")][1:] == list(channel_data.PRODUCTS)
    nordvpn = [row.select("td")[0].get_text(" ", strip=True) for row in facts.select("tbody tr")]
    nordpass = [row.select("td")[1].get_text(" ", strip=True) for row in facts.select("tbody tr")]
    assert any("24" in cell and "48" in cell for cell in nordpass)
    assert not any("48" in cell for cell in nordvpn) and nordvpn.count(NOT_STATED[lang]) == 2


# -- The "Still need help?" block --------------------------------------------------------


def help_block(site: Build, lang: str, page: str) -> BeautifulSoup:
    return BeautifulSoup(site.read(lang, page), "html.parser").select_one("aside.still-need-help")


@pytest.mark.parametrize("lang", CODES)
def test_the_help_block_offers_the_routes_of_the_page_products(site: Build, lang: str) -> None:
    nordvpn = help_block(site, lang, "complaints/write")  # products: NordVPN
    nordpass = help_block(site, lang, "channels/social-media")  # products: NordPass
    both = help_block(site, lang, "channels/index")  # products: NordVPN, NordPass
    assert [li["data-product"] for li in nordvpn.select("li")] == ["NordVPN"] * 3
    assert "support@nordvpn.com" in nordvpn.get_text() and "NordPass" not in nordvpn.get_text()
    assert [li["data-product"] for li in nordpass.select("li")] == ["NordPass"] * 3
    assert "24" in nordpass.get_text() and "nordvpn" not in nordpass.get_text().lower()
    groups = [p.get_text(strip=True) for p in both.select(".still-need-help-product")]
    assert len(groups) == 2 and "NordVPN" in groups[0] and "NordPass" in groups[1]
    for block in (nordvpn, nordpass, both):
        links = [a["href"].rsplit("/", 1)[-1] for a in block.select("li a:not(.official-route)")]
        assert set(links) <= {"help-center.html", "live-chat.html", "email.html"}, links
        official = {a["href"] for a in block.select("li a.official-route")}
        assert official and official <= {"https://nordvpn.com/", "https://nordpass.com/", "mailto:support@nordvpn.com"}, official
        text = block.get_text(" ").lower()
        for word in ("never", "jamais", "phone", "téléphone", "social", "sociaux", "twitter"):
            assert word not in text, f"{lang}: {word!r} in the help block"


# -- Planted mistakes: the message names the file, the line and what to write ----------




def plant(repo: Path, old: str, new: str, count: int = 1) -> int:
    """Replace the first `count` occurrences of old in the copy's data file; return the line of the first."""
    data = repo / "docs" / "_data" / "channels.toml"
    text = data.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    data.write_text(text.replace(old, new, count), encoding="utf-8")
    return line


def load_error(repo: Path) -> str:
    """The message the build stops with on the copy's data file (what channel_data.load raises:
    that the build prints it and publishes nothing is test_bad_input's end-to-end test)."""
    with pytest.raises(channel_data.ChannelDataError) as raised:
        channel_data.load(repo / "docs" / "_data" / "channels.toml")
    return str(raised.value)


def test_products_as_a_string_is_a_wrong_type(repo_copy: Path) -> None:
    line = plant(repo_copy, 'products = ["NordPass"]', 'products = "NordPass"')
    assert re.search(
        rf"channels\.toml:{line}: channel 'social-media': field 'products' has the wrong type: write a list of product names, "
        r"e\.g\. products = \[\"NordVPN\", \"NordPass\"\], not text", load_error(repo_copy),
    )  # fmt: skip


def test_products_as_numbers_is_a_wrong_type(repo_copy: Path) -> None:
    line = plant(repo_copy, 'products = ["NordPass"]', "products = [1, 2]")
    message = load_error(repo_copy)
    assert re.search(rf"channels\.toml:{line}: channel 'social-media': field 'products' has the wrong type: item 1 is a number \(1\)", message), message


def test_a_field_of_the_wrong_type_is_not_reported_as_missing(repo_copy: Path) -> None:
    line = plant(repo_copy, 'name = "Email"', "name = 3")
    message = load_error(repo_copy)
    assert re.search(rf"channels\.toml:{line}: channel 'email': field 'name' has the wrong type: write text in quotes", message), message
    assert "lacks" not in message


def test_a_duplicate_id_is_reported_at_the_duplicate(repo_copy: Path) -> None:
    data = repo_copy / "docs" / "_data" / "channels.toml"
    first = data.read_text(encoding="utf-8").splitlines().index('id = "live-chat"') + 1
    line = plant(repo_copy, 'id = "email"', 'id = "live-chat"')
    message = load_error(repo_copy)
    assert re.search(rf"channels\.toml:{line}: the channel id 'live-chat' is already used by the channel at line {first}", message), message


def test_a_fact_without_a_source_fails(repo_copy: Path) -> None:
    plant(repo_copy, 'source = "000"\nquote = "the availability of live chat support 24/7"\n', "")
    text = (repo_copy / "docs" / "_data" / "channels.toml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, l in enumerate(text, 1) if l == "[channel.NordPass.availability]" and text[i] == 'text = "24/7"')
    message = load_error(repo_copy)
    assert re.search(rf"channels\.toml:{line}: channel 'live-chat': NordPass availability has no source and quote: add source = ", message), message


def test_a_source_that_is_not_a_seed_fails(repo_copy: Path) -> None:
    line = plant(repo_copy, 'source = "000"\nquote = "the availability', 'source = "007"\nquote = "the availability')
    message = load_error(repo_copy)
    assert re.search(rf"channels\.toml:{line}: channel 'live-chat': source '007' of NordPass availability is not a seed: the seeds are 000, 001, 002", message), message


def test_a_quote_not_in_its_seed_fails(repo_copy: Path) -> None:
    # A NordPass quote cited as coming from a NordVPN seed.
    line = plant(repo_copy, 'source = "000"\nquote = "the availability', 'source = "001"\nquote = "the availability') + 1
    message = load_error(repo_copy)
    assert re.search(rf"channels\.toml:{line}: channel 'live-chat': the quote of NordPass availability is not in seed 001", message), message


def test_a_quote_may_wrap_lines_differently_from_its_seed(repo_copy: Path) -> None:
    plant(repo_copy, 'quote = "the availability of live chat support 24/7"', 'quote = """the availability of live\n   chat support 24/7"""')
    chat = next(c for c in channel_data.load(repo_copy / "docs" / "_data" / "channels.toml") if c.id == "live-chat")
    assert chat.facts["NordPass"]["availability"].quote.startswith("the availability of live")


@pytest.mark.slow
def test_a_page_without_products_fails(repo_copy: Path, tmp_path: Path) -> None:
    page = repo_copy / "docs" / "channels" / "phone.md"
    page.write_text(page.read_text(encoding="utf-8").replace("products: NordVPN, NordPass\n", ""), encoding="utf-8")
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    assert_build_refused(run, r"docs/channels/phone\.md:1: WARNING: page has no 'products' field: add `products: NordVPN`", tmp_path / "w")


@pytest.mark.slow
def test_a_page_with_an_unknown_product_fails(repo_copy: Path, tmp_path: Path) -> None:
    page = repo_copy / "docs" / "channels" / "phone.md"
    text = page.read_text(encoding="utf-8")
    line = text[: text.index("products:")].count("\n") + 1
    page.write_text(text.replace("products: NordVPN, NordPass", "products: NordVPN, NordPas"), encoding="utf-8")
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    assert_build_refused(run, rf"docs/channels/phone\.md:{line}: WARNING: products: unknown product 'NordPas'", tmp_path / "w")


# -- Inline facts: the page's products, each named when there are two -------------------

INLINE = {
    "en": ("Reply times by product: NordVPN: not given; NordPass: typically 24 to 48 hours",
           "Reply time for NordVPN email: not given."),
    "fr": ("Délais de réponse par produit\u00a0: NordVPN\u00a0: non précisé\u00a0; NordPass\u00a0: en général 24 à 48 heures",
           "Délai de réponse par e-mail chez NordVPN\u00a0: non précisé."),
}  # fmt: skip


def _article_text(site: Build, lang: str, page: str) -> str:
    return re.sub(r"[ \n]+", " ", BeautifulSoup(site.read(lang, page), "html.parser").article.get_text()).replace(" .", ".")


@pytest.mark.parametrize("lang", CODES)
def test_inline_facts_follow_the_page_products(site: Build, lang: str) -> None:
    both, nordvpn = INLINE[lang]
    assert both in _article_text(site, lang, "channels/email")  # products: NordVPN, NordPass
    assert nordvpn in _article_text(site, lang, "complaints/write")  # products: NordVPN


@pytest.mark.slow
def test_an_inline_fact_of_one_product(repo_copy: Path, tmp_path: Path) -> None:
    page = repo_copy / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nNordPass email replies: {channel}`email.NordPass.response`.\n", encoding="utf-8")
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    assert run.returncode == 0, run.stdout + run.stderr
    text = Build(tmp_path / "w" / "html", "").read("en", "about")
    assert "NordPass email replies: <span class=\"channel-fact\">typically 24 to 48 hours" in text


@pytest.mark.slow
def test_an_inline_fact_of_an_unknown_product_fails(repo_copy: Path, tmp_path: Path) -> None:
    page = repo_copy / "docs" / "about.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text + "\nReplies: {channel}`email.NordPas.response`.\n", encoding="utf-8")
    line = text.count("\n") + 2
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    assert_build_refused(run, rf"docs/about\.md:{line}: ERROR: \{{channel\}}`email\.NordPas\.response`: unknown product 'NordPas'", tmp_path / "w")
