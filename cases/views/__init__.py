"""Web pages of the cases app (interface only: they parse, call services or selectors, render)."""
