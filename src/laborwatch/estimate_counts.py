"""Counts for the estimate: the (measure, year) a deployment claim counts in, or why it is left
out, and the components a year's claims become (totals per event, else parts summed per report).

Apart from estimate.py, which draws from the components; the rules for choosing and bounding
the claims are here, with `claim_year`, `monte_carlo_bounds` and `is_total`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from laborwatch.estimate_rules import DEFAULT_WEIGHT, Component, EstimateRules, Exclusion
from laborwatch.model import Claim, Deployment, Document, Qualifier
from laborwatch.resolve.reliability import Grade


def count_place(
    claim: Claim,
    documents: Mapping[str, Document],
    outvoted: set[str],
    country: str,
    rules: EstimateRules,
) -> tuple[str, int] | Exclusion | None:
    """(measure, year) a deployment claim counts in, or why it does not."""
    deployment = claim.details
    if not isinstance(deployment, Deployment):
        return None
    document = documents.get(claim.doc)
    if document is not None and document.duplicate_of:
        return Exclusion(claim.id, "count", f"duplicate: copy of {document.duplicate_of}")
    if deployment.destination is None or deployment.destination.country != country:
        return Exclusion(claim.id, "count", f"destination not in {country}")
    if deployment.category.value not in rules.categories:
        return Exclusion(claim.id, "count", f"wrong category: {deployment.category.value}")
    status = deployment.status.value
    if status in rules.stock_statuses:
        measure = "stock"
    elif status in rules.inflow_statuses:
        measure = "inflow"
    else:
        return Exclusion(claim.id, "count", f"not counted: status {status}")
    if claim.id in outvoted:
        return Exclusion(claim.id, measure, "contradicted by claims from more origins")
    year = claim_year(deployment, document.published if document else None)
    if year is None:
        return Exclusion(claim.id, measure, "no year: its time spans years or is unknown")
    return measure, year


def claim_year(deployment: Deployment, published: str | None) -> int | None:
    """The one calendar year a claim is about: its own time's, else its report's."""
    when = deployment.when
    if when is not None and (when.start or when.end):
        if when.start and when.end and when.start[:4] == when.end[:4]:
            return _year(when.start)
        return None
    return _year(published) if published else None


def _year(text: str) -> int | None:
    try:
        return int(text[:4])
    except ValueError:
        return None


def monte_carlo_bounds(deployment: Deployment, rules: EstimateRules) -> tuple[float, float] | None:
    """The interval a claim's count is drawn from (see the docstring of estimate.py)."""
    low, high = deployment.low, deployment.high
    qualifier = deployment.qualifier
    if qualifier in (Qualifier.RANGE, Qualifier.VAGUE) and low is not None and high is not None:
        return float(low), float(high)
    if qualifier is Qualifier.AT_MOST or low is None:
        if high is None:
            return None
        factors = rules.bounds["at_most"]
        return high * factors[0], high * factors[1]
    if qualifier is Qualifier.AT_LEAST or high is None:
        factors = rules.bounds["at_least"]
        return low * factors[0], low * factors[1]
    factors = rules.bounds.get(qualifier.value, (1.0, 1.0))
    return low * factors[0], high * factors[1]


def is_total(deployment: Deployment) -> bool:
    """About the whole country: no region or visa narrowing it.

    A sector does not narrow: "15,000 workers, most of them on building sites" is a total.
    """
    place = deployment.destination
    return place is not None and place.admin1 is None and deployment.visa is None


def count_components(
    members: Sequence[Claim],
    event_of: Mapping[str, str],
    grades: Mapping[str, Grade],
    rules: EstimateRules,
) -> tuple[list[Component], int, str]:
    totals = [claim for claim in members if is_total(_deployment(claim))]
    if totals:
        groups: dict[str, list[Claim]] = {}
        for claim in totals:
            groups.setdefault(event_of.get(claim.id, claim.id), []).append(claim)
        parts = len(members) - len(totals)
        note = f"{parts} narrower claim(s) not added to the totals" if parts else ""
        components = [
            component
            for group in groups.values()
            for component in _event_components(group, grades, rules)
        ]
        return components, len(groups), note
    by_document: dict[str, list[Claim]] = {}
    for claim in members:
        by_document.setdefault(claim.doc, []).append(claim)
    components = [_summed(group, grades, rules) for group in by_document.values()]
    note = "no country-wide figure: parts summed per report, a lower bound"
    return components, len(components), note


def _deployment(claim: Claim) -> Deployment:
    assert isinstance(claim.details, Deployment)  # only deployments are counted
    return claim.details


def _intervals(group: Sequence[Claim], rules: EstimateRules) -> list[tuple[float, float]]:
    bounds = [monte_carlo_bounds(_deployment(claim), rules) for claim in group]
    return [bound for bound in bounds if bound is not None]


def _event_components(
    group: Sequence[Claim], grades: Mapping[str, Grade], rules: EstimateRules
) -> list[Component]:
    """One event's claims share one figure's weight (its best grade), split by their grades."""
    graded = [
        (claim, bound, _best_weight([claim], grades))
        for claim in group
        if (bound := monte_carlo_bounds(_deployment(claim), rules)) is not None
    ]
    total = sum(weight for _, _, weight in graded) or 1.0
    best = max((weight for _, _, weight in graded), default=0.0)
    return [
        Component(bound[0], bound[1], best * weight / total, (claim.id,))
        for claim, bound, weight in graded
    ]


def _summed(group: Sequence[Claim], grades: Mapping[str, Grade], rules: EstimateRules) -> Component:
    intervals = _intervals(group, rules)
    low = sum(bound[0] for bound in intervals)
    high = sum(bound[1] for bound in intervals)
    return Component(low, high, _best_weight(group, grades), tuple(c.id for c in group))


def _best_weight(group: Sequence[Claim], grades: Mapping[str, Grade]) -> float:
    return max(grades[c.id].weight if c.id in grades else DEFAULT_WEIGHT for c in group)
