"""Which claims a query returns and in what order: `ClaimFilter` as SQL conditions, the sort
keys of a page as ORDER BY, and `ClaimPage`, what a page holds.

Apart from the Store (store.py), which runs the queries: these only build their clauses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from laborwatch.store.schema import claims

COUNT_LIMIT = 10_000  # claim_page counts matches up to this many


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """Which claims to return; every field None means no restriction."""

    doc: str | None = None
    kind: str | None = None
    status: str | None = None
    category: str | None = None
    destination: str | None = None  # a place name, or a two-letter country code
    min_count: int | None = None  # deployments whose larger bound reaches this


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """A page of claim records; `total` matches in all, or a lower bound when not `exact`."""

    total: int
    exact: bool
    records: list[dict[str, Any]]


def claim_conditions(where: ClaimFilter) -> Iterator[sa.ColumnElement[bool]]:
    if where.doc is not None:
        yield claims.c.doc == where.doc
    if where.kind is not None:
        yield claims.c.kind == where.kind
    if where.status is not None:
        yield claims.c.status == where.status
    if where.category is not None:
        yield claims.c.category == where.category
    if where.destination is not None:
        name = where.destination.strip()
        yield sa.or_(
            sa.func.lower(claims.c.destination_name) == name.lower(),
            claims.c.destination_country == name.upper(),
        )
    if where.min_count is not None:
        yield sa.func.coalesce(claims.c.high, claims.c.low) >= where.min_count


CLAIM_SORTS = ("position", "low", "high", "count")


def claim_order(sort: str, descending: bool) -> list[sa.ColumnElement[Any]]:
    """ORDER BY for `claim_page_sorted`: the key, then position as the tie-break."""
    if sort == "position":
        if descending:  # a stable descending sort on (doc, start) keeps ids ascending
            return [claims.c.doc.desc(), claims.c.span_start.desc(), claims.c.id]
        return [claims.c.doc, claims.c.span_start, claims.c.id]
    key: sa.ColumnElement[Any] = {
        "low": claims.c.low,
        "high": claims.c.high,
        "count": sa.func.coalesce(claims.c.high, claims.c.low),
    }[sort]
    first = sa.nulls_first(key.desc()) if descending else sa.nulls_last(key.asc())
    return [first, claims.c.doc, claims.c.span_start, claims.c.id]
