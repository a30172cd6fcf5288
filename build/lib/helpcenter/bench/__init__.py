"""`make bench` and `make bench scale=N`: the performance budgets measured beside stock Sphinx; not run by CI."""
