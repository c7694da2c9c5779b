"""Database triggers that refuse any UPDATE of an audit entry, whoever connects.

Deletion is refused by the application and detected by the hash chain (a gap in the
sequence or a head that no longer matches); it is not blocked by a trigger so that
test databases and a deliberate, documented archive can still be truncated.
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
BEGIN SELECT RAISE(ABORT, '审计记录不可修改'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_entry_no_update;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_entry_refuse_update() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION '审计记录不可修改'; END; $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_update();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_refuse_update();
"""


def up(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def down(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
