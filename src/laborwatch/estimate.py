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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from laborwatch.estimate_counts import count_components, count_place
from laborwatch.estimate_revenue import remittance_components
from laborwatch.estimate_rules import Component, EstimateRules, Exclusion, load_estimate_rules
from laborwatch.model import Claim, Document
from laborwatch.resolve.cluster import Event
from laborwatch.resolve.reliability import Grade

MEASURES = ("stock", "inflow", "revenue")

Samples = npt.NDArray[np.float64]


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
class Estimates:
    rows: tuple[EstimateRow, ...]
    excluded: tuple[Exclusion, ...]


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
        place = count_place(claim, documents, outvoted, country, rules)
        if isinstance(place, Exclusion):
            excluded.append(place)
        elif place is not None:
            counted.setdefault(place, []).append(claim)
    event_of = {claim_id: event.id for event in events for claim_id in event.claims}
    rows: list[EstimateRow] = []
    stock: dict[int, tuple[EstimateRow, Samples]] = {}
    for (measure, year), members in sorted(counted.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        components, figures, note = count_components(members, event_of, grades, rules)
        samples = _draw(components, rules.draws, _generator(seed, year, measure))
        row = _row(measure, country, year, samples, components, figures, rules, note)
        rows.append(row)
        if measure == "stock":
            stock[year] = (row, samples)
    remittances, money_excluded = remittance_components(claims, documents, country, grades, rules)
    excluded.extend(money_excluded)
    for year, (stock_row, workers) in sorted(stock.items()):
        revenue = _revenue_row(year, stock_row, workers, remittances, seed, rules)
        if revenue is not None:
            rows.append(revenue)
    return Estimates(rows=tuple(rows), excluded=tuple(excluded))


# --- Monte Carlo --------------------------------------------------------------------------


def _generator(seed: int, year: int, measure: str) -> np.random.Generator:
    """One generator per row, so a row depends only on its own claims."""
    return np.random.default_rng([seed, year, MEASURES.index(measure)])


def _draw(components: Sequence[Component], draws: int, rng: np.random.Generator) -> Samples:
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
    components: Sequence[Component],
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


def _revenue_row(
    year: int,
    stock_row: EstimateRow,
    workers: Samples,
    remittances: Sequence[Component],
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
