"""django-filter FilterSets of the API, one module per domain."""
