"""On PostgreSQL, a trigram index for the firm list's name search (`name__contains`, LIKE '%…%').

Other databases keep the plain scan: the demo's SQLite file is small."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS enterprise_name_trgm ON org_enterprise USING gin (name gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS enterprise_name_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("org", "0003_enterprise_region_uscc_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
