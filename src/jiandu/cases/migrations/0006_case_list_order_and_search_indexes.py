"""Indexes for the case list and the case API at province scale.

The list orders by `decided_on DESC NULLS FIRST, decision_number, id DESC` (cases.selectors.list_cases);
these indexes match that ORDER BY exactly, alone (city users: the scan stops after one page), after
the county (county users) and after the status (the status filter). The search on decision numbers
and firm names (`contains`, LIKE '%…%') gets trigram indexes on PostgreSQL. The indexes are written
as SQL so that NULLS FIRST is kept; on SQLite (the demo) the same columns are indexed without it.
"""

from django.db import migrations

ORDER = "decided_on DESC NULLS FIRST, decision_number, id DESC"
SQLITE_ORDER = "decided_on DESC, decision_number, id DESC"
NAMES = ["case_list_order", "case_region_list_order", "case_status_list_order", "case_decision_number_trgm"]


def _forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        order = ORDER
    elif vendor == "sqlite":
        order = SQLITE_ORDER
    else:
        return
    table = "cases_penaltycase"
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS case_list_order ON {table} ({order})")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS case_region_list_order ON {table} (region_id, {order})"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS case_status_list_order ON {table} (status, {order})")
    if vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS case_decision_number_trgm ON {table} "
            "USING gin (decision_number gin_trgm_ops)"
        )


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor in ("postgresql", "sqlite"):
        for name in NAMES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_penalty_procedure_leads_notice_hearing")]

    operations = [migrations.RunPython(_forward, _backward, elidable=False)]
