"""REST API under /api: documents, claims, review, events, contradictions, estimates, exports.

Every error is `{"ok": false, "error": ..., "status": N}` (handlers in `create_app`); every
success is an object with `"ok": true`, or a file for the exports.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from laborwatch.errors import NotFound
from laborwatch.store.claim_queries import ClaimFilter, ClaimPage
from laborwatch.store.store import Store
from laborwatch.web.auth import token_owner
from laborwatch.web.desk import (
    SORT_KEYS,
    ClaimQuery,
    ClaimSource,
    Desk,
    JsonRows,
    Snapshot,
    claims_csv,
    map_points,
    query_claims,
)
from laborwatch.web.records import claim_record, document_record, stored_claim_record
from laborwatch.web.review import ClaimVersion, Decision, correctable_fields, current_changes


class ErrorBody(BaseModel):
    ok: Literal[False]
    error: str
    status: int


class Envelope(BaseModel, extra="allow"):
    ok: Literal[True]


ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in [
        (400, "bad input"),
        (401, "missing or invalid token"),
        (404, "not found"),
        (422, "invalid parameters"),
        (500, "internal error"),
        (503, "store unavailable"),
    ]
}

router = APIRouter(prefix="/api", responses=ERRORS)

Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="rows to skip")]
Text = Annotated[str | None, Query(max_length=200)]
KindParam = Annotated[Literal["deployment", "money", "fx", "indicator"] | None, Query()]
ReviewParam = Annotated[Literal["unreviewed", "accepted", "corrected", "rejected"] | None, Query()]
YearParam = Annotated[int | None, Query(ge=1900, le=2200)]
Sort = Annotated[
    str,
    Query(
        pattern="^-?(" + "|".join(SORT_KEYS) + ")$",
        description="field to sort by, '-' first for descending",
    ),
]

# `count`, the larger bound of a deployment, is a sort only the claims listing offers
CLAIM_SORTS = (*SORT_KEYS, "count")
ClaimSort = Annotated[
    str,
    Query(
        pattern="^-?(" + "|".join(CLAIM_SORTS) + ")$",
        description="field to sort by, '-' first for descending",
    ),
]

# API sort -> the store's order, for the sorts the database can give
SQL_SORTS = {"doc": "position", "low": "low", "high": "high", "count": "count"}


class ReviewRequest(BaseModel):
    decision: Decision = Field(description="accept, correct or reject")
    reason: str = Field(default="", max_length=2000, description="why; required to reject")
    changes: dict[str, Any] = Field(
        default_factory=dict, description="contract field -> corrected value (correct only)"
    )


def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def _snapshot(request: Request) -> Snapshot:
    return _desk(request).snapshot()


@router.get("/documents", response_model=Envelope)
def list_documents(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    snapshot = _snapshot(request)
    documents = sorted(
        snapshot.documents.values(), key=lambda doc: (doc.published or "", doc.id), reverse=True
    )
    counts: dict[str, int] = {}
    for row in snapshot.records:
        counts[row["doc"]] = counts.get(row["doc"], 0) + 1
    page = documents[offset : offset + limit]
    rows = [{**document_record(doc), "claims": counts.get(doc.id, 0)} for doc in page]
    return {
        "ok": True,
        "total": len(documents),
        "limit": limit,
        "offset": offset,
        "documents": rows,
    }


@router.get("/documents/{doc_id}", response_model=Envelope)
def get_document(request: Request, doc_id: str) -> dict[str, Any]:
    snapshot = _snapshot(request)
    document = snapshot.documents.get(doc_id)
    if document is None:
        raise NotFound(f"no document with id {doc_id!r}")
    claims = [row for row in snapshot.records if row["doc"] == doc_id]
    return {"ok": True, "document": {**document_record(document), "text": document.text},
            "claims": claims}  # fmt: skip


CLAIMS_DESCRIPTION = """Claims, filtered, sorted and paged, with reviewed values applied.

Every claim is listed, rejected ones too (marked `"review": "rejected"`); a corrected claim
shows its corrected values, with the extracted ones under `original`. `total` counts all the
matches; past 10,000 it stops counting, says 10,000 and sets `"exact": false`.

