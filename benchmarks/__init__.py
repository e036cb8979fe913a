"""The benchmark (`manage.py benchmark`): throw-away database, deterministic data, product paths
timed against a baseline in the same run. It may import any app; no app imports it."""
