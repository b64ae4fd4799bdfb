"""Commands that read the store: `export`, `claims`, `show`, `summary` and `evaluate`.

`register(app)` adds them to the CLI, as analysis_commands.py and web/commands.py add theirs;
apart from cli.py, which keeps the app, ingesting, database maintenance and the entry point.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.table import Table

from laborwatch.cli_context import open_context_store, say, stdout
from laborwatch.errors import InputError
from laborwatch.evaluate import figure_lines, load_gold, score
from laborwatch.export import (
    CLAIM_COLUMNS,
    DOCUMENT_FIELDS,
    claim_record,
    document_record,
    write_records,
)
from laborwatch.store import ClaimFilter, Store
from laborwatch.store.review import ReviewStore
from laborwatch.web.review import reviewed_claims

QUOTE_WIDTH = 90


class ExportKind(StrEnum):
    CLAIMS = "claims"
    DOCUMENTS = "documents"


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    JSON = "json"


def register(app: typer.Typer) -> None:
    """Add `export`, `claims`, `show`, `summary` and `evaluate` to the CLI."""
    app.command()(export)
    app.command("claims")(list_claims)
    app.command()(show)
    app.command()(summary)
    app.command()(evaluate)


def _reviewed_records(store: Store) -> list[dict[str, Any]]:
    versions = ReviewStore(store.engine).all_versions()
    return [claim_record(claim) for claim in reviewed_claims(store.claims(), versions)]


def export(
    context: typer.Context,
    what: Annotated[ExportKind, typer.Argument(help="claims or documents")],
    output_format: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ExportFormat.JSONL,
    out: Annotated[str, typer.Option("--out", "-o", help="File to write; - for stdout.")] = "-",
    original: Annotated[
        bool, typer.Option("--original", help="Claims as extracted, ignoring reviews.")
    ] = False,
) -> None:
    """Write every claim or document in the export contract (CLAIMS.md).

    Claims carry their reviewed values (corrections applied, rejected claims left out) unless
    --original is given.
    """
    _, store = open_context_store(context)
    if what is ExportKind.CLAIMS:
        records = store.claim_records() if original else _reviewed_records(store)
        columns: Sequence[str] = CLAIM_COLUMNS
    else:
        records = [document_record(d) for d in store.documents()]
        columns = DOCUMENT_FIELDS
    with _output(out, output_format) as stream:
        count = write_records(records, stream, output_format.value, columns)
    if out != "-":
        say(f"{count} {what.value} written to {out}")


@contextmanager
def _output(out: str, output_format: ExportFormat) -> Iterator[TextIO]:
    if out == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    newline = "" if output_format is ExportFormat.CSV else None
    try:
        with open(out, "w", encoding="utf-8", newline=newline) as stream:
            yield stream
    except OSError as error:
        raise InputError(f"cannot write {out}: {error.strerror or error}") from error


def list_claims(
    context: typer.Context,
    doc: Annotated[str | None, typer.Option(help="Only this document's claims.")] = None,
    kind: Annotated[str | None, typer.Option(help="deployment, money, fx or indicator.")] = None,
    status: Annotated[str | None, typer.Option(help="e.g. dispatched, planned, present.")] = None,
    destination: Annotated[
        str | None, typer.Option(help="A place name, or a two-letter country code.")
    ] = None,
    min_count: Annotated[
        int | None, typer.Option(help="Deployments of at least this many people.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
) -> None:
    """Show stored claims as a table, filtered."""
    _, store = open_context_store(context)
    where = ClaimFilter(
        doc=doc, kind=kind, status=status, destination=destination, min_count=min_count
    )
    records = store.claim_records(where)
    stdout().print(claims_table(records[:limit]))
    if len(records) > limit:
        say(f"{len(records) - limit} more; raise --limit or use `laborwatch export claims`")


def claims_table(records: Sequence[dict[str, Any]], *, title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, expand=False)
    for name in ("doc", "kind", "what", "status", "where", "quote"):
        table.add_column(name, overflow="fold", max_width=QUOTE_WIDTH if name == "quote" else 28)
    for record in records:
        destination = (record.get("destination") or {}).get("name") or ""
        table.add_row(
            record["doc"],
            record["kind"],
            claim_value(record),
            record.get("status") or record.get("money_kind") or "",
            destination,
            record["quote"],
        )
    return table


def claim_value(record: dict[str, Any]) -> str:
    """The claim's figure in a few words: `500 workers`, `100000 RUB/month`, `deception`."""
    kind = record.get("kind")
    if kind == "deployment":
        low, high = record.get("low"), record.get("high")
        number = f"{low}" if low == high else f"{low or '?'}–{high or '?'}"
        return f"{number} {record.get('category')}"
    if kind == "money":
        amount = record["amount_low"]
        if record["amount_high"] != amount:
            amount = f"{record['amount_low']}–{record['amount_high']}"
        per = f"/{record['per']}" if record.get("per") else ""
        return f"{amount} {record['currency']}{per}"
    if kind == "fx":
        return f"1 {record['base']} = {record['rate']} {record['quote_currency']}"
    return str(record.get("indicator", ""))


