"""Extensions that work with the site's templates and data, on a small site: the real
conf.py, templates, static files and channel data, with three pages of its own."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from helpcenter.sphinxext import search_index, search_text
from helpcenter.sphinxext.search_files import read_index
from helpcenter.testing import SphinxProject as Project


INDEX = """
---
description: The home page.
reviewed: 2026-12-01
products: NordVPN, NordPass
---
# Help

```{search-box}
```

```{toctree}
faq/refunds
about
```
"""

ABOUT = """
---
description: About this guide.
reviewed: 2026-12-01
products: NordVPN, NordPass
---
# About

An independent guide. See {ref}`refund`.
"""

FRENCH = {
    "index": {"The home page.": "La page d'accueil.", "Help": "Aide"},
    "faq/refunds": {
        "Questions about refunds.": "Questions sur les remboursements.",
        "Refunds": "Remboursements",
        "Can I get my money back?": "Puis-je être remboursé ?",
        "reimbursement, money back": "remboursement, rembourser",
        "Ask a NordVPN support agent under the billing topic.": "Demandez à un conseiller NordVPN, thème facturation.",
        "Does my subscription renew?": "Mon abonnement se renouvelle-t-il ?",
        "Read the renewal section of the terms of service.": "Lisez la section sur le renouvellement des CGU.",
    },
    "about": {"About this guide.": "À propos de ce guide.", "About": "À propos", "An independent guide. See {ref}`refund`.": "Un guide indépendant. Voir {ref}`refund`."},
}


def catalog(messages: dict[str, str]) -> str:
    entries = "".join(f'\nmsgid "{k}"\nmsgstr "{v}"\n' for k, v in messages.items())
    return 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n' + entries


def sourced(page: str) -> str:
    """The page with each answer's seed passage (the site's seeds are copied, so every question must quote one)."""
    quote = "\n\n```{sources}\n001: la facturation pour toutes les demandes en lien avec un abonnement, un paiement\n```\n"
    return page.replace("\n(renewal)=", quote + "\n(renewal)=") + quote


@pytest.fixture
def site(tmp_path: Path, refunds_page: str, site_project) -> Project:  # type: ignore[no-untyped-def]
    project = site_project(tmp_path)
    project.write({"docs/index.md": INDEX, "docs/faq/refunds.md": sourced(refunds_page), "docs/about.md": ABOUT})
    project.write({f"locales/fr/LC_MESSAGES/{page}.po": catalog(messages) for page, messages in FRENCH.items()})
    return project


def build(site: Project, language: str = "en", **conf: object):  # type: ignore[no-untyped-def]
    built = site.build("sphinx_design", "sphinx_copybutton", "helpcenter.sphinxext", language=language, **conf)
    assert "WARNING" not in built.warnings and "ERROR" not in built.warnings, built.warnings
    return built


def test_faq_questions_make_json_ld_and_search_entries(site: Project) -> None:
    built = build(site)
    page = built.html("faq/refunds")
    data = json.loads(re.search(r'<script type="application/ld\+json">(\{"@context":"https://schema.org","@type":"FAQPage".*?)</script>', page).group(1))
    assert [q["name"] for q in data["mainEntity"]] == ["Can I get my money back?", "Does my subscription renew?"]
    index = read_index(built.outdir / "_static")
    anchors = [doc[0].partition("#")[2] for doc in index.docs]
    assert "refund" in anchors and "renewal" in anchors
    assert "reimburs" in index.terms or "reimbursement" in index.terms, sorted(index.terms)[:40]


def test_words_in_a_row_in_a_title_or_keyword_phrase_are_indexed_as_pairs_in_the_first_words_shard(site: Project) -> None:
    static = build(site).outdir / "_static"
    index = read_index(static)
    refund = next(n for n, doc in enumerate(index.docs) if doc[0].endswith("#refund"))
    # "money back" is a keyword phrase; "reimbursement, money" are two phrases, not a pair.
    assert refund in dict(index.terms["money back"]) and "reimburs money" not in index.terms
    assert "money back" in json.loads((static / "search" / "t" / "mon.json").read_text())


def test_support_words_are_searched_and_a_change_of_the_words_left_out_rewrites_the_whole_index(
    site: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    static = build(site).outdir / "_static"
    manifest = lambda: json.loads((static / "search-index.json").read_text(encoding="utf-8"))  # noqa: E731
    # "down", "not", "off": stop words of Snowball's English list, words of a support question.
    assert {"down", "not", "off"}.isdisjoint(manifest()["stopwords"]) and "the" in manifest()["stopwords"]
    monkeypatch.setattr(search_text, "MEANINGFUL", {})
    site.write({"docs/about.md": ABOUT.replace("An independent guide.", "An independent guide, not down.")})
    build(site)
    # Not a patch of the edited page's shards: every entry's terms depend on the stop words.
    assert {"down", "not", "off"} <= set(manifest()["stopwords"])
    assert "down" not in read_index(static).terms


def test_an_edit_rewrites_the_shards_of_its_words_and_an_unchanged_build_none(site: Project) -> None:
    static = build(site).outdir / "_static"
    shards = {p.name: p.stat().st_mtime_ns for p in (static / "search" / "t").iterdir()}
    assert {"rei.json", "ren.json", "gui.json"} <= set(shards)
    # Nothing changed: the index is not even read back (a removed shard stays removed).
    (static / "search" / "t" / "ren.json").unlink()
    build(site)
    assert not (static / "search" / "t" / "ren.json").exists()
    # One page edited: its new word's shard appears, the shards of words it did not touch stay as they were.
    site.write({"docs/about.md": ABOUT.replace("An independent guide.", "An independent guide about xylophones.")})
    build(site)
    assert "xylophon" in read_index(static).terms
    assert (static / "search" / "t" / "ren.json").exists()
    after = {p.name: p.stat().st_mtime_ns for p in (static / "search" / "t").iterdir()}
    assert after["xyl.json"] and after["rei.json"] == shards["rei.json"]


def test_a_french_page_has_its_alternates_breadcrumbs_and_furo_labels_in_french(site: Project) -> None:
    built = build(site, language="fr")
    page = built.html("faq/refunds")
    assert re.search(r'<html [^>]*lang="fr"', page)
    assert '<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en/faq/refunds.html">' in page
    assert 'href="../../en/faq/refunds.html" hreflang="en" lang="en"' in page
    assert re.search(r'<nav class="breadcrumbs"[^>]*>\s*<ol>\s*<li><a href="../index.html">Accueil</a>', page), page[:3000]
    assert 'aria-label="Toggle site navigation sidebar"' not in page
    assert "Puis-je être remboursé ?" in page


def test_pages_keep_a_strict_policy_and_link_only_the_assets_they_use(site: Project) -> None:
    built = build(site)
    page = built.html("faq/refunds")
    assert re.search(r'<meta http-equiv="Content-Security-Policy" content="default-src \'self\'; script-src \'self\';', page)
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", page), "an inline script"
    assert "furo-site.css" in page and "pygments.css" not in page
    assert (built.outdir / "_static" / "styles" / "furo-site.css").is_file()
    assert "design-tabs.js" not in page  # no tabs on this page


def test_the_home_page_search_box_and_the_extra_pages(site: Project) -> None:
    built = build(site)
    assert 'id="home-search-input"' in built.html("index")
    assert "<title>Page not found" in built.html("404")
    assert (built.outdir / "search.html").is_file()


def test_a_removed_page_loses_its_output(site: Project) -> None:
    site.write({"docs/extra.md": "---\ndescription: x.\nreviewed: 2026-12-01\nproducts: NordVPN\norphan: true\n---\n# Extra\n"})
    built = build(site)
    assert (built.outdir / "extra.html").is_file()
    (site.docs / "extra.md").unlink()
    built = build(site)
    assert not (built.outdir / "extra.html").exists()


def test_a_moved_page_leaves_a_redirect_in_the_page_language(site: Project) -> None:
    conf = site.docs / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + '\nredirects = {"faq/old-refunds": "/faq/refunds.html"}\n', encoding="utf-8")
    built = build(site, language="fr")
    redirect = (built.outdir / "faq" / "old-refunds.html").read_text(encoding="utf-8")
    assert re.search(r'<html [^>]*lang="fr"', redirect) and 'http-equiv="refresh"' in redirect and "noindex" in redirect
    assert 'href="../faq/refunds.html">Remboursements</a>' in redirect
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", redirect)


def test_a_parallel_build_writes_the_same_pages_as_a_serial_one(site: Project) -> None:
    # Enough pages for Sphinx to read in parallel (it reads five or fewer serially).
    more = "---\ndescription: More.\nreviewed: 2026-12-01\nproducts: NordVPN\norphan: true\n---\n# More {n}\n\n## Question {n}?\n\nSee {{ref}}`refund`.\n"
    site.write({f"docs/more-{n}.md": more.format(n=n) for n in range(8)})
    serial = build(site)
    parallel = site.build("sphinx_design", "sphinx_copybutton", "helpcenter.sphinxext", parallel=2)
    # Pages are read in parallel; writing stays serial, as notfound declares (it counts the pages written).
    assert "the helpcenter.sphinxext.notfound extension is not safe for parallel writing" in parallel.warnings
    assert parallel.warnings.count("WARNING") == 2, parallel.warnings
    pages = sorted(p.relative_to(serial.outdir) for p in serial.outdir.rglob("*.html"))
    assert pages == sorted(p.relative_to(parallel.outdir) for p in parallel.outdir.rglob("*.html"))
    for page in pages:
        assert (serial.outdir / page).read_text(encoding="utf-8") == (parallel.outdir / page).read_text(encoding="utf-8"), page


def test_a_label_moved_between_pages_rebuilds_without_a_duplicate(site: Project) -> None:
    build(site)
    refunds, about = site.docs / "faq" / "refunds.md", site.docs / "about.md"
    refunds.write_text(refunds.read_text(encoding="utf-8").replace("(renewal)=\n", ""), encoding="utf-8")
    about.write_text(about.read_text(encoding="utf-8") + "\n(renewal)=\n## Renewal moved here?\n\nYes.\n", encoding="utf-8")
    built = build(site)  # the same build folder: an incremental build
    assert 'id="renewal"' in built.html("about") and 'id="renewal"' not in built.html("faq/refunds")


CHANNELS_PAGE = """
---
description: Reaching support.
reviewed: 2026-12-01
products: {products}
orphan: true
---
# Reaching support

