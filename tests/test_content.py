"""The content readers come for: the page map, the FAQ, metadata on every page,
consistent help, complete and idiomatic French."""

from __future__ import annotations

import re
import tomllib

import polib
import pytest
from bs4 import BeautifulSoup

from helpcenter.testing import CODES, ROOT, SOURCE, TRANSLATIONS, Build

PAGE_MAP = [
    "index", "about",
    "channels/index", "channels/live-chat", "channels/email", "channels/help-center",
    "channels/social-media", "channels/phone",
    "faq/index", "faq/general", "faq/billing", "faq/account", "faq/technical", "faq/features", "faq/security",
    "platforms/index", *(f"platforms/{p}" for p in (
        "windows", "macos", "linux", "android", "iphone", "amazon-fire", "router", "browsers")),
    "complaints/index", "complaints/reasons", "complaints/write", "complaints/legal-guarantee", "complaints/mediation",
]  # fmt: skip
FAQ_PAGES = [p for p in PAGE_MAP if p.startswith(("faq/", "platforms/")) and not p.endswith("index")]
TERMINOLOGY = tomllib.loads((ROOT / "locales" / "fr" / "terminology.toml").read_text(encoding="utf-8"))
BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, th, td, pre, summary, .sd-card-title"


def parse(site: Build, lang: str, page: str) -> BeautifulSoup:
    return BeautifulSoup(site.read(lang, page), "html.parser")


def article(document: BeautifulSoup) -> BeautifulSoup:
    main = document.select_one("article")
    for node in main.select("a.headerlink, script, style"):
        node.decompose()
    return main


def text_of(node) -> str:
    return " ".join(node.get_text(" ").split())


def questions(document: BeautifulSoup) -> list:
    return [h for h in article(document).select("section > h2") if h.get_text().strip().endswith("?")]


@pytest.mark.parametrize("lang", CODES)
def test_every_page_of_the_site_map_is_published(site: Build, lang: str) -> None:
    missing = [page for page in PAGE_MAP if not site.path(lang, page).is_file()]
    assert not missing


def test_the_faq_has_at_least_36_questions(site: Build) -> None:
    # 36, not 40: issue 11 removed or merged the questions whose only answer was "unknown".
    counts = {page: len(questions(parse(site, SOURCE, page))) for page in FAQ_PAGES}
    assert sum(counts.values()) >= 36, counts
    assert all(counts.values()), f"an FAQ page without questions: {counts}"


@pytest.mark.parametrize("page", FAQ_PAGES)
def test_each_question_answers_then_says_where_next(site: Build, page: str) -> None:
    for heading in questions(parse(site, SOURCE, page)):
        section = heading.parent
        first = section.find("p", recursive=False)
        assert first is not None and len(text_of(first)) > 20, f"{page}: '{heading.get_text()}' has no answer first"
        assert "Next step:" in text_of(section), f"{page}: '{heading.get_text()}' does not say where to go next"


#: How an answer that gives the reader nothing to do opens, per language.
EMPTY_OPENINGS = {
    "en": re.compile(
        r"^\W*(cannot|can't|(we|i) (cannot|can't|do not know))|this guide (cannot|can't|does not|doesn't)"
        r"|(the|our) sources (do not|don't|give no|say nothing)",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"ne (peut|peuvent|pouvons|sait|savons) pas|^\W*ce guide ne|ce guide ne (peut|sait|dit|donne)"
        r"|(les|nos) sources (de ce guide )?ne",
        re.IGNORECASE,
    ),
}


def question_headings(document: BeautifulSoup) -> list:
    """Every h2 and h3 of the article phrased as a question (FAQ pages and any other page)."""
    return [h for h in article(document).select("section > h2, section > h3") if text_of(h).endswith("?")]


def first_sentence(heading) -> str:
    """The answer's first sentence: the first block after the heading (keywords are not rendered)."""
    for block in heading.find_next_siblings():
        text = text_of(block)
        if text:
            return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return ""


