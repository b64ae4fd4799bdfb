"""Money -> US dollars: a rate stated in the same document first, else the shipped monthly table.

Order of preference, and why:
1. An amount already in USD is its own value.
2. An equivalent written beside the amount ("100,000 rubles ($1,570)") was set by extraction
   (`usd_rate_source = text`) and is kept: it is what the author meant.
3. An exchange rate the same document states (an fx claim, either direction) -> `text`.
4. The monthly table shipped in resources/ (Bank of Russia USD/RUB monthly means) for the month of
   the money's own time, else of the publication date -> `table`.
Anything else stays without USD value, and `usd_rate_note` says why: a currency with no rate, a
month outside the table (no extrapolation to the nearest month), or no date at all.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from laborwatch.errors import ResourceError
from laborwatch.model import Claim, Document, Fx, Money, RateSource, When
from laborwatch.resources import resource_path

RATE_FILES = {"RUB": "usd_rub_monthly.csv"}


@dataclass(frozen=True, slots=True)
class RateTable:
    """Monthly rates: currency -> {"YYYY-MM": units of that currency for one US dollar}."""

    per_usd: Mapping[str, Mapping[str, float]]
    source: str = "Bank of Russia official rate, monthly mean (via solovmm/fin_calc)"

    def months(self, currency: str) -> tuple[str, str] | None:
        """First and last month the table covers for `currency`, or None."""
        rates = self.per_usd.get(currency)
        if not rates:
            return None
        return min(rates), max(rates)


def load_rate_table() -> RateTable:
    """Read every shipped monthly rate file once."""
    tables: dict[str, dict[str, float]] = {}
    for currency, name in RATE_FILES.items():
        path = resource_path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ResourceError(f"cannot read rate table {name}: {error}") from None
        tables[currency] = parse_rate_table(text, name)
    return RateTable(per_usd=tables)


def parse_rate_table(text: str, name: str = "rate table") -> dict[str, float]:
    """`month,rub_per_usd,...` rows (lines starting with # are comments) -> month -> rate."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rates: dict[str, float] = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        month, value = row.get("month", ""), next(iter(_rate_columns(row)), "")
        try:
            rate = float(value)
            date.fromisoformat(f"{month}-01")
        except ValueError:
            raise ResourceError(f"{name}: malformed row {row}") from None
        if rate <= 0:
            raise ResourceError(f"{name}: rate must be positive in {row}")
        rates[month] = rate
    if not rates:
        raise ResourceError(f"{name} has no rates")
    return rates


def _rate_columns(row: Mapping[str, str]) -> list[str]:
    return [value for key, value in row.items() if key and key.endswith("_per_usd")]


def convert_money(
    money: Money, doc_rates: Sequence[Fx], published: str | None, table: RateTable
) -> Money:
    """A copy of `money` with usd_low/usd_high, usd_rate_source and usd_rate_note filled."""
    currency = money.currency.upper()
    if currency == "USD":
        return replace(
            money,
            usd_low=money.amount_low,
            usd_high=money.amount_high,
            usd_rate_source=None,
            usd_rate_note="amount is in US dollars",
        )
    if money.usd_rate_source is RateSource.TEXT and money.usd_low is not None:
        note = money.usd_rate_note or "equivalent stated beside the amount"
        return replace(money, usd_rate_note=note)
    stated = stated_usd_per_unit(currency, doc_rates)
    if stated is not None:
        rate, note = stated
        return _converted(money, rate, RateSource.TEXT, note)
    return _from_table(money, currency, published, table)


def convert_claims(
    claims: Sequence[Claim], documents: Mapping[str, Document], table: RateTable
) -> list[Claim]:
    """Money claims converted with their own document's stated rates; other claims unchanged."""
    rates: dict[str, list[Fx]] = {}
    for claim in claims:
        if isinstance(claim.details, Fx):
            rates.setdefault(claim.doc, []).append(claim.details)
    converted: list[Claim] = []
    for claim in claims:
        if isinstance(claim.details, Money):
            document = documents.get(claim.doc)
            published = document.published if document else None
            money = convert_money(claim.details, rates.get(claim.doc, []), published, table)
            claim = replace(claim, details=money)
        converted.append(claim)
    return converted


def stated_usd_per_unit(currency: str, doc_rates: Sequence[Fx]) -> tuple[float, str] | None:
    """US dollars for one unit of `currency` from a rate the document states, either direction."""
    for fx in doc_rates:
        base, quote = fx.base.upper(), fx.quote_currency.upper()
        if fx.rate <= 0:
            continue
        when = f" as of {fx.as_of}" if fx.as_of else ""
        if base == currency and quote == "USD":
            return fx.rate, f"rate stated in the text: 1 {base} = {fx.rate:g} USD{when}"
        if base == "USD" and quote == currency:
            return 1 / fx.rate, f"rate stated in the text: 1 USD = {fx.rate:g} {quote}{when}"
    return None


def _from_table(money: Money, currency: str, published: str | None, table: RateTable) -> Money:
    rates = table.per_usd.get(currency)
    if not rates:
        return _unconverted(money, f"no rate for {currency} stated in the text or in the table")
    months = months_of(money.when, published)
    if not months:
        return _unconverted(money, f"no date to choose a {currency} rate")
    missing = [month for month in months if month not in rates]
    if missing:
        first, last = min(rates), max(rates)
        return _unconverted(
            money, f"no {currency} rate for {missing[0]}: the table covers {first} to {last}"
        )
    per_usd = sum(rates[month] for month in months) / len(months)
    span = months[0] if len(months) == 1 else f"{months[0]} to {months[-1]}"
    note = f"table rate for {span}: {per_usd:.4f} {currency} per USD ({table.source})"
    return _converted(money, 1 / per_usd, RateSource.TABLE, note)


def months_of(when: When | None, published: str | None) -> list[str]:
    """Months the money refers to: its own time if resolved, else the publication date's."""
    if when is not None and when.start and when.end:
        return _month_range(when.start[:7], when.end[:7])
    if not published:
        return []
    if len(published) >= 7:
        return [published[:7]]
    return _month_range(f"{published[:4]}-01", f"{published[:4]}-12")


def _month_range(first: str, last: str) -> list[str]:
    try:
        year, month = int(first[:4]), int(first[5:7])
        end_year, end_month = int(last[:4]), int(last[5:7])
    except ValueError:
        return []
    months: list[str] = []
    while (year, month) <= (end_year, end_month) and len(months) < 12 * 50:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _converted(money: Money, usd_per_unit: float, source: RateSource, note: str) -> Money:
    return replace(
        money,
        usd_low=round(money.amount_low * usd_per_unit, 2),
        usd_high=round(money.amount_high * usd_per_unit, 2),
        usd_rate_source=source,
        usd_rate_note=note,
    )


def _unconverted(money: Money, reason: str) -> Money:
    return replace(money, usd_low=None, usd_high=None, usd_rate_source=None, usd_rate_note=reason)
