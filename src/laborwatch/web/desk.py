"""The desk: what the API, the pages and the report read, in one place.

It joins the store's documents and extracted claims with the reviewers' decisions, and hands
the *reviewed* claims (rejected ones left out, corrections applied) to the analysis — events,
contradictions, estimates, grades — so every figure on every page follows review.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from laborwatch.errors import InputError
from laborwatch.model import Claim, Deployment, Document
from laborwatch.store.review import ReviewStore
from laborwatch.web.records import ReviewedClaim, claim_record
from laborwatch.web.review import (
    ClaimVersion,
    Decision,
    ReviewState,
    effective_claim,
    next_version,
    review_state,
)

JsonRows = list[dict[str, Any]]


class ClaimSource(Protocol):
    """The part of the project store the desk reads."""

    def documents(self) -> Iterable[Document]: ...

    def claims(self) -> Iterable[Claim]: ...

    def get_document(self, doc: str) -> Document: ...  # raises NotFound

    def get_claim(self, claim_id: str) -> Claim: ...  # raises NotFound


@dataclass(frozen=True, slots=True)
class Findings:
    """What the resolve and estimate stages find in the reviewed claims, as JSON rows.

    Estimate rows carry `measure` (stock, inflow, revenue), `year`, `low`, `central`, `high`
    and `claims` (ids); event rows `id`, `label`, `claims`; contradiction rows `description`
    and `claims`; grades map a claim id to its grade ("B2").
    """

    events: JsonRows = field(default_factory=list)
    contradictions: JsonRows = field(default_factory=list)
    estimates: JsonRows = field(default_factory=list)
    grades: dict[str, str] = field(default_factory=dict)


# Reviewed claims and the documents by id -> findings.
Analysis = Callable[[Sequence[Claim], Mapping[str, Document]], Findings]


def empty_analysis(claims: Sequence[Claim], documents: Mapping[str, Document]) -> Findings:
    """No findings: what the desk shows when the analysis stages are not available."""
    return Findings()


EMPTY_ANALYSIS: Analysis = empty_analysis


@dataclass(frozen=True, slots=True)
class ClaimQuery:
    """Filters, sort and page for the claims table and `GET /api/claims`."""

    kind: str | None = None
    status: str | None = None
    category: str | None = None
    review: str | None = None
    doc: str | None = None
    place: str | None = None
    country: str | None = None
    year: int | None = None
    q: str | None = None
    sort: str = "doc"
    limit: int = 50
    offset: int = 0


SORT_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "doc": lambda row: (row["doc"], row["span"][0]),
    "kind": lambda row: (row["kind"], row["doc"]),
    "year": lambda row: (row["year"] is None, row["year"] or 0),
    "low": lambda row: (row.get("low") is None, row.get("low") or 0),
    "high": lambda row: (row.get("high") is None, row.get("high") or 0),
    "status": lambda row: (row.get("status") or "", row["doc"]),
    "place": lambda row: ((row.get("destination") or {}).get("name") or "~", row["doc"]),
    "review": lambda row: (row["review"], row["doc"]),
    "published": lambda row: (row["source"]["published"] or "", row["doc"]),
}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything the pages show, computed once per request from the store and the reviews."""

    documents: dict[str, Document]
    claims: list[ReviewedClaim]
    grades: dict[str, str]
    events: JsonRows
    contradictions: JsonRows
    estimates: JsonRows
    records: JsonRows = field(default_factory=list)

    def reviewed(self) -> list[Claim]:
        return [item.effective for item in self.claims if item.effective is not None]


def _matches(row: dict[str, Any], query: ClaimQuery) -> bool:
    destination = row.get("destination") or {}
    checks = [
        query.kind is None or row["kind"] == query.kind,
        query.status is None or row.get("status") == query.status,
        query.category is None or row.get("category") == query.category,
        query.review is None or row["review"] == query.review,
        query.doc is None or row["doc"] == query.doc,
        query.place is None or (destination.get("name") or "").lower() == query.place.lower(),
        query.country is None or (destination.get("country") or "") == query.country.upper(),
        query.year is None or row["year"] == query.year,
        query.q is None or query.q.lower() in row["quote"].lower(),
    ]
    return all(checks)


class Desk:
    def __init__(self, source: ClaimSource, reviews: ReviewStore, analysis: Analysis) -> None:
        self.source = source
        self.reviews = reviews
        self.analysis = analysis

    def snapshot(self) -> Snapshot:
        documents = {document.id: document for document in self.source.documents()}
        versions = self.reviews.all_versions()
        claims = [_reviewed(claim, versions.get(claim.id, [])) for claim in self.source.claims()]
        reviewed = [item.effective for item in claims if item.effective is not None]
        findings = self.analysis(reviewed, documents)
        grades = findings.grades
        records = [
            claim_record(c, documents.get(c.original.doc), grades.get(c.original.id))
            for c in claims
        ]
        return Snapshot(
            documents=documents,
            claims=claims,
            grades=grades,
            events=findings.events,
            contradictions=findings.contradictions,
            estimates=findings.estimates,
            records=records,
        )

    def document(self, doc_id: str) -> Document:
        return self.source.get_document(doc_id)

    def claim(self, claim_id: str) -> ReviewedClaim:
        claim = self.source.get_claim(claim_id)
        return _reviewed(claim, self.reviews.versions(claim_id))

    def review(
        self,
        claim_id: str,
        decision: Decision,
        *,
        reviewer: str,
        reason: str,
        when: str,
        changes: Mapping[str, Any] | None = None,
    ) -> ReviewedClaim:
        current = self.claim(claim_id)
        version = next_version(
            current.original,
            current.versions,
            decision,
            reviewer=reviewer,
            reason=reason,
            when=when,
            changes=changes,
        )
        self.reviews.add_version(version)
        return self.claim(claim_id)


