"""A Content-Security-Policy with no other origin and no inline scripts.

The policy ships twice: as a ``<meta>`` tag on every page (works on any
host) and in ``_headers`` for hosts that read it (adding what a meta tag
cannot say, such as ``frame-ancestors``). Furo's one inline script, which
applies the saved colour theme before the page paints, is replaced by the
same code in ``_static/page-init.js`` (``_templates/base.html``, block ``body``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:  # publishing imports this module without starting Sphinx
    from sphinx.application import Sphinx

#: Inline style attributes come from Furo and sphinx-design; scripts stay strict; worker-src: the
#: offline service worker (pipeline/offline.py), from the site itself.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"
)
HEADERS = f"""\
/*
  Content-Security-Policy: {POLICY}; frame-ancestors 'none'
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
  Permissions-Policy: interest-cohort=()
"""

def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    extra = app.config.helpcenter_preview_script_hash
    # Live preview only: allow sphinx-autobuild's reload script, by its hash (config checks its characters).
    policy = POLICY.replace("script-src 'self'", f"script-src 'self' '{extra}'") if extra else POLICY
    context["helpcenter_csp"] = Markup(policy)  # the project's own text: its quotes stay quotes


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
