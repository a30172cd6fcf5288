"""Sphinx configuration of the help center; one file for every language.

The language comes from ``-D language=xx`` (``make html`` builds each one);
the list of languages lives in ``locales/languages.toml``.
"""

from pathlib import Path

from helpcenter import settings
from helpcenter.project import find as find_checkout

# -- Project ---------------------------------------------------------------
project = "NordVPN and NordPass Help Center"
html_title = project
author = "The help center contributors"
copyright = "the help center contributors"
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "helpcenter.sphinxext",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_data", "_build"]
templates_path = ["_templates"]
nitpicky = True
# French quotes are « » typed by the translator, so no smart quotes there.
smartquotes_excludes = {"languages": ["fr"], "builders": ["man", "text"]}

# -- Translation -------------------------------------------------------------
locale_dirs = ["../locales"]
gettext_compact = False  # one catalog per page
# Code blocks hold templates and example messages that readers copy: translate them.
gettext_additional_targets = ["literal-block"]
gettext_uuid = False
gettext_location = True
gettext_last_translator = "Help center translators"
gettext_language_team = "Help center translators"

# -- MyST ----------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_block", "attrs_inline"]

# -- HTML ------------------------------------------------------------------------
html_theme = "furo"
html_static_path = ["_static"]
html_css_files = ["helpcenter.css"]
html_show_sphinx = False
html_show_copyright = False
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_permalinks_icon = "#"
html_use_index = False
html_domain_indices = False
html_theme_options = {
    "top_of_page_buttons": [],
}

# -- Help center -------------------------------------------------------------------
# The public address of the site (all languages): site.toml, or HELPCENTER_BASE_URL.
helpcenter_base_url = settings.base_url(find_checkout(Path(__file__).parent))

# -- Copy buttons (sphinx-copybutton) ---------------------------------------------
# Templates and example messages (``text`` literal blocks) get a copy button,
# labelled in the page's language; its files are linked only from pages that
# have such a block (src/helpcenter/copy_button.py).
copybutton_selector = "div.highlight pre"
copybutton_prompt_text = ""
copybutton_copy_empty_lines = True

html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/language-switcher.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/scroll-end.html",
    ]
}

# -- Moved pages -------------------------------------------------------------------
# Each old address keeps answering (sphinx-reredirects): a small page, noindex and
# out of the sitemap and search, sends readers to the new page and keeps the
# #question of the old link. Never remove a line: someone may have bookmarked it.
redirect_html_template_file = "_templates/redirect.html"
redirects = {
    # 1 December 2026: each platform's setup guide and connectivity questions on one page.
    "guides/index": "/platforms/index.html",
    "faq/connectivity/index": "/platforms/index.html",
    **{f"guides/{name}": f"/platforms/{name}.html" for name in ("windows", "macos", "linux", "android", "iphone", "amazon-fire")},
    **{f"guides/{name}": "/platforms/browsers.html" for name in ("chrome", "firefox", "edge")},
    **{f"faq/connectivity/{name}": f"/platforms/{name}.html" for name in ("windows", "macos", "linux", "android", "router")},
    "faq/connectivity/ios": "/platforms/iphone.html",
}
