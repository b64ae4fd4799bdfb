"""One statement run for many rows at once, for the writes that store a batch.

SQLAlchemy's handling of each row's parameters costs more than SQLite's insert of the row, so
on SQLite the rows go to the driver as tuples, each value converted by its type as
SQLAlchemy would convert it. Other databases take the rows through SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

import sqlalchemy as sa


def execute_many(
    connection: sa.Connection, statement: sa.Insert | sa.Update, rows: Sequence[dict[str, Any]]
) -> None:
    """Run `statement` once per row of `rows` (parameters by name), in one call."""
    if connection.dialect.name != "sqlite":
        connection.execute(statement, rows)
        return
    sql, values_of, conversions = _driver_form(statement, connection.dialect)
    tuples = []
    for row in rows:
        values = list(values_of(row))
        for index, convert in conversions:
            values[index] = convert(values[index])
        tuples.append(tuple(values))
    connection.exec_driver_sql(sql, tuples)


# per statement and dialect: both are built once, so this holds a handful
@lru_cache(maxsize=8)
def _driver_form(
    statement: sa.Insert | sa.Update, dialect: sa.Dialect
) -> tuple[str, Callable[[dict[str, Any]], tuple[Any, ...]], tuple[tuple[int, Any], ...]]:
    """The SQL of `statement` for `dialect`; what reads a row's values in the order of its
    positional parameters; and the conversion of each value whose type has one."""
    compiled = statement.compile(dialect=dialect)
    names = list(compiled.positiontup or [])
    types = [compiled.binds[name].type.dialect_impl(dialect) for name in names]
    conversions = tuple(
        (index, convert)
        for index, kind in enumerate(types)
        if (convert := kind.bind_processor(dialect)) is not None
    )
    # itemgetter of one name gives the value, not a tuple of it
    values_of = itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    return compiled.string, values_of, conversions
