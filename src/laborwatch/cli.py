"""The `laborwatch` command: thin commands that parse, call the pipeline or the store, print.

Data goes to stdout, messages and progress to stderr; `-` means stdin or stdout. Every error
ends in one line `laborwatch: error: ...` and an exit code: 0 ok, 1 error, 2 usage or input,
3 finished with per-file failures.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.exceptions import TyperException

from laborwatch.analysis_commands import register as register_analysis_commands
from laborwatch.errors import InputError, LaborwatchError, ResourceError
from laborwatch.evaluate import figure_lines, load_gold, score
from laborwatch.export import (
    CLAIM_COLUMNS,
    DOCUMENT_FIELDS,
    claim_record,
    document_record,
    write_records,
)
from laborwatch.model import RunReport
from laborwatch.settings import BATCH_SIZE, Settings, load_settings
from laborwatch.store import ClaimFilter, Store, open_store, upgrade
from laborwatch.store.review import ReviewStore
from laborwatch.web.commands import register as register_web_commands
from laborwatch.web.review import reviewed_claims

EXIT_FAILURES = 3
QUOTE_WIDTH = 90
WIDE = 200


app = typer.Typer(
    name="laborwatch",
    help="Sourced, structured claims about North Korean workers sent abroad, from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")


class ExportKind(StrEnum):
    CLAIMS = "claims"
    DOCUMENTS = "documents"


class ExportFormat(StrEnum):
    JSONL = "jsonl"
    CSV = "csv"
    JSON = "json"


@dataclass(slots=True)
class CliState:
    settings: Settings
    store: Store | None = None


def stderr() -> Console:
    return Console(stderr=True, highlight=False)


def stdout() -> Console:
    # piped output is not cut to 80 columns: it is read by people and tools alike
    console = Console(highlight=False)
    return console if console.is_terminal else Console(highlight=False, width=WIDE)


def say(message: str) -> None:
    """A message for the user, on stderr."""
    print(f"laborwatch: {message}", file=sys.stderr)


@app.callback()
def root(
    context: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database: a file path (SQLite) or a SQLAlchemy URL. "
            "[default: $LABORWATCH_DB or ./laborwatch.db]",
            show_default=False,
        ),
    ] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="Hide progress bars.")] = False,
) -> None:
    """Sourced, structured claims about North Korean workers sent abroad, from news reports."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr)
    overrides: dict[str, Any] = {"db": db, "progress": False if no_progress else None}
    context.obj = CliState(settings=load_settings(overrides=overrides))


def open_context_store(context: typer.Context) -> tuple[Settings, Store]:
    """(settings, store) for a command: the store is opened (and migrated) once, on first use."""
    state = context.find_root().obj
    if not isinstance(state, CliState):
        state = CliState(settings=load_settings())
        context.find_root().obj = state
    if state.store is None:
        state.store = open_store(state.settings.db)
        context.find_root().call_on_close(state.store.close)
    return state.settings, state.store


# --- ingest -------------------------------------------------------------------------------

DaskOption = Annotated[
    str | None,
    typer.Option(
        "--dask",
        metavar="SCHEDULER",
        help="Extract on a Dask cluster: a scheduler address (tcp://host:8786), "
        "or local:N for N worker processes on this machine.",
    ),
]
BatchOption = Annotated[
    int, typer.Option("--batch-size", min=1, help="Documents stored per transaction.")
]


@app.command()
def ingest(
    context: typer.Context,
    paths: Annotated[
        list[str],
        typer.Argument(help="Files, folders (read recursively), or - for JSONL on stdin."),
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Re-extract documents even when stored unchanged.")
    ] = False,
    max_file_mb: Annotated[
        float | None,
        typer.Option(help="Refuse larger files unread. [default: $LABORWATCH_MAX_FILE_MB or 20]"),
    ] = None,
    dask: DaskOption = None,
    batch_size: BatchOption = BATCH_SIZE,
) -> None:
    """Read reports, extract their claims, and store both (re-ingesting is safe)."""
    from laborwatch.pipeline import default_extractor, ingest_paths

    settings, store = open_context_store(context)
    if max_file_mb is not None:
        settings = load_settings(overrides={"db": settings.db, "max_file_mb": max_file_mb})
    if dask is not None:
        from laborwatch.distributed import ingest_paths_distributed

        with _progress(settings.progress, "ingesting") as advance:
            report = ingest_paths_distributed(
                paths,
                store,
                dask,
                batch_size,
                force=force,
                max_bytes=settings.max_file_bytes,
                progress=advance,
            )
        _tell_run(report)
        return
    try:
        extractor = default_extractor()
    except (ImportError, OSError) as error:
        raise ResourceError(f"cannot load the extraction rules: {error}") from error
    with _progress(settings.progress, "ingesting") as advance:
        report = ingest_paths(
            paths,
            store,
            extractor,
            progress=advance,
            max_bytes=settings.max_file_bytes,
            force=force,
            batch_size=batch_size,
        )
    _tell_run(report)


