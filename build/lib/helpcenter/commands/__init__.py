"""The maintainer commands behind the Makefile: `helpcenter build`, `update-po`, `serve`, `stats`, ..."""
