"""Database housekeeping after bulk loads."""

from django.db import connection


def analyze_database() -> None:
    """Refresh the planner's statistics (after seeding or a bulk import, before the first queries)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