Filters on `doc`, `kind`, `status`, `category`, `place` or `country` (not both), `min_count`,
and the sorts `doc`, `low`, `high` and `count` (the larger bound), are answered by the
database, which reads only the page (`doc` and `count` order on an index, `low` and `high`
sort the matches in SQL); `grade` is then null, because grades come from analysing every
claim together (read one claim for its grade). A request that filters on
`review`, `year` or `q`, sorts by anything else, or filters or sorts on a field a reviewer has
corrected on some claim, is answered instead by filtering every claim in memory (with grades),
which is slow on a large store.
"""


@router.get("/claims", response_model=Envelope, description=CLAIMS_DESCRIPTION)
def list_claims(
    request: Request,
    kind: KindParam = None,
    status: Text = None,
    category: Text = None,
    review: ReviewParam = None,
    doc: Text = None,
    place: Text = None,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    year: YearParam = None,
    q: Text = None,
    min_count: Annotated[
        int | None,
        Query(ge=0, le=10**12, description="deployments whose larger bound reaches this"),
    ] = None,
    sort: ClaimSort = "doc",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    query = ClaimQuery(kind, status, category, review, doc, place, country, year, q, sort,
                       limit, offset)  # fmt: skip
    desk = _desk(request)
    versions = desk.reviews.all_versions()
    paged = sql_claim_page(desk.source, query, min_count, versions)
    if paged is not None:
        return {"ok": True, "total": paged.total, "exact": paged.exact, "limit": limit,
                "offset": offset, "claims": paged.records}  # fmt: skip
    total, rows = memory_claim_page(desk.snapshot().records, query, min_count)
    return {"ok": True, "total": total, "exact": True, "limit": limit, "offset": offset,
            "claims": rows}  # fmt: skip


def _larger_bound(row: Mapping[str, Any]) -> Any:
    return row.get("high") if row.get("high") is not None else row.get("low")


def _reaches(row: Mapping[str, Any], min_count: int) -> bool:
    bound = _larger_bound(row)
    return bound is not None and bool(bound >= min_count)


def _count_key(row: Mapping[str, Any]) -> tuple[bool, Any]:
    """Sort key for `count`: the larger bound, claims without one last."""
    bound = _larger_bound(row)
    return bound is None, bound or 0


def _read_fields(query: ClaimQuery, min_count: int | None) -> set[str]:
    """The contract fields the request filters or sorts on that a reviewer can correct."""
    fields = {"status"} if query.status is not None else set()
    fields |= {"category"} if query.category is not None else set()
    fields |= {"destination"} if query.place is not None or query.country is not None else set()
    fields |= {"low", "high"} if min_count is not None else set()
    sort = query.sort.lstrip("-")
    fields |= {"low", "high"} if sort == "count" else ({sort} & {"low", "high"})
    return fields


def _corrected_fields(versions: Mapping[str, Sequence[ClaimVersion]]) -> set[str]:
    return {name for history in versions.values() for name in current_changes(history)}


def _store_filter(query: ClaimQuery, min_count: int | None) -> ClaimFilter | None:
    """The request's filters as the store's, or None when the store cannot express them."""
    if query.review is not None or query.year is not None or query.q is not None:
        return None
    if query.sort.lstrip("-") not in SQL_SORTS:
        return None
    destination = query.country
    if query.place is not None:
        # the store reads a two-letter destination as a country too, and trims spaces
        if query.country is not None or len(query.place) == 2 or query.place.strip() != query.place:
            return None
        destination = query.place
    return ClaimFilter(
        doc=query.doc,
        kind=query.kind,
        status=query.status,
        category=query.category,
        destination=destination,
        min_count=min_count,
    )


def sql_claim_page(
    source: ClaimSource,
    query: ClaimQuery,
    min_count: int | None,
    versions: Mapping[str, Sequence[ClaimVersion]],
) -> ClaimPage | None:
    """The page filtered, sorted and paged by the database, reviews applied; None when the
    request needs the in-memory path (see CLAIMS_DESCRIPTION).

    The database holds the extracted values, so it answers only when no correction touches a
    field the request filters or sorts on: then the stored values decide exactly as the
    reviewed ones would, and the reviews are applied to the page alone.
    """
    where = _store_filter(query, min_count)
    if not isinstance(source, Store) or where is None:
        return None
    if _read_fields(query, min_count) & _corrected_fields(versions):
        return None
    sort = query.sort.lstrip("-")
    page = source.claim_page_sorted(where, SQL_SORTS[sort], query.sort.startswith("-"),
                                    limit=query.limit, offset=query.offset)  # fmt: skip
    documents = source.documents_by_id(record["doc"] for record in page.records)
    rows = [
        stored_claim_record(record, versions.get(record["id"], ()), documents.get(record["doc"]))
        for record in page.records
    ]
    return ClaimPage(page.total, page.exact, rows)


def memory_claim_page(
    records: JsonRows, query: ClaimQuery, min_count: int | None
) -> tuple[int, JsonRows]:
    """`query_claims` over every reviewed record, plus the listing's `min_count` and `count`."""
    if min_count is not None:
        records = [row for row in records if _reaches(row, min_count)]
    if query.sort.lstrip("-") != "count":
        return query_claims(records, query)
    everything = replace(query, sort="doc", limit=len(records) + 1, offset=0)
    total, matching = query_claims(records, everything)
    # stable, so ties stay in position order either way: what the database gives
    matching.sort(key=_count_key, reverse=query.sort.startswith("-"))
    return total, matching[query.offset : query.offset + query.limit]


