"""The project's resolve and estimate stages as the desk's `Analysis` of reviewed claims.

Events (resolve.cluster), grades (resolve.reliability) and estimates (estimate) are computed
from the claims as reviewed, so a correction or rejection moves every figure that rests on it.
Rules are loaded once, when the app or report is made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from laborwatch.estimate import EstimateRow, estimate
from laborwatch.estimate_rules import load_estimate_rules
from laborwatch.model import Claim, Document
from laborwatch.resolve.cluster import Event, cluster_events, load_event_rules
from laborwatch.resolve.reliability import Grade, grade_claims, load_reliability_rules
from laborwatch.web.desk import Analysis, Findings

MEASURE_LABELS = {
    "stock": "workers present",
    "inflow": "workers arriving",
    "revenue": "revenue to the state (USD a year)",
}


def project_analysis() -> Analysis:
    """Events, contradictions, grades and estimates from the project's own stages."""
    event_rules = load_event_rules()
    reliability_rules = load_reliability_rules(event_rules=event_rules)
    estimate_rules = load_estimate_rules()

    def analyse(claims: Sequence[Claim], documents: Mapping[str, Document]) -> Findings:
        events = cluster_events(claims, documents, event_rules)
        grades = grade_claims(claims, documents, events, reliability_rules, event_rules)
        estimates = estimate(claims, documents, events, grades, rules=estimate_rules)
        return Findings(
            events=[event_row(event) for event in events],
            contradictions=[contradiction_row(event) for event in events if event.contradiction],
            estimates=[estimate_row(row) for row in estimates.rows],
            grades={claim_id: grade_label(grade) for claim_id, grade in grades.items()},
        )

    return analyse


def grade_label(grade: Grade) -> str:
    return f"{grade.reliability}{grade.credibility}"


def _bounds(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low:,}" if low == high else f"{low:,}–{high:,}"
    if low is not None:
        return f"at least {low:,}"
    if high is not None:
        return f"up to {high:,}"
    return "an unknown number of"


def event_label(event: Event) -> str:
    """A reading of the event: who, how many, what happened, where, when."""
    where = event.region or event.country or "an unnamed place"
    when = event.start[:7] if event.start else "an unknown date"
    return f"{_bounds(event.low, event.high)} {event.category}, {event.status}, {where}, {when}"


def event_row(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "label": event_label(event),
        "year": int(event.start[:4]) if event.start and event.start[:4].isdigit() else None,
        "destination": event.region or event.country,
        "low": event.low,
        "high": event.high,
        "claims": list(event.claims),
        "documents": list(event.documents),
        "origins": list(event.origins),
        "contradiction": event.contradiction,
    }


def contradiction_row(event: Event) -> dict[str, Any]:
    sides = [list(side) for side in event.sides]
    return {
        "event": event.id,
        "description": f"Reports of one event disagree on the number: {event_label(event)}",
        "claims": [claim_id for side in sides for claim_id in side],
        "sides": sides,
        "outvoted": list(event.outvoted),
    }


def estimate_row(row: EstimateRow) -> dict[str, Any]:
    return {
        "measure": row.measure,
        "label": f"{MEASURE_LABELS.get(row.measure, row.measure)} · {row.country}",
        "country": row.country,
        "destination": None,  # country-wide rows; the chart and headline read these
        "year": row.year,
        "low": row.low,
        "central": row.median,
        "high": row.high,
        "claims": list(row.claims),
        "figures": row.figures,
        "note": row.note,
    }
