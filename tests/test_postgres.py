"""The store on PostgreSQL: the same round trips as on SQLite, and concurrent ingests.

Every test gets a new database (conftest's `pg_database`) on the run's server: the one
LABORWATCH_TEST_DB or LABORWATCH_TEST_PG names, or a throwaway cluster started for the run.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from conftest import CountingExtractor
from laborwatch.errors import NotFound
from laborwatch.model import (
    Category,
    Claim,
    ClaimKind,
    Deployment,
    Document,
    Place,
    Qualifier,
    RunReport,
    Span,
    Status,
)
from laborwatch.pipeline import ingest_paths
from laborwatch.store import ClaimFilter, Store, open_store


@pytest.fixture
def pg_store(pg_database: str) -> Iterator[Store]:
    opened = open_store(pg_database)
    yield opened
    opened.close()


def document(doc: str = "d1", text: str = "Roughly 40 workers and 900 workers left.") -> Document:
    return Document(id=doc, text=text, source=f"{doc}.txt", tags=("x", "ü"), published="2024-05")


def deployment(doc: str, number: int, low: int, place: Place | None = None) -> Claim:
    details = Deployment(
        low, low, Qualifier.EXACT, Category.WORKERS, Status.DISPATCHED, destination=place
    )
    return Claim(f"{doc}:{number}", doc, ClaimKind.DEPLOYMENT, "q", Span(0, 1), details)


def no_date(text: str) -> str | None:
    return None


def test_the_store_is_postgresql(pg_store: Store) -> None:
    assert pg_store.engine.dialect.name == "postgresql"
    names = set(sa.inspect(pg_store.engine).get_table_names())
    assert {"documents", "claims", "runs", "ingest_errors", "claim_versions"} <= names


def test_batches_and_pages(pg_store: Store) -> None:
    batch = [(document(f"b{n:03}"), [deployment(f"b{n:03}", 1, n)]) for n in range(120)]
    pg_store.upsert_documents_with_claims(batch)
    assert [d.id for d in pg_store.iter_documents(page_size=7)] == [f"b{n:03}" for n in range(120)]
    assert pg_store.fingerprints(["b001", "zzz"]).keys() == {"b001"}
    with pytest.raises(NotFound):
        pg_store.get_claim("nope")


def test_reviews_on_postgresql(pg_store: Store) -> None:
    from laborwatch.errors import InputError
    from laborwatch.store.review import ClaimVersion, Decision, ReviewStore

    reviews = ReviewStore(pg_store.engine)
    version = ClaimVersion(
        "c1", 1, Decision.CORRECT, "ana", "typo", "2025-01-01T00:00:00Z", {"low": 5}
    )
    reviews.add_version(version)
    with pytest.raises(InputError):
        reviews.add_version(version)
    assert reviews.versions("c1") == [version]


def write_reports(folder: Path, count: int) -> list[str]:
    folder.mkdir()
    for number in range(count):
        (folder / f"r{number:03}.txt").write_text(
            f"Report {number}: {number + 1} workers boarded, then {number + 2} workers more."
        )
    return [str(folder)]


def run_at_once(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run `jobs` in threads released together; returns their results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = jobs[index]()
        except Exception as error:  # reported by the assertions below
            results[index] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


@pytest.mark.parametrize("force", [False, True])
def test_two_ingests_at_once_lose_and_duplicate_nothing(
    pg_database: str, tmp_path: Path, force: bool
) -> None:
    from laborwatch.distributed import ingest_paths_distributed

    paths = write_reports(tmp_path / "reports", 60)

    def per_document() -> RunReport:
        store = open_store(pg_database)  # opening migrates: both race on a new database too
        return ingest_paths(paths, store, CountingExtractor(), infer_published=no_date, force=force)

    def batched() -> RunReport:
        store = open_store(pg_database)
        return ingest_paths_distributed(
            paths,
            store,
            None,
            batch_size=7,
            infer_published=no_date,
            extractor_factory=CountingExtractor,
            force=force,
        )

    results = run_at_once([per_document, batched])
    assert [r.failures for r in results] == [[], []], results
    store = open_store(pg_database)
    ids = [record["id"] for record in store.claim_records()]
    assert len(store.documents()) == 60
    assert len(ids) == len(set(ids)) == 120
    assert sorted(ids) == sorted(f"r{n:03}:{k}" for n in range(60) for k in (1, 2))
    assert len(store.runs()) == 2


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_claim_pages_count_up_to_a_limit(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    location = (
        str(tmp_path / "p.db") if backend == "sqlite" else request.getfixturevalue("pg_database")
    )
    store = open_store(location)
    moscow = Place("Moscow", "Moscow", "RU")
    batch = [
        (document(f"p{n:02}"), [deployment(f"p{n:02}", 1, n * 100, moscow if n % 2 else None)])
        for n in range(30)
    ]
    store.upsert_documents_with_claims(batch)
    page = store.claim_page(ClaimFilter(destination="moscow"), limit=4, offset=2)
    assert (page.total, page.exact) == (15, True)
    assert [r["id"] for r in page.records] == ["p05:1", "p07:1", "p09:1", "p11:1"]
    capped = store.claim_page(ClaimFilter(), limit=2, count_limit=10)
    assert (capped.total, capped.exact, len(capped.records)) == (10, False, 2)
    assert store.claim_page(ClaimFilter(min_count=2500), count_limit=None).total == 5
    assert store.claim_page(ClaimFilter(kind="money")).total == 0
    store.close()
