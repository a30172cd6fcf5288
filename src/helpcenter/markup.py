"""HTML that the project writes itself, built so that no input can change its structure.

Templates escape every value (``|e``); what is already safe HTML reaches them
as ``markupsafe.Markup``, which ``|e`` leaves as is. Only the project makes
Markup: from escaped text, or from what Sphinx rendered of a parsed page
(whose raw HTML safe_markup refuses).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

#: Characters that could end a <script> element or open a comment in it, written as JSON escapes.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def script_json(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` element: no string in it can end the
    element (``</script>``) or open a comment that swallows the page (``<!--<script>``)."""
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE))
