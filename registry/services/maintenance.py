"""Database housekeeping after bulk loads."""

from django.db import connection

from ..search import forget_word_stats


def analyze_database() -> None:
    """Refresh the planner's statistics after seeding or a bulk load, before the first queries.

    On PostgreSQL, outside a transaction, `VACUUM ANALYZE`: besides the statistics it moves the
    rows a bulk insert left in the GIN index's pending list (the words of names) into the index
    proper (a search reads that list linearly until then) and sets the visibility map, which the
    name-ordered walk of a search needs to read its index alone — as autovacuum would do later in a
    running installation. The name search then reads the new word frequencies."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    forget_word_stats()
