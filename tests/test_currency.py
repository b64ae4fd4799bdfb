"""Money -> USD: stated equivalents and rates first, the shipped monthly table second."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborwatch.errors import ResourceError
from laborwatch.model import (
    Claim,
    ClaimKind,
    Document,
    Fx,
    Money,
    MoneyKind,
    Per,
    RateSource,
    Span,
    When,
)
from laborwatch.resolve.currency import (
    RateTable,
    convert_claims,
    convert_money,
    load_rate_table,
    months_of,
    parse_rate_table,
)

TABLE = RateTable(per_usd={"RUB": {"2024-03": 90.0, "2024-04": 92.0, "2024-05": 94.0}})


def money(amount: float, currency: str, **fields: object) -> Money:
    return Money(amount, amount, currency, Per.MONTH, MoneyKind.WAGE_GROSS, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "rates", "published", "usd", "source"),
    [
        # an amount in dollars is its own value
        (money(750, "USD"), [], None, 750, None),
        # a rate stated in the document, either direction
        (money(40_000, "RUB"), [Fx("RUB", "USD", 0.0125)], "2024-04", 500, RateSource.TEXT),
        (money(36_000, "RUB"), [Fx("USD", "RUB", 90)], None, 400, RateSource.TEXT),
        (money(7_200, "CNY"), [Fx("USD", "CNY", 7.2)], None, 1000, RateSource.TEXT),
        # the table, by publication month, by the money's own time, or averaged over a span
        (money(9_000, "RUB"), [], "2024-03-15", 100, RateSource.TABLE),
        (money(9_200, "RUB", when=When("in April", "2024-04-01", "2024-04-30")), [], "2024-05", 100,
         RateSource.TABLE),
        (money(9_200, "RUB", when=When("spring", "2024-03-01", "2024-05-31")), [], None, 100,
         RateSource.TABLE),
        # an in-text equivalent set by extraction wins over everything
        (money(50_000, "RUB", usd_low=600.0, usd_high=600.0, usd_rate_source=RateSource.TEXT),
         [Fx("USD", "RUB", 100)], "2024-03", 600, RateSource.TEXT),
        # a rate for another currency is not used
        (money(9_000, "RUB"), [Fx("USD", "CNY", 7.1)], "2024-03", 100, RateSource.TABLE),
    ],
)  # fmt: skip
def test_converts(
    amount: Money, rates: list[Fx], published: str | None, usd: float, source: RateSource | None
) -> None:
    converted = convert_money(amount, rates, published, TABLE)
    assert converted.usd_low == pytest.approx(usd, rel=1e-3)
    assert converted.usd_high == pytest.approx(usd, rel=1e-3)
    assert converted.usd_rate_source is source
    assert converted.usd_rate_note


@pytest.mark.parametrize(
    ("amount", "rates", "published", "reason"),
    [
        (money(1_000, "CNY"), [], "2024-03", "no rate for CNY"),
        (money(500, "EUR"), [Fx("USD", "RUB", 90)], "2024-03", "no rate for EUR"),
        (money(1_000, "KPW"), [], None, "no rate for KPW"),
        (money(9_000, "RUB"), [], "2014-06", "no RUB rate for 2014-06"),
        (money(9_000, "RUB"), [], "2030-01-02", "no RUB rate for 2030-01"),
        (money(9_000, "RUB"), [], None, "no date"),
        (money(9_000, "RUB", when=When("spring", "2024-04-01", "2024-07-31")), [], None,
         "no RUB rate for 2024-06"),
    ],
)  # fmt: skip
def test_leaves_unconverted_with_reason(
    amount: Money, rates: list[Fx], published: str | None, reason: str
) -> None:
    converted = convert_money(amount, rates, published, TABLE)
    assert converted.usd_low is None and converted.usd_high is None
    assert converted.usd_rate_source is None
    assert converted.usd_rate_note is not None and reason in converted.usd_rate_note


def test_conversion_returns_a_new_value() -> None:
    original = money(9_000, "RUB")
    converted = convert_money(original, [], "2024-03", TABLE)
    assert original.usd_low is None and converted is not original


def test_shipped_table_covers_2015_to_2026() -> None:
    table = load_rate_table()
    assert table.months("RUB") == ("2015-01", "2026-07")
    assert len(table.per_usd["RUB"]) == 139
    assert 60 < table.per_usd["RUB"]["2015-01"] < 65
    converted = convert_money(money(100_000, "RUB"), [], "2024-10-09", table)
    assert converted.usd_low == pytest.approx(100_000 / 96.1203, rel=1e-4)


@pytest.mark.parametrize(
    "text",
    ["month,rub_per_usd\n", "month,rub_per_usd\n2024-13,90\n", "month,rub_per_usd\n2024-01,-1\n",
     "month,rub_per_usd\n2024-01,many\n"],
)  # fmt: skip
def test_malformed_tables_are_refused(text: str) -> None:
    with pytest.raises(ResourceError):
        parse_rate_table(text)


def test_claims_use_their_own_documents_rates() -> None:
    stated = Claim("f", "a", ClaimKind.FX, "q", Span(0, 1), Fx("USD", "RUB", 80))
    first = Claim("m1", "a", ClaimKind.MONEY, "q", Span(0, 1), money(8_000, "RUB"))
    second = Claim("m2", "b", ClaimKind.MONEY, "q", Span(0, 1), money(9_000, "RUB"))
    documents = {"a": Document("a", "", "a", published="2024-03"),
                 "b": Document("b", "", "b", published="2024-03")}  # fmt: skip
    converted = {c.id: c.details for c in convert_claims([stated, first, second], documents, TABLE)}
    assert isinstance(converted["m1"], Money) and converted["m1"].usd_low == 100
    assert converted["m1"].usd_rate_source is RateSource.TEXT
    assert (
        isinstance(converted["m2"], Money) and converted["m2"].usd_rate_source is RateSource.TABLE
    )


@given(st.text(max_size=12), st.one_of(st.none(), st.text(max_size=12)))
def test_months_never_crash(start: str, published: str | None) -> None:
    months_of(When(None, start or None, start or None), published)
