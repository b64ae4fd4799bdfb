"""A small made-up corpus in a real store, and a toy analysis for the desk's tests.

The sentences are our own wording. One document is hostile: markup and a `javascript:` URL
that must show as text and never run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

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
    Money,
    MoneyKind,
    Per,
    Place,
    Qualifier,
    Span,
    Status,
    When,
)
from laborwatch.store import Store, open_store
from laborwatch.web.desk import Analysis, Findings

VLADIVOSTOK = Place("Vladivostok", "Primorsky Krai", "RU", 43.12, 131.89)
MOSCOW = Place("Moscow", "Moscow", "RU", 55.75, 37.62)
KAZAN = Place("Kazan", "Tatarstan", "RU", 55.79, 49.12)
KHABAROVSK = Place("Khabarovsk", "Khabarovsk Krai", "RU", 48.48, 135.08)

HOSTILE_TEXT = (
    "A crafted page says <script>window.__pwned = true</script> and "
    '<img src=x onerror="window.__pwned = true"> before noting that about 50 workers '
    "went to Khabarovsk."
)


def _claim(
    claim_id: str,
    doc: str,
    text: str,
    quote: str,
    details: Any,
    focus: str | None = None,
    **extra: Any,
) -> Claim:
    start = text.index(quote)
    focus_span = None
    if focus is not None:
        focus_start = text.index(focus, start)
        focus_span = Span(focus_start, focus_start + len(focus))
    kind = {
        Deployment: ClaimKind.DEPLOYMENT,
        Money: ClaimKind.MONEY,
        IndicatorFact: ClaimKind.INDICATOR,
    }[type(details)]
    return Claim(
        id=claim_id,
        doc=doc,
        kind=kind,
        quote=quote,
        span=Span(start, start + len(quote)),
        details=details,
        focus=focus_span,
        **extra,
    )


def sample_corpus() -> tuple[list[Document], list[Claim]]:
    first = (
        "Officials said roughly 400 laborers from North Korea would travel to Vladivostok "
        "next month. Each earns about 90,000 rubles a month, most of it handed over as "
        "loyalty payments. Their passports are kept by the site manager."
    )
    second = (
        "At least 1,200 North Korean workers were at building sites in Moscow last year, "
        "according to an intelligence briefing. Another account put the number near Kazan "
        "at about 300."
    )
    documents = [
        Document(
            "a1",
            first,
            "a1.txt",
            url="https://example.org/a1",
            title="Builders bound east",
            publisher="Example Wire",
            published="2024-03-10",
        ),
        Document(
            "b2",
            second,
            "b2.txt",
            url="https://example.org/b2",
            title="Sites in the west",
            publisher="Harbor Times",
            published="2023-11-02",
        ),
        Document(
            "x9",
            HOSTILE_TEXT,
            "x9.txt",
            url="javascript:alert(2)",
            title="<script>window.__pwned = true</script> Crafted",
            publisher="Unknown",
        ),
    ]
    claims = [
        _claim(
            "a1-d1",
            "a1",
            first,
            "Officials said roughly 400 laborers from North Korea would travel to Vladivostok "
            "next month.",
            Deployment(
                400,
                400,
                Qualifier.ABOUT,
                Category.WORKERS,
                Status.PLANNED,
                VLADIVOSTOK,
                when=When("next month", "2024-04-01", "2024-04-30"),
            ),
            focus="roughly 400",
            attributed_to=Attribution("Officials", AttributionType.GOVERNMENT),
        ),
        _claim(
            "a1-m1",
            "a1",
            first,
            "Each earns about 90,000 rubles a month, most of it handed over as loyalty payments.",
            Money(90000, 90000, "RUB", Per.MONTH, MoneyKind.WAGE_GROSS),
            focus="90,000 rubles",
        ),
        _claim(
            "a1-i1",
            "a1",
            first,
            "Their passports are kept by the site manager.",
            IndicatorFact(Indicator.RETENTION_OF_IDENTITY_DOCUMENTS, "passports are kept"),
            focus="passports are kept",
        ),
        _claim(
            "b2-d1",
            "b2",
            second,
            "At least 1,200 North Korean workers were at building sites in Moscow last year, "
            "according to an intelligence briefing.",
            Deployment(
                1200,
                None,
                Qualifier.AT_LEAST,
                Category.WORKERS,
                Status.PRESENT,
                MOSCOW,
                when=When("last year", "2022-01-01", "2022-12-31"),
            ),
            focus="At least 1,200",
        ),
        _claim(
            "b2-d2",
            "b2",
            second,
            "Another account put the number near Kazan at about 300.",
            Deployment(300, 300, Qualifier.ABOUT, Category.UNSPECIFIED, Status.PRESENT, KAZAN),
            focus="about 300",
            hedged=True,
        ),
        _claim(
            "x9-d1",
            "x9",
            HOSTILE_TEXT,
            HOSTILE_TEXT,
            Deployment(50, 50, Qualifier.ABOUT, Category.WORKERS, Status.DISPATCHED, KHABAROVSK),
            focus="about 50",
        ),
    ]
    return documents, claims


def sample_store(folder: Path) -> Store:
    """The sample corpus in a migrated SQLite database in `folder` (review tables included)."""
    store = open_store(str(folder / "desk.db"))
    documents, claims = sample_corpus()
    for document in documents:
        store.upsert_document_with_claims(document, [c for c in claims if c.doc == document.id])
    return store


def _central(details: Deployment) -> float:
    bounds = [value for value in (details.low, details.high) if value is not None]
    return sum(bounds) / len(bounds) if bounds else 0.0


def _year(claim: Claim, documents: Mapping[str, Document]) -> int | None:
    when = getattr(claim.details, "when", None)
    if when is not None and when.start:
        return int(when.start[:4])
    published = documents[claim.doc].published if claim.doc in documents else None
    return int(published[:4]) if published else None


def toy_estimates(
    claims: Sequence[Claim], documents: Mapping[str, Document]
) -> list[dict[str, Any]]:
    """Stock: present workers per year; inflow: planned or dispatched per year (test arithmetic)."""
    measure_of = {Status.PRESENT: "stock", Status.PLANNED: "inflow", Status.DISPATCHED: "inflow"}
    totals: dict[tuple[str, int], list[Claim]] = defaultdict(list)
    for claim in claims:
        details = claim.details
        year = _year(claim, documents)
        if isinstance(details, Deployment) and details.status in measure_of and year:
            totals[(measure_of[details.status], year)].append(claim)
    rows = []
    for (measure, year), members in sorted(totals.items()):
        central = sum(_central(member.details) for member in members)  # type: ignore[arg-type]
        rows.append(
            {
                "measure": measure,
                "year": year,
                "destination": None,
                "low": central * 0.8,
                "central": central,
                "high": central * 1.2,
                "claims": [member.id for member in members],
            }
        )
    return rows


def toy_events(claims: Sequence[Claim], documents: Mapping[str, Document]) -> list[dict[str, Any]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        if isinstance(claim.details, Deployment) and claim.details.destination:
            groups[claim.details.destination.name].append(claim.id)
    return [
        {"id": f"event-{name}", "label": f"Workers in {name}", "claims": ids}
        for name, ids in sorted(groups.items())
    ]


def toy_contradictions(
    claims: Sequence[Claim], documents: Mapping[str, Document]
) -> list[dict[str, Any]]:
    return [{"description": "Two accounts of Russia's total differ", "claims": ["b2-d1", "b2-d2"]}]


def toy_grades(claims: Sequence[Claim], documents: Mapping[str, Document]) -> dict[str, str]:
    return {claim.id: "B" for claim in claims}


def toy_analysis(claims: Sequence[Claim], documents: Mapping[str, Document]) -> Findings:
    return Findings(
        events=toy_events(claims, documents),
        contradictions=toy_contradictions(claims, documents),
        estimates=toy_estimates(claims, documents),
        grades=toy_grades(claims, documents),
    )


TOY_ANALYSIS: Analysis = toy_analysis
