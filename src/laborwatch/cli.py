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
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from typer.exceptions import TyperException

from laborwatch.analysis_commands import register as register_analysis_commands
from laborwatch.cli_context import CliState, open_context_store, say, stderr
from laborwatch.errors import LaborwatchError, ResourceError
from laborwatch.model import RunReport
from laborwatch.settings import BATCH_SIZE, load_settings
from laborwatch.store import open_store, upgrade
from laborwatch.store_commands import register as register_store_commands
from laborwatch.web.commands import register as register_web_commands

EXIT_FAILURES = 3


app = typer.Typer(
    name="laborwatch",
    help="Sourced, structured claims about North Korean workers sent abroad, from news reports.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")


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


# --- database -----------------------------------------------------------------------------


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


register_store_commands(app)
register_web_commands(app)
register_analysis_commands(app)


def main(argv: Sequence[str] | None = None) -> None:
    code = run(argv)
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    sys.exit(code)