@router.get("/claims/{claim_id}", response_model=Envelope)
def get_claim(request: Request, claim_id: str) -> dict[str, Any]:
    desk = _desk(request)
    reviewed = desk.claim(claim_id)
    snapshot = desk.snapshot()
    document = snapshot.documents.get(reviewed.original.doc)
    record = claim_record(reviewed, document, snapshot.grades.get(claim_id))
    return {"ok": True, "claim": record, "correctable": correctable_fields(reviewed.original)}


@router.post("/claims/{claim_id}/review", response_model=Envelope)
def review_claim(request: Request, claim_id: str, body: ReviewRequest) -> dict[str, Any]:
    """Accept, correct or reject a claim: needs a token; the token's name is the reviewer."""
    reviewer = token_owner(request)
    when = datetime.now(UTC).isoformat(timespec="seconds")
    reviewed = _desk(request).review(
        claim_id, body.decision, reviewer=reviewer, reason=body.reason, when=when,
        changes=body.changes or None,
    )  # fmt: skip
    snapshot = _desk(request).snapshot()
    document = snapshot.documents.get(reviewed.original.doc)
    return {"ok": True, "claim": claim_record(reviewed, document, snapshot.grades.get(claim_id))}


@router.get("/events", response_model=Envelope)
def list_events(request: Request) -> dict[str, Any]:
    return {"ok": True, "events": _snapshot(request).events}


@router.get("/contradictions", response_model=Envelope)
def list_contradictions(request: Request) -> dict[str, Any]:
    return {"ok": True, "contradictions": _snapshot(request).contradictions}


@router.get("/estimates", response_model=Envelope)
def list_estimates(request: Request) -> dict[str, Any]:
    return {"ok": True, "estimates": _snapshot(request).estimates}


@router.get("/places", response_model=Envelope)
def list_places(request: Request) -> dict[str, Any]:
    """Destinations with coordinates, with how many reviewed claims name each."""
    return {"ok": True, "places": map_points(_snapshot(request))}


def _reviewed_rows(snapshot: Snapshot) -> list[dict[str, Any]]:
    return [row for row in snapshot.records if row["review"] != "rejected"]


@router.get(
    "/exports/claims.jsonl",
    response_class=PlainTextResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def export_claims(request: Request) -> Response:
    """Reviewed claims (corrections applied, rejections left out) as JSON Lines."""
    lines = (json.dumps(row, ensure_ascii=False) for row in _reviewed_rows(_snapshot(request)))
    return Response("".join(line + "\n" for line in lines), media_type="application/x-ndjson")


@router.get(
    "/exports/documents.jsonl",
    response_class=PlainTextResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def export_documents(request: Request) -> Response:
    documents = _snapshot(request).documents.values()
    lines = (json.dumps(document_record(doc), ensure_ascii=False) for doc in documents)
    return Response("".join(line + "\n" for line in lines), media_type="application/x-ndjson")


@router.get(
    "/exports/claims.csv",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_claims_csv(
    request: Request,
    kind: KindParam = None,
    status: Text = None,
    category: Text = None,
    review: ReviewParam = None,
    doc: Text = None,
    place: Text = None,
    year: YearParam = None,
    q: Text = None,
    sort: Sort = "doc",
) -> Response:
    """The claims table as CSV, with the same filters as `GET /api/claims`, all rows."""
    query = ClaimQuery(kind, status, category, review, doc, place, None, year, q, sort,
                       limit=1_000_000)  # fmt: skip
    _, rows = query_claims(_snapshot(request).records, query)
    headers = {"Content-Disposition": 'attachment; filename="laborwatch-claims.csv"'}
    return Response(claims_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)
