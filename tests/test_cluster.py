"""Events: claims from different reports about one happening, with origins and contradictions."""

from __future__ import annotations

import pytest

from laborwatch.model import (
    Attribution,
    AttributionType,
    Category,
    Claim,
    ClaimKind,
    Deployment,
    Document,
    Qualifier,
    Span,
    Status,
    When,
)
from laborwatch.model import Place as _Place
from laborwatch.resolve.cluster import cluster_events, load_event_rules
from laborwatch.resolve.cluster_items import count_bounds, outlet_key

RUSSIA = _Place("Russia", country="RU")
KURSK = _Place("Kursk", admin1="Kursk Oblast", country="RU")
AMUR = _Place("Svobodny", admin1="Amur Oblast", country="RU")
RULES = load_event_rules()
SENTENCE = Span(0, 1)


def claim(
    cid: str,
    doc: str,
    low: int | None,
    high: int | None = None,
    *,
    qualifier: Qualifier = Qualifier.EXACT,
    category: Category = Category.WORKERS,
    status: Status = Status.PLANNED,
    place: _Place | None = KURSK,
    when: When | None = None,
    sector: str | None = None,
    media: str | None = None,
    span: Span = SENTENCE,
) -> Claim:
    high = low if high is None and qualifier in (Qualifier.EXACT, Qualifier.ABOUT) else high
    deployment = Deployment(low, high, qualifier, category, status, place, when=when, sector=sector)
    attribution = Attribution(media, AttributionType.MEDIA) if media else None
    return Claim(cid, doc, ClaimKind.DEPLOYMENT, "q", span, deployment, attribution)


def docs(*specs: tuple[str, str | None, str | None]) -> dict[str, Document]:
    """(id, published, publisher) -> documents."""
    return {d: Document(d, "", d, publisher=p, published=day) for d, day, p in specs}


DOCS = docs(
    ("wire", "2025-06-17", "Wire One"),
    ("paper", "2025-06-20", "Paper Two"),
    ("weekly", "2025-07-02", "Weekly Three"),
    ("later", "2025-12-01", "Wire One"),
)


def test_one_pledge_reported_by_several_outlets_is_one_event() -> None:
    claims = [
        claim("w1", "wire", 5000, sector="construction", category=Category.MILITARY_WORKERS),
        claim("w2", "wire", 1000, sector="demining", category=Category.MILITARY_WORKERS),
        claim("p1", "paper", 5000, sector="construction"),
        claim("k1", "weekly", 1000, sector="demining", category=Category.MILITARY_WORKERS),
    ]
    events = cluster_events(claims, DOCS, RULES)
    assert len(events) == 1
    event = events[0]
    assert set(event.claims) == {"w1", "w2", "p1", "k1"}
    assert event.origins == ("paper two", "weekly three", "wire one")
    assert not event.contradiction  # sappers and builders are different parts of one pledge
    assert (event.low, event.high) == (5000, 5000)  # the headline group, never a mix
    assert event.counts == (("construction", "any", 5000, 5000), ("demining", "any", 1000, 1000))
    assert set(event.parts) == {"w2", "k1"}


JUNE = When("in June", "2025-06-01", "2025-06-30")
JULY = When("in July", "2025-07-01", "2025-07-31")
SECOND_HALF = When("later this year", "2025-07-01", "2025-12-31")


@pytest.mark.parametrize(
    ("other", "joins"),
    [
        # a far larger figure for the whole country is another happening, not a contradiction
        (claim("x", "weekly", 50000, status=Status.EXPECTED, place=RUSSIA, when=JULY), False),
        # a later, smaller plan for the whole country
        (
            claim(
                "x", "weekly", 2000, 3000, qualifier=Qualifier.RANGE, place=RUSSIA, when=SECOND_HALF
            ),
            False,
        ),
        # a loose country-wide count that the pledge's figure does not fit
        (claim("x", "weekly", None, 50, qualifier=Qualifier.AT_MOST, place=RUSSIA), False),
        # a vague country-wide figure joins the country-wide report of the same pledge
        (
            claim(
                "x",
                "weekly",
                2000,
                9999,
                qualifier=Qualifier.VAGUE,
                place=RUSSIA,
                sector="construction",
            ),
            True,
        ),
        # the same figure for the whole country from another outlet
        (claim("x", "weekly", 5000, place=RUSSIA, sector="construction", when=JUNE), True),
    ],
)
def test_what_joins_a_pledge_reported_country_wide(other: Claim, joins: bool) -> None:
    claims = [
        claim("k", "wire", 5000, sector="construction"),
        claim("r", "paper", 5000, place=RUSSIA, sector="construction"),
        other,
    ]
    events = cluster_events(claims, DOCS, RULES)
    (pledge,) = [event for event in events if "k" in event.claims]
    assert set(pledge.claims) == ({"k", "r", "x"} if joins else {"k", "r"})
    assert not pledge.contradiction
    assert (pledge.low, pledge.high) == (5000, 5000)


def test_a_loose_country_wide_claim_never_chains_two_events() -> None:
    claims = [
        claim("small", "wire", 3000, place=RUSSIA),
        claim("large", "paper", 8000, place=RUSSIA),
        claim("vague", "weekly", 2000, 9999, qualifier=Qualifier.VAGUE, place=RUSSIA),
    ]
    events = cluster_events(claims, DOCS, RULES)
    assert sorted(len(event.claims) for event in events) == [1, 2]


