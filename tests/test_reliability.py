"""Admiralty-style grades from attribution, outlet and corroboration."""

from __future__ import annotations

import pytest

from laborwatch.errors import ResourceError
from laborwatch.model import (
    Attribution,
    AttributionType,
    Category,
    Claim,
    ClaimKind,
    Deployment,
    Document,
    Indicator,
    IndicatorFact,
    Place,
    Qualifier,
    Span,
    Status,
)
from laborwatch.resolve.cluster import cluster_events, load_event_rules
from laborwatch.resolve.reliability import grade_claims, load_reliability_rules

EVENT_RULES = load_event_rules()
RULES = load_reliability_rules(event_rules=EVENT_RULES)
PLACE = Place("Khabarovsk", admin1="Khabarovsk Krai", country="RU")
DOCS = {
    d: Document(d, "", d, publisher=p, published="2024-05-02")
    for d, p in [("one", "Reuters"), ("two", "Small Paper"), ("three", "Other Daily")]
}


def claim(
    cid: str,
    doc: str,
    count: int,
    kind: AttributionType | None = None,
    text: str = "someone",
    hedged: bool = False,
) -> Claim:
    deployment = Deployment(count, count, Qualifier.EXACT, Category.WORKERS, Status.PRESENT, PLACE)
    attribution = Attribution(text, kind) if kind else None
    return Claim(cid, doc, ClaimKind.DEPLOYMENT, "q", Span(0, 1), deployment, attribution, hedged)


def grades_of(claims: list[Claim]) -> dict[str, str]:
    events = cluster_events(claims, DOCS, EVENT_RULES)
    return {k: g.code for k, g in grade_claims(claims, DOCS, events, RULES, EVENT_RULES).items()}


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        # alone: the letter from the source, the digit from hedging and the letter
        ([claim("a", "two", 300, AttributionType.INTELLIGENCE)], {"a": "B2"}),
        ([claim("a", "two", 300, AttributionType.INTELLIGENCE, hedged=True)], {"a": "B4"}),
        ([claim("a", "two", 300, AttributionType.ANONYMOUS_SOURCE)], {"a": "D3"}),
        ([claim("a", "two", 300, AttributionType.UNKNOWN)], {"a": "F3"}),
        ([claim("a", "two", 300)], {"a": "C3"}),  # an outlet's own reporting
        ([claim("a", "one", 300)], {"a": "B2"}),  # ... of an outlet the rules rate B
        ([claim("a", "two", 300, AttributionType.MEDIA, "the TASS agency")], {"a": "D3"}),
        # corroborated by another origin
        (
            [claim("a", "one", 300), claim("b", "two", 310, AttributionType.ANONYMOUS_SOURCE)],
            {"a": "B1", "b": "D1"},
        ),
        # outvoted by two origins
        (
            [claim("a", "one", 300), claim("b", "two", 300), claim("c", "three", 3000)],
            {"a": "B1", "b": "C1", "c": "C5"},
        ),
    ],
)
def test_grades(claims: list[Claim], expected: dict[str, str]) -> None:
    assert grades_of(claims) == expected


def test_claims_that_cannot_be_corroborated_are_6() -> None:
    fact = IndicatorFact(Indicator.ISOLATION, "locked in")
    indicator = Claim("i", "two", ClaimKind.INDICATOR, "q", Span(0, 1), fact)
    grades = grade_claims([indicator], DOCS, [], RULES, EVENT_RULES)
    assert grades["i"].credibility == 6 and grades["i"].reasons


def test_weights_follow_the_grade() -> None:
    grades = grade_claims(
        [claim("a", "one", 300), claim("b", "two", 300, AttributionType.ANONYMOUS_SOURCE)],
        DOCS, [], RULES, EVENT_RULES,
    )  # fmt: skip
    assert grades["a"].weight > grades["b"].weight > 0


@pytest.mark.parametrize(
    "text",
    [
        "[reliability]\ngovernment = 'Z'\n[weights]\n",
        "[weights]\nA = 1\n",
        "not toml at all [",
        "[reliability]\nown_reporting = 'C'\n[weights]\nA = 1\n",
    ],
)
def test_bad_rules_are_refused(text: str) -> None:
    with pytest.raises(ResourceError):
        load_reliability_rules(text)
