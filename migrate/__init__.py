"""migrate: the source rewriter (see issue 3)."""