@app.command()
def reextract(
    context: typer.Context,
    dask: DaskOption = None,
    batch_size: BatchOption = BATCH_SIZE,
) -> None:
    """Extract every stored document again, after a rule change; review decisions are kept."""
    from laborwatch.distributed import reextract_distributed

    settings, store = open_context_store(context)
    with _progress(settings.progress, "re-extracting") as advance:
        report = reextract_distributed(store, dask, batch_size, progress=advance)
    _tell_run(report)


def _tell_run(report: RunReport) -> None:
    """What a run did, on stderr; exit code 3 when any input failed."""
    say(
        f"{report.documents} document(s) stored with {report.claims} claim(s), "
        f"{report.unchanged} unchanged, {len(report.failures)} failed ({report.seconds:.1f} s)"
    )
    for failure in report.failures:
        print(f"  {failure.source}: {failure.reason}", file=sys.stderr)
    if report.failures:
        raise typer.Exit(EXIT_FAILURES)


@contextmanager
def _progress(enabled: bool, label: str) -> Iterator[Any]:
    console = stderr()
    if not enabled or not console.is_terminal:
        yield None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} inputs"),
    )
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task(label, total=None)

        def advance(source: str) -> None:
            progress.update(task, advance=1, description=f"{label} {Path(source).name}")

        yield advance


# --- export -------------------------------------------------------------------------------


def _reviewed_records(store: Store) -> list[dict[str, Any]]:
    versions = ReviewStore(store.engine).all_versions()
    return [claim_record(claim) for claim in reviewed_claims(store.claims(), versions)]


@app.command()
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


# --- reading the store --------------------------------------------------------------------


@app.command("claims")
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


@app.command()
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


@app.command()
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


@app.command()
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


@db_app.command("upgrade")
def db_upgrade(context: typer.Context) -> None:
    """Bring the database schema up to date (opening it does this too)."""
    settings = context.find_root().obj.settings
    store = open_store(settings.db, migrate=False)
    try:
        upgrade(store.engine)
    finally:
        store.close()
    say(f"database {settings.db} is up to date")


@db_app.command("dedupe")
def db_dedupe(context: typer.Context) -> None:
    """Mark near-duplicate documents again from scratch (ingest marks them as it goes)."""
    _, store = open_context_store(context)
    counts = store.rebuild_duplicates()
    say(f"{counts.documents} document(s) with claims compared, {counts.copies} marked as copies")


# --- entry point --------------------------------------------------------------------------


def run(argv: Sequence[str] | None = None) -> int:
    """Run the CLI on `argv` and return the exit code; never raises, never prints a traceback."""
    try:
        result = app(args=list(argv) if argv is not None else None, prog_name="laborwatch",
                     standalone_mode=False)  # fmt: skip
        return result if isinstance(result, int) else 0
    except typer.Exit as done:
        return done.exit_code
    except TyperException as error:  # usage errors: unknown command, bad option value, ...
        return _fail(error.format_message(), error.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        return _fail("interrupted", 130)
    except LaborwatchError as error:
        return _fail(str(error), error.exit_code)
    except BrokenPipeError:
        _silence_stdout()
        return 1
    except SystemExit as done:  # typer exits this way when the reader of stdout goes away
        return done.code if isinstance(done.code, int) else 1
    except Exception as error:
        if os.environ.get("LABORWATCH_DEBUG"):
            raise
        return _fail(f"internal error: {type(error).__name__}: {error} "
                     "(set LABORWATCH_DEBUG=1 to see where)", 1)  # fmt: skip


def _fail(message: str, code: int) -> int:
    first = message.strip().splitlines()[0] if message.strip() else "failed"
    print(f"laborwatch: error: {first}", file=sys.stderr)
    return code


def _silence_stdout() -> None:
    # the reader went away (`laborwatch export claims | head`): drop what is left, quietly
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)


register_web_commands(app)
register_analysis_commands(app)


def main(argv: Sequence[str] | None = None) -> None:
    code = run(argv)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)
