"""Claims and documents as the JSON the desk serves: the export contract plus review context.

The contract part comes from `laborwatch.export` (the one place it is spelled); this module
only adds what a reader of the desk needs beside it: review state, the extracted original when
a reviewer corrected it, and the source (outlet, date, URL) for citing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from laborwatch.export import claim_from_record
from laborwatch.export import claim_record as contract_claim
from laborwatch.export import document_record as contract_document
from laborwatch.model import Claim, ClaimKind, Deployment, Document, Money
from laborwatch.web.review import ClaimVersion, ReviewState, effective_claim, review_state


@dataclass(frozen=True, slots=True)
class ReviewedClaim:
    """An extracted claim with the reviewer decisions on it and the value they leave."""

    original: Claim
    effective: Claim | None  # None when rejected
    state: ReviewState
    versions: tuple[ClaimVersion, ...] = ()

    @property
    def current(self) -> Claim:
        """What to show: the reviewed value, or the original when the claim was rejected."""
        return self.effective if self.effective is not None else self.original


def reviewed_claim(original: Claim, versions: Sequence[ClaimVersion]) -> ReviewedClaim:
    """The claim with the reviewer decisions on it, in version order."""
    ordered = tuple(sorted(versions, key=lambda version: version.version))
    return ReviewedClaim(
        original=original,
        effective=effective_claim(original, ordered),
        state=review_state(ordered),
        versions=ordered,
    )


def stored_claim_record(
    stored: dict[str, Any],
    versions: Sequence[ClaimVersion],
    document: Document | None,
    grade: str | None = None,
) -> dict[str, Any]:
    """`claim_record` of a claim read from the store as its export record, reviews applied."""
    return claim_record(reviewed_claim(claim_from_record(stored), versions), document, grade)


def document_record(document: Document) -> dict[str, Any]:
    record = contract_document(document)
    record["source"] = document.source
    return record


def version_record(version: ClaimVersion) -> dict[str, Any]:
    return {
        "version": version.version,
        "decision": version.decision.value,
        "reviewer": version.reviewer,
        "reason": version.reason,
        "created_at": version.created_at,
        "changes": dict(version.changes),
    }


def claim_year(claim: Claim, document: Document | None) -> int | None:
    """The year the claim is about: its own time when resolved, else the publication year."""
    when = getattr(claim.details, "when", None)
    start = getattr(when, "start", None) if when is not None else None
    if start and start[:4].isdigit():
        return int(start[:4])
    if document is not None and document.published and document.published[:4].isdigit():
        return int(document.published[:4])
    return None


def claim_place(claim: Claim) -> str | None:
    if isinstance(claim.details, Deployment) and claim.details.destination is not None:
        return claim.details.destination.name
    return None


def claim_summary(claim: Claim) -> str:
    """A one-line reading of the claim for tables and cards."""
    details = claim.details
    if isinstance(details, Deployment):
        return f"{_bounds(details.low, details.high)} {details.category} · {details.status}"
    if isinstance(details, Money):
        amount = _bounds(details.amount_low, details.amount_high)
        per = f" per {details.per}" if details.per else ""
        return f"{amount} {details.currency}{per} · {details.money_kind}"
    if claim.kind is ClaimKind.FX:
        return f"1 {getattr(details, 'base', '')} = {getattr(details, 'rate', '')} " + str(
            getattr(details, "quote_currency", "")
        )
    return str(getattr(details, "indicator", claim.kind)).replace("_", " ")


def _bounds(low: float | None, high: float | None) -> str:
    def shown(value: float) -> str:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"

    if low is not None and high is not None:
        return shown(low) if low == high else f"{shown(low)}–{shown(high)}"
    if low is not None:
        return f"≥{shown(low)}"
    if high is not None:
        return f"≤{shown(high)}"
    return "?"


def claim_record(
    reviewed: ReviewedClaim, document: Document | None, grade: str | None = None
) -> dict[str, Any]:
    """The contract fields of the reviewed value, plus review state, original and source."""
    record = contract_claim(reviewed.current)
    # The words that carry the claim, for the document view's stronger highlight.
    focus = reviewed.original.focus
    record["focus"] = [focus.start, focus.end] if focus is not None else None
    record["review"] = reviewed.state.value
    record["summary"] = claim_summary(reviewed.current)
    record["year"] = claim_year(reviewed.current, document)
    record["grade"] = grade
    record["source"] = {
        "title": document.title if document else None,
        "publisher": document.publisher if document else None,
        "published": document.published if document else None,
        "url": document.url if document else None,
    }
    if reviewed.versions:
        record["original"] = contract_claim(reviewed.original)
        record["original_summary"] = claim_summary(reviewed.original)
        record["versions"] = [version_record(version) for version in reviewed.versions]
    return record
