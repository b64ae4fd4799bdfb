"""REST API under /api: documents, claims, review, events, contradictions, estimates, exports.

Every error is `{"ok": false, "error": ..., "status": N}` (handlers in `create_app`); every
success is an object with `"ok": true`, or a file for the exports.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from laborwatch.errors import NotFound
from laborwatch.web.auth import token_owner
from laborwatch.web.desk import (
    SORT_KEYS,
    ClaimQuery,
    Desk,
    Snapshot,
    claims_csv,
    map_points,
    query_claims,
)
from laborwatch.web.records import claim_record, document_record
from laborwatch.web.review import Decision, correctable_fields


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
Sort = Annotated[
    str,
    Query(
        pattern="^-?(" + "|".join(SORT_KEYS) + ")$",
        description="field to sort by, '-' first for descending",
    ),
]


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


@router.get("/claims", response_model=Envelope)
def list_claims(
    request: Request,
    kind: Annotated[Literal["deployment", "money", "fx", "indicator"] | None, Query()] = None,
    status: Text = None,
    category: Text = None,
    review: Annotated[
        Literal["unreviewed", "accepted", "corrected", "rejected"] | None, Query()
    ] = None,
    doc: Text = None,
    place: Text = None,
    country: Annotated[str | None, Query(min_length=2, max_length=2)] = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    q: Text = None,
    sort: Sort = "doc",
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    query = ClaimQuery(kind, status, category, review, doc, place, country, year, q, sort,
                       limit, offset)  # fmt: skip
    total, rows = query_claims(_snapshot(request).records, query)
    return {"ok": True, "total": total, "limit": limit, "offset": offset, "claims": rows}


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
    kind: Annotated[Literal["deployment", "money", "fx", "indicator"] | None, Query()] = None,
    status: Text = None,
    category: Text = None,
    review: Annotated[
        Literal["unreviewed", "accepted", "corrected", "rejected"] | None, Query()
    ] = None,
    doc: Text = None,
    place: Text = None,
    year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
    q: Text = None,
    sort: Sort = "doc",
) -> Response:
    """The claims table as CSV, with the same filters as `GET /api/claims`, all rows."""
    query = ClaimQuery(kind, status, category, review, doc, place, None, year, q, sort,
                       limit=1_000_000)  # fmt: skip
    _, rows = query_claims(_snapshot(request).records, query)
    headers = {"Content-Disposition": 'attachment; filename="laborwatch-claims.csv"'}
    return Response(claims_csv(rows), media_type="text/csv; charset=utf-8", headers=headers)
