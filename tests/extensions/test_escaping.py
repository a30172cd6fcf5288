"""Probes of issue 22: no text from a data file, a page or a setting reaches a page as markup.

A small site with the real templates, static files and channel data; each
probe plants markup where a maintainer or translator could type it and reads
the built HTML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from helpcenter import settings
from helpcenter.markup import script_json
from helpcenter.testing import SphinxProject as Project

ATTACK = "<img src=x onerror=alert(1)>"  # no quotes: smartquotes would change them in a title
FRONT = "---\ndescription: {d}\nreviewed: 2026-12-01\nproducts: NordVPN, NordPass\n---\n"


@pytest.fixture
def site(tmp_path: Path, site_project) -> Project:  # type: ignore[no-untyped-def]
    project = site_project(tmp_path, catalogs=())
    project.write({
        "docs/index.md": FRONT.format(d="Home.") + "# Help\n\n```{toctree}\nfaq/index\n```\n",
        # reStructuredText titles are plain text: "<img ...>" in one is words.
        "docs/faq/index.rst": f":description: The questions.\n:reviewed: 2026-12-01\n:products: NordVPN, NordPass\n\nFAQ {ATTACK}\n" + "=" * 40 + "\n\n.. toctree::\n\n   refunds\n",
        "docs/faq/refunds.md": FRONT.format(d="Refunds.")
        + "# Refunds\n\n(refund)=\n## Can I get a refund `<!--<script>` today?\n\n"
        "```{sources}\n001: la facturation pour toutes les demandes en lien avec un abonnement, un paiement\n```\n\nAsk a NordVPN support agent.\n",
    })  # fmt: skip
    return project


def _build(site: Project) -> object:
    built = site.build("sphinx_design", "sphinx_copybutton", "helpcenter.sphinxext")
    assert "WARNING" not in built.warnings and "ERROR" not in built.warnings, built.warnings
    return built


def test_titles_and_questions_reach_breadcrumbs_and_json_ld_as_text(site: Project) -> None:
    page = _build(site).html("faq/refunds")  # type: ignore[attr-defined]
    assert "<img src=x" not in page, "a section title became markup"
    crumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', page, re.DOTALL).group(0)  # type: ignore[union-attr]
    assert "FAQ &lt;img src=x onerror=alert(1)&gt;" in crumbs, crumbs
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert scripts and all("<" not in script and ">" not in script for script in scripts), scripts
    names = [entity["name"] for script in scripts for entity in json.loads(script).get("mainEntity", json.loads(script).get("itemListElement", []))]
    assert "Can I get a refund <!--<script> today?" in names and f"FAQ {ATTACK}" in names, names
    # The page goes on after the structured data: nothing swallowed it.
    assert "Ask a NordVPN support agent." in page


def test_a_channel_name_reaches_still_need_help_as_text(site: Project) -> None:
    data = site.docs / "_data" / "channels.toml"
    data.write_text(data.read_text(encoding="utf-8").replace('name = "Live chat"', f"name = 'Live chat {ATTACK}'", 1), encoding="utf-8")
    page = _build(site).html("faq/refunds")  # type: ignore[attr-defined]
    block = re.search(r'<aside class="still-need-help".*?</aside>', page, re.DOTALL).group(0)  # type: ignore[union-attr]
    assert "Live chat &lt;img src=x onerror=alert(1)&gt;" in block, block
    assert "<img" not in page


@pytest.mark.parametrize(
    "url",
    [
        'https://help.example.org/"><script>alert(1)</script>/',
        "https://help.example.org/a'b/",
        "https://user:pass@help.example.org/",
        "https://help.example.org/?x=1/",
        "https://help.example.org/#x/",
        "https://help.example.org/a%22b/",
        "https://help.example.org/../",
        "javascript://help.example.org/",
        "https://help.example.org/\n",
    ],
)
def test_a_base_url_that_would_need_escaping_is_refused(url: str) -> None:
    with pytest.raises(settings.SettingsError, match=r"^site\.toml:5: base_url .*write it as \"https://help\.example\.org/\""):
        settings.check_url(url, "site.toml:5")


@pytest.mark.parametrize("url", ["https://help.example.org/", "http://127.0.0.1:8000/", "https://example.org/help/v2_en/"])
def test_a_plain_base_url_is_kept(url: str) -> None:
    assert settings.check_url(url, "site.toml:5") == url


def test_a_base_url_that_breaks_out_of_attributes_stops_a_sphinx_build(site: Project) -> None:
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match=r"helpcenter_base_url: base_url .* may hold only a scheme, a host name"):
        site.build("helpcenter.sphinxext", helpcenter_base_url='https://x.example/"><script>/')


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!--<script>", "a & b > c", "\u2028"])
def test_json_for_a_script_element_holds_no_character_that_could_end_it(text: str) -> None:
    encoded = script_json({"name": text})
    assert not re.search(r"[<>&\u2028]", encoded) and json.loads(encoded) == {"name": text}
