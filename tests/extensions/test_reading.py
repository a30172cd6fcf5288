"""Extensions that shape what a page says: anchors, keywords, page metadata, raw HTML and links, settings."""

from __future__ import annotations

import re

import pytest

from helpcenter.testing import SphinxProject as Project

def test_an_explicit_label_is_the_section_id(project: Project, refunds_page: str) -> None:
    project.write({"docs/index.md": refunds_page.replace("# Refunds", "# Refunds\n\n```{toctree}\n```")})
    built = project.build("helpcenter.sphinxext.anchors", "helpcenter.sphinxext.keywords")
    assert re.search(r'<section id="refund">', built.html("index")), built.html("index")


def test_keywords_are_kept_out_of_the_page_and_must_not_be_empty(project: Project, refunds_page: str) -> None:
    project.write({"docs/index.md": refunds_page})
    built = project.build("helpcenter.sphinxext.keywords")
    assert "reimbursement" not in built.html("index") and "Ask a NordVPN support agent under the billing topic." in built.html("index")
    project.write({"docs/index.md": refunds_page.replace("reimbursement, money back", "")})
    built = project.build("helpcenter.sphinxext.keywords")
    assert re.search(r"index\.md:\d+: ERROR: keywords: write the keywords", built.warnings), built.warnings


def test_a_page_without_description_or_review_date_is_named(project: Project) -> None:
    project.write({"docs/index.md": "# Home\n\nText.\n"})
    built = project.build("helpcenter.sphinxext.pagemeta")
    assert "index.md:1: WARNING: page has no 'description' field" in built.warnings
    assert "page has no 'reviewed' field" in built.warnings
    project.write({"docs/index.md": "---\ndescription: D.\nreviewed: 1 December\n---\n# Home\n"})
    built = project.build("helpcenter.sphinxext.pagemeta")
    assert "reviewed: '1 December' is not a date; write it as YYYY-MM-DD" in built.warnings


def test_the_description_is_translated_from_the_page_catalog(project: Project, refunds_page: str) -> None:
    project.write({
        "docs/index.md": refunds_page,
        "locales/fr/LC_MESSAGES/index.po": 'msgid "Questions about refunds."\nmsgstr "Questions sur les remboursements."\n',
    })  # fmt: skip
    built = project.build("helpcenter.sphinxext.pagemeta", "helpcenter.sphinxext.keywords", language="fr")
    assert built.app.env.metadata["index"]["description"] == "Questions sur les remboursements."


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ('<span style="position:fixed">x</span>', "raw HTML is not published"),
        ("[terms](https://evil.example/terms)", "a link to evil.example is not published"),
        ("[mail](mailto:help@evil.example)", "a link to evil.example is not published"),
        ("<https://nordvpn.com.evil.example/>", "a link to nordvpn.com.evil.example is not published"),
    ],
)
def test_raw_html_and_links_to_other_hosts_are_refused(project: Project, markup: str, message: str) -> None:
    project.write({"docs/index.md": f"# Home\n\nSee {markup} now.\n\nThe [official site](https://www.nordvpn.com/) is fine.\n"})
    built = project.build("helpcenter.sphinxext.safe_markup")
    assert re.search(rf"index\.md:3: WARNING: {re.escape(message)}", built.warnings), built.warnings
    assert "www.nordvpn.com" not in built.warnings


def test_a_block_of_raw_html_is_refused_at_its_first_line(project: Project) -> None:
    """A warning stops make html (-W), so nothing of the page is published (test_input_errors.py)."""
    project.write({"docs/index.md": '# Home\n\n<div class="overlay">\nAccount locked\n</div>\n\nThe rest.\n'})
    built = project.build("helpcenter.sphinxext.safe_markup")
    assert re.search(r"index\.md:3: WARNING: raw HTML is not published", built.warnings), built.warnings


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("helpcenter_search", "pagefind", "helpcenter_search: use one of 'helpcenter', 'sphinx', not 'pagefind'"),
        ("helpcenter_base_url", "help.test/", "helpcenter_base_url: base_url 'help.test/' has no http:// or https:// scheme"),
        ("helpcenter_link_hosts", ["https://nordvpn.com"], "list host names only"),
        ("helpcenter_optimize", "yes", "helpcenter_optimize must be a bool"),
    ],
)
def test_a_wrong_setting_stops_the_build_with_its_name(project: Project, setting: str, value: object, message: str) -> None:
    from sphinx.errors import ConfigError

    conf = project.docs / "conf.py"
    conf.write_text(conf.read_text(encoding="utf-8") + f"{setting} = {value!r}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(message)):
        project.build()


LINKING = "---\ndescription: D.\nreviewed: 2026-12-01\n---\n# Links\n\nSee {doc}`faq/refunds`, and {ref}`refund`.\n"


def test_a_rebuild_rewrites_the_pages_that_show_a_changed_title(project: Project, refunds_page: str) -> None:
    """A page that links another by its title is written again when that title changes or goes."""
    toctree = "\n```{toctree}\nfaq/refunds\nlinks\n```\n"
    project.write({"docs/index.md": project.docs.joinpath("index.md").read_text(encoding="utf-8") + toctree,
                   "docs/faq/refunds.md": refunds_page, "docs/links.md": LINKING})  # fmt: skip
    built = project.build("helpcenter.sphinxext.incremental")
    assert "Refunds</span>" in built.html("links") and "Can I get my money back?</span>" in built.html("links")
    stamp = (built.outdir / "links.html").stat().st_mtime_ns
    # Only the linked page changes: the linking page is written again with the new titles.
    project.write({"docs/faq/refunds.md": refunds_page.replace("# Refunds", "# Money back").replace("Can I get my money back?", "Is a refund possible?")})
    built = project.build("helpcenter.sphinxext.incremental")
    assert "Money back</span>" in built.html("links") and "Is a refund possible?</span>" in built.html("links"), built.html("links")
    # A change the link does not show leaves the linking page alone.
    stamp = (built.outdir / "links.html").stat().st_mtime_ns
    project.write({"docs/faq/refunds.md": refunds_page.replace("# Refunds", "# Money back").replace("Can I get my money back?", "Is a refund possible?") + "\nMore text.\n"})
    built = project.build("helpcenter.sphinxext.incremental")
    assert (built.outdir / "links.html").stat().st_mtime_ns == stamp
    # The label removed: the linking page is written again, and says so.
    project.write({"docs/faq/refunds.md": refunds_page.replace("(refund)=\n", "")})
    built = project.build("helpcenter.sphinxext.incremental")
    assert re.search(r"links\.md:\d+: WARNING: undefined label: 'refund'", built.warnings), built.warnings
