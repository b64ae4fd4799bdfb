"""What every command shares: the run's settings and its store, opened once on first use
(`open_context_store`), and where output goes (data to stdout, messages to stderr).

Apart from cli.py so that the modules of commands (store_commands.py, analysis_commands.py,
web/commands.py) can import it while cli.py imports them to register their commands.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import typer
from rich.console import Console

from laborwatch.settings import Settings, load_settings
from laborwatch.store import Store, open_store

WIDE = 200


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
