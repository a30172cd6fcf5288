"""Checks of the built site and the catalogs, run by ``make check`` and the tests.

Each check returns a list of problems (strings naming the file, and the line
where there is one); an empty list means it passed.
"""