@pytest.mark.parametrize("lang", CODES)
def test_no_faq_answer_opens_with_what_it_cannot_say(site: Build, lang: str) -> None:
    pattern = EMPTY_OPENINGS[lang]
    checked, empty = 0, []
    for page in site.pages(lang):
        for heading in question_headings(parse(site, lang, page)):
            sentence = first_sentence(heading)
            checked += 1
            if not sentence or pattern.search(sentence):
                empty.append(f"{lang}/{page}: {text_of(heading)!r} opens with {sentence[:90]!r}")
    assert checked >= 40, f"{lang}: only {checked} question headings found"
    assert not empty, (
        "answers must open with what the reader can do, or where the official answer is:\n" + "\n".join(empty)
    )


MASTER_PASSWORD = {"en": "master password", "fr": "mot de passe principal"}


@pytest.mark.parametrize("lang", CODES)
def test_master_password_appears_only_in_good_practice_advice(site: Build, lang: str) -> None:
    """style.md: the sources say "forgotten passwords"; "master password" is advice, never a product claim."""
    found, advice = [], 0
    for page in FAQ_PAGES:
        main = article(parse(site, lang, page))
        boxes = main.select(".admonition.good-practice")
        advice += sum(MASTER_PASSWORD[lang] in text_of(box).lower() for box in boxes)
        for box in boxes:
            box.decompose()
        for block in main.select(BLOCKS):
            if MASTER_PASSWORD[lang] in text_of(block).lower():
                found.append(f"{lang}/{page}: {text_of(block)[:90]}")
    assert advice >= 3, f"{lang}: the good-practice advice about the master password is missing"
    assert not found, "\n".join(found)


#: The FAQ topic pages and the product their sources are about (facts.md).
FAQ_PRODUCTS = {
    "faq/general": "NordVPN", "faq/billing": "NordVPN",
    "faq/account": "NordPass", "faq/technical": "NordPass", "faq/features": "NordPass", "faq/security": "NordPass",
}  # fmt: skip
NEXT_STEP = {"en": "Next step", "fr": "Étape suivante"}


@pytest.mark.parametrize("lang", CODES)
def test_each_next_step_names_the_product_whose_channel_it_offers(site: Build, lang: str) -> None:
    """A NordVPN reader is never sent to a NordPass channel by mistake, nor the reverse."""
    wrong, checked = [], 0
    for page, product in FAQ_PRODUCTS.items():
        document = parse(site, lang, page)
        for heading in questions(document):
            steps = [p for p in heading.parent.find_all("p", recursive=False) if text_of(p).startswith(NEXT_STEP[lang])]
            assert steps, f"{lang}/{page}: {text_of(heading)!r} has no next step"
            step, title = text_of(steps[-1]), text_of(heading)
            checked += 1
            # The page's product, or the other product when the question itself is about it.
            named = [p for p in ("NordVPN", "NordPass") if p in step]
            allowed = {product} | {p for p in ("NordVPN", "NordPass") if p in title}
            if not named or not set(named) & allowed:
                wrong.append(f"{lang}/{page}: {title!r}: {step}")
    assert checked >= 36
    assert not wrong, "each next step names the product of the channel it offers:\n" + "\n".join(wrong)


@pytest.mark.parametrize("page", FAQ_PAGES)
def test_question_anchors_are_the_same_in_every_language(site: Build, page: str) -> None:
    anchors = {
        lang: [heading.parent["id"] for heading in questions(parse(site, lang, page))] for lang in CODES
    }
    for lang in TRANSLATIONS:
        assert anchors[lang] == anchors[SOURCE], f"{lang}/{page}"
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", anchor) for anchor in anchors[SOURCE])