def _reviewed(claim: Claim, versions: Sequence[ClaimVersion]) -> ReviewedClaim:
    return ReviewedClaim(
        original=claim,
        effective=effective_claim(claim, versions),
        state=review_state(versions),
        versions=tuple(versions),
    )


def query_claims(records: JsonRows, query: ClaimQuery) -> tuple[int, JsonRows]:
    """The total matching `query` and the requested page of them, sorted."""
    if query.sort.lstrip("-") not in SORT_KEYS:
        raise InputError(f"cannot sort by {query.sort!r}; use one of {', '.join(SORT_KEYS)}")
    matching = [row for row in records if _matches(row, query)]
    key = SORT_KEYS[query.sort.lstrip("-")]
    matching.sort(key=key, reverse=query.sort.startswith("-"))
    return len(matching), matching[query.offset : query.offset + query.limit]


CSV_COLUMNS = (
    "id", "doc", "kind", "review", "year", "summary", "low", "high", "qualifier", "category",
    "status", "destination", "amount_low", "amount_high", "currency", "per", "money_kind",
    "indicator", "hedged", "attributed_to", "publisher", "published", "url", "quote",
)  # fmt: skip


def claims_csv(records: JsonRows) -> str:
    """The rows as CSV; nested values flattened to the text a spreadsheet reader needs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in records:
        flat = {
            **row,
            "destination": (row.get("destination") or {}).get("name"),
            "attributed_to": (row.get("attributed_to") or {}).get("text"),
            "publisher": row["source"]["publisher"],
            "published": row["source"]["published"],
            "url": row["source"]["url"],
        }
        writer.writerow([_csv_cell(flat.get(column)) for column in CSV_COLUMNS])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # A cell starting with these is run as a formula by spreadsheets; article text is untrusted.
    return "'" + text if text[:1] in ("=", "+", "-", "@") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def map_points(snapshot: Snapshot) -> JsonRows:
    """One point per destination with coordinates: claim count and largest stated number."""
    points: dict[tuple[float, float], dict[str, Any]] = {}
    for item in snapshot.claims:
        details = item.current.details
        if item.effective is None or not isinstance(details, Deployment):
            continue
        place = details.destination
        if place is None or place.lat is None or place.lon is None:
            continue
        point = points.setdefault(
            (place.lat, place.lon),
            {"name": place.name, "country": place.country, "lat": place.lat, "lon": place.lon,
             "claims": 0, "largest": None},
        )  # fmt: skip
        point["claims"] += 1
        stated = details.high if details.high is not None else details.low
        if stated is not None and (point["largest"] is None or stated > point["largest"]):
            point["largest"] = stated
    return sorted(points.values(), key=lambda point: -int(point["claims"]))


def timeline(snapshot: Snapshot) -> list[tuple[str, JsonRows]]:
    """Reviewed claims grouped by the year they are about, newest first; undated last."""
    by_year: dict[str, JsonRows] = defaultdict(list)
    for row in snapshot.records:
        if row["review"] != ReviewState.REJECTED.value:
            by_year[str(row["year"]) if row["year"] else "undated"].append(row)
    ordered = sorted((year for year in by_year if year != "undated"), reverse=True)
    if "undated" in by_year:
        ordered.append("undated")
    return [(year, by_year[year]) for year in ordered]


def counts_by_kind(snapshot: Snapshot) -> dict[str, int]:
    return dict(Counter(row["kind"] for row in snapshot.records))


def series_by_year(estimates: JsonRows, measure: str) -> JsonRows:
    """Estimate rows of one measure over all destinations, one per year, oldest first."""
    rows = [
        row
        for row in estimates
        if row.get("measure") == measure and row.get("year") is not None
        and not row.get("destination")
    ]  # fmt: skip
    return sorted(rows, key=lambda row: int(row["year"]))


def headline_estimates(estimates: JsonRows) -> JsonRows:
    """Rows flagged as headline, else the latest year's row of each measure."""
    flagged = [row for row in estimates if row.get("headline")]
    if flagged:
        return flagged
    latest: dict[str, dict[str, Any]] = {}
    for row in estimates:
        measure = str(row.get("measure"))
        if row.get("destination"):
            continue
        if measure not in latest or (row.get("year") or 0) > (latest[measure].get("year") or 0):
            latest[measure] = row
    return list(latest.values())


def citations(snapshot: Snapshot, claim_ids: Iterable[str]) -> JsonRows:
    """Quote, outlet, date and URL for each claim id, in the order given."""
    by_id = {row["id"]: row for row in snapshot.records}
    return [by_id[claim_id] for claim_id in claim_ids if claim_id in by_id]
