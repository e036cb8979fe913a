"""Fixtures of the benchmark tests: the document tests' certificate holder."""

from tests.documents.conftest import certify, holder  # noqa: F401  (fixtures)
