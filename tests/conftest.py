"""Shared fixtures: a temporary store, a stand-in extractor, and a CLI runner.

The stand-in extractor finds "<number> workers" with a regular expression, so the tests of
ingest, store and CLI do not depend on the extraction rules (tested on their own).

The suite runs on SQLite, or on PostgreSQL with `LABORWATCH_TEST_DB=postgres` (a throwaway
cluster from scripts/pg-test-cluster.sh, Debian's postgresql installed when missing) or
`LABORWATCH_TEST_DB=postgresql+psycopg://...` (a server of yours). Then the `store` and `cli`
fixtures use a new PostgreSQL database per test. Tests that need PostgreSQL whatever the mode
(test_postgres, test_migrations) use `pg_database`: in the SQLite mode it starts the throwaway
cluster when it can and skips when it cannot.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from laborwatch import pipeline
from laborwatch.cli import run
from laborwatch.model import (
    Category,
    Claim,
    ClaimKind,
    Deployment,
    Document,
    Qualifier,
    Span,
    Status,
)
from laborwatch.store import Store, open_store

SHARED = Path("/work/shared")
SEEDS = SHARED / "seeds"
SHARED_SCORER = SHARED / "eval" / "score.py"
SHARED_GOLD = SHARED / "eval" / "seeds.gold.json"
FIXTURES = Path(__file__).parent / "fixtures"
PG_CLUSTER_SCRIPT = Path(__file__).parent.parent / "scripts" / "pg-test-cluster.sh"

COUNT = re.compile(r"\b(\d[\d,]*) workers\b")


class CountingExtractor:
    """Finds `<number> workers` as planned deployments: enough to exercise the plumbing."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        for document in documents:
            self.seen.append(document.id)
            yield document, list(counting_claims(document))


def counting_claims(document: Document) -> Iterator[Claim]:
    for number, match in enumerate(COUNT.finditer(document.text), 1):
        value = int(match.group(1).replace(",", ""))
        details = Deployment(value, value, Qualifier.EXACT, Category.WORKERS, Status.PLANNED)
        yield Claim(
            id=f"{document.id}:{number}",
            doc=document.id,
            kind=ClaimKind.DEPLOYMENT,
            quote=match.group(0),
            span=Span(match.start(), match.end()),
            details=details,
        )


def database_mode() -> str:
    """`sqlite`, `postgres` (a throwaway cluster) or a PostgreSQL URL, from LABORWATCH_TEST_DB."""
    return os.environ.get("LABORWATCH_TEST_DB", "").strip() or "sqlite"


def on_postgres() -> bool:
    return database_mode() != "sqlite"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """An admin URL of a PostgreSQL server for this run, started here when none is given."""
    mode = database_mode()
    given_url = mode if "://" in mode else os.environ.get("LABORWATCH_TEST_PG", "")
    if given_url:
        yield given_url
        return
    # under /tmp, not pytest's tmp_path: the `postgres` user must be able to reach the folder
    folder = tempfile.mkdtemp(prefix="laborwatch-pg.")
    try:
        started = subprocess.run(
            [str(PG_CLUSTER_SCRIPT), "start", folder], capture_output=True, text=True, timeout=900
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        started = subprocess.CompletedProcess([], 1, "", str(error))
    if started.returncode != 0:
        reason = f"no PostgreSQL for the tests: {started.stderr.strip()[-300:]}"
        if on_postgres():
            pytest.fail(reason)
        pytest.skip(reason)
    yield started.stdout.strip().splitlines()[-1]
    subprocess.run([str(PG_CLUSTER_SCRIPT), "stop", folder], capture_output=True, timeout=120)


@pytest.fixture
def pg_database(postgres_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped after the test; yields its URL."""
    name = f"lw_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where this test's store lives: a SQLite file, or a new PostgreSQL database."""
    if on_postgres():
        return str(request.getfixturevalue("pg_database"))
    return str(tmp_path / "test.db")


@pytest.fixture
def cli_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The database the `cli` fixture runs against (on PostgreSQL, the test's database)."""
    if on_postgres():
        return str(request.getfixturevalue("pg_database"))
    return str(tmp_path / "cli.db")


@pytest.fixture
def store(database: str) -> Iterator[Store]:
    opened = open_store(database)
    yield opened
    opened.close()


@pytest.fixture
def extractor() -> CountingExtractor:
    return CountingExtractor()


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


CliRunner = Callable[..., Result]


@pytest.fixture
def cli(
    cli_database: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> CliRunner:
    """Run `laborwatch ARGS` against a fresh database, with the stand-in extractor."""
    database = cli_database
    monkeypatch.setattr(pipeline, "default_extractor", CountingExtractor)
    monkeypatch.setattr(pipeline, "default_infer_published", lambda extractor=None: _no_date)
    monkeypatch.delenv("LABORWATCH_DB", raising=False)

    def invoke(*args: str, stdin: str | None = None, db: str | None = database) -> Result:
        capsys.readouterr()
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        argv = (["--db", db] if db else []) + ["--no-progress", *args]
        code = run(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


def _no_date(text: str) -> str | None:
    return None
