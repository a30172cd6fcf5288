"""Issue 23, point 3: the channel chooser on the home and contact pages, in Chromium
with scripts off, at phone and desktop widths. The reader checks a product and a
situation and sees one answer: the channel the data names for that product, with
that product's hours and reply time (never the other product's)."""

from __future__ import annotations

import tomllib

import pytest

from helpcenter.testing import CODES, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

DATA = tomllib.loads((ROOT / "docs" / "_data" / "channels.toml").read_text(encoding="utf-8"))
CHANNELS = {c["id"]: c for c in DATA["channel"]}
WIDTHS = (390, 1440)


def shown_answers(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.eval_on_selector_all(
        ".chooser-answer", "els => els.filter(e => e.getClientRects().length > 0).map(e => e.id)"
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("where", ["index", "channels/index"])
def test_the_chooser_answers_each_product_and_situation_without_script(browser, server: str, width: int, where: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server}en/{where}.html")
    chooser = page.locator("#channel-chooser")
    assert chooser.is_visible()
    assert shown_answers(page) == [], "an answer shows before the reader has chosen"
    for product in ("NordVPN", "NordPass"):
        # By keyboard: Tab stops on the checked radio of a group, arrows move within it.
        page.locator(f"label[for=chooser-product-{product.lower()}]").click()
        for situation in DATA["situation"]:
            page.locator(f"label[for=chooser-situation-{situation['id']}]").click()
            answer_id = f"chooser-{product.lower()}-{situation['id']}"
            assert shown_answers(page) == [answer_id], f"{product}, {situation['id']}: {shown_answers(page)}"
            answer = page.locator(f"#{answer_id}")
            channel = CHANNELS[situation[product]["channel"]]
            assert channel["name"] in answer.locator(".chooser-answer-channel").inner_text()
            box = answer.bounding_box()
            assert box and box["width"] <= width, f"the answer overflows the {width} px screen"
            facts = answer.locator("dd").all_inner_texts()
            for position, fact in enumerate(("availability", "response", "reach")):
                own = channel.get(product, {}).get(fact, {})
                expected = own.get("text", "Not given")
                for name, value in channel.get("values", {}).items():
                    expected = expected.replace("{" + name + "}", str(value))
                assert facts[position] == expected, f"{product} {situation['id']} {fact}: {facts[position]!r}"
    context.close()


def test_the_chooser_is_reached_and_used_by_keyboard(browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}en/channels/index.html")
    page.locator("#chooser-product-nordvpn").focus()
    page.keyboard.press("ArrowDown")  # radio group: arrows check the next product
    assert page.evaluate("document.activeElement.id") == "chooser-product-nordpass"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    first = DATA["situation"][0]["id"]
    assert page.evaluate("document.activeElement.id") == f"chooser-situation-{first}"
    assert shown_answers(page) == [f"chooser-nordpass-{first}"]
    context.close()


@pytest.mark.parametrize("lang", CODES)
def test_the_chooser_is_labelled_for_screen_readers(browser, server: str, lang: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}{lang}/index.html")
    # Each group of radio buttons is a fieldset named by its legend; each button by its label.
    groups = page.eval_on_selector_all("#channel-chooser fieldset", "els => els.map(e => e.querySelector('legend').textContent.trim())")
    assert len(groups) == 2 and all(groups), groups
    radios = page.eval_on_selector_all(
        "#channel-chooser input[type=radio]", "els => els.map(e => document.querySelector(`label[for='${e.id}']`)?.textContent.trim())"
    )
    assert len(radios) == 2 + len(DATA["situation"]) and all(radios), radios
    if lang == "fr":
        assert "Votre produit" in groups and "Je veux faire une réclamation" in radios
    context.close()
