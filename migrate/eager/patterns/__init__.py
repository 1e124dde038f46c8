"""One module per eager pattern: what it reads in the analysis and what it writes.
See migrate/eager/__init__.py for the map."""
