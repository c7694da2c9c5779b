"""On PostgreSQL, trigram indexes for the clue list's search (summary and firm name, LIKE '%…%')."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS clue_summary_trgm ON clues_clue USING gin (summary gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS clue_enterprise_name_trgm ON clues_clue USING gin (enterprise_name gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS clue_summary_trgm", "DROP INDEX IF EXISTS clue_enterprise_name_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("clues", "0006_list_order_indexes")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
