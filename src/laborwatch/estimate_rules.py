"""The estimate's rules, read from resources/estimate.toml, and the two records its steps hand
back: `Component`, one figure as a weighted interval to draw from, and `Exclusion`, a claim left
out and why.

Apart from estimate.py so that its steps (estimate_counts.py, estimate_revenue.py) share them
without importing the module that calls them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass

from laborwatch.errors import ResourceError
from laborwatch.resources import resource_path

DEFAULT_WEIGHT = 0.5


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
class Exclusion:
    claim: str
    measure: str
    reason: str


@dataclass(frozen=True, slots=True)
class Component:
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
