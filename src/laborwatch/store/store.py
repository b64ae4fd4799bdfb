"""The Store: every SQL statement laborwatch runs (review's tables aside), in SQLAlchemy Core.

Writes happen in one transaction per batch, so a crash mid-batch leaves either the old
documents with their old claims or the new ones with their new claims, never half of either.
The near-duplicate index (duplicate_index.py) is updated in the same transaction. The rows
written and read back are made in rows.py, the claim queries' conditions and order in
claim_queries.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from laborwatch.errors import NotFound, StoreError
from laborwatch.export import claim_from_record
from laborwatch.model import Claim, Document, IngestFailure, RunReport
from laborwatch.store import duplicate_index
from laborwatch.store.bulk import execute_many, insert_rows
from laborwatch.store.claim_queries import (
    CLAIM_SORTS,
    COUNT_LIMIT,
    ClaimFilter,
    ClaimPage,
    claim_conditions,
    claim_order,
)
from laborwatch.store.duplicate_index import DuplicateCounts
from laborwatch.store.rows import (
    PreparedClaims,
    StoredRun,
    document_from_row,
    document_values,
    prepare_claims,
    run_from_row,
)
from laborwatch.store.schema import claims, documents, ingest_errors, one_of, runs

MIGRATIONS = Path(__file__).parent / "migrations"
WRITE_ATTEMPTS = 5
RETRY_SECONDS = 0.2
# PostgreSQL's deadlock_detected and serialization_failure: the other writer won, try again
TRANSIENT_SQLSTATES = frozenset({"40P01", "40001"})
MIGRATION_LOCK = 0x4C57_0001  # any constant; PostgreSQL advisory lock key for migrations


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Run the Alembic migrations shipped in the package up to `revision`.

    At head, a store that has documents with claims but no duplicate index yet (one made
    before revision 0004) gets it built in the same transaction.
    """
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # two processes opening one new database would both create its tables: the
                # second waits here, then finds the schema at head (DDL is transactional)
                connection.execute(
                    sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if revision == "head":
                duplicate_index.fill_if_empty(connection)
    except SQLAlchemyError as error:
        raise StoreError(f"cannot migrate the database: {_reason(error)}") from error


class Store:
    """Documents, their claims, and the record of every ingest run."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    # --- writing ---------------------------------------------------------------------------

    def fingerprint(self, doc: str) -> str | None:
        """The stored fingerprint of document `doc`, or None when it is not stored."""
        query = sa.select(documents.c.fingerprint).where(documents.c.id == doc)
        rows = self._rows(query)
        return str(rows[0].fingerprint) if rows else None

    def fingerprints(self, ids: Sequence[str]) -> dict[str, str]:
        """The stored fingerprints of those of `ids` that are stored, by id."""
        if not ids:
            return {}
        query = sa.select(documents.c.id, documents.c.fingerprint).where(one_of(documents.c.id))
        return {str(row.id): str(row.fingerprint) for row in self._rows(query, {"ids": list(ids)})}

    def upsert_document_with_claims(self, document: Document, found: Sequence[Claim]) -> None:
        """Store `document` and replace its claims with `found`, in one transaction."""
        self.upsert_documents_with_claims([(document, found)])

    def upsert_documents_with_claims(
        self, batch: Sequence[tuple[Document, Sequence[Claim]]]
    ) -> None:
        """Store each document of `batch` and replace its claims, all in one transaction."""
        self.upsert_prepared(
            [(document, prepare_claims(document, found)) for document, found in batch]
        )

    def upsert_prepared(self, batch: Sequence[tuple[Document, PreparedClaims]]) -> None:
        """Store each document of `batch` and replace its claims, all in one transaction.

        Document rows are written first, in id order, by INSERT ... ON CONFLICT: each row is
        locked before its claims are touched, so two writers storing one document at once take
        turns instead of both inserting it, and lock in one order, so they cannot deadlock.
        A write that loses a deadlock or a lock wait anyway is retried.

        Then the documents are placed in the near-duplicate index, in the order of `batch`:
        each one with claims is marked a copy of an original, or becomes one. `duplicate_of`
        is the index's to set; what a document given here carries is not stored.
        """
        latest = {document.id: (document, prepared) for document, prepared in batch}
        if not latest:
            return
        ids = sorted(latest)
        in_id_order = [latest[doc] for doc in ids]
        now = datetime.now(UTC)  # one write, one time
        rows = [
            {"id": document.id, **document_values(document, prepared.fingerprint, now)}
            for document, prepared in in_id_order
        ]
        found_rows = [row for _, prepared in in_id_order for row in prepared.rows]
        claimed = [prepared.entry for _, prepared in latest.values() if prepared.entry]
        unclaimed = [doc for doc, (_, prepared) in latest.items() if prepared.entry is None]
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.engine.begin() as connection:
                    duplicate_index.lock_index(connection)
                    dialect = connection.dialect.name
                    execute_many(connection, _document_upsert(dialect), rows)
                    connection.execute(sa.delete(claims).where(one_of(claims.c.doc)), {"ids": ids})
                    if found_rows:
                        insert_rows(connection, claims, found_rows)
                    duplicate_index.index_batch(connection, claimed, unclaimed)
                return
            except SQLAlchemyError as error:
                if attempt < WRITE_ATTEMPTS and _transient(error):
                    time.sleep(RETRY_SECONDS * attempt)
                    continue
                what = f"document {ids[0]!r}" if len(ids) == 1 else f"{len(ids)} documents"
                raise StoreError(f"cannot store {what}: {_reason(error)}") from error

    def rebuild_duplicates(self) -> DuplicateCounts:
        """Mark near-duplicates again from scratch, in one transaction (`laborwatch db dedupe`).

        Ingest keeps the marks up to date as it goes; this recomputes every signature and the
        whole index, for after a change to the rules in resolve/duplicates.py.
        """
        try:
            with self.engine.begin() as connection:
                return duplicate_index.rebuild(connection)
        except SQLAlchemyError as error:
            raise StoreError(f"cannot mark duplicates: {_reason(error)}") from error

    def duplicate_counts(self) -> DuplicateCounts:
        """Documents in the near-duplicate index (those with claims), and copies among them."""
        try:
            with self.engine.connect() as connection:
                return duplicate_index.counts(connection)
        except SQLAlchemyError as error:
            raise StoreError(f"cannot read the database: {_reason(error)}") from error

    def iter_documents(self, page_size: int = 500) -> Iterator[Document]:
        """Every stored document, by id, read a page at a time: memory stays flat in N."""
        after: str | None = None
        while True:
            query = sa.select(documents).order_by(documents.c.id).limit(page_size)
            if after is not None:
                query = query.where(documents.c.id > after)
            page = [document_from_row(row) for row in self._rows(query)]
            yield from page
            if len(page) < page_size:
                return
            after = page[-1].id

    def record_run(self, report: RunReport, inputs: Sequence[str], started_at: datetime) -> int:
        """Store what one ingest did and its failures; returns the run id."""
        values = {
            "started_at": started_at,
            "seconds": report.seconds,
            "inputs": list(inputs),
            "documents": report.documents,
            "unchanged": report.unchanged,
            "claims": report.claims,
            "failures": len(report.failures),
        }
        try:
            with self.engine.begin() as connection:
                inserted = connection.execute(sa.insert(runs).values(values))
                key = inserted.inserted_primary_key
                run_id = int(key[0]) if key is not None else 0
                if report.failures:
                    rows = [
                        {"run_id": run_id, "source": f.source, "reason": f.reason}
                        for f in report.failures
                    ]
                    connection.execute(sa.insert(ingest_errors), rows)
        except SQLAlchemyError as error:
            raise StoreError(f"cannot record the run: {_reason(error)}") from error
        return run_id

    # --- reading ---------------------------------------------------------------------------

    def documents(self) -> list[Document]:
        """Every stored document, by id."""
        return [
            document_from_row(row)
            for row in self._rows(sa.select(documents).order_by(documents.c.id))
        ]

    def get_document(self, doc: str) -> Document:
        """The document with id `doc`; NotFound when there is none."""
        rows = self._rows(sa.select(documents).where(documents.c.id == doc))
        if not rows:
            raise NotFound(f"no document with id {doc!r}")
        return document_from_row(rows[0])

    def claim_records(self, where: ClaimFilter | None = None) -> list[dict[str, Any]]:
        """Stored claims as export records (CLAIMS.md objects), by document and position."""
        query = sa.select(claims.c.record).order_by(claims.c.doc, claims.c.span_start, claims.c.id)
        for condition in claim_conditions(where or ClaimFilter()):
            query = query.where(condition)
        return [dict(row.record) for row in self._rows(query)]

    def claim_page(
        self,
        where: ClaimFilter | None = None,
        limit: int = 50,
        offset: int = 0,
        count_limit: int | None = COUNT_LIMIT,
    ) -> ClaimPage:
        """One page of `claim_records(where)` and how many claims match, filtered in SQL.

        For large stores: the database filters and pages on its indexes, so nothing but the
        page is read. Counting stops at `count_limit` (None: count all), because an exact count
        of half a million matches costs more than the page itself.
        """
        return self.claim_page_sorted(where, "position", False, limit, offset, count_limit)

    def claim_page_sorted(
        self,
        where: ClaimFilter | None = None,
        sort: str = "position",
        descending: bool = False,
        limit: int = 50,
        offset: int = 0,
        count_limit: int | None = COUNT_LIMIT,
    ) -> ClaimPage:
        """`claim_page` in another order: by "position", "low", "high" or "count".

        "count" is the larger bound, on its own index. Claims with no value for the key come
        last ascending and first descending; ties keep position order (doc, start, id), so a
        page here is the same page a stable in-memory sort of `claim_records` would give.
        """
        if sort not in CLAIM_SORTS:
            raise StoreError(f"cannot sort claims by {sort!r}; use one of {', '.join(CLAIM_SORTS)}")
        conditions = list(claim_conditions(where or ClaimFilter()))
        matching = sa.select(sa.literal(1)).select_from(claims)
        page = sa.select(claims.c.record).order_by(*claim_order(sort, descending))
        for condition in conditions:
            matching, page = matching.where(condition), page.where(condition)
        if count_limit is not None:
            matching = matching.limit(count_limit + 1)
        counted = self._scalar(sa.select(sa.func.count()).select_from(matching.subquery()))
        exact = count_limit is None or counted <= count_limit
        total = counted if exact or count_limit is None else count_limit
        rows = self._rows(page.limit(limit).offset(offset))
        return ClaimPage(total, exact, [dict(row.record) for row in rows])

    def documents_by_id(self, ids: Iterable[str]) -> dict[str, Document]:
        """The stored documents among `ids`, by id; ids not stored are left out."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        rows = self._rows(sa.select(documents).where(documents.c.id.in_(wanted)))
        return {str(row.id): document_from_row(row) for row in rows}

    def claims(self, where: ClaimFilter | None = None) -> list[Claim]:
        """Stored claims as model objects, filtered like `claim_records`."""
        return [claim_from_record(record) for record in self.claim_records(where)]

    def get_claim(self, claim_id: str) -> Claim:
        rows = self._rows(sa.select(claims.c.record).where(claims.c.id == claim_id))
        if not rows:
            raise NotFound(f"no claim with id {claim_id!r}")
        return claim_from_record(rows[0].record)

    def counts(self) -> dict[str, int]:
        """Number of documents, and of claims of each kind present."""
        result = {"documents": self._scalar(sa.select(sa.func.count()).select_from(documents))}
        query = sa.select(claims.c.kind, sa.func.count().label("n")).group_by(claims.c.kind)
        result.update({str(row.kind): int(row.n) for row in self._rows(query)})
        return result

    def runs(self, limit: int = 20) -> list[StoredRun]:
        """The latest ingest runs, newest first, each with its failures."""
        query = sa.select(runs).order_by(runs.c.id.desc()).limit(limit)
        found = self._rows(query)
        failures = self._failures([int(row.id) for row in found])
        return [run_from_row(row, failures.get(int(row.id), [])) for row in found]

    def _failures(self, run_ids: Iterable[int]) -> dict[int, list[IngestFailure]]:
        query = (
            sa.select(ingest_errors)
            .where(ingest_errors.c.run_id.in_(list(run_ids)))
            .order_by(ingest_errors.c.id)
        )
        grouped: dict[int, list[IngestFailure]] = {}
        for row in self._rows(query):
            grouped.setdefault(int(row.run_id), []).append(IngestFailure(row.source, row.reason))
        return grouped

    def _rows(
        self, query: sa.Select[Any], parameters: dict[str, Any] | None = None
    ) -> list[sa.Row[Any]]:
        try:
            with self.engine.connect() as connection:
                return list(connection.execute(query, parameters))
        except SQLAlchemyError as error:
            raise StoreError(f"cannot read the database: {_reason(error)}") from error

    def _scalar(self, query: sa.Select[Any]) -> int:
        rows = self._rows(query)
        return int(rows[0][0]) if rows else 0


@lru_cache(maxsize=2)  # built once per dialect: the statement is the same for every batch
def _document_upsert(dialect: str) -> sa.Insert:
    """INSERT into documents that updates the row when the id is already stored.

    An update keeps `duplicate_of`: the near-duplicate index decides it, and keeps the mark of
    a document stored again unchanged.
    """
    insert = postgresql.insert(documents) if dialect == "postgresql" else sqlite.insert(documents)
    kept = {"id", "duplicate_of"}
    updated = {c.name: insert.excluded[c.name] for c in documents.columns if c.name not in kept}
    return insert.on_conflict_do_update(index_elements=[documents.c.id], set_=updated)


def _transient(error: SQLAlchemyError) -> bool:
    """True when the write failed only because another writer held the rows or the file."""
    if not isinstance(error, DBAPIError):
        return False
    if getattr(error.orig, "sqlstate", None) in TRANSIENT_SQLSTATES:
        return True
    return "database is locked" in str(error.orig)


def _reason(error: SQLAlchemyError) -> str:
    """The database's own message, first line only: the SQL and parameters are noise here."""
    original = getattr(error, "orig", None) or error
    return str(original).splitlines()[0] if str(original) else type(error).__name__
