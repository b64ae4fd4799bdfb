"""Estimates: North Korean workers present (stock) and arriving (inflow) by year, and the state's
annual revenue from them, each as a median with an 80% interval and the claims it rests on.

Rules (data in resources/estimate.toml; reasoning in docs/estimates.md):

* Claims of copies (documents with `duplicate_of`) are left out: "duplicate".
* Only deployment claims whose destination is in `country` count. Categories: workers,
  military_workers and unspecified; troops never ("wrong category").
* Stock = status `present`; inflow = `dispatched` or `entered`. Planned and expected are
  intentions, repatriated is an outflow, observed is a sighting at one place and time, not a
  census: all "not counted".
* A claim's year is the year its own time falls in, else its report's year (a present-tense
  statement with no time is about the day it was written); a time spanning several years, or no
  date at all, leaves it out ("no year").
* A claim on the outvoted side of a contradiction is left out ("contradicted").
* Totals before parts: a claim about the whole country with no sector or visa narrowing is a
  total. Parts (a city, a sector, a visa class) are used only when a year has no total, summed
  per document (one report's places are disjoint) as a lower bound.
* Claims of one event report one figure: each event is one component (the intersection of its
  claims' intervals), weighted by its best reliability grade. Open bounds become intervals:
  at_least x -> [x, 1.5x], at_most x -> [0.5x, x], about x -> [0.9x, 1.1x], vague -> its bounds.
* Monte Carlo: each draw picks a component in proportion to its weight and a value uniformly
  inside its interval; the row gives the median and the 10th-90th percentiles. Each row has its
  own generator seeded from (seed, year, measure), so results are deterministic and removing a
  claim only changes the rows it was in.
* Revenue = stock draw x remittance per worker per month (USD) x 12. Remittance components come
  from remittance claims in reports about the country, or gross minus net wage stated in one
  report; amounts per year are divided by 12, per day multiplied by `days_per_month`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from laborwatch.errors import ResourceError
from laborwatch.model import Claim, Deployment, Document, Money, MoneyKind, Per, Qualifier
from laborwatch.resolve.cluster import Event
from laborwatch.resolve.reliability import Grade
from laborwatch.resources import resource_path

MEASURES = ("stock", "inflow", "revenue")
DEFAULT_WEIGHT = 0.5

Samples = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class EstimateRules:
    bounds: Mapping[str, tuple[float, float]]
    draws: int
    interval: tuple[float, float]
    categories: frozenset[str]
    stock_statuses: frozenset[str]
    inflow_statuses: frozenset[str]
    months_per_year: int
    days_per_month: int


@dataclass(frozen=True, slots=True)
class EstimateRow:
    measure: str  # stock, inflow or revenue (USD a year)
    country: str
    year: int
    median: float
    low: float  # the interval's lower percentile
    high: float
    claims: tuple[str, ...]  # every claim the row rests on
    figures: int  # independent figures: events, or reports whose parts were summed
    note: str = ""


@dataclass(frozen=True, slots=True)
class Exclusion:
    claim: str
    measure: str
    reason: str


@dataclass(frozen=True, slots=True)
class Estimates:
    rows: tuple[EstimateRow, ...]
    excluded: tuple[Exclusion, ...]


@dataclass(frozen=True, slots=True)
class _Component:
    low: float
    high: float
    weight: float
    claims: tuple[str, ...]


def load_estimate_rules(text: str | None = None) -> EstimateRules:
    """resources/estimate.toml (or `text`) as rules; ResourceError when malformed."""
    if text is None:
        text = resource_path("estimate.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
        table = data["estimate"]
        low, high = table["interval"]
        return EstimateRules(
            bounds={k: (float(v[0]), float(v[1])) for k, v in data["bounds"].items()},
            draws=int(table["draws"]),
            interval=(float(low), float(high)),
            categories=frozenset(table["categories"]),
            stock_statuses=frozenset(table["stock_statuses"]),
            inflow_statuses=frozenset(table["inflow_statuses"]),
            months_per_year=int(table["months_per_year"]),
            days_per_month=int(table["days_per_month"]),
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, IndexError) as error:
        raise ResourceError(f"estimate.toml is malformed: {error}") from None


def estimate(
    claims: Sequence[Claim],
    documents: Mapping[str, Document],
    events: Sequence[Event],
    grades: Mapping[str, Grade],
    country: str = "RU",
    seed: int = 0,
    rules: EstimateRules | None = None,
) -> Estimates:
    """Stock, inflow and revenue rows for `country`, with every claim used or left out."""
    rules = rules or load_estimate_rules()
    excluded: list[Exclusion] = []
    counted: dict[tuple[str, int], list[Claim]] = {}
    outvoted = {claim_id for event in events for claim_id in event.outvoted}
    for claim in claims:
        place = _count_place(claim, documents, outvoted, country, rules)
        if isinstance(place, Exclusion):
            excluded.append(place)
        elif place is not None:
            counted.setdefault(place, []).append(claim)
    event_of = {claim_id: event.id for event in events for claim_id in event.claims}
    rows: list[EstimateRow] = []
    stock: dict[int, tuple[EstimateRow, Samples]] = {}
    for (measure, year), members in sorted(counted.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        components, figures, note = _count_components(members, event_of, grades, rules)
        samples = _draw(components, rules.draws, _generator(seed, year, measure))
        row = _row(measure, country, year, samples, components, figures, rules, note)
        rows.append(row)
        if measure == "stock":
            stock[year] = (row, samples)
    remittances, money_excluded = _remittance_components(claims, documents, country, grades, rules)
    excluded.extend(money_excluded)
    for year, (stock_row, workers) in sorted(stock.items()):
        revenue = _revenue_row(year, stock_row, workers, remittances, seed, rules)
        if revenue is not None:
            rows.append(revenue)
    return Estimates(rows=tuple(rows), excluded=tuple(excluded))


# --- counts -------------------------------------------------------------------------------


def _count_place(
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
    """The interval a claim's count is drawn from (see the module docstring)."""
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


