"""Building every language and publishing the site (what `make html` runs)."""
