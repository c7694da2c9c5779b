"""Exit 0 when PostgreSQL answers; 3 when it does not (1 under CI=true, where that is a failure)."""

import os
import sys

import psycopg

url = sys.argv[1]
try:
    with psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=5) as connection:
        connection.execute("SELECT 1")
except psycopg.OperationalError as error:
    print(f"无法连接 PostgreSQL({url}):{error}", file=sys.stderr)
    sys.exit(1 if os.environ.get("CI") == "true" else 3)
