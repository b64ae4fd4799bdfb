"""Rows: how a document, its claims and an ingest run become the rows the store writes, and
how documents and runs come back from theirs; and a document's fingerprint, which tells whether
a document is stored unchanged.

Apart from the Store (store.py), which runs the statements: none of this needs a database, so
claims can be prepared where they were found (`prepare_claims`, on a Dask worker).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from laborwatch.export import claim_record, document_record, published_source
from laborwatch.model import Claim, Document, IngestFailure, RunReport
from laborwatch.resolve.duplicates import Entry
from laborwatch.store.schema import EncodedJSON


@dataclass(frozen=True, slots=True)
class StoredRun:
    id: int
    started_at: datetime
    inputs: list[str]
    report: RunReport


def document_fingerprint(document: Document) -> str:
    """A hash of everything extraction and export read from a document: equal means unchanged."""
    # the text is hashed as it is, not inside the JSON: escaping it costs more than hashing it;
    # the JSON comes first, and ends where its closing bracket does
    digest = hashlib.sha256(json.dumps([document.source, document_record(document)]).encode())
    digest.update(document.text.encode("utf-8"))
    return digest.hexdigest()


def document_changed(document: Document, stored: Mapping[str, str]) -> bool:
    """Whether `document` differs from its stored version (`stored`: fingerprints by id); a
    document not stored is changed, and needs no fingerprint to tell."""
    known = stored.get(document.id)
    return known is None or known != document_fingerprint(document)


@dataclass(frozen=True, slots=True)
class PreparedClaims:
    """A document's claims as the store writes them: their rows, the document's fingerprint
    and, when there are claims, its near-duplicate entry (shingles and signature).

    Preparing is pure work that needs no database, so it can run where the claims were found
    (on a Dask worker) and leave the one writer only the writing.
    """

    rows: list[dict[str, Any]]
    entry: Entry | None  # None when there are no claims: such a document is not indexed
    fingerprint: str  # document_fingerprint of the document the claims are of


def prepare_claims(document: Document, found: Sequence[Claim]) -> PreparedClaims:
    """`found`, the claims of `document`, ready for `Store.upsert_prepared`."""
    fingerprint = document_fingerprint(document)
    if not found:
        return PreparedClaims([], None, fingerprint)
    entry = Entry.of(document.id, document.text, document.published)
    return PreparedClaims([claim_values(claim) for claim in found], entry, fingerprint)


_NO_TAGS = EncodedJSON("[]")  # most documents have none: no JSON encoding for each


def document_values(document: Document, fingerprint: str, ingested_at: datetime) -> dict[str, Any]:
    return {
        "source": document.source,
        "url": document.url,
        "title": document.title,
        "publisher": document.publisher,
        "language": document.language,
        "tags": list(document.tags) if document.tags else _NO_TAGS,
        "published": document.published,
        "published_source": None
        if document.published_source is None
        else document.published_source.value,
        "duplicate_of": None,  # the index's to set, once the row is stored
        "text": document.text,
        "fingerprint": fingerprint,
        "ingested_at": ingested_at,
    }


def document_from_row(row: sa.Row[Any]) -> Document:
    return Document(
        id=row.id,
        text=row.text,
        source=row.source,
        url=row.url,
        title=row.title,
        publisher=row.publisher,
        language=row.language,
        tags=tuple(row.tags or ()),
        published=row.published,
        published_source=published_source(row.published_source),
        duplicate_of=row.duplicate_of,
    )


def claim_values(claim: Claim) -> dict[str, Any]:
    record = claim_record(claim)
    destination = record.get("destination") or {}
    return {
        "id": claim.id,
        "doc": claim.doc,
        "kind": claim.kind.value,
        "span_start": claim.span.start,
        "status": record.get("status"),
        "category": record.get("category"),
        "destination_country": destination.get("country"),
        "destination_name": destination.get("name"),
        "low": record.get("low"),
        "high": record.get("high"),
        "record": EncodedJSON(json.dumps(record)),
    }


def run_from_row(row: sa.Row[Any], failures: list[IngestFailure]) -> StoredRun:
    report = RunReport(
        documents=row.documents,
        unchanged=row.unchanged,
        claims=row.claims,
        failures=failures,
        seconds=row.seconds,
    )
    return StoredRun(id=row.id, started_at=row.started_at, inputs=list(row.inputs), report=report)
