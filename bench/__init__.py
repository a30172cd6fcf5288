"""`make bench`: the performance budgets measured beside plain Sphinx and Furo, and what each patch earns.

A tool of the repository, not of the installed package (run from the
checkout: ``.venv/bin/python -m bench``); not run by CI.
"""
