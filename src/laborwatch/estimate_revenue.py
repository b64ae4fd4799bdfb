"""Remittances for the revenue estimate: one component per remittance claim, in USD per worker a
month, or per gross and net wage stated in one report; money claims that cannot be used, with
their reason.

Apart from estimate.py, which multiplies draws of these components by the workers present.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from laborwatch.estimate_rules import DEFAULT_WEIGHT, Component, EstimateRules, Exclusion
from laborwatch.model import Claim, Deployment, Document, Money, MoneyKind, Per
from laborwatch.resolve.reliability import Grade


def remittance_components(
    claims: Sequence[Claim],
    documents: Mapping[str, Document],
    country: str,
    grades: Mapping[str, Grade],
    rules: EstimateRules,
) -> tuple[list[Component], list[Exclusion]]:
    """Remittance per worker per month in USD, one component per claim or gross-net pair."""
    about = _documents_about(claims, country)
    components: list[Component] = []
    excluded: list[Exclusion] = []
    wages: dict[str, dict[MoneyKind, list[tuple[Claim, float, float]]]] = {}
    for claim in claims:
        money = claim.details
        if not isinstance(money, Money):
            continue
        reason = _money_reason(claim, money, documents, about)
        monthly = None if reason else _monthly_usd(money, rules)
        if reason or monthly is None:
            if money.money_kind is MoneyKind.REMITTANCE:
                why = reason or f"no monthly USD value ({money.usd_rate_note or money.per})"
                excluded.append(Exclusion(claim.id, "revenue", why))
            continue
        if money.money_kind is MoneyKind.REMITTANCE:
            weight = grades[claim.id].weight if claim.id in grades else DEFAULT_WEIGHT
            components.append(Component(*monthly, weight, (claim.id,)))
        elif money.money_kind in (MoneyKind.WAGE_GROSS, MoneyKind.WAGE_NET):
            wages.setdefault(claim.doc, {}).setdefault(money.money_kind, []).append(
                (claim, *monthly)
            )
    components.extend(_deductions(wages, grades))
    return components, excluded


def _money_reason(
    claim: Claim, money: Money, documents: Mapping[str, Document], about: set[str]
) -> str:
    document = documents.get(claim.doc)
    if document is not None and document.duplicate_of:
        return f"duplicate: copy of {document.duplicate_of}"
    if claim.doc not in about:
        return "report is not about workers in this country"
    return ""


def _documents_about(claims: Sequence[Claim], country: str) -> set[str]:
    """Documents whose deployment claims name `country` more than any other."""
    tally: dict[str, dict[str | None, int]] = {}
    for claim in claims:
        if isinstance(claim.details, Deployment):
            place = claim.details.destination
            counts = tally.setdefault(claim.doc, {})
            key = place.country if place else None
            counts[key] = counts.get(key, 0) + 1
    return {
        doc
        for doc, counts in tally.items()
        if counts.get(country, 0) and counts[country] == max(counts.values())
    }


def _monthly_usd(money: Money, rules: EstimateRules) -> tuple[float, float] | None:
    if money.usd_low is None or money.usd_high is None:
        return None
    factor = (
        {
            Per.MONTH: 1.0,
            Per.YEAR: 1 / rules.months_per_year,
            Per.DAY: float(rules.days_per_month),
        }.get(money.per)
        if money.per
        else None
    )
    if factor is None:
        return None
    return money.usd_low * factor, money.usd_high * factor


def _deductions(
    wages: Mapping[str, Mapping[MoneyKind, list[tuple[Claim, float, float]]]],
    grades: Mapping[str, Grade],
) -> list[Component]:
    """Gross minus net wage stated in one report: what is taken from each worker a month."""
    components: list[Component] = []
    for by_kind in wages.values():
        for gross, gross_low, gross_high in by_kind.get(MoneyKind.WAGE_GROSS, []):
            for net, net_low, net_high in by_kind.get(MoneyKind.WAGE_NET, []):
                low, high = gross_low - net_high, gross_high - net_low
                if high <= 0:
                    continue
                weight = min(
                    grades[claim.id].weight if claim.id in grades else DEFAULT_WEIGHT
                    for claim in (gross, net)
                )
                components.append(Component(max(low, 0.0), high, weight, (gross.id, net.id)))
    return components
