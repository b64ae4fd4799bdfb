"""One statement run for many rows at once, for the writes that store a batch.

SQLAlchemy's handling of each row's parameters costs more than SQLite's insert of the row, so
on SQLite the rows go to the driver as tuples, each value converted by its type as
SQLAlchemy would convert it. Other databases take the rows through SQLAlchemy, but for new
rows on PostgreSQL: COPY takes them with no statement to parse, plan or run per row, which
saves both the writer and the server most of their work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from operator import itemgetter
from typing import Any

import sqlalchemy as sa

from laborwatch.store.schema import serialize_json


def insert_rows(connection: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` into `table`, in one call: the columns of the first row, in every row."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        _copy(connection, table, rows)
    else:
        execute_many(connection, _insert(table, tuple(rows[0])), rows)


@lru_cache(maxsize=8)
def _insert(table: sa.Table, names: tuple[str, ...]) -> sa.Insert:
    # one object per table and columns, so execute_many's cache knows it
    return sa.insert(table).values({name: sa.bindparam(name) for name in names})


def _copy(connection: sa.Connection, table: sa.Table, rows: Sequence[dict[str, Any]]) -> None:
    names = list(rows[0])
    quote = connection.dialect.identifier_preparer.quote
    sql = f"COPY {quote(table.name)} ({', '.join(map(quote, names))}) FROM STDIN"
    # the engine's JSON serializer, as an INSERT would apply it; the driver adapts the rest
    as_json = [i for i, name in enumerate(names) if isinstance(table.c[name].type, sa.JSON)]
    values_of = _values_in_order(names)
    driver = connection.connection.driver_connection
    assert driver is not None  # a connection in use always has its driver's
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                values = list(values_of(row))
                for index in as_json:
                    values[index] = serialize_json(values[index])
                copy.write_row(values)
    # what SQLAlchemy would have raised for the same refusal, so callers see one kind
    except connection.dialect.loaded_dbapi.Error as error:
        raise sa.exc.DBAPIError.instance(
            sql, None, error, connection.dialect.loaded_dbapi.Error
        ) from error


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
    return compiled.string, _values_in_order(names), conversions


def _values_in_order(names: Sequence[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    # itemgetter of one name gives the value, not a tuple of it
    return itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
