"""One module per lint rule: CODE, NAME, SUMMARY, DEFAULT severity, a docstring, and check(ctx)."""
