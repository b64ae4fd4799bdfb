"""The store: migrations, upserts in one transaction, filters, runs, and the pipeline on it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, CountingExtractor, counting_claims
from laborwatch.errors import ConfigError, NotFound, StoreError
from laborwatch.model import (
    Category,
    Claim,
    ClaimKind,
    Deployment,
    Document,
    IngestFailure,
    Place,
    Qualifier,
    RunReport,
    Span,
    Status,
)
from laborwatch.pipeline import ingest_paths
from laborwatch.store import ClaimFilter, Store, database_url, open_store


def document(doc: str = "d1", text: str = "Some 40 workers and 900 workers left.") -> Document:
    return Document(id=doc, text=text, source=f"{doc}.txt", tags=("x",), published="2024")


def deployment(doc: str, number: int, low: int, place: Place | None = None) -> Claim:
    details = Deployment(
        low, low, Qualifier.EXACT, Category.WORKERS, Status.DISPATCHED, destination=place
    )
    return Claim(f"{doc}:{number}", doc, ClaimKind.DEPLOYMENT, "q", Span(0, 1), details)


def no_date(text: str) -> str | None:
    return None


def test_migrations_create_every_table(store: Store) -> None:
    names = set(sa.inspect(store.engine).get_table_names())
    assert {"documents", "claims", "runs", "ingest_errors", "alembic_version"} <= names
    with store.engine.connect() as connection:
        version = connection.execute(sa.text("select version_num from alembic_version")).scalar()
    assert version is not None


def test_reopening_is_harmless(tmp_path: Path) -> None:
    path = str(tmp_path / "again.db")
    open_store(path).upsert_document_with_claims(document(), [])
    assert [d.id for d in open_store(path).documents()] == ["d1"]


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("sqlite:///x.db", "sqlite:///x.db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_url_passes_urls(location: str, expected: str) -> None:
    assert database_url(location) == expected


def test_database_url_of_a_path(tmp_path: Path) -> None:
    assert database_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"
    with pytest.raises(ConfigError):
        database_url(str(tmp_path / "missing" / "a.db"))
    with pytest.raises(ConfigError):
        open_store("nosuchdialect://x")


def test_round_trip_and_replace(store: Store) -> None:
    doc = document()
    store.upsert_document_with_claims(doc, list(counting_claims(doc)))
    assert store.get_document("d1") == doc
    assert [c.details.low for c in store.claims()] == [40, 900]  # type: ignore[union-attr]
    changed = document(text="Now 7 workers only.")
    store.upsert_document_with_claims(changed, list(counting_claims(changed)))
    assert store.get_document("d1").text == "Now 7 workers only."
    assert [c.id for c in store.claims()] == ["d1:1"]
    assert store.counts() == {"documents": 1, "deployment": 1}


def test_a_failed_write_leaves_the_old_document(store: Store) -> None:
    doc = document()
    store.upsert_document_with_claims(doc, list(counting_claims(doc)))
    clash = deployment("d1", 1, 5)
    with pytest.raises(StoreError):
        store.upsert_document_with_claims(document(text="New text."), [clash, clash])
    assert store.get_document("d1").text == doc.text
    assert len(store.claims()) == 2


def test_get_missing(store: Store) -> None:
    with pytest.raises(NotFound):
        store.get_document("nope")
    with pytest.raises(NotFound):
        store.get_claim("nope")


def test_filters(store: Store) -> None:
    moscow = Place("Moscow", "Moscow", "RU")
    store.upsert_document_with_claims(document("a"), [deployment("a", 1, 50, moscow)])
    store.upsert_document_with_claims(document("b"), [deployment("b", 1, 5000)])
    ids = lambda where: [r["id"] for r in store.claim_records(where)]  # noqa: E731
    assert ids(ClaimFilter(doc="b")) == ["b:1"]
    assert ids(ClaimFilter(destination="moscow")) == ["a:1"]
    assert ids(ClaimFilter(destination="RU")) == ["a:1"]
    assert ids(ClaimFilter(min_count=1000)) == ["b:1"]
    assert ids(ClaimFilter(kind="money")) == []
    assert ids(ClaimFilter(status="dispatched", category="workers")) == ["a:1", "b:1"]


def test_runs_are_recorded(store: Store) -> None:
    report = RunReport(documents=2, claims=3, failures=[IngestFailure("bad.txt", "empty file")])
    run_id = store.record_run(report, ["folder"], datetime.now(UTC))
    (run,) = store.runs()
    assert run.id == run_id and run.inputs == ["folder"]
    assert run.report.failures == [IngestFailure("bad.txt", "empty file")]
    assert run.report.documents == 2


# PostgreSQL text holds neither NUL nor lone surrogates; ingest never stores either
STORABLE = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=st.text(STORABLE, min_size=1).filter(str.strip),
    tags=st.lists(st.text(STORABLE), max_size=3),
)
def test_documents_round_trip(store: Store, text: str, tags: list[str]) -> None:
    doc = Document(id="p", text=text, source="p.txt", tags=tuple(tags))
    store.upsert_document_with_claims(doc, [])
    assert store.get_document("p") == doc


def test_ingest_is_idempotent_and_replaces_changed_text(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("Some 12 workers and 30 workers arrived.")
    extractor = CountingExtractor()
    first = ingest_paths([str(path)], store, extractor, infer_published=no_date)
    again = ingest_paths([str(path)], store, extractor, infer_published=no_date)
    assert (first.documents, first.claims, again.documents, again.unchanged) == (1, 2, 0, 1)
    assert extractor.seen == ["one"]  # unchanged documents are not extracted again
    path.write_text("Only 3 workers arrived.")
    ingest_paths([str(path)], store, extractor, infer_published=no_date)
    assert [r["quote"] for r in store.claim_records()] == ["3 workers"]
    forced = ingest_paths([str(path)], store, extractor, infer_published=no_date, force=True)
    assert forced.documents == 1 and len(store.runs()) == 4


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds are not on this machine")
def test_seeds_twice_give_the_same_rows(store: Store) -> None:
    ingest_paths([str(SEEDS)], store, CountingExtractor(), infer_published=no_date)
    before = (len(store.documents()), len(store.claims()))
    report = ingest_paths([str(SEEDS)], store, CountingExtractor(), infer_published=no_date)
    assert (len(store.documents()), len(store.claims())) == before
    assert before[0] == 5 and report.unchanged == 5


def test_one_bad_document_does_not_stop_the_batch(store: Store, tmp_path: Path) -> None:
    class Exploding(CountingExtractor):
        def extract_many(self, documents):  # type: ignore[no-untyped-def]
            for doc in documents:
                if "boom" in doc.text:
                    raise RuntimeError("rule crashed")
                yield doc, []

    (tmp_path / "a.txt").write_text("boom goes the rule")
    (tmp_path / "b.txt").write_text("a quiet report")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("same id as b")
    report = ingest_paths([str(tmp_path)], store, Exploding(), infer_published=no_date)
    reasons = {Path(f.source).name + ":" + f.reason.split(":")[0] for f in report.failures}
    assert reasons == {
        "a.txt:extraction failed",
        "b.txt:document id 'b' was already read from " + str(tmp_path / "b.txt"),
    }
    assert [d.id for d in store.documents()] == ["b"]


def test_migrations_match_the_schema(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from laborwatch.store.schema import metadata

    ours = {"documents", "claims", "runs", "ingest_errors"}
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert [d for d in differences if table_of(d) in ours] == []


def table_of(difference: Any) -> str:
    """The table an Alembic difference is about: ("add_column", schema, table, column), etc."""
    if isinstance(difference, list):  # modifications come as a list of same-column tuples
        return table_of(difference[0])
    subject = difference[1]
    if isinstance(subject, sa.Table):
        return subject.name
    if isinstance(subject, sa.Index | sa.Constraint) and subject.table is not None:
        return str(subject.table.name)
    return str(difference[2])
