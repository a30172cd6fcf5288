"""Makes translated MyST pages cheap to build: MyST's set-up is done once, not per message.

Sphinx's translation transform parses each translated message on its own,
about 2,000 times in a French build, and each parse pays MyST's set-up:

- the renderer evaluates ``options.get("document", make_document())``, so
  every parse builds docutils' default settings from scratch (an optparse
  parser with ~70 options), even when Sphinx hands it a document. The
  settings depend only on the parser class: they are built once per class
  and copied. Without this, a French build takes twice as long.
- ``MystParser.parse`` builds a new markdown-it parser, with every plugin and
  a renderer that inspects its own methods, for each message. The parser
  depends only on the MyST configuration and the renderer class: it is built
  once per pair and reused while it is not already rendering. This saves
  about a fifth of a French build.

The pages are the same either way (a test compares them). Each part checks
that it applied (``check_installed``); remove each part when MyST stops doing
that work per parse (``myst_parser/mdit_to_docutils/base.py``,
``setup_render``; ``myst_parser/parsers/sphinx_.py``, ``MystParser.parse``).
"""

from __future__ import annotations

import copy
import functools
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from . import patches

PATCH = patches.register(patches.Patch(
    "myst_speed", "MyST",
    "`myst_parser.mdit_to_docutils.base.get_default_settings` (cached per parser class) and "
    "`myst_parser.parsers.sphinx_.create_md_parser` (one markdown-it parser per configuration, reused)",
    "each part checks at `config-inited` that it applied (a warning naming myst-parser's version, fatal under -W); "
    "tests compare translated pages with unpatched MyST's; myst-parser capped in pyproject.toml",
    "5 December 2026 (make bench, quiet machine, medians of 5 paired runs): full build 3.38 s against 4.50 s at 1× "
    "(25 %, faster in 5 of 5); full French build 52.3 s against 127.2 s at 50× (59 %, 2 of 2)",
    "when MyST builds its settings and parser once, not per parse (upstream.md)",
    "sphinxext/myst_speed.py", switchable=True,
    targets=("myst_parser.mdit_to_docutils.base.get_default_settings", "myst_parser.parsers.sphinx_.create_md_parser"),
))  # fmt: skip

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


def install() -> bool:
    """Cache MyST's default settings; False if MyST changed and this no longer applies."""
    try:
        from myst_parser.mdit_to_docutils import base
    except ImportError:
        return False
    original = getattr(base, "get_default_settings", None)
    if original is None or getattr(original, "helpcenter_cached", False):
        return original is not None

    cached = functools.lru_cache(maxsize=8)(original)

    def get_default_settings(*components: Any) -> Any:
        # A copy: documents may change their settings, the cached ones must not;
        # lists and dicts among them are copied too, so no document shares them.
        settings = copy.copy(cached(*components))
        for name, value in vars(settings).items():
            if isinstance(value, (list, dict, set)):
                setattr(settings, name, copy.copy(value))
        return settings

    get_default_settings.helpcenter_cached = True  # type: ignore[attr-defined]
    get_default_settings.__wrapped__ = original  # type: ignore[attr-defined]
    base.get_default_settings = get_default_settings
    return True


class _ParserCache:
    """markdown-it parsers by (MyST configuration, renderer class), each reused when idle."""

    def __init__(self, create: Any) -> None:
        self.create = create
        # id(config) -> (config, renderer class, parser, [rendering?]); the
        # config is kept so that its id is not reused by another object.
        self.parsers: dict[int, tuple[Any, Any, Any, list[bool]]] = {}

    def __call__(self, config: Any, renderer: Any) -> Any:
        entry = self.parsers.get(id(config))
        if entry is not None and entry[0] is config and entry[1] is renderer and not entry[3][0]:
            return entry[2]
        parser = self.create(config, renderer)
        if entry is None and len(self.parsers) < 8:
            # Front matter gives a page its own configuration, parsed once:
            # only the first few configurations (the build's own) are kept.
            busy = [False]
            render = parser.render

            def render_once(*args: Any, **kwargs: Any) -> Any:
                busy[0] = True  # a nested parse meanwhile gets its own parser
                try:
                    return render(*args, **kwargs)
                finally:
                    busy[0] = False

            parser.render = render_once
            self.parsers[id(config)] = (config, renderer, parser, busy)
        return parser


def install_parser_cache() -> bool:
    """Reuse MyST's markdown-it parsers; False if MyST changed and this no longer applies."""
    try:
        from myst_parser.parsers import sphinx_ as myst_sphinx
    except ImportError:
        return False
    original = getattr(myst_sphinx, "create_md_parser", None)
    if original is None or isinstance(original, _ParserCache):
        return original is not None
    myst_sphinx.create_md_parser = _ParserCache(original)
    return True


def uninstall() -> None:
    """MyST as it was (for tests that compare with it: the patches stay for the whole process otherwise)."""
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_ as myst_sphinx

    if getattr(base.get_default_settings, "helpcenter_cached", False):
        base.get_default_settings = base.get_default_settings.__wrapped__
    if isinstance(myst_sphinx.create_md_parser, _ParserCache):
        myst_sphinx.create_md_parser = myst_sphinx.create_md_parser.create


def check_installed(app: Sphinx, config: Any) -> None:
    """The patches apply to the MyST in use, or the build says so (fatal under -W)."""
    if not patches.enabled("myst_speed"):
        return
    for name, applied in (("default settings cache", install()), ("parser cache", install_parser_cache())):
        if not applied:
            logger.warning(
                "myst-parser %s changed: the %s of helpcenter/sphinxext/myst_speed.py no longer applies; "
                "update it, pin myst-parser, or build with HELPCENTER_PATCHES_OFF=myst_speed",
                version("myst-parser"), name, type="helpcenter", subtype="myst_speed",
            )  # fmt: skip


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", check_installed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