def _count_components(
    members: Sequence[Claim],
    event_of: Mapping[str, str],
    grades: Mapping[str, Grade],
    rules: EstimateRules,
) -> tuple[list[_Component], int, str]:
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
) -> list[_Component]:
    """One event's claims share one figure's weight (its best grade), split by their grades."""
    graded = [
        (claim, bound, _best_weight([claim], grades))
        for claim in group
        if (bound := monte_carlo_bounds(_deployment(claim), rules)) is not None
    ]
    total = sum(weight for _, _, weight in graded) or 1.0
    best = max((weight for _, _, weight in graded), default=0.0)
    return [
        _Component(bound[0], bound[1], best * weight / total, (claim.id,))
        for claim, bound, weight in graded
    ]


def _summed(
    group: Sequence[Claim], grades: Mapping[str, Grade], rules: EstimateRules
) -> _Component:
    intervals = _intervals(group, rules)
    low = sum(bound[0] for bound in intervals)
    high = sum(bound[1] for bound in intervals)
    return _Component(low, high, _best_weight(group, grades), tuple(c.id for c in group))


def _best_weight(group: Sequence[Claim], grades: Mapping[str, Grade]) -> float:
    return max(grades[c.id].weight if c.id in grades else DEFAULT_WEIGHT for c in group)


# --- Monte Carlo --------------------------------------------------------------------------


def _generator(seed: int, year: int, measure: str) -> np.random.Generator:
    """One generator per row, so a row depends only on its own claims."""
    return np.random.default_rng([seed, year, MEASURES.index(measure)])


def _draw(components: Sequence[_Component], draws: int, rng: np.random.Generator) -> Samples:
    """Values drawn from the weighted mixture of uniform intervals."""
    weights = np.array([max(component.weight, 1e-9) for component in components])
    chosen = rng.choice(len(components), size=draws, p=weights / weights.sum())
    lows = np.array([component.low for component in components])[chosen]
    highs = np.array([component.high for component in components])[chosen]
    samples: Samples = lows + (highs - lows) * rng.random(draws)
    return samples


def _row(
    measure: str,
    country: str,
    year: int,
    samples: Samples,
    components: Sequence[_Component],
    figures: int,
    rules: EstimateRules,
    note: str,
) -> EstimateRow:
    low, median, high = np.quantile(samples, [rules.interval[0], 0.5, rules.interval[1]])
    claims = tuple(sorted({claim for component in components for claim in component.claims}))
    return EstimateRow(
        measure=measure,
        country=country,
        year=year,
        median=round(float(median)),
        low=round(float(low)),
        high=round(float(high)),
        claims=claims,
        figures=figures,
        note=note,
    )


# --- revenue ------------------------------------------------------------------------------


def _remittance_components(
    claims: Sequence[Claim],
    documents: Mapping[str, Document],
    country: str,
    grades: Mapping[str, Grade],
    rules: EstimateRules,
) -> tuple[list[_Component], list[Exclusion]]:
    """Remittance per worker per month in USD, one component per claim or gross-net pair."""
    about = _documents_about(claims, country)
    components: list[_Component] = []
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
            components.append(_Component(*monthly, weight, (claim.id,)))
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
) -> list[_Component]:
    """Gross minus net wage stated in one report: what is taken from each worker a month."""
    components: list[_Component] = []
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
                components.append(_Component(max(low, 0.0), high, weight, (gross.id, net.id)))
    return components


def _revenue_row(
    year: int,
    stock_row: EstimateRow,
    workers: Samples,
    remittances: Sequence[_Component],
    seed: int,
    rules: EstimateRules,
) -> EstimateRow | None:
    if not remittances:
        return None
    rng = _generator(seed, year, "revenue")
    per_month = _draw(remittances, len(workers), rng)
    samples = workers * per_month * rules.months_per_year
    claims = {claim for component in remittances for claim in component.claims}
    low, median, high = np.quantile(samples, [rules.interval[0], 0.5, rules.interval[1]])
    return EstimateRow(
        measure="revenue",
        country=stock_row.country,
        year=year,
        median=round(float(median)),
        low=round(float(low)),
        high=round(float(high)),
        claims=tuple(sorted(claims | set(stock_row.claims))),
        figures=stock_row.figures + len(remittances),
        note="; ".join(
            text
            for text in (
                "USD a year: workers present x remittance per worker a month x 12",
                stock_row.note,
            )
            if text
        ),
    )
