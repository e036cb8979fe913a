"""Trigram index for accent-insensitive name search on PostgreSQL (pg_trgm).

On SQLite nothing happens. On PostgreSQL the extension is created when the role may do so;
otherwise the index is skipped with a notice (docs/deploy.md asks the DBA to create it).
"""

from django.db import migrations

INDEX = "registry_person_name_folded_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            cursor.execute("SAVEPOINT hoanhap_trgm")
            try:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except Exception:  # no privilege: search still works, only slower
                cursor.execute("ROLLBACK TO SAVEPOINT hoanhap_trgm")
                return
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_person USING gin (name_folded gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_import_jobs")]

    operations = [migrations.RunPython(forwards, backwards)]
