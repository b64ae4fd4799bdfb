"""Exports: events and estimates as dicts and CSV rows, GeoJSON, FollowTheMoney entities."""

from __future__ import annotations

import json

import pytest

from laborwatch.estimate import EstimateRow, Estimates
from laborwatch.estimate_rules import Exclusion
from laborwatch.model import (
    Category,
    Claim,
    ClaimKind,
    Deployment,
    Document,
    Organization,
    OrgRole,
    Place,
    Qualifier,
    Span,
    Status,
    When,
)
from laborwatch.resolve.cluster import Event
from laborwatch.resolve.serialize import (
    ESTIMATE_COLUMNS,
    EVENT_COLUMNS,
    deployments_geojson,
    estimate_csv_rows,
    estimate_records,
    event_csv_row,
    event_record,
    excluded_records,
    ftm_entities,
)

TOWN = Place("Tynda", "Amur Oblast", "RU", 55.15, 124.72, 2015179)
UNPLACED = Place("somewhere", country="RU")


def claim(cid: str, place: Place | None, organizations: tuple[Organization, ...] = ()) -> Claim:
    details = Deployment(
        200, 200, Qualifier.ABOUT, Category.WORKERS, Status.PRESENT, place,
        when=When("in May", "2024-05-01", "2024-05-31"), organizations=organizations,
    )  # fmt: skip
    return Claim(cid, "doc", ClaimKind.DEPLOYMENT, "About 200 work there.", Span(0, 21), details)


EVENT = Event(
    "ev-1", "workers", "presence", "RU", "Amur Oblast", "2024-05-01", "2024-05-31", 200, 200,
    ("a", "b"), ("doc", "doc2"), ("one", "two"), True, (("a",), ("b",)), (), ("b",),
)  # fmt: skip
ESTIMATES = Estimates(
    rows=(EstimateRow("stock", "RU", 2024, 200.0, 180.0, 220.0, ("a",), 1, ""),),
    excluded=(Exclusion("b", "stock", "contradicted"),),
)


def test_event_record_and_csv_row() -> None:
    record = event_record(EVENT)
    assert record["independent_origins"] == 2 and record["sides"] == [["a"], ["b"]]
    json.dumps(record)
    row = event_csv_row(EVENT)
    assert list(row) == list(EVENT_COLUMNS)
    assert row["claims"] == "a b" and row["sides"] == "a | b" and row["contradiction"] == "true"


def test_estimate_records_and_csv_rows() -> None:
    assert estimate_records(ESTIMATES)[0]["claims"] == ["a"]
    assert excluded_records(ESTIMATES) == [
        {"claim": "b", "measure": "stock", "reason": "contradicted"}
    ]
    (row,) = estimate_csv_rows(ESTIMATES)
    assert list(row) == list(ESTIMATE_COLUMNS) and row["median"] == "200.0"


@pytest.mark.parametrize(
    ("claims", "features"),
    [
        ([claim("a", TOWN), claim("b", TOWN)], 1),
        ([claim("a", UNPLACED), claim("b", None)], 0),  # no coordinates, no point
    ],
)
def test_geojson(claims: list[Claim], features: int) -> None:
    collection = deployments_geojson(claims)
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == features
    for feature in collection["features"]:
        assert feature["geometry"]["coordinates"] == [124.72, 55.15]
        assert feature["properties"]["claims"] == ["a", "b"]
    json.dumps(collection)


def test_followthemoney_entities() -> None:
    bureau = (Organization("A Construction Bureau", OrgRole.DISPATCHER),)
    documents = {"doc": Document("doc", "", "doc", url="https://example.org/x", published="2024")}
    entities = ftm_entities([claim("a", TOWN, bureau), claim("b", None)], documents)
    schemas = [entity["schema"] for entity in entities]
    assert schemas.count("Document") == 1 and schemas.count("Event") == 2
    assert schemas.count("Documentation") == 2 and schemas.count("Mention") == 1
    by_schema = {entity["schema"]: entity for entity in entities}
    event = next(e for e in entities if e["schema"] == "Event")
    assert event["properties"]["country"] == ["ru"]
    assert event["properties"]["startDate"] == ["2024-05-01"]
    assert event["properties"]["summary"] == ["About 200 work there."]
    documentation = by_schema["Documentation"]["properties"]
    assert documentation["document"] == [by_schema["Document"]["id"]]
    for entity in entities:
        assert set(entity) == {"id", "schema", "properties"}
        assert all(isinstance(v, list) and v for v in entity["properties"].values())
    json.dumps(entities)