NordPass answers by email: {{channel}}`email.NordPass.response`.

```{{channel-facts}} live-chat
```

```{{channel-table}}
```

```{{channel-summary}}
```
"""


def test_channel_facts_render_per_product_and_unknown_ones_are_errors(site: Project) -> None:
    # The channel pages the data links to.
    pages = ("help-center", "live-chat", "email", "social-media", "phone")
    site.write({f"docs/channels/{name}.md": f"---\ndescription: C.\nreviewed: 2026-12-01\nproducts: NordVPN\norphan: true\n---\n# {name}\n" for name in pages})
    site.write({"docs/support.md": CHANNELS_PAGE.format(products="NordVPN, NordPass")})
    built = build(site)
    page = built.html("support")
    assert re.search(r'<span class="channel-fact[^"]*"[^>]*>typically 24 to 48 hours', page, re.I), page[page.find("answers by email"):][:300]
    assert "Not given" in page  # NordVPN gives no chat hours
    assert page.count('class="channel-facts') == 1 and "channel-table" in page and "channel-summary" in page
    site.write({"docs/support.md": CHANNELS_PAGE.format(products="NordPas").replace("email.NordPass.response", "fax.response")})
    broken = site.build("sphinx_design", "sphinx_copybutton", "helpcenter.sphinxext")
    assert re.search(r"support\.md:\d+: (ERROR|WARNING): \{channel\}`fax\.response`: unknown channel 'fax'", broken.warnings), broken.warnings
    assert re.search(r"support\.md:\d+: WARNING: products: unknown product 'NordPas'", broken.warnings), broken.warnings


def test_the_copy_button_comes_only_with_a_block_to_copy(site: Project) -> None:
    site.write({"docs/template.md": "---\ndescription: T.\nreviewed: 2026-12-01\nproducts: NordVPN\norphan: true\n---\n# Template\n\n```text\nHello support,\n```\n"})
    built = build(site)
    assert "copybutton.js" in built.html("template") and "clipboard.min.js" in built.html("template")
    assert "copybutton.js" not in built.html("about")


SECTION = "---\ndescription: {title}.\nreviewed: 2026-12-01\nproducts: NordVPN\n---\n# {title}\n\n```{{toctree}}\n{entries}\n```\n"
LEAF = "---\ndescription: {title}.\nreviewed: 2026-12-01\nproducts: NordVPN\n---\n# {title}\n\nText.\n"


def sidebar_links(html: str) -> list[str]:
    tree = html.split('<div class="sidebar-tree">', 1)[1].split("</div>", 1)[0]
    return re.findall(r'<a class="[^"]*reference internal" href="([^"]*)"', tree)


def test_the_sidebar_holds_the_top_sections_and_the_readers_branch_not_every_page(site: Project) -> None:
    # Home > Guides > {Alpha, Beta} > three pages each.
    index = site.docs / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("about\n", "about\nguides/index\n"), encoding="utf-8")
    site.write({"docs/guides/index.md": SECTION.format(title="Guides", entries="alpha/index\nbeta/index")})
    for part in ("alpha", "beta"):
        pages = [f"{part}-{n}" for n in range(3)]
        site.write({f"docs/guides/{part}/index.md": SECTION.format(title=part.title(), entries="\n".join(pages))})
        site.write({f"docs/guides/{part}/{page}.md": LEAF.format(title=page) for page in pages})
    built = build(site)
    # Any page: the top sections and their own pages, not deeper.
    assert sidebar_links(built.html("about")) == [
        "faq/refunds.html", "#", "guides/index.html", "guides/alpha/index.html", "guides/beta/index.html",
    ]  # fmt: skip
    # A deep page: its branch, with the siblings on the way; not the other branch's pages.
    deep = sidebar_links(built.html("guides/alpha/alpha-1"))
    assert deep == [
        "../../faq/refunds.html", "../../about.html", "../index.html",
        "index.html", "alpha-0.html", "#", "alpha-2.html", "../beta/index.html",
    ]  # fmt: skip
    assert 'class="toctree-l3 current current-page"' in built.html("guides/alpha/alpha-1")
    # The category page lists its own pages in its body.
    body = built.html("guides/beta/index").split('<article', 1)[1]
    assert all(f'href="beta-{n}.html"' in body for n in range(3))


def test_the_sidebar_fails_loudly_when_furo_asks_for_its_tree_differently(site: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    import furo

    monkeypatch.setattr(furo, "_compute_navigation_tree", lambda context: context["toctree"](collapse=True))
    with pytest.raises(Exception, match=rf"Furo {re.escape(furo.__version__)} no longer builds its sidebar tree"):
        site.build("sphinx_design", "helpcenter.sphinxext")


def test_the_theme_stylesheet_is_cut_again_only_when_the_pages_classes_change(site: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from helpcenter.sphinxext import theme_css

    read: list[str] = []
    original = theme_css.page_classes
    monkeypatch.setattr(theme_css, "page_classes", lambda html: read.append(html) or original(html))
    built = build(site)
    assert len(read) == len(list(built.outdir.rglob("*.html")))
    css = built.outdir / theme_css.SITE_CSS
    before = css.read_text(encoding="utf-8")
    assert ".admonition" not in before
    read.clear()
    build(site)  # nothing changed: no page read again
    assert read == []
    about = site.docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n```{note}\nA note.\n```\n", encoding="utf-8")
    built = build(site)
    assert 0 < len(read) < len(list(built.outdir.rglob("*.html")))  # only the pages written
    after = css.read_text(encoding="utf-8")
    assert ".admonition" in after
    link = f"furo-site.css?v={theme_css.checksum(after)}"
    assert link in built.html("index") and link in built.html("about")  # every page links the new file


def test_an_edited_page_patches_the_index_into_what_a_clean_build_writes(
    site: Project, refunds_page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    static = build(site).outdir / "_static"
    whole = search_index.build_index
    # Words added and removed, a question retitled: the same entries, other terms and rows.
    edited = refunds_page.replace("Does my subscription renew?", "Does my plan renew by itself?").replace(
        "Ask a NordVPN support agent under the billing topic.", "Write to a NordVPN agent about the billing xylophone."
    )
    site.write({"docs/faq/refunds.md": sourced(edited)})
    monkeypatch.setattr(search_index, "build_index", lambda *args: pytest.fail("the whole index was made again"))
    build(site)
    monkeypatch.setattr(search_index, "build_index", whole)
    patched = {p.relative_to(static).as_posix(): p.read_bytes() for p in static.rglob("*.json")}
    clean = Project(tmp_path / "clean")
    shutil.copytree(site.root, clean.root, ignore=shutil.ignore_patterns("_build"))
    fresh = build(clean).outdir / "_static"
    assert patched == {p.relative_to(fresh).as_posix(): p.read_bytes() for p in fresh.rglob("*.json")}
    index = read_index(static)
    assert "xylophon" in index.terms and "Does my plan renew by itself?" in [doc[1] for doc in index.docs]
