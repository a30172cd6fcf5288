"""WCAG 2.2 AA in Chromium: axe-core on every page, both languages, light and
dark theme, at 390, 768, 1280 and 1440 px; and the keyboard paths readers use.

Every page is scanned at desktop and phone width with every rule, and the pages
of each kind at every width. The rules that read colours need less: a page's
colours are the same at every width, and the dark theme changes colours and
nothing else (the first test holds every stylesheet to that). So they run on
every page at desktop width, in both themes, and at the other widths on the
pages of each kind, where what only a narrow or a wide screen shows (the phone
header, the "On this page" column) is checked in both themes."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import tinycss2

from helpcenter.testing import AXE_RULES, AXE_RUN, AXE_RUN_EXCEPT, AXE_TAGS, CODES, REPORT, Build

pytestmark = pytest.mark.browser

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
    "tablet": {"width": 768, "height": 1024},
    # Furo shows its third column ("On this page") only this wide.
    "wide": {"width": 1440, "height": 900},
}
#: Every page is scanned at these widths; at the others, one page of each kind (and a redirect):
#: every page at four widths takes twice as long (9 minutes on the 2-core machine).
EVERY_PAGE = ("desktop", "phone")
EACH_KIND = {
    "index", "about", "search", "404", "offline", "faq/index", "faq/billing", "channels/index", "channels/email",
    "platforms/index", "platforms/windows", "complaints/index", "complaints/write",
}  # fmt: skip


#: axe's rules of AXE_TAGS whose answer depends on colours: what a theme can change.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
SET_THEME = "theme => { document.body.dataset.theme = theme; }"
#: What a rule for one theme may set besides colour variables: Furo's toggle shows the icon of
#: the theme chosen (inside a button named in words, so no rule of axe reads it).
THEME_ICONS = re.compile(r"\.theme-toggle svg\.theme-icon-when-[\w-]+$")


#: Declarations a theme's rule may make: colours (and custom properties, which the stylesheets use for colours).
COLOUR_PROPERTIES = {"color", "background", "background-color", "border-color", "outline-color", "fill", "stroke"}


def test_the_dark_theme_changes_colours_only(site: Build) -> None:
    """What lets the dark-theme scans run only the colour rules: in every stylesheet the
    pages link, each rule for a theme (body[data-theme=…], or the reader's dark preference)
    sets colours and custom properties, and nothing else but the toggle's icons."""
    linked = {
        (page.parent / href.split("?")[0]).resolve()
        for lang in CODES for name in site.pages(lang) for page in [site.path(lang, name)]
        for href in re.findall(r'<link rel="stylesheet" type="text/css" href="([^"]+)"', site.read(lang, name))
        if not href.startswith("/")
    }  # fmt: skip
    assert any(path.name == "furo-site.css" for path in linked), linked
    found, checked = [], 0
    for path in sorted(linked):
        for rule, media in _rules(tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True)):
            selectors = tinycss2.serialize(rule.prelude).strip()
            if "data-theme" not in selectors and "prefers-color-scheme" not in media:
                continue
            checked += 1
            for declaration in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
                if declaration.type != "declaration" or declaration.name.startswith("--") or declaration.name in COLOUR_PROPERTIES:
                    continue
                if declaration.name == "display" and all(THEME_ICONS.search(s.strip()) for s in selectors.split(",")):
                    continue
                found.append(f"{path.name}: {selectors} {{ {declaration.name}: … }}")
    assert checked, "no theme rule found: the check no longer reads the stylesheets"
    assert not found, "a theme changes more than colours, so the dark theme needs every rule of axe:\n" + "\n".join(found)


def _rules(nodes: list, media: str = "") -> Iterator[tuple]:  # type: ignore[type-arg]
    for node in nodes:
        if node.type == "qualified-rule":
            yield node, media
        elif node.type == "at-rule" and node.lower_at_keyword in {"media", "supports"} and node.content is not None:
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            yield from _rules(inner, media + tinycss2.serialize(node.prelude))