@pytest.mark.parametrize("lang", CODES)
def test_every_page_has_description_review_date_and_the_same_help_block(site: Build, lang: str) -> None:
    orders = set()
    for page in PAGE_MAP:
        document = parse(site, lang, page)
        description = document.select_one('meta[name="description"]')
        assert description and len(description["content"]) > 30, f"{lang}/{page}: no meta description"
        assert document.select_one(".page-reviewed time[datetime]"), f"{lang}/{page}: no review date"
        help_block = document.select(".still-need-help li a")
        orders.add(tuple(a.get_text(strip=True) for a in help_block))
    assert len(orders) == 1 and len(next(iter(orders))) >= 4, orders


PLACEHOLDERS = re.compile(r"\b(TODO|TBD|FIXME|XXX|lorem ipsum|coming soon|placeholder)\b", re.IGNORECASE)


@pytest.mark.parametrize("lang", CODES)
def test_no_placeholder_text_is_published(site: Build, lang: str) -> None:
    for page in site.pages(lang):
        found = PLACEHOLDERS.search(text_of(BeautifulSoup(site.read(lang, page), "html.parser")))
        assert not found, f"{lang}/{page}: {found.group(0)!r}"


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_catalog_entry_is_translated_and_not_fuzzy(lang: str) -> None:
    problems = []
    for path in sorted((ROOT / "locales" / lang / "LC_MESSAGES").rglob("*.po")):
        catalog = polib.pofile(str(path))
        problems += [f"{path.name}: untranslated {e.msgid[:50]!r}" for e in catalog.untranslated_entries()]
        problems += [f"{path.name}: fuzzy {e.msgid[:50]!r}" for e in catalog.fuzzy_entries()]
    assert not problems, "\n".join(problems[:20]) + f"\n({len(problems)} in all)"


def same_in_both(text: str) -> bool:
    rest = text
    for word in sorted(TERMINOLOGY["same_in_both"], key=len, reverse=True):
        rest = rest.replace(word, " ")
    return not re.search(r"[A-Za-z]{3,}", rest)


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_no_english_sentence_is_left_on_translated_pages(site: Build, lang: str) -> None:
    leftovers = []
    for page in PAGE_MAP:
        english = {text_of(block) for block in article(parse(site, SOURCE, page)).select(BLOCKS)}
        for block in article(parse(site, lang, page)).select(BLOCKS):
            text = text_of(block)
            if text in english and not same_in_both(text):
                leftovers.append(f"{page}: {text[:80]}")
    assert not leftovers, "\n".join(leftovers)


@pytest.mark.parametrize("lang", ["fr"])
def test_french_pages_use_the_terminology(site: Build, lang: str) -> None:
    misses = []
    for page in PAGE_MAP:
        english = text_of(article(parse(site, SOURCE, page))).lower()
        french = text_of(article(parse(site, lang, page))).lower()
        for term in TERMINOLOGY["terms"]:
            if re.search(rf"\b{re.escape(term['en'])}", english) and not any(f.lower() in french for f in term["fr"]):
                misses.append(f"{page}: '{term['en']}' without '{term['fr'][0]}'")
    assert not misses, "\n".join(misses)


def french_text(site: Build, page: str) -> str:
    main = article(parse(site, "fr", page))
    for node in main.select("pre, code, .channel-fact"):
        node.decompose()
    return main.get_text()


def test_french_typography_and_register(site: Build) -> None:
    problems = []
    for page in PAGE_MAP:
        text = french_text(site, page)
        for pattern, why in [
            (r"\w[;?!]", "no space before ; ? !"),
            (r"[^\s\u00a0\u202f/:][:](?=\s)", "no space before :"),
            (r" [:;?!»]", "ordinary space before : ; ? ! »: use a non-breaking space"),
            (r"« ", "ordinary space after «: use a non-breaking space"),
            (r"\b(tu|toi|ton|tes)\b", "tutoiement: the site says vous"),
            (r"\bcourriel|(?<![-\w])mail\b", "write e-mail"),
        ]:
            for match in re.finditer(pattern, text, flags=re.IGNORECASE if "tu" in pattern else 0):
                context = text[max(0, match.start() - 30) : match.end() + 10].replace("\n", " ")
                problems.append(f"{page}: {why}: …{context}…")
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"