def test_groups_of_one_sentence_are_one_event() -> None:
    sentence = Span(10, 90)
    claims = [
        claim("b", "wire", 5000, place=RUSSIA, sector="construction", span=sentence),
        claim("s", "wire", 1000, place=RUSSIA, sector="demining", span=sentence),
        claim("o", "wire", 1000, place=RUSSIA, sector="demining", span=Span(200, 260)),
    ]
    events = cluster_events(claims, DOCS, RULES)
    assert {frozenset(event.claims) for event in events} == {
        frozenset({"b", "s", "o"})  # "o" meets "s" on its count
    }


@pytest.mark.parametrize(("second", "contradiction"), [(15000, True), (12500, False)])
def test_country_wide_figures_of_one_magnitude_may_contradict(
    second: int, contradiction: bool
) -> None:
    claims = [
        claim("a", "wire", 12000, place=RUSSIA, category=Category.TROOPS),
        claim("b", "paper", second, place=RUSSIA, category=Category.TROOPS),
    ]
    (event,) = cluster_events(claims, DOCS, RULES)
    assert event.contradiction is contradiction


@pytest.mark.parametrize(
    ("second", "together"),
    [
        (claim("b", "paper", 5200), True),  # within tolerance
        (claim("b", "paper", 2000, 9999, qualifier=Qualifier.VAGUE), True),
        (claim("b", "paper", 5000, status=Status.EXPECTED), True),  # same status family
        (claim("b", "paper", 5000, status=Status.DISPATCHED), False),
        (claim("b", "paper", 5000, category=Category.TROOPS), False),
        (claim("b", "paper", 5000, place=AMUR), False),  # another region
        (claim("b", "paper", 5000, place=RUSSIA), True),  # same precise number, whole country
        (claim("b", "paper", 2000, 9999, qualifier=Qualifier.VAGUE, place=RUSSIA), False),
        (claim("b", "later", 5000), False),  # months later: a different announcement
        (claim("b", "paper", 5000, when=When("in 2023", "2023-01-01", "2023-12-31")), False),
    ],
)
def test_what_joins_an_event(second: Claim, together: bool) -> None:
    events = cluster_events([claim("a", "wire", 5000), second], DOCS, RULES)
    assert (len(events) == 1) is together


def test_counts_that_cannot_both_be_true_are_a_contradiction_with_sides() -> None:
    claims = [
        claim("a", "wire", 5000),
        claim("b", "paper", 5000, qualifier=Qualifier.ABOUT),
        claim("c", "weekly", 20000),
    ]
    (event,) = cluster_events(claims, DOCS, RULES)
    assert event.contradiction
    assert set(event.sides) == {("a", "b"), ("c",)}
    assert event.outvoted == ("c",)
    assert (event.low, event.high) == (5000, 5000)


@pytest.mark.parametrize(("part", "contradiction"), [(900, False), (5500, False), (9000, True)])
def test_a_part_may_not_exceed_the_whole(part: int, contradiction: bool) -> None:
    claims = [
        claim("whole", "wire", 6000, place=AMUR, status=Status.PRESENT),
        claim("part", "paper", part, place=AMUR, status=Status.PRESENT, sector="construction"),
    ]
    (event,) = cluster_events(claims, DOCS, RULES)
    assert event.contradiction is contradiction
    assert event.parts == ("part",)
    assert (event.low, event.high) == (6000, 6000)


def test_one_reports_own_numbers_never_contradict_each_other() -> None:
    (event,) = cluster_events([claim("a", "wire", 300), claim("b", "wire", 5000)], DOCS, RULES)
    assert not event.contradiction


def test_copies_are_left_out_and_attributed_outlets_are_origins() -> None:
    documents = {**DOCS, "copy": Document("copy", "", "copy", published="2025-06-18",
                                          duplicate_of="wire")}  # fmt: skip
    claims = [
        claim("a", "wire", 5000),
        claim("b", "copy", 5000),
        claim("c", "paper", 5000, media="a report by the Wire One agency"),
        claim("d", "weekly", 5000, media="The Big Broadcaster"),
    ]
    rules = load_event_rules(
        '[events]\nmedia_filler_words = ["a", "report", "by", "the", "agency"]'
    )
    (event,) = cluster_events(claims, documents, rules)
    assert "b" not in event.claims
    assert event.origins == ("big broadcaster", "wire one")


def test_non_deployments_and_undated_claims() -> None:
    documents = docs(("x", None, None), ("y", None, None))
    events = cluster_events([claim("a", "x", 50), claim("b", "y", 50)], documents, RULES)
    assert len(events) == 2  # nothing to say they are the same happening


@pytest.mark.parametrize(
    ("name", "key"),
    [("The BBC", "bbc"), ("a BBC investigation", "bbc"), ("Reuters' report", "reuters")],
)
def test_outlet_key(name: str, key: str) -> None:
    assert outlet_key(name, RULES.media_filler_words) == key


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "bounds"),
    [
        (Qualifier.AT_LEAST, 600, None, (600, float("inf"))),
        (Qualifier.AT_MOST, None, 100, (0, 100)),
        (Qualifier.VAGUE, 200, 999, (200, 999)),
    ],
)
def test_count_bounds(
    qualifier: Qualifier, low: int | None, high: int | None, bounds: tuple[float, float]
) -> None:
    deployment = Deployment(low, high, qualifier, Category.WORKERS, Status.PRESENT)
    assert count_bounds(deployment) == bounds


@pytest.mark.parametrize(
    ("status", "one_event"), [(Status.PRESENT, True), (Status.DISPATCHED, False)]
)
def test_country_wide_stocks_count_one_quantity(status: Status, one_event: bool) -> None:
    claims = [
        claim("a", "wire", 4000, place=RUSSIA, status=status),
        claim("b", "paper", 20000, place=RUSSIA, status=status),
    ]
    events = cluster_events(claims, DOCS, RULES)
    assert (len(events) == 1) is one_event
    assert all(event.contradiction is one_event for event in events)
