"""CLI commands that answer questions: events, contradictions, estimates, analysis exports."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table

from laborwatch.analysis import Analysis, analyse_store
from laborwatch.cli_context import open_context_store
from laborwatch.errors import InputError
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

Country = Annotated[str, typer.Option("--country", help="ISO country code of the host.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


class AnalysisExport(StrEnum):
    EVENTS = "events"
    ESTIMATES = "estimates"
    DEPLOYMENTS = "deployments"
    FTM = "ftm"


def register(app: typer.Typer) -> None:
    """Add `events`, `contradictions`, `estimate` and `export-analysis` to the CLI."""
    app.command("events")(events)
    app.command("contradictions")(contradictions)
    app.command("estimate")(estimate_command)
    app.command("export-analysis")(export_analysis)


def _analysis(context: typer.Context, country: str) -> Analysis:
    _, store = open_context_store(context)
    return analyse_store(store, country=country.upper())


def events(context: typer.Context, country: Country = "RU", as_json: AsJson = False) -> None:
    """Claims from different reports about one real event, with a consensus count."""
    analysis = _analysis(context, country)
    if as_json:
        _print_json([event_record(event) for event in analysis.events])
        return
    table = Table("event", "category", "status", "where", "when", "count", "origins", "claims")
    for event in analysis.events:
        record = event_record(event)
        table.add_row(
            str(record["id"]),
            str(record.get("category")),
            str(record.get("status")),
            str(record.get("region") or record.get("country") or ""),
            str(record.get("start") or ""),
            _bounds(record.get("low"), record.get("high")),
            str(len(record.get("origins") or [])),
            str(len(record.get("claims") or [])),
        )
    Console(width=160).print(table)


def contradictions(
    context: typer.Context, country: Country = "RU", as_json: AsJson = False
) -> None:
    """Events whose reports give counts that cannot all be true, with the claims on each side."""
    analysis = _analysis(context, country)
    records = [event_record(event) for event in analysis.events if event.contradiction]
    if as_json:
        _print_json(records)
        return
    if not records:
        typer.echo("No contradictions among the stored claims.", err=True)
        return
    for record in records:
        typer.echo(f"{record['id']}: {record.get('category')} {record.get('status')}")
        for number, side in enumerate(record.get("sides") or [], start=1):
            typer.echo(f"  side {number}: {side}")


def estimate_command(
    context: typer.Context, country: Country = "RU", as_json: AsJson = False
) -> None:
    """Workers present and arriving by year and revenue to the state, with 80% intervals."""
    analysis = _analysis(context, country)
    if as_json:
        _print_json(
            {
                "estimates": estimate_records(analysis.estimates),
                "excluded": excluded_records(analysis.estimates),
            }
        )
        return
    table = Table("measure", "year", "median", "80% interval", "figures", "claims", "note")
    for row in analysis.estimates.rows:
        table.add_row(
            row.measure,
            str(row.year),
            f"{row.median:,.0f}",
            f"{row.low:,.0f} – {row.high:,.0f}",
            str(row.figures),
            " ".join(row.claims),
            row.note,
        )
    Console(width=200).print(table)
    typer.echo(
        f"{len(analysis.estimates.excluded)} claims left out (see --json for each reason).",
        err=True,
    )


def export_analysis(
    context: typer.Context,
    what: Annotated[AnalysisExport, typer.Argument(help="events, estimates, deployments or ftm")],
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="json or csv (events, estimates).")
    ] = "json",
    out: Annotated[str, typer.Option("--out", "-o", help="File to write; - for stdout.")] = "-",
    country: Country = "RU",
) -> None:
    """Events or estimates (JSON/CSV), deployments as GeoJSON, claims as FollowTheMoney."""
    analysis = _analysis(context, country)
    if output_format not in ("json", "csv"):
        raise InputError(f"unknown format {output_format!r}: use json or csv")
    if output_format == "csv" and what not in (AnalysisExport.EVENTS, AnalysisExport.ESTIMATES):
        raise InputError(f"{what.value} is exported as JSON only")
    with _output(out) as stream:
        if what is AnalysisExport.EVENTS and output_format == "csv":
            _write_csv(stream, EVENT_COLUMNS, [event_csv_row(e) for e in analysis.events])
        elif what is AnalysisExport.EVENTS:
            _dump(stream, [event_record(event) for event in analysis.events])
        elif what is AnalysisExport.ESTIMATES and output_format == "csv":
            _write_csv(stream, ESTIMATE_COLUMNS, estimate_csv_rows(analysis.estimates))
        elif what is AnalysisExport.ESTIMATES:
            _dump(stream, estimate_records(analysis.estimates))
        elif what is AnalysisExport.DEPLOYMENTS:
            _dump(stream, deployments_geojson(analysis.claims))
        else:
            for entity in ftm_entities(analysis.claims, analysis.documents):
                stream.write(json.dumps(entity, ensure_ascii=False) + "\n")


def _bounds(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"{low:,}" if low == high else f"{low:,}–{high:,}"
    if low is not None:
        return f"≥ {low:,}"
    return f"≤ {high:,}" if high is not None else "?"


def _print_json(value: Any) -> None:
    _dump(sys.stdout, value)


def _dump(stream: TextIO, value: Any) -> None:
    stream.write(json.dumps(value, ensure_ascii=False, indent=1) + "\n")


def _write_csv(stream: TextIO, columns: Sequence[str], rows: Sequence[dict[str, str]]) -> None:
    writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


@contextmanager
def _output(out: str) -> Iterator[TextIO]:
    if out == "-":
        yield sys.stdout
        return
    try:
        with Path(out).open("w", encoding="utf-8", newline="") as stream:
            yield stream
    except OSError as error:
        raise InputError(f"cannot write {out}: {error.strerror}") from error
