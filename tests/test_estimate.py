"""Estimates: stock, inflow and revenue by year, with the claims used and left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from laborwatch.estimate import Estimates, estimate
from laborwatch.estimate_counts import claim_year
from laborwatch.estimate_rules import load_estimate_rules
from laborwatch.model import (
    Attribution,
    AttributionType,
    Category,
    Claim,
    ClaimKind,
    Deployment,
    Document,
    Fx,
    Money,
    MoneyKind,
    Per,
    Place,
    Qualifier,
    Span,
    Status,
    When,
)
from laborwatch.resolve.cluster import cluster_events, load_event_rules
from laborwatch.resolve.currency import convert_claims, load_rate_table
from laborwatch.resolve.reliability import grade_claims, load_reliability_rules

ROOT = Path(__file__).resolve().parents[1]
CORPUS_GOLD = ROOT / "examples" / "corpus.gold.json"
SEEDS_GOLD = Path("/work/shared/eval/seeds.gold.json")
EVENT_RULES = load_event_rules()
GRADE_RULES = load_reliability_rules(event_rules=EVENT_RULES)
RULES = load_estimate_rules()
RUSSIA = Place("Russia", country="RU")
AMUR = Place("Tynda", admin1="Amur Oblast", country="RU")


def deployment_claim(
    cid: str,
    doc: str,
    low: int | None,
    high: int | None,
    qualifier: Qualifier = Qualifier.ABOUT,
    status: Status = Status.PRESENT,
    category: Category = Category.WORKERS,
    place: Place | None = RUSSIA,
    when: When | None = None,
) -> Claim:
    details = Deployment(low, high, qualifier, category, status, place, when=when)
    return Claim(cid, doc, ClaimKind.DEPLOYMENT, "q", Span(0, 1), details)


def money_claim(cid: str, doc: str, usd: float, kind: MoneyKind = MoneyKind.REMITTANCE) -> Claim:
    details = Money(usd, usd, "USD", Per.MONTH, kind, usd_low=usd, usd_high=usd)
    return Claim(cid, doc, ClaimKind.MONEY, "q", Span(0, 1), details)


def run(claims: list[Claim], documents: dict[str, Document]) -> Estimates:
    events = cluster_events(claims, documents, EVENT_RULES)
    grades = grade_claims(claims, documents, events, GRADE_RULES, EVENT_RULES)
    return estimate(claims, documents, events, grades, "RU", 0, RULES)


def row(estimates: Estimates, measure: str, year: int) -> Any:
    return next(r for r in estimates.rows if r.measure == measure and r.year == year)


def reasons(estimates: Estimates) -> dict[str, str]:
    return {item.claim: item.reason for item in estimates.excluded}


DOCS = {
    d: Document(d, "", d, published=day)
    for d, day in [("a", "2024-05-01"), ("b", "2024-06-01"), ("c", "2024-07-01"), ("z", None)]
}
DOCS["copy"] = Document("copy", "", "copy", published="2024-05-02", duplicate_of="a")


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        (deployment_claim("x", "copy", 9000, 9000), "duplicate"),
        (deployment_claim("x", "b", 9000, 9000, category=Category.TROOPS), "wrong category"),
        (deployment_claim("x", "b", 9000, 9000, status=Status.PLANNED), "not counted"),
        (deployment_claim("x", "b", 9000, 9000, status=Status.EXPECTED), "not counted"),
        (deployment_claim("x", "b", 9000, 9000, place=Place("Doha", country="QA")), "destination"),
        (deployment_claim("x", "z", 9000, 9000), "no year"),
        (deployment_claim("x", "b", 9000, 9000, when=When("since", "2019-01-01", None)), "no year"),
    ],
)
def test_claims_left_out_with_their_reason(claim: Claim, reason: str) -> None:
    result = run([deployment_claim("base", "a", 4000, 4000), claim], DOCS)
    assert reason in reasons(result)["x"]
    assert row(result, "stock", 2024).claims == ("base",)


def test_open_bounds_and_weights() -> None:
    result = run([deployment_claim("a1", "a", 600, None, Qualifier.AT_LEAST)], DOCS)
    stock = row(result, "stock", 2024)
    assert 600 <= stock.low < stock.median < stock.high <= 900


def test_removing_a_claim_moves_the_estimate() -> None:
    claims = [
        deployment_claim("a1", "a", 4000, 4000),
        deployment_claim("b1", "b", 20000, 20000),
        deployment_claim("c1", "c", 21000, 21000),
    ]
    before = row(run(claims, DOCS), "stock", 2024)
    after = row(run(claims[:1], DOCS), "stock", 2024)
    assert before.claims == ("b1", "c1") and after.claims == ("a1",)
    assert "a1" in reasons(run(claims, DOCS))  # outvoted by two origins
    assert after.median < before.median


def test_parts_only_when_no_total() -> None:
    parts = [
        deployment_claim("p1", "a", 300, 300, place=AMUR),
        deployment_claim("p2", "a", 200, 200, place=Place("Kazan", "Tatarstan", "RU")),
    ]
    result = run(parts, DOCS)
    stock = row(result, "stock", 2024)
    assert 450 <= stock.median <= 550 and "lower bound" in stock.note
    with_total = run([*parts, deployment_claim("t", "b", 9000, 9000)], DOCS)
    assert row(with_total, "stock", 2024).claims == ("t",)


def test_revenue_from_remittances_and_wage_deductions() -> None:
    claims = [
        deployment_claim("s", "a", 1000, 1000, Qualifier.EXACT),
        money_claim("r", "a", 500),
        money_claim("g", "b", 900, MoneyKind.WAGE_GROSS),
        money_claim("n", "b", 400, MoneyKind.WAGE_NET),
        deployment_claim("s2", "b", 1000, 1000, Qualifier.EXACT),
        money_claim("elsewhere", "c", 5000),  # report c names no Russian deployment
    ]
    result = run(claims, DOCS)
    revenue = row(result, "revenue", 2024)
    assert revenue.median == pytest.approx(1000 * 500 * 12, rel=0.01)
    assert {"r", "g", "n", "s"} <= set(revenue.claims)
    assert "elsewhere" in reasons(result)


def test_deterministic_for_a_seed() -> None:
    claims = [deployment_claim("a1", "a", 2000, 9999, Qualifier.VAGUE)]
    assert run(claims, DOCS) == run(claims, DOCS)


@pytest.mark.parametrize(
    ("when", "published", "year"),
    [
        (None, "2024-03-02", 2024),
        (When("last year", "2023-01-01", "2023-12-31"), "2024-03-02", 2023),
        (When("from 2022 to 2024", "2022-01-01", "2024-12-31"), "2024", None),
        (None, None, None),
    ],
)
def test_claim_year(when: When | None, published: str | None, year: int | None) -> None:
    details = Deployment(5, 5, Qualifier.EXACT, Category.WORKERS, Status.PRESENT, when=when)
    assert claim_year(details, published) == year


# --- end to end on the hand-made gold claims of the seeds and the example corpus ----------

REGIONS = {
    "Kursk": "Kursk Oblast", "Primorsky Krai": "Primorsky Krai", "Primorye": "Primorsky Krai",
    "Vladivostok": "Primorsky Krai", "Khabarovsk Krai": "Khabarovsk Krai",
    "Khabarovsk": "Khabarovsk Krai", "Chegdomyn": "Khabarovsk Krai", "Amur": "Amur Oblast",
    "Amur Oblast": "Amur Oblast", "Tsiolkovsky": "Amur Oblast", "Svobodny": "Amur Oblast",
    "Blagoveshchensk": "Amur Oblast", "Tynda": "Amur Oblast", "Kazan": "Tatarstan",
    "Moscow region": "Moscow Oblast", "Moscow": "Moscow", "Saint Petersburg": "Saint Petersburg",
}  # fmt: skip
COUNTRIES = {"Russia": "RU", "Kuwait": "KW", "Laos": "LA", "Mongolia": "MN", "Poland": "PL",
             "United Arab Emirates": "AE", "Qatar": "QA", "China": "CN"}  # fmt: skip
COPIES = {"c02_syndicated_kursk_pledge": "c01_wire_kursk_pledge",
          "c19_repost_nis_briefing": "c05_nis_briefing"}  # fmt: skip


def gold_place(name: str) -> Place:
    if name in COUNTRIES:
        return Place(name, country=COUNTRIES[name])
    if name in REGIONS:
        return Place(name, admin1=REGIONS[name], country="RU")
    return Place(name, admin1=name, country="XX")  # outside Russia: only "not RU" matters


def gold_when(year: int | None, published: str | None) -> When | None:
    if year is None:  # habitual or open-ended
        return When("open-ended", f"{int((published or '2000')[:4]) - 3}-01-01", None)
    if published and str(year) == published[:4]:
        return None
    return When(str(year), f"{year}-01-01", f"{year}-12-31")


def gold_attribution(text: str | None) -> Attribution | None:
    if not text:
        return None
    lowered = text.lower()
    for cue, kind in [("intelligence", AttributionType.INTELLIGENCE),
                      ("source", AttributionType.ANONYMOUS_SOURCE),
                      ("official", AttributionType.GOVERNMENT),
                      ("government", AttributionType.GOVERNMENT)]:  # fmt: skip
        if cue in lowered:
            return Attribution(text, kind)
    return Attribution(text, AttributionType.UNKNOWN)


def gold_claims(path: Path) -> tuple[dict[str, Document], list[Claim]]:
    documents: dict[str, Document] = {}
    claims: list[Claim] = []
    for entry in json.loads(path.read_text(encoding="utf-8"))["docs"]:
        doc, published = entry["doc"], entry.get("published")
        documents[doc] = Document(doc, "", doc, published=published, duplicate_of=COPIES.get(doc))
        for n, item in enumerate(entry.get("deployments", [])):
            places = item["destination"]
            name = places[0] if isinstance(places, list) else places
            details = Deployment(
                item["low"], item["high"], Qualifier(item["qualifier"]),
                Category(item["category"]), Status(item["status"]),
                gold_place(name) if name else None, when=gold_when(item.get("year"), published),
                sector=item.get("sector"), visa="student" if "student" in item["quote"] else None,
            )  # fmt: skip
            source = gold_attribution(item.get("attributed_to"))
            claims.append(
                Claim(f"{doc}:d{n}", doc, ClaimKind.DEPLOYMENT, "q", Span(0, 1), details, source)
            )
        for n, item in enumerate(entry.get("money", [])):
            usd = [e["amount"] for e in item.get("equivalents", []) if e["currency"] == "USD"]
            details = Money(
                item["amount_low"], item["amount_high"], item["currency"],
                Per(item["per"]) if item.get("per") else None, MoneyKind(item["money_kind"]),
                usd_low=usd[0] if usd else None, usd_high=usd[0] if usd else None,
            )  # fmt: skip
            claims.append(Claim(f"{doc}:m{n}", doc, ClaimKind.MONEY, "q", Span(0, 1), details))
        for n, item in enumerate(entry.get("fx", [])):
            rate = Fx(item["base"], item["quote_currency"], item["rate"])
            claims.append(Claim(f"{doc}:f{n}", doc, ClaimKind.FX, "q", Span(0, 1), rate))
    return documents, claims


@pytest.fixture(scope="module")
def gold() -> tuple[dict[str, Document], list[Claim]]:
    if not CORPUS_GOLD.exists() or not SEEDS_GOLD.exists():
        pytest.skip("gold files not available")
    documents, claims = gold_claims(CORPUS_GOLD)
    seed_documents, seed_claims = gold_claims(SEEDS_GOLD)
    documents.update(seed_documents)
    return documents, convert_claims(claims + seed_claims, documents, load_rate_table())


def test_gold_kursk_pledge_is_one_event_with_independent_origins(
    gold: tuple[dict[str, Document], list[Claim]],
) -> None:
    documents, claims = gold
    events = cluster_events(claims, documents, EVENT_RULES)
    pledge = [e for e in events if e.region == "Kursk Oblast" and e.status == "announced"]
    assert len(pledge) == 1
    assert len(pledge[0].origins) >= 2
    assert not any(c.startswith("c02_") for e in events for c in e.claims)


def test_gold_estimates(gold: tuple[dict[str, Document], list[Claim]]) -> None:
    documents, claims = gold
    result = run(claims, documents)
    inflow, stock = row(result, "inflow", 2024), row(result, "stock", 2025)
    assert inflow.low <= 13_000 <= inflow.high
    assert stock.low <= 15_000 <= stock.high
    assert all(r.claims for r in result.rows)
    used = [c for r in result.rows if r.measure != "revenue" for c in r.claims]
    assert len(used) == len(set(used))  # no claim counted twice
    copies = {c.id for c in claims if c.doc in COPIES}
    assert copies and not copies & {c for r in result.rows for c in r.claims}
    assert row(result, "revenue", 2025).median > 0
