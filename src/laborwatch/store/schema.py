"""Every table, defined once on one MetaData, in types that work on SQLite and PostgreSQL.

Claims keep their whole exported record (the CLAIMS.md object) in a JSON column, beside a few
indexed columns copied out of it for filtering; the record is the truth, the columns an index.
The migrations in ./migrations create exactly these tables; keep the two in step.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

# names for constraints and indexes, so migrations can refer to them on every dialect
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class EncodedJSON(str):
    """A value for a JSON column that is already JSON text, written as it is.

    Encoding a claim's record is work that needs no database, so it is done where the claim was
    found (on a Dask worker), and text crosses the network more cheaply than nested dicts.
    """


def serialize_json(value: Any) -> str:
    """The engines' JSON encoder: json.dumps, but for text already encoded."""
    return value if isinstance(value, EncodedJSON) else json.dumps(value)


ID_LENGTH = 200


class _OneOf(ColumnElement[Any]):
    """`column IN (the "ids" parameter)`, for a list of values given when the statement runs."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]  # noqa: RUF012
    type = sa.types.NullType()  # not Boolean: SQLite would compare it with 1 and skip indexes

    def __init__(self, column: sa.ColumnElement[Any]) -> None:
        self.column = column


def one_of(column: sa.ColumnElement[Any]) -> ColumnElement[Any]:
    """`column` is one of the values given as `{"ids": [...]}` when the statement runs.

    Values written into the statement would cost SQLAlchemy an object each. On SQLite the
    list expands into one parameter per value; on PostgreSQL it is one array parameter, so the
    statement's text, and the driver's parse of it, is the same whatever the list's length.
    """
    return _OneOf(column)


@compiles(_OneOf)
def _expanding_in(element: _OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(element.column.in_(sa.bindparam("ids", expanding=True)), **kw)


@compiles(_OneOf, "postgresql")
def _in_unnested_array(element: _OneOf, compiler: SQLCompiler, **kw: Any) -> str:
    array = sa.bindparam("ids", type_=postgresql.ARRAY(element.column.type))
    # not `= ANY(array)`: the generic plan of a prepared statement may scan the table and
    # search the whole array for each row; a set of values is joined, by an index
    return compiler.process(element.column.in_(sa.select(sa.func.unnest(array))), **kw)


documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(ID_LENGTH), primary_key=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("publisher", sa.String(200)),
    sa.Column("language", sa.String(16)),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("published", sa.String(10)),
    sa.Column("published_source", sa.String(16)),
    sa.Column("duplicate_of", sa.String(ID_LENGTH)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("fingerprint", sa.String(64), nullable=False),  # sha256 of text and metadata
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)

claims = sa.Table(
    "claims",
    metadata,
    sa.Column("id", sa.String(ID_LENGTH), primary_key=True),
    sa.Column(
        "doc",
        sa.String(ID_LENGTH),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("kind", sa.String(16), nullable=False, index=True),
    sa.Column("span_start", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), index=True),
    sa.Column("category", sa.String(24)),
    sa.Column("destination_country", sa.String(2), index=True),
    sa.Column("destination_name", sa.String(200)),
    sa.Column("low", sa.BigInteger),
    sa.Column("high", sa.BigInteger),
    sa.Column("record", sa.JSON, nullable=False),
)

# for the claims API on large stores (revision 0003): pages in export order without sorting,
# and filters that are expressions or pairs; each keeps count and page queries on an index.
# They cover doc, category and destination_name, which have no index of their own (0005).
sa.Index("ix_claims_doc_position", claims.c.doc, claims.c.span_start, claims.c.id)
sa.Index("ix_claims_category_status", claims.c.category, claims.c.status)
sa.Index("ix_claims_destination_lower", sa.func.lower(claims.c.destination_name))
sa.Index("ix_claims_larger_bound", sa.func.coalesce(claims.c.high, claims.c.low))

# the near-duplicate index (revision 0004, resolve/duplicates.py): the MinHash signature of
# every document with claims, as it was placed, and the LSH band keys of the originals only
document_signatures = sa.Table(
    "document_signatures",
    metadata,
    sa.Column(
        "doc",
        sa.String(ID_LENGTH),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("signature", sa.LargeBinary),  # 128 little-endian uint32; null: no words
    sa.Column("published", sa.String(10)),  # the date the document was placed with
)

original_bands = sa.Table(
    "original_bands",
    metadata,
    sa.Column("band_key", sa.BigInteger, primary_key=True),
    sa.Column(
        "doc",
        sa.String(ID_LENGTH),
        sa.ForeignKey("documents.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

# copies of one original are found, and re-pointed, by their duplicate_of (revision 0004)
sa.Index("ix_documents_duplicate_of", documents.c.duplicate_of)

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("seconds", sa.Float, nullable=False),
    sa.Column("inputs", sa.JSON, nullable=False),  # the paths as given
    sa.Column("documents", sa.Integer, nullable=False),
    sa.Column("unchanged", sa.Integer, nullable=False),
    sa.Column("claims", sa.Integer, nullable=False),
    sa.Column("failures", sa.Integer, nullable=False),
)

ingest_errors = sa.Table(
    "ingest_errors",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "run_id",
        sa.Integer,
        sa.ForeignKey("runs.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
)
