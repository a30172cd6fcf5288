"""Pages that moved: a small page at each old address sends readers on.

sphinx-reredirects reads the ``redirects`` setting of ``conf.py`` and writes
one page per old address from ``redirect_html_template_file``. Its stock page
runs an inline script, which the site's Content-Security-Policy forbids, and
it cannot know the page's language. So this module hands sphinx-reredirects
a page of the site's own (``_templates/redirect.html``), rendered like every
other template (the page's language, its translated text, the policy, the
new page's title), with ``${to_uri}`` left for sphinx-reredirects to fill in.

The page is marked ``noindex`` and has a visible link for readers without
JavaScript (a ``<noscript>`` meta refresh takes them there too). With
JavaScript, ``_static/redirect.js`` goes to the new page and keeps the
``#question`` of the old link: a meta refresh would drop it. A redirect page
is not a page of the site: it is in neither the sitemap nor the search
index (:func:`helpcenter.files.is_redirect` tells them apart).

It overrides two of sphinx-reredirects' internals (``_create_redirect_file``
and the ``init`` listener): :func:`setup` checks both are there and stops the
build, naming the version, when they are not.
"""

from __future__ import annotations

import hashlib
import html
import os
from importlib.metadata import version
from pathlib import Path
from string import Template
from typing import Any

import sphinx_reredirects
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .csp import POLICY
from ..files import write_if_changed
from . import patches

patches.register(patches.Patch(
    "redirects", "sphinx-reredirects", "`Reredirects._create_redirect_file` (a subclass) and its `init` listener: the site's own "
    "redirect page, in the reader's language, without inline script",
    "at set-up, the build stops naming sphinx-reredirects' version if either is gone; capped in pyproject.toml",
    "a redirect page that the site's CSP allows and that keeps the `#question` of old links",
    "when sphinx-reredirects' template can run without inline script and knows the page's language (upstream.md)",
    "sphinxext/redirects.py", targets=("listener sphinx_reredirects.init",),
))  # fmt: skip

SCRIPT = "_static/redirect.js"


class Redirects(sphinx_reredirects.Reredirects):
    """sphinx-reredirects, with its template rendered per language and per page depth."""

    def _create_redirect_file(self, at_path: Path, to_uri: str) -> None:
        outdir = Path(self.app.outdir)
        root = "../" * (len(at_path.relative_to(outdir).parts) - 1)
        target = os.path.normpath(at_path.parent.relative_to(outdir) / to_uri.split("#")[0]).replace(os.sep, "/")
        docname = target.removesuffix(self.app.builder.out_suffix)
        title = self.app.env.titles[docname].astext() if docname in self.app.env.titles else ""
        page = self._page(root, title)
        write_if_changed(at_path, Template(page).substitute(to_uri=html.escape(to_uri)))

    def _page(self, root: str, title: str) -> str:
        script = Path(self.app.srcdir) / SCRIPT
        digest = hashlib.sha256(script.read_bytes()).hexdigest()[:10]
        context: dict[str, Any] = {
            "lang": self.app.config.language,
            "csp": Markup(POLICY),
            "script": f"{root}{SCRIPT}?v={digest}",
            "new_title": title,
        }
        source = (Path(self.app.srcdir) / self.template_file_option).read_text(encoding="utf-8")
        rendered = self.app.builder.templates.environment.from_string(source).render(context)
        # Only ${to_uri} is for sphinx-reredirects; any other $ is text.
        return rendered.replace("$", "$$").replace("$${to_uri}", "${to_uri}")


def write_redirects(app: Sphinx) -> list[Any]:
    if app.builder.format == "html" and app.config[sphinx_reredirects.OPTION_REDIRECTS]:
        redirects = Redirects(app)
        redirects.create_redirects(redirects.grab_redirects())
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx_reredirects")
    # Our page instead of the stock one: take sphinx-reredirects' writer off the event.
    stock = [
        listener for listener in app.events.listeners.get("html-collect-pages", [])
        if listener.handler is getattr(sphinx_reredirects, "init", None)
    ]  # fmt: skip
    if len(stock) != 1 or not hasattr(sphinx_reredirects.Reredirects, "_create_redirect_file"):
        raise ExtensionError(
            f"sphinx-reredirects {version('sphinx-reredirects')} no longer has the init listener and "
            "Reredirects._create_redirect_file that helpcenter.sphinxext.redirects overrides; "
            "pin the version in pyproject.toml or update redirects.py"
        )
    app.disconnect(stock[0].id)
    app.connect("html-collect-pages", write_redirects)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