def show(
    context: typer.Context, doc: Annotated[str, typer.Argument(help="A document id.")]
) -> None:
    """Print one document: where it came from, and its claims with their quotes."""
    _, store = open_context_store(context)
    document = store.get_document(doc)
    console = stdout()
    record = document_record(document)
    for name in DOCUMENT_FIELDS:
        value = record[name]
        if value not in (None, [], ""):
            shown = ", ".join(value) if isinstance(value, list) else str(value)
            console.print(f"[bold]{name}[/bold]: {shown}", highlight=False)
    console.print(f"[bold]source[/bold]: {document.source}")
    console.print(f"[bold]text[/bold]: {len(document.text)} characters")
    records = store.claim_records(ClaimFilter(doc=doc))
    console.print(claims_table(records, title=f"{len(records)} claim(s)"))


def summary(
    context: typer.Context,
    top: Annotated[int, typer.Option(help="How many of the largest deployments to list.")] = 10,
) -> None:
    """Documents, claims by kind, the largest deployments with sources, and where to look next."""
    _, store = open_context_store(context)
    console = stdout()
    counts = store.counts()
    kinds = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("deployment", "money", "fx", "indicator"))
    console.print(f"{counts['documents']} document(s); claims: {kinds}", markup=False)
    by_id = {d.id: d for d in store.documents()}
    copies = {doc for doc, document in by_id.items() if document.duplicate_of}
    originals = [
        r for r in store.claim_records(ClaimFilter(kind="deployment")) if r["doc"] not in copies
    ]
    deployments = largest(originals, top)
    if copies:
        console.print(f"{len(copies)} near-copies of other reports are left out below.")
    if deployments:
        console.print(sources_table(deployments, by_id))
    console.print("Where to look next:", markup=False)
    example = deployments[0]["doc"] if deployments else "DOC"
    for hint in (
        "laborwatch claims --kind deployment --min-count 1000   # the big numbers, filtered",
        f"laborwatch show {example}   # one report with every claim and its quote",
        "laborwatch export claims > claims.jsonl   # every claim, in the CLAIMS.md contract",
        "laborwatch estimate   # workers present and arriving by year, with 80% intervals",
        "laborwatch serve   # the dashboard at http://127.0.0.1:8000/ (works offline)",
        "docs/cli.md   # every command and option",
    ):
        console.print(f"  {hint}", markup=False)


def largest(records: Sequence[dict[str, Any]], top: int) -> list[dict[str, Any]]:
    """The `top` deployments with the largest count (upper bound, else lower bound)."""
    counted = [r for r in records if (r.get("high") or r.get("low")) is not None]
    return sorted(counted, key=lambda r: -(r.get("high") or r.get("low") or 0))[:top]


def sources_table(records: Sequence[dict[str, Any]], documents: dict[str, Any]) -> Table:
    table = Table(title="Largest deployments", expand=False)
    for name in ("count", "status", "where", "quote", "outlet", "date", "doc"):
        table.add_column(name, overflow="fold", max_width=QUOTE_WIDTH if name == "quote" else 24)
    for record in records:
        document = documents.get(record["doc"])
        table.add_row(
            claim_value(record),
            record.get("status") or "",
            (record.get("destination") or {}).get("name") or "",
            record["quote"],
            getattr(document, "publisher", None) or "",
            getattr(document, "published", None) or "",
            record["doc"],
        )
    return table


def evaluate(
    context: typer.Context,
    gold: Annotated[
        Path, typer.Option("--gold", help="Gold file, as shared/eval/seeds.gold.json.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="List every miss and extra.")] = False,
) -> None:
    """Score the stored claims against a gold file (the figures of shared/eval/score.py)."""
    import json

    _, store = open_context_store(context)
    documents = [document_record(d) for d in store.documents()]
    figures, report = score(load_gold(gold), store.claim_records(), documents)
    if as_json:
        print(json.dumps(figures, indent=1))
        return
    for line in figure_lines(figures, report if verbose else ()):
        print(line)
