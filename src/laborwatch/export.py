"""Documents and claims as the JSON objects of the export contract (shared/spec/CLAIMS.md).

The only place the contract is spelled: one function per claim kind turns a `model` value
into its record, and `claim_from_record` reads a record back (the store keeps records).
Fields beyond the contract (`rules`, `focus`, `cue`, `usd_rate_note`, money `when`) are added,
never renamed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TextIO

from laborwatch.errors import InputError, StoreError
from laborwatch.model import (
    Attribution,
    AttributionType,
    Category,
    Claim,
    ClaimDetails,
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

Record = dict[str, Any]

SHARED_FIELDS = ("id", "doc", "kind", "quote", "span", "attributed_to", "hedged")
KIND_FIELDS: dict[ClaimKind, tuple[str, ...]] = {
    ClaimKind.DEPLOYMENT: (
        "low",
        "high",
        "qualifier",
        "category",
        "status",
        "destination",
        "origin",
        "when",
        "sector",
        "visa",
        "transport",
        "organizations",
    ),
    ClaimKind.MONEY: (
        "amount_low",
        "amount_high",
        "currency",
        "per",
        "money_kind",
        "usd_low",
        "usd_high",
        "usd_rate_source",
    ),
    ClaimKind.FX: ("base", "quote_currency", "rate", "as_of"),
    ClaimKind.INDICATOR: ("indicator",),
}
DOCUMENT_FIELDS = (
    "doc",
    "title",
    "url",
    "publisher",
    "language",
    "tags",
    "published",
    "published_source",
    "duplicate_of",
)
EXTRA_FIELDS = ("rules", "focus", "cue", "usd_rate_note")
# one column order for tabular exports of claims of every kind
CLAIM_COLUMNS = (
    SHARED_FIELDS
    + tuple(dict.fromkeys(name for names in KIND_FIELDS.values() for name in names))
    + EXTRA_FIELDS
)


# --- model -> record ----------------------------------------------------------------------


def document_record(document: Document) -> Record:
    return {
        "doc": document.id,
        "title": document.title,
        "url": document.url,
        "publisher": document.publisher,
        "language": document.language,
        "tags": list(document.tags),
        "published": document.published,
        "published_source": _value(document.published_source),
        "duplicate_of": document.duplicate_of,
    }


def claim_record(claim: Claim) -> Record:
    """The contract object for any claim: shared fields, then the fields of its kind."""
    record: Record = {
        "id": claim.id,
        "doc": claim.doc,
        "kind": claim.kind.value,
        "quote": claim.quote,
        "span": span_record(claim.span),
        "attributed_to": attribution_record(claim.attributed_to),
        "hedged": claim.hedged,
    }
    record.update(_DETAIL_RECORDS[claim.kind](claim.details))
    record["rules"] = claim.rules
    record["focus"] = span_record(claim.focus) if claim.focus is not None else None
    return record


def deployment_record(details: ClaimDetails) -> Record:
    assert isinstance(details, Deployment)
    return {
        "low": details.low,
        "high": details.high,
        "qualifier": details.qualifier.value,
        "category": details.category.value,
        "status": details.status.value,
        "destination": place_record(details.destination),
        "origin": place_record(details.origin),
        "when": when_record(details.when),
        "sector": details.sector,
        "visa": details.visa,
        "transport": details.transport,
        "organizations": [
            {"name": org.name, "role": org.role.value} for org in details.organizations
        ],
    }


def money_record(details: ClaimDetails) -> Record:
    assert isinstance(details, Money)
    return {
        "amount_low": details.amount_low,
        "amount_high": details.amount_high,
        "currency": details.currency,
        "per": _value(details.per),
        "money_kind": details.money_kind.value,
        "usd_low": details.usd_low,
        "usd_high": details.usd_high,
        "usd_rate_source": _value(details.usd_rate_source),
        "usd_rate_note": details.usd_rate_note,
        "when": when_record(details.when),
    }


def fx_record(details: ClaimDetails) -> Record:
    assert isinstance(details, Fx)
    return {
        "base": details.base,
        "quote_currency": details.quote_currency,
        "rate": details.rate,
        "as_of": details.as_of,
    }


def indicator_record(details: ClaimDetails) -> Record:
    assert isinstance(details, IndicatorFact)
    return {"indicator": details.indicator.value, "cue": details.cue}


_DETAIL_RECORDS: dict[ClaimKind, Callable[[ClaimDetails], Record]] = {
    ClaimKind.DEPLOYMENT: deployment_record,
    ClaimKind.MONEY: money_record,
    ClaimKind.FX: fx_record,
    ClaimKind.INDICATOR: indicator_record,
}


def span_record(span: Span) -> list[int]:
    return [span.start, span.end]


def attribution_record(attribution: Attribution | None) -> Record | None:
    if attribution is None:
        return None
    return {"text": attribution.text, "type": attribution.type.value}


def place_record(place: Place | None) -> Record | None:
    if place is None:
        return None
    return {
        "name": place.name,
        "admin1": place.admin1,
        "country": place.country,
        "lat": place.lat,
        "lon": place.lon,
        "geonames_id": place.geonames_id,
    }


def when_record(when: When | None) -> Record | None:
    if when is None:
        return None
    return {"text": when.text, "start": when.start, "end": when.end}


def _value(member: Any) -> str | None:
    return None if member is None else str(member.value)


# --- record -> model ----------------------------------------------------------------------


def claim_from_record(record: Mapping[str, Any]) -> Claim:
    """Read back a record written by `claim_record`; StoreError when it is not one."""
    try:
        kind = ClaimKind(record["kind"])
        focus = record.get("focus")
        return Claim(
            id=record["id"],
            doc=record["doc"],
            kind=kind,
            quote=record["quote"],
            span=Span(*record["span"]),
            details=_DETAILS_FROM_RECORD[kind](record),
            attributed_to=_attribution(record.get("attributed_to")),
            hedged=bool(record.get("hedged", False)),
            rules=record.get("rules") or "v1",
            focus=Span(*focus) if focus else None,
        )
    except (KeyError, TypeError, ValueError) as error:
        raise StoreError(f"stored claim {record.get('id')!r} is malformed: {error}") from error


def _deployment(record: Mapping[str, Any]) -> Deployment:
    return Deployment(
        low=record.get("low"),
        high=record.get("high"),
        qualifier=Qualifier(record["qualifier"]),
        category=Category(record["category"]),
        status=Status(record["status"]),
        destination=_place(record.get("destination")),
        origin=_place(record.get("origin")),
        when=_when(record.get("when")),
        sector=record.get("sector"),
        visa=record.get("visa"),
        transport=record.get("transport"),
        organizations=tuple(
            Organization(org["name"], OrgRole(org["role"]))
            for org in record.get("organizations") or ()
        ),
    )


def _money(record: Mapping[str, Any]) -> Money:
    per = record.get("per")
    rate_source = record.get("usd_rate_source")
    return Money(
        amount_low=record["amount_low"],
        amount_high=record["amount_high"],
        currency=record["currency"],
        per=Per(per) if per else None,
        money_kind=MoneyKind(record["money_kind"]),
        usd_low=record.get("usd_low"),
        usd_high=record.get("usd_high"),
        usd_rate_source=RateSource(rate_source) if rate_source else None,
        usd_rate_note=record.get("usd_rate_note"),
        when=_when(record.get("when")),
    )


def _fx(record: Mapping[str, Any]) -> Fx:
    return Fx(record["base"], record["quote_currency"], record["rate"], record.get("as_of"))


def _indicator(record: Mapping[str, Any]) -> IndicatorFact:
    return IndicatorFact(Indicator(record["indicator"]), record.get("cue") or "")


_DETAILS_FROM_RECORD: dict[ClaimKind, Callable[[Mapping[str, Any]], ClaimDetails]] = {
    ClaimKind.DEPLOYMENT: _deployment,
    ClaimKind.MONEY: _money,
    ClaimKind.FX: _fx,
    ClaimKind.INDICATOR: _indicator,
}


def _attribution(value: Mapping[str, Any] | None) -> Attribution | None:
    return None if not value else Attribution(value["text"], AttributionType(value["type"]))


def _place(value: Mapping[str, Any] | None) -> Place | None:
    if not value:
        return None
    return Place(
        name=value["name"],
        admin1=value.get("admin1"),
        country=value.get("country"),
        lat=value.get("lat"),
        lon=value.get("lon"),
        geonames_id=value.get("geonames_id"),
    )


def _when(value: Mapping[str, Any] | None) -> When | None:
    return None if not value else When(value.get("text"), value.get("start"), value.get("end"))


def published_source(value: str | None) -> PublishedSource | None:
    return PublishedSource(value) if value else None


# --- writing ------------------------------------------------------------------------------

FORMATS = ("jsonl", "csv", "json")


def write_records(
    records: Iterable[Mapping[str, Any]],
    stream: TextIO,
    output_format: str = "jsonl",
    columns: Sequence[str] = (),
) -> int:
    """Write `records` to `stream` as JSON Lines, CSV (nested values as JSON) or a JSON list.

    Returns the number written. CSV uses `columns`, in that order.
    """
    count = 0
    if output_format == "jsonl":
        for record in records:
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    elif output_format == "json":
        rows = list(records)
        json.dump(rows, stream, ensure_ascii=False, indent=1)
        stream.write("\n")
        count = len(rows)
    elif output_format == "csv":
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow({name: _cell(record.get(name)) for name in columns})
            count += 1
    else:
        raise InputError(f"unknown format {output_format!r}; expected one of {', '.join(FORMATS)}")
    return count


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else value
