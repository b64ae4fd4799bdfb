"""Shared fixtures: a temporary SQLite store, a stand-in extractor, and a CLI runner.

The stand-in extractor finds "<number> workers" with a regular expression, so the tests of
ingest, store and CLI do not depend on the extraction rules (tested on their own).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

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


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(str(tmp_path / "test.db"))
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
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> CliRunner:
    """Run `laborwatch ARGS` against a fresh database in tmp_path, with the stand-in extractor."""
    database = str(tmp_path / "cli.db")
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
