from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """`manage.py benchmark` and what it measures. No models; no other app imports it."""

    name = "benchmarks"
