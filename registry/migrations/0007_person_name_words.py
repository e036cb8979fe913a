"""Name search by the starts of words, on PostgreSQL (docs/adr/name-search.md).

Adds to `registry_person`:
- `name_words`, a generated column: `to_tsvector('simple', name_folded)` — the words of the folded
  name, kept by the database itself on every insert and update (the model does not list it, so
  Django never writes it);
- a GIN index on it, which answers a rare name (a few hundred rows) in well under a millisecond;
- a partial btree on (name_folded, id) of the persons not deleted, carrying `commune_id`,
  `province_code` and `name_words`: a common name is found by walking the names in order and checking each entry on the
  index alone (an index-only scan), the first 50 matches in about a millisecond;
- 1,000-bucket statistics on `name_words` (the planner's choice between the two).
It drops the trigram index of `registry.0003`, which nothing searches any more (substring search of
names is gone) and which was the costliest index to keep up on a bulk import.

Nothing happens on SQLite, where the lookup compares the folded name itself.
"""

from django.db import migrations

TRIGRAM_INDEX = "registry_person_name_folded_trgm"

FORWARDS = [
    "ALTER TABLE registry_person ADD COLUMN IF NOT EXISTS name_words tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, name_folded)) STORED",
    "ALTER TABLE registry_person ALTER COLUMN name_words SET STATISTICS 1000",
    "CREATE INDEX IF NOT EXISTS registry_person_name_words_gin ON registry_person USING gin (name_words)",
    "CREATE INDEX IF NOT EXISTS registry_person_name_walk ON registry_person (name_folded, id) "
    "INCLUDE (commune_id, province_code, name_words) WHERE deleted_at IS NULL",
    f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}",
]

BACKWARDS = [
    "DROP INDEX IF EXISTS registry_person_name_walk",
    "DROP INDEX IF EXISTS registry_person_name_words_gin",
    "ALTER TABLE registry_person DROP COLUMN IF EXISTS name_words",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARDS:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARDS:
        schema_editor.execute(statement)
    with schema_editor.connection.cursor() as cursor:  # the trigram index again, where pg_trgm is there
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is not None:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON registry_person USING gin (name_folded gin_trgm_ops)"
            )


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_person_province_code")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
