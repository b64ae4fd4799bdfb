"""The near-duplicate index in the database, kept up to date one stored batch at a time.

`index_batch` runs inside the transaction that stores a batch, so a document is never stored
with claims but left out of the index. It reads only what the batch needs: the index rows of
the batch's own documents, the originals sharing a band key with them, and the texts of the
few candidates whose exact Jaccard similarity is checked. The work is proportional to the
batch, not to the store. `rebuild` places every document with claims again from scratch, in
the order that decides originals, so no takeover ever happens in it (`laborwatch db dedupe`).

On PostgreSQL one transaction at a time writes the index (an advisory lock): two writers
placing copies of one report at once would otherwise both make it an original.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any, NamedTuple, TypeVar

import sqlalchemy as sa

from laborwatch.resolve.duplicates import (
    UNDATED,
    Entry,
    Hashes,
    Original,
    OriginalIndex,
    shingles,
    signature_bytes,
    signature_from_bytes,
)
from laborwatch.store.bulk import execute_many, insert_rows
from laborwatch.store.schema import (
    claims,
    document_signatures,
    documents,
    one_of,
    original_bands,
)

CHUNK = 500  # values per IN (...) list, and documents per page of a rebuild
INDEX_LOCK = 0x4C57_0002  # any constant; PostgreSQL advisory lock key for index writers

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DuplicateCounts:
    """What the index holds: documents with claims, and how many of them are copies."""

    documents: int
    copies: int


class _Placed(NamedTuple):
    """A document's index row as stored, with its mark."""

    signature: bytes | None
    published: str | None
    duplicate_of: str | None


