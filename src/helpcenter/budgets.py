"""The performance budgets and thresholds, declared once: the tests and ``make bench`` read them here.

README.md's Performance section gives each with its figure; a test or
benchmark row that checks one imports it from this module.
"""

from __future__ import annotations

#: Each page's first view (HTML, CSS, JS, fonts, images): bytes, uncompressed, and requests (issue 7).
PAGE_BYTES = 120_000
PAGE_REQUESTS = 10
#: What a first search downloads (engine, stemmer, index data), as transferred (issue 13).
FIRST_SEARCH_BYTES = 100_000
#: From a keystroke to the rendered results, median, in milliseconds.
KEYSTROKE_MS = 50
#: Share of the query suite (tests/search_queries.toml) answered in the top 3 results.
SEARCH_TOP3 = 0.95
#: Lighthouse performance score, mobile preset.
LIGHTHOUSE = 100
#: Full build of every language, and the rebuild after one page changed, in seconds (make bench).
FULL_BUILD_S = 10
REBUILD_S = 2
#: A one-page rebuild at N× today's size against the same rebuild at 1×, in one run (make bench scale=N).
REBUILD_RATIO = 1.5
#: A patch of another package stays only while it gains at least this share of a figure a
#: maintainer feels: the full build or a one-page rebuild (make bench patches=1, patches=50).
PATCH_GAIN = 0.10
