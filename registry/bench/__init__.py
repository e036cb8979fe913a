"""The benchmark harness (`manage.py benchmark`): throw-away database, deterministic data,
product paths timed against a baseline in the same run. Suites are dotted callables listed in
settings.BENCHMARK_SUITES so every app measures its own paths without registry importing it."""