def lock_index(connection: sa.Connection) -> None:
    """Wait until no other transaction writes the index (PostgreSQL; SQLite has one writer)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": INDEX_LOCK})


def index_batch(
    connection: sa.Connection, claimed: Sequence[Entry], unclaimed: Collection[str]
) -> None:
    """Bring the index up to date with documents just stored, in the order given.

    `claimed` are the documents with claims, `unclaimed` the ids of those without. A document
    stored again with the same signature and date keeps its place; any other one leaves the
    index and is placed again, and so are the copies of an original that left.
    """
    placed = _placed(connection, [entry.id for entry in claimed] + list(unclaimed))
    kept = {entry.id for entry in claimed if _unchanged(entry, placed.get(entry.id))}
    leaving = [doc for doc in placed if doc not in kept]
    former_originals = [doc for doc in leaving if placed[doc].duplicate_of is None]
    _delete_in(connection, original_bands, original_bands.c.doc, former_originals)
    fresh = [entry for entry in claimed if entry.id not in kept]
    skipped = {entry.id for entry in fresh} | set(unclaimed)
    orphans = _orphans(connection, former_originals, skipped, claimed)
    to_place = fresh + orphans
    doomed = set(leaving) | {entry.id for entry in to_place}
    _delete_in(connection, document_signatures, document_signatures.c.doc, doomed)
    index = OriginalIndex(
        lambda ids: _originals(connection, ids), lambda ids: _shingle_sets(connection, ids)
    )
    index.add_postings(_postings(connection, _keys_of(to_place)))
    index.prepare(to_place)
    for entry in to_place:
        index.place(entry)
    # a document outside the index has no mark (it is stored unmarked, and its mark is
    # cleared when it leaves): only these may hold one that placing must overwrite
    marked = {doc for doc, row in placed.items() if row.duplicate_of} | {e.id for e in orphans}
    _write(connection, index, to_place, marked)
    # only an indexed document has a mark (a document is stored unmarked, then placed)
    _clear_marks(connection, [doc for doc in unclaimed if doc in placed])


def rebuild(connection: sa.Connection) -> DuplicateCounts:
    """Forget the index and every mark, then place every document with claims, earliest first."""
    lock_index(connection)
    connection.execute(sa.delete(original_bands))
    connection.execute(sa.delete(document_signatures))
    connection.execute(
        sa.update(documents).where(documents.c.duplicate_of.is_not(None)).values(duplicate_of=None)
    )
    for page in _claimed_pages(connection):
        index_batch(connection, page, ())
    return counts(connection)


def fill_if_empty(connection: sa.Connection) -> bool:
    """Rebuild when documents have claims but none has a signature (a store from before 0004)."""
    has_claims = connection.execute(sa.select(claims.c.id).limit(1)).first() is not None
    indexed = connection.execute(sa.select(document_signatures.c.doc).limit(1)).first()
    if not has_claims or indexed is not None:
        return False
    rebuild(connection)
    return True


def counts(connection: sa.Connection) -> DuplicateCounts:
    indexed = sa.select(sa.func.count()).select_from(document_signatures)
    copies = sa.select(sa.func.count()).where(documents.c.duplicate_of.is_not(None))
    return DuplicateCounts(
        int(connection.execute(indexed).scalar_one()),
        int(connection.execute(copies).scalar_one()),
    )


def _unchanged(entry: Entry, placed: _Placed | None) -> bool:
    if placed is None:
        return False
    signature = None if entry.signature is None else signature_bytes(entry.signature)
    return (placed.signature, placed.published) == (signature, entry.published)


def _placed(connection: sa.Connection, ids: Sequence[str]) -> dict[str, _Placed]:
    """The index rows of those of `ids` that are indexed, with their current marks."""
    found: dict[str, _Placed] = {}
    query = sa.select(
        document_signatures.c.doc,
        document_signatures.c.signature,
        document_signatures.c.published,
        documents.c.duplicate_of,
    ).join(documents, documents.c.id == document_signatures.c.doc)
    query = query.where(one_of(document_signatures.c.doc))
    for chunk in _chunks(ids):
        for row in connection.execute(query, {"ids": chunk}):
            found[row.doc] = _Placed(row.signature, row.published, row.duplicate_of)
    return found


def _orphans(
    connection: sa.Connection,
    former_originals: Sequence[str],
    skipped: Collection[str],
    claimed: Sequence[Entry],
) -> list[Entry]:
    """The copies of originals that left the index, earliest first, but for `skipped` ones."""
    in_batch = {entry.id: entry for entry in claimed}
    orphans: list[Entry] = []
    query = sa.select(documents.c.id, documents.c.text, documents.c.published).where(
        one_of(documents.c.duplicate_of)
    )
    for chunk in _chunks(former_originals):
        for row in connection.execute(query, {"ids": chunk}):
            if row.id in skipped:
                continue
            orphans.append(in_batch.get(row.id) or Entry.of(row.id, row.text, row.published))
    return sorted(orphans, key=lambda entry: entry.rank)


def _keys_of(entries: Iterable[Entry]) -> set[int]:
    return {key for entry in entries for key in entry.keys}


def _postings(connection: sa.Connection, keys: Collection[int]) -> Iterator[tuple[int, str]]:
    """(band key, original) for every indexed original having one of `keys`."""
    query = sa.select(original_bands.c.band_key, original_bands.c.doc).where(
        one_of(original_bands.c.band_key)
    )
    for chunk in _chunks(sorted(keys)):
        rows = connection.execute(query, {"ids": chunk}).all()
        yield from ((int(key), str(doc)) for key, doc in rows)


def _originals(connection: sa.Connection, ids: Collection[str]) -> dict[str, Original]:
    query = sa.select(
        document_signatures.c.doc, document_signatures.c.signature, document_signatures.c.published
    )
    query = query.where(one_of(document_signatures.c.doc))
    found: dict[str, Original] = {}
    for chunk in _chunks(sorted(ids)):
        for row in connection.execute(query, {"ids": chunk}):
            if row.signature is not None:
                signature = signature_from_bytes(row.signature)
                found[row.doc] = Original(row.doc, row.published, signature)
    return found


def _shingle_sets(connection: sa.Connection, ids: Collection[str]) -> dict[str, Hashes]:
    query = sa.select(documents.c.id, documents.c.text)
    found: dict[str, Hashes] = {}
    for chunk in _chunks(sorted(ids)):
        for row in connection.execute(query.where(one_of(documents.c.id)), {"ids": chunk}):
            found[row.id] = shingles(row.text)
    return found


def _write(
    connection: sa.Connection,
    index: OriginalIndex,
    placed: Sequence[Entry],
    marked: Collection[str],
) -> None:
    """Store what placing changed: bands, signatures, then marks (takeovers in their order).

    Of the documents `marked` before, every mark is written; of the others, only copies'.
    """
    _delete_in(connection, original_bands, original_bands.c.doc, index.removed)
    bands = {(key, doc) for doc, keys in index.added.items() for key in keys}
    if bands:
        rows = [{"band_key": key, "doc": doc} for key, doc in sorted(bands)]
        insert_rows(connection, original_bands, rows)
    if placed:
        insert_rows(connection, document_signatures, [_signature_row(e) for e in placed])
    if index.takeovers:
        takeovers = [{"former": former, "original": new} for former, new in index.takeovers]
        execute_many(connection, _TAKEOVER_UPDATE, takeovers)  # one by one, in order
    marks = [
        {"doc_id": doc, "original": mark}
        for doc, mark in index.duplicate_of.items()
        if mark is not None or doc in marked
    ]
    if marks:
        execute_many(connection, _MARK_UPDATE, marks)


# built once: execute_many keeps the driver's form of each statement it is given
_TAKEOVER_UPDATE = (
    sa.update(documents)
    .where(documents.c.duplicate_of == sa.bindparam("former"))
    .values(duplicate_of=sa.bindparam("original"))
)
_MARK_UPDATE = (
    sa.update(documents)
    .where(documents.c.id == sa.bindparam("doc_id"))
    .values(duplicate_of=sa.bindparam("original"))
)


def _signature_row(entry: Entry) -> dict[str, Any]:
    signature = None if entry.signature is None else signature_bytes(entry.signature)
    return {"doc": entry.id, "signature": signature, "published": entry.published}


def _clear_marks(connection: sa.Connection, ids: Collection[str]) -> None:
    """Documents without claims are neither originals nor copies."""
    for chunk in _chunks(ids):
        connection.execute(
            sa.update(documents)
            .where(one_of(documents.c.id), documents.c.duplicate_of.is_not(None))
            .values(duplicate_of=None),
            {"ids": chunk},
        )


def _claimed_pages(connection: sa.Connection) -> Iterator[list[Entry]]:
    """Every document with claims as an Entry, a page at a time, in `duplicates.rank` order."""
    date = sa.func.coalesce(documents.c.published, UNDATED)
    order = (_bytewise(date, connection), _bytewise(documents.c.id, connection))
    has_claims = sa.exists().where(claims.c.doc == documents.c.id)
    query = (
        sa.select(documents.c.id, documents.c.text, documents.c.published, date.label("date"))
        .where(has_claims)
        .order_by(*order)
        .limit(CHUNK)
    )
    after: tuple[str, str] | None = None
    while True:
        paged = query if after is None else query.where(sa.tuple_(*order) > sa.tuple_(*after))
        rows = list(connection.execute(paged))
        if not rows:
            return
        yield [Entry.of(row.id, row.text, row.published) for row in rows]
        after = (rows[-1].date, rows[-1].id)


def _bytewise(column: sa.ColumnElement[str], connection: sa.Connection) -> sa.ColumnElement[str]:
    # the order Python compares strings in: PostgreSQL's locale collations may differ
    return column.collate("C") if connection.dialect.name == "postgresql" else column


def _delete_in(
    connection: sa.Connection, table: sa.Table, column: sa.Column[str], ids: Collection[str]
) -> None:
    for chunk in _chunks(sorted(ids)):
        connection.execute(sa.delete(table).where(one_of(column)), {"ids": chunk})


def _chunks(values: Iterable[T]) -> Iterator[list[T]]:
    iterator = iter(values)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk
