"""The NordVPN and NordPass help center's own code.

- ``sphinxext``: the Sphinx extensions (``conf.py`` lists ``helpcenter.sphinxext``);
- ``pipeline``: building every language and publishing the site;
- ``commands``: the maintainer commands behind the Makefile (``helpcenter``);
- ``checks``: catalog, link and HTML checks;
- ``budgets``: the performance budgets, declared once;
- ``testing``: what the tests and the benchmark (``bench/`` of the checkout) share;
- beside them, what all of these share: the checkout (``project``), its
  languages, catalogs and settings.
"""

__version__ = "1.1.0"
