"""Events, estimates, deployments and claims as JSON-ready dicts, CSV rows, GeoJSON and
FollowTheMoney entities. Pure: values in, plain dicts out; the CLI decides where they go.

FollowTheMoney (FtM) entities are written in its JSON form, `{"id", "schema", "properties":
{name: [values]}}`, without depending on the followthemoney package: each deployment claim is an
`Event`; its source article a `Document`; `Documentation` links the article to the event (the
provenance, with the quote as summary); each organisation named in the claim is a `Mention`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from laborwatch.estimate import Estimates
from laborwatch.model import Claim, Deployment, Document, Place
from laborwatch.resolve.cluster import Event

EVENT_COLUMNS = (
    "id", "category", "status", "country", "region", "start", "end", "low", "high",
    "origins", "claims", "documents", "contradiction", "sides", "parts", "outvoted",
)  # fmt: skip
ESTIMATE_COLUMNS = (
    "measure", "country", "year", "median", "low", "high", "figures", "claims", "note",
)  # fmt: skip
LIST_SEPARATOR = " "
SIDE_SEPARATOR = " | "


def event_record(event: Event) -> dict[str, Any]:
    """An event as a JSON-ready dict."""
    return {
        "id": event.id,
        "category": event.category,
        "status": event.status,
        "country": event.country,
        "region": event.region,
        "start": event.start,
        "end": event.end,
        "low": event.low,
        "high": event.high,
        "counts": [list(group) for group in event.counts],
        "origins": list(event.origins),
        "independent_origins": len(event.origins),
        "claims": list(event.claims),
        "documents": list(event.documents),
        "contradiction": event.contradiction,
        "sides": [list(side) for side in event.sides],
        "parts": list(event.parts),
        "outvoted": list(event.outvoted),
    }


def event_csv_row(event: Event) -> dict[str, str]:
    """An event as one CSV row (columns EVENT_COLUMNS); lists joined by spaces, sides by |."""
    record = event_record(event)
    row = {column: _cell(record[column]) for column in EVENT_COLUMNS}
    row["sides"] = SIDE_SEPARATOR.join(LIST_SEPARATOR.join(side) for side in event.sides)
    return row


def estimate_records(estimates: Estimates) -> list[dict[str, Any]]:
    """Every estimate row, then every claim left out with its reason, as JSON-ready dicts."""
    rows: list[dict[str, Any]] = [
        {
            "measure": row.measure,
            "country": row.country,
            "year": row.year,
            "median": row.median,
            "low": row.low,
            "high": row.high,
            "figures": row.figures,
            "claims": list(row.claims),
            "note": row.note,
        }
        for row in estimates.rows
    ]
    return rows


def excluded_records(estimates: Estimates) -> list[dict[str, str]]:
    return [
        {"claim": item.claim, "measure": item.measure, "reason": item.reason}
        for item in estimates.excluded
    ]


def estimate_csv_rows(estimates: Estimates) -> list[dict[str, str]]:
    """Estimate rows for a CSV with ESTIMATE_COLUMNS."""
    return [
        {column: _cell(record[column]) for column in ESTIMATE_COLUMNS}
        for record in estimate_records(estimates)
    ]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


# --- GeoJSON ------------------------------------------------------------------------------


def deployments_geojson(claims: Iterable[Claim]) -> dict[str, Any]:
    """A FeatureCollection with one point per destination that has coordinates."""
    places: dict[tuple[Any, ...], tuple[Place, list[dict[str, Any]]]] = {}
    for claim in claims:
        deployment = claim.details
        if not isinstance(deployment, Deployment) or deployment.destination is None:
            continue
        place = deployment.destination
        if place.lat is None or place.lon is None:
            continue
        key = (place.geonames_id, place.name, place.lat, place.lon)
        places.setdefault(key, (place, []))[1].append(_count_record(claim, deployment))
    features = [_feature(place, counts) for place, counts in places.values()]
    return {"type": "FeatureCollection", "features": features}


def _count_record(claim: Claim, deployment: Deployment) -> dict[str, Any]:
    return {
        "claim": claim.id,
        "doc": claim.doc,
        "low": deployment.low,
        "high": deployment.high,
        "qualifier": deployment.qualifier.value,
        "category": deployment.category.value,
        "status": deployment.status.value,
        "start": deployment.when.start if deployment.when else None,
        "end": deployment.when.end if deployment.when else None,
    }


def _feature(place: Place, counts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.lon, place.lat]},
        "properties": {
            "name": place.name,
            "admin1": place.admin1,
            "country": place.country,
            "geonames_id": place.geonames_id,
            "claims": [count["claim"] for count in counts],
            "counts": list(counts),
        },
    }


# --- FollowTheMoney -----------------------------------------------------------------------


def ftm_entities(
    claims: Iterable[Claim], documents: Mapping[str, Document]
) -> list[dict[str, Any]]:
    """Deployment claims as FtM Event + Documentation (+ Mention), and their source Documents."""
    entities: list[dict[str, Any]] = []
    seen_documents: set[str] = set()
    for claim in claims:
        deployment = claim.details
        if not isinstance(deployment, Deployment):
            continue
        document = documents.get(claim.doc)
        if claim.doc not in seen_documents:
            seen_documents.add(claim.doc)
            entities.append(ftm_document(claim.doc, document))
        event = ftm_event(claim, deployment, document)
        entities.append(event)
        entities.append(_documentation(claim, event["id"]))
        entities.extend(_mentions(claim, deployment, event["id"]))
    return entities


def ftm_id(*parts: str) -> str:
    return "lw-" + hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]


def ftm_document(doc_id: str, document: Document | None) -> dict[str, Any]:
    properties: dict[str, list[str]] = {"fileName": [doc_id]}
    if document is not None:
        _put(properties, "title", document.title)
        _put(properties, "sourceUrl", document.url)
        _put(properties, "publisher", document.publisher)
        _put(properties, "publishedAt", document.published)
        _put(properties, "language", document.language)
        properties["keywords"] = list(document.tags) if document.tags else []
    return _entity(ftm_id("document", doc_id), "Document", properties)


def ftm_event(claim: Claim, deployment: Deployment, document: Document | None) -> dict[str, Any]:
    properties: dict[str, list[str]] = {
        "name": [_event_name(deployment)],
        "summary": [claim.quote],
        "recordId": [claim.id],
    }
    when = deployment.when
    if when is not None:
        _put(properties, "startDate", when.start)
        _put(properties, "endDate", when.end)
    elif document is not None:
        _put(properties, "date", document.published)
    place = deployment.destination
    if place is not None:
        _put(properties, "location", ", ".join(p for p in (place.name, place.admin1) if p))
        _put(properties, "country", place.country.lower() if place.country else None)
    if document is not None:
        _put(properties, "sourceUrl", document.url)
        _put(properties, "publisher", document.publisher)
    return _entity(ftm_id("event", claim.id), "Event", properties)


def _event_name(deployment: Deployment) -> str:
    if deployment.low is not None and deployment.high not in (None, deployment.low):
        count = f"{deployment.low}-{deployment.high}"
    else:
        count = str(deployment.low if deployment.low is not None else deployment.high)
    where = f" to {deployment.destination.name}" if deployment.destination else ""
    category = deployment.category.value.replace("_", " ")
    return f"{count} North Korean {category} {deployment.status.value}{where}"


def _documentation(claim: Claim, event_id: str) -> dict[str, Any]:
    properties = {
        "document": [ftm_id("document", claim.doc)],
        "entity": [event_id],
        "role": ["source"],
        "summary": [claim.quote],
    }
    return _entity(ftm_id("documentation", claim.id), "Documentation", properties)


def _mentions(claim: Claim, deployment: Deployment, event_id: str) -> list[dict[str, Any]]:
    return [
        _entity(
            ftm_id("mention", claim.id, organization.name),
            "Mention",
            {
                "name": [organization.name],
                "document": [ftm_id("document", claim.doc)],
                "detectedSchema": ["Organization"],
                "contextCountry": [deployment.destination.country.lower()]
                if deployment.destination and deployment.destination.country
                else [],
            },
        )
        for organization in deployment.organizations
    ]


def _put(properties: dict[str, list[str]], name: str, value: str | None) -> None:
    if value:
        properties[name] = [value]


def _entity(entity_id: str, schema: str, properties: Mapping[str, list[str]]) -> dict[str, Any]:
    return {
        "id": entity_id,
        "schema": schema,
        "properties": {name: values for name, values in properties.items() if values},
    }
