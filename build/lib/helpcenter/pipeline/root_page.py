"""The site's root ``index.html``: sends readers to the language they prefer.

With scripts on, ``choose-language.js`` picks the first of the browser's
languages (``navigator.languages``) that the site has, else the source
language. With scripts off, the page is a plain list of links.
"""

from __future__ import annotations

import json
import re
from html import escape, unescape
from pathlib import Path

from ..languages import Language
from ..sphinxext import csp

_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)

SCRIPT = """\
// Open the help center in the first language the browser prefers.
(function () {
  var codes = %s;
  var wanted = navigator.languages || [navigator.language || ""];
  for (var i = 0; i < wanted.length; i++) {
    var code = String(wanted[i]).toLowerCase().split("-")[0];
    if (codes.indexOf(code) !== -1) {
      location.replace(code + "/index.html");
      return;
    }
  }
  location.replace(codes[0] + "/index.html");
})();
"""


def title(site: Path, lang: Language) -> str:
    """The language's home page title, as its build wrote it (the site title, translated)."""
    try:
        found = _TITLE.search((site / lang.code / "index.html").read_text(encoding="utf-8"))
    except OSError:
        found = None
    return unescape(found.group(1).strip()) if found else lang.name


def render(site: Path, languages: list[Language]) -> str:
    source = languages[0]
    alternates = "\n".join(
        f'  <link rel="alternate" hreflang="{lang.hreflang}" href="{lang.code}/index.html">' for lang in languages
    )
    links = "\n".join(
        f'      <li><a href="{lang.code}/index.html" hreflang="{lang.hreflang}" lang="{lang.hreflang}">'
        f"{escape(title(site, lang))} ({escape(lang.name)})</a></li>"
        for lang in languages
    )
    return f"""<!doctype html>
<html lang="{source.hreflang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <meta name="color-scheme" content="light dark">
  <meta http-equiv="Content-Security-Policy" content="{csp.POLICY}">
  <title>{escape(" · ".join(dict.fromkeys(title(site, lang) for lang in languages)))}</title>
{alternates}
  <link rel="alternate" hreflang="x-default" href="index.html">
  <script src="choose-language.js"></script>
</head>
<body>
  <main>
    <h1>{escape(title(site, source))}</h1>
    <ul>
{links}
    </ul>
  </main>
</body>
</html>
"""


def files(site: Path, languages: list[Language]) -> dict[str, str]:
    """The root page and its script, by file name, for the languages published in site."""
    codes = json.dumps([lang.code for lang in languages])
    return {"index.html": render(site, languages), "choose-language.js": SCRIPT % codes}
