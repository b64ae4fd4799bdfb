"""The desk's commands: `serve`, `token create NAME`, `report --out FILE`.

`register(app)` adds them to the project's Typer app; the store and settings come from the
same place every other command gets them (`laborwatch.cli_context`), so `--db` works the same way.
"""

from __future__ import annotations

import ipaddress
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from laborwatch.cli_context import open_context_store
from laborwatch.errors import InputError
from laborwatch.store.review import ReviewStore
from laborwatch.web.auth import new_token, token_hash

LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve(
    context: typer.Context,
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8000,
    require_token: Annotated[
        bool | None,
        typer.Option(
            "--require-token/--open-reads",
            help="require a token to read; default: only when not on loopback",
        ),
    ] = None,
) -> None:
    """Serve the desk: dashboard pages and the REST API under /api."""
    import uvicorn

    from laborwatch.web import DeskOptions, create_app

    settings, store = open_context_store(context)
    loopback = is_loopback(host)
    options = DeskOptions(
        read_requires_token=not loopback if require_token is None else require_token,
        allowed_hosts=(host, "localhost", "127.0.0.1", "[::1]") if loopback else None,
    )
    app = create_app(settings, store, options)
    print(f"laborwatch: serving on http://{host}:{port}/", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def token_create(
    context: typer.Context,
    name: Annotated[str, typer.Argument(help="who will use it; recorded on every review")],
) -> None:
    """Create a token for writing reviews; it is printed once and stored only as a hash."""
    if not name.strip():
        raise InputError("a token needs a name")
    _, store = open_context_store(context)
    reviews = ReviewStore(store.engine)
    reviews.create_tables()
    token = new_token()
    created = datetime.now(UTC).isoformat(timespec="seconds")
    reviews.add_token(name.strip(), token_hash(token), created)
    print(token)
    print(f"laborwatch: token for {name.strip()!r} created; it is not shown again", file=sys.stderr)


def report(
    context: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="the HTML file to write")],
) -> None:
    """Write one self-contained HTML report, every figure cited, that opens offline."""
    from laborwatch.report import write_report

    settings, store = open_context_store(context)
    write_report(settings, store, out)
    print(f"laborwatch: report written to {out}", file=sys.stderr)


def register(app: typer.Typer) -> None:
    """Add `serve`, `token create` and `report` to the project's CLI."""
    app.command("serve")(serve)
    app.command("report")(report)
    tokens = typer.Typer(help="Tokens that allow writing reviews.", no_args_is_help=True)
    tokens.command("create")(token_create)
    app.add_typer(tokens, name="token")
