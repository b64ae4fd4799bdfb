"""Alembic environment: runs on the connection `laborwatch.store.store.upgrade` hands it.

There is no alembic.ini: the package configures Alembic in code, so migrations ship inside
the wheel and run wherever the package is installed.
"""

from __future__ import annotations

from alembic import context

from laborwatch.errors import StoreError
from laborwatch.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise StoreError("migrations run only through `laborwatch db upgrade` or open_store()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
