"""Every exported record carries every CLAIMS.md field, with the contract's type and values.

Claims of every kind are built directly from model.py objects, stored, exported through the
CLI, and checked against the field tables of CLAIMS.md written out below.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest

from conftest import CliRunner
from laborwatch.export import claim_from_record, claim_record
from laborwatch.model import (
    Attribution,
    AttributionType,
    Category,
    Claim,
    ClaimKind,
    Deployment,
    Document,
    Fx,
    Indicator,
    IndicatorFact,
    Money,
    MoneyKind,
    Organization,
    OrgRole,
    Per,
    Place,
    PublishedSource,
    Qualifier,
    RateSource,
    Span,
    Status,
    When,
)
from laborwatch.store import open_store

Check = Callable[[Any], bool]


def one_of(*values: str, nullable: bool = False) -> Check:
    return lambda v: (v is None and nullable) or v in values


def kind_of(*types: type, nullable: bool = False) -> Check:
    def check(value: Any) -> bool:
        if value is None:
            return nullable
        if isinstance(value, bool):  # a bool is an int to Python, never to the contract
            return bool in types
        return isinstance(value, types)

    return check


def place(v: Any) -> bool:
    if v is None:
        return True
    keys = {"name", "admin1", "country", "lat", "lon", "geonames_id"}
    return set(v) == keys and isinstance(v["name"], str) and v["name"] != ""


def span(v: Any) -> bool:
    return (
        isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) for x in v) and v[0] <= v[1]
    )


def attribution(v: Any) -> bool:
    return v is None or (
        set(v) == {"text", "type"} and v["type"] in {t.value for t in AttributionType}
    )


def when(v: Any) -> bool:
    return v is None or set(v) == {"text", "start", "end"}


def organizations(v: Any) -> bool:
    return isinstance(v, list) and all(
        set(o) == {"name", "role"} and o["role"] in {r.value for r in OrgRole} for o in v
    )


NUMBER = (int, float)
SHARED: dict[str, Check] = {
    "id": kind_of(str),
    "doc": kind_of(str),
    "kind": one_of("deployment", "money", "fx", "indicator"),
    "quote": kind_of(str),
    "span": span,
    "attributed_to": attribution,
    "hedged": lambda v: isinstance(v, bool),
}
BY_KIND: dict[str, dict[str, Check]] = {
    "deployment": {
        "low": kind_of(int, nullable=True),
        "high": kind_of(int, nullable=True),
        "qualifier": one_of("exact", "about", "at_least", "at_most", "range", "vague"),
        "category": one_of("workers", "military_workers", "troops", "unspecified"),
        "status": one_of(
            "planned", "dispatched", "present", "entered", "expected", "observed", "repatriated"
        ),
        "destination": place,
        "origin": place,
        "when": when,
        "sector": one_of(
            "construction",
            "logging",
            "demining",
            "textile",
            "it",
            "agriculture",
            "fishing",
            "seafood",
            "medical",
            "other",
            nullable=True,
        ),
        "visa": one_of(
            "work", "student", "training", "tourist", "cultural_exchange", "other", nullable=True
        ),
        "transport": one_of("air", "rail", "road", "sea", nullable=True),
        "organizations": organizations,
    },
    "money": {
        "amount_low": kind_of(*NUMBER),
        "amount_high": kind_of(*NUMBER),
        "currency": lambda v: isinstance(v, str) and len(v) == 3 and v.isupper(),
        "per": one_of("month", "year", "day", "once", nullable=True),
        "money_kind": one_of("wage_gross", "wage_net", "remittance", "bribe", "revenue", "other"),
        "usd_low": kind_of(*NUMBER, nullable=True),
        "usd_high": kind_of(*NUMBER, nullable=True),
        "usd_rate_source": one_of("text", "table", nullable=True),
    },
    "fx": {
        "base": kind_of(str),
        "quote_currency": kind_of(str),
        "rate": kind_of(*NUMBER),
        "as_of": kind_of(str, nullable=True),
    },
    "indicator": {"indicator": one_of(*(i.value for i in Indicator))},
}
DOCUMENT: dict[str, Check] = {
    "doc": kind_of(str),
    "title": kind_of(str, nullable=True),
    "url": kind_of(str, nullable=True),
    "publisher": kind_of(str, nullable=True),
    "language": kind_of(str, nullable=True),
    "tags": lambda v: isinstance(v, list) and all(isinstance(t, str) for t in v),
    "published": lambda v: v is None or (isinstance(v, str) and len(v) in (4, 7, 10)),
    "published_source": one_of("given", "page", "inferred", nullable=True),
    "duplicate_of": kind_of(str, nullable=True),
}

TEXT = "Officials said 500 builders went to Svobodny. Each earned 90,000 rubles a month."
SVOBODNY = Place("Svobodny", "Amur Oblast", "RU", 51.4, 128.1, 2015833)


def every_kind_of_claim(doc: str) -> list[Claim]:
    full = Deployment(
        500,
        500,
        Qualifier.ABOUT,
        Category.WORKERS,
        Status.DISPATCHED,
        destination=SVOBODNY,
        origin=Place("Pyongyang"),
        when=When("last month", "2024-04-01", "2024-04-30"),
        sector="construction",
        visa="work",
        transport="rail",
        organizations=(Organization("A construction bureau", OrgRole.DISPATCHER),),
    )
    sparse = Deployment(None, 10000, Qualifier.AT_MOST, Category.UNSPECIFIED, Status.PLANNED)
    money = Money(
        90000.0,
        90000.0,
        "RUB",
        Per.MONTH,
        MoneyKind.WAGE_GROSS,
        1000.0,
        1000.0,
        RateSource.TABLE,
        when=When("2024", "2024-01-01", "2024-12-31"),
    )
    bare_money = Money(5, 10, "USD", None, MoneyKind.BRIBE)
    says = Attribution("officials", AttributionType.GOVERNMENT)
    details: list[tuple[ClaimKind, Any]] = [
        (ClaimKind.DEPLOYMENT, full),
        (ClaimKind.DEPLOYMENT, sparse),
        (ClaimKind.MONEY, money),
        (ClaimKind.MONEY, bare_money),
        (ClaimKind.FX, Fx("RUB", "USD", 0.011, "2024-05-03")),
        (ClaimKind.FX, Fx("USD", "KPW", 8000.0)),
        (ClaimKind.INDICATOR, IndicatorFact(Indicator.WITHHOLDING_OF_WAGES, "unpaid")),
    ]
    return [
        Claim(
            f"{doc}:{n}",
            doc,
            kind,
            TEXT[:45],
            Span(0, 45),
            detail,
            attributed_to=says if n % 2 else None,
            hedged=n == 3,
            focus=Span(15, 18),
        )
        for n, (kind, detail) in enumerate(details)
    ]


@pytest.fixture
def exported(
    cli: CliRunner, cli_database: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    store = open_store(cli_database)
    given = Document(
        "full",
        TEXT,
        "full.txt",
        "https://www.dailynk.com/x",
        "A title",
        "Daily NK",
        "en",
        ("russia",),
        "2024-05",
        PublishedSource.GIVEN,
    )
    store.upsert_document_with_claims(given, every_kind_of_claim("full"))
    store.upsert_document_with_claims(Document("bare", "Text.", "bare.txt"), [])
    store.close()
    claims = cli("export", "claims")
    documents = cli("export", "documents")
    assert claims.code == documents.code == 0
    parse = lambda out: [json.loads(line) for line in out.splitlines()]  # noqa: E731
    return parse(claims.stdout), parse(documents.stdout)


def test_every_claim_field_has_its_type(exported: tuple[list[dict[str, Any]], Any]) -> None:
    claims, _ = exported
    assert {c["kind"] for c in claims} == {"deployment", "money", "fx", "indicator"}
    for record in claims:
        fields = SHARED | BY_KIND[record["kind"]]
        missing = set(fields) - set(record)
        assert not missing, (record["id"], missing)
        for name, check in fields.items():
            assert check(record[name]), (record["id"], name, record[name])
        assert TEXT[record["span"][0] : record["span"][1]] == record["quote"]


def test_every_document_field_has_its_type(exported: tuple[Any, list[dict[str, Any]]]) -> None:
    _, documents = exported
    assert [d["doc"] for d in documents] == ["bare", "full"]
    for record in documents:
        assert set(DOCUMENT) <= set(record)
        for name, check in DOCUMENT.items():
            assert check(record[name]), (record["doc"], name, record[name])


@pytest.mark.parametrize("claim", every_kind_of_claim("rt"), ids=lambda c: c.id)
def test_records_read_back_to_the_same_claim(claim: Claim) -> None:
    assert claim_from_record(json.loads(json.dumps(claim_record(claim)))) == claim


def test_csv_and_json_carry_the_same_claims(cli: CliRunner, exported: Any) -> None:
    claims, _ = exported
    as_json = json.loads(cli("export", "claims", "--format", "json").stdout)
    assert as_json == claims
    rows = list(csv.DictReader(io.StringIO(cli("export", "claims", "--format", "csv").stdout)))
    assert [r["id"] for r in rows] == [c["id"] for c in claims]
    assert json.loads(rows[0]["span"]) == claims[0]["span"]