@pytest.mark.parametrize("lang", CODES)
def test_axe_finds_no_violation_in_either_theme_or_width(browser, server: str, site: Build, axe_source: str, lang: str) -> None:
    """Each page is loaded once, then checked at desktop and phone width (and the pages of
    each kind at every width), in light and dark."""
    # The style tag below is inline, which the site's own policy forbids.
    context = browser.new_context(viewport=VIEWPORTS["desktop"], bypass_csp=True)
    context.add_init_script(axe_source)  # in every page before its own scripts: compiled once, not per page
    page = context.new_page()
    # A redirect page at an old address is checked too, with its script (which leaves
    # for the new page at once) held back; the others are the same page but for the
    # address and title of their target (asserted here), so they are not scanned again.
    page.route("**/_static/redirect.js*", lambda route: route.abort())
    redirect, same = site.one_redirect(lang)
    problems, scans = [], 0
    kinds = EACH_KIND | {redirect}
    assert kinds <= {*site.pages(lang), redirect}, kinds - {*site.pages(lang), redirect}
    for name in [*site.pages(lang), redirect]:
        page.set_viewport_size(VIEWPORTS["desktop"])
        page.goto(f"{server}{lang}/{name}.html")
        # Colours are measured once they settle, not halfway through a transition.
        page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
        for viewport in VIEWPORTS if name in kinds else EVERY_PAGE:
            page.set_viewport_size(VIEWPORTS[viewport])
            colours = name in kinds or viewport == "desktop"
            for theme in ("light", "dark") if colours else ("light",):
                page.evaluate(SET_THEME, theme)
                if theme == "dark":
                    result = page.evaluate(AXE_RULES, COLOUR_RULES)
                else:
                    result = page.evaluate(AXE_RUN, AXE_TAGS) if colours else page.evaluate(AXE_RUN_EXCEPT, [AXE_TAGS, COLOUR_RULES])
                scans += 1
                for violation in result["violations"]:
                    targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
                    problems.append(f"{lang}/{name} [{theme}, {viewport}]: {violation['id']}: {violation['help']} at {targets}")
    context.close()
    REPORT.append(
        f"axe [{lang}]: {len(site.pages(lang)) + 1} pages at 2 widths (colour rules at desktop width, both themes), {len(kinds)}"
        f" of them at 4 widths, every rule, both themes: {scans} scans, {len(problems)} violations; {len(same)} more redirect"
        " pages the same as the one scanned"
    )
    assert not problems, "\n".join(problems[:30])


@pytest.mark.parametrize("lang", CODES)
def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, server: str, lang: str) -> None:
    page.goto(f"{server}{lang}/faq/billing.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]")
    assert "skip-to-content" in focused[0]
    assert page.locator("a.skip-to-content").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#furo-main-content"


def _tab_until(page, selector: str, limit: int = 60) -> bool:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return True
    return False


@pytest.mark.parametrize("lang", CODES)
def test_keyboard_reaches_switcher_and_search_with_visible_focus(page, server: str, lang: str) -> None:
    page.goto(f"{server}{lang}/channels/email.html")
    assert _tab_until(page, "nav.language-switcher a")
    style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth, s.boxShadow]; })()")
    assert style[0] != "none" or style[2] != "none", f"no visible focus on the switcher: {style}"
    href = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert _tab_until(page, "#sidebar-search-input")


def test_focused_elements_are_not_hidden_under_the_sticky_header(browser, server: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(f"{server}en/faq/billing.html")
    header_bottom = page.evaluate("document.querySelector('.mobile-header').getBoundingClientRect().bottom")
    hidden = []
    for _ in range(40):
        page.keyboard.press("Tab")
        box = page.evaluate(
            "(() => { const e = document.activeElement; if (!e || e === document.body) return null;"
            " const r = e.getBoundingClientRect(); return [e.outerHTML.slice(0, 80), r.top, r.bottom, r.width]; })()"
        )
        if box and box[3] > 0 and box[2] > 0 and box[1] < header_bottom - 1 and not page.evaluate(
            "document.activeElement.closest('.mobile-header, .sidebar-drawer, .toc-drawer, .skip-to-content') !== null"
        ):
            hidden.append(box[0])
    context.close()
    assert not hidden, hidden


def test_the_three_scans_find_what_they_are_for(browser, axe_source: str) -> None:
    """The scans above are only as good as their options: on a page with an image without
    text and grey on white text, every rule finds both, the colour rules the contrast only,
    and the scan without them the image only."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1><img src="x.png">'
        '<p style="color:#bbb;background:#fff">Faint text</p></main></body></html>'
    )
    page.evaluate(axe_source)
    found = {
        name: {v["id"] for v in page.evaluate(script, argument)["violations"]}
        for name, script, argument in [
            ("all", AXE_RUN, AXE_TAGS), ("colour", AXE_RULES, COLOUR_RULES), ("others", AXE_RUN_EXCEPT, [AXE_TAGS, COLOUR_RULES]),
        ]
    }  # fmt: skip
    context.close()
    assert {"image-alt", "color-contrast"} <= found["all"], found
    assert found["colour"] == {"color-contrast"}, found
    assert "image-alt" in found["others"] and not found["others"] & set(COLOUR_RULES), found
