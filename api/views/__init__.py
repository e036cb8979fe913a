"""API views, one module per domain. Reads go through selectors, writes through services."""
