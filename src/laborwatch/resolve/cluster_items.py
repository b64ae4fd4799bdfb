"""A deployment claim as event clustering sees it (`ClusterItem`): the outlet it rests on (its
origin), the days its time covers as date ordinals, the counts it rules out, and the block and
facet it is compared within.

Apart from cluster.py, which links items into events; reliability.py grades claims by the same
origins (`claim_origin`, `outlet_key`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from laborwatch.model import AttributionType, Claim, Deployment, Document, Qualifier

if TYPE_CHECKING:
    from laborwatch.resolve.cluster import EventRules

INFINITY = float("inf")
WORD = re.compile(r"[\w]+(?:['’][\w]+)?")


@dataclass(frozen=True, slots=True)
class ClusterItem:
    """A deployment claim of an original document, as clustering compares it."""

    claim: Claim
    deployment: Deployment
    origin: str
    block: tuple[str, str, str | None, int]
    region: str | None
    sector: str | None
    visa: str | None
    start: int  # date ordinals
    end: int
    low: float
    high: float


def claim_origin(claim: Claim, documents: Mapping[str, Document], rules: EventRules) -> str:
    """The outlet a claim rests on: an attributed media outlet, else its document's publisher."""
    attribution = claim.attributed_to
    if attribution is not None and attribution.type is AttributionType.MEDIA:
        name = outlet_key(attribution.text, rules.media_filler_words)
        if name:
            return name
    document = documents.get(claim.doc)
    if document is not None and document.publisher:
        return outlet_key(document.publisher, rules.media_filler_words) or document.publisher
    root = document.duplicate_of if document is not None and document.duplicate_of else claim.doc
    return f"document:{root}"


def outlet_key(name: str, filler: frozenset[str]) -> str:
    """'a new BBC probe' and 'BBC' -> 'bbc': lower-case words without filler."""
    words = [word.replace("’", "'") for word in WORD.findall(name.lower())]
    words = [word.removesuffix("'s") for word in words]
    return " ".join(word for word in words if word not in filler)


def cluster_item(
    claim: Claim, documents: Mapping[str, Document], rules: EventRules
) -> ClusterItem | None:
    """The claim as clustering compares it; None for other claims and for claims of copies."""
    deployment = claim.details
    if not isinstance(deployment, Deployment):
        return None
    document = documents.get(claim.doc)
    if document is not None and document.duplicate_of:
        return None
    window = claim_window(deployment, document.published if document else None, rules)
    if window is None:
        window = (0, 0)  # undatable: links with nothing, stays an event of its own
    destination = deployment.destination
    low, high = count_bounds(deployment)
    block = (
        rules.category_family(deployment.category),
        rules.status_family(deployment.status.value),
        destination.country if destination else None,
        date.fromordinal(window[1]).year if window[1] else 0,
    )
    return ClusterItem(
        claim=claim,
        deployment=deployment,
        origin=claim_origin(claim, documents, rules),
        block=block,
        region=destination.admin1 if destination else None,
        sector=deployment.sector,
        visa=deployment.visa,
        start=window[0],
        end=window[1],
        low=low,
        high=high,
    )


def claim_window(
    deployment: Deployment, published: str | None, rules: EventRules
) -> tuple[int, int] | None:
    """Date ordinals the claim's time covers; an undated claim reaches back from its report."""
    when = deployment.when
    if when is not None and (when.start or when.end):
        # "since 2022" runs from its start to the report; "until May" from a lag before its end
        first = parse_day(when.start or "", last=False) or _lagged(when.end, rules)
        last = parse_day(when.end or published or when.start or "", last=True)
        if first is not None and last is not None:
            return first.toordinal(), max(first, last).toordinal()
    if not published:
        return None
    first = parse_day(published, last=False)
    last = parse_day(published, last=True)
    if first is None or last is None:
        return None
    return (first - timedelta(days=rules.report_lag_days)).toordinal(), last.toordinal()


def _lagged(end: str | None, rules: EventRules) -> date | None:
    day = parse_day(end or "", last=False)
    return day - timedelta(days=rules.report_lag_days) if day else None


def parse_day(text: str, *, last: bool) -> date | None:
    """'2025', '2025-06' or '2025-06-17' -> the first (or last) day it covers."""
    parts = text[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
        if len(parts) > 2:
            return date(year, month, int(parts[2]))
        if not last:
            return date(year, month, 1)
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return following - timedelta(days=1)
    except (ValueError, IndexError):
        return None


def count_bounds(deployment: Deployment) -> tuple[float, float]:
    """What the count rules out: open bounds stay open (0 or infinity) for agreement tests."""
    low = float(deployment.low) if deployment.low is not None else None
    high = float(deployment.high) if deployment.high is not None else None
    if deployment.qualifier is Qualifier.AT_MOST or low is None:
        return 0.0, high if high is not None else INFINITY
    if deployment.qualifier is Qualifier.AT_LEAST or high is None:
        return low, INFINITY
    return low, high
