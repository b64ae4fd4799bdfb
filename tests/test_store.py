"""The store: migrations, upserts in one transaction, filters, runs, and the pipeline on it."""

from __future__ import annotations

import json
import pickle
import re
from collections.abc import Iterable, Iterator
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
from laborwatch.store import (
    ClaimFilter,
    DuplicateCounts,
    Store,
    database_url,
    open_store,
    prepare_claims,
)
from laborwatch.store.bulk import execute_many, insert_rows
from laborwatch.store.schema import (
    EncodedJSON,
    claims,
    document_signatures,
    documents,
    one_of,
    serialize_json,
)
from test_duplicates import EDITED, OTHER, SAME_TOPIC, STORY, SYNDICATED


def document(doc: str = "d1", text: str = "Some 40 workers and 900 workers left.") -> Document:
    return Document(id=doc, text=text, source=f"{doc}.txt", tags=("x",), published="2024")


def deployment(doc: str, number: int, low: int, place: Place | None = None) -> Claim:
    details = Deployment(
        low, low, Qualifier.EXACT, Category.WORKERS, Status.DISPATCHED, destination=place
    )
    return Claim(f"{doc}:{number}", doc, ClaimKind.DEPLOYMENT, "q", Span(0, 1), details)


def no_date(text: str) -> str | None:
    return None


EXAMPLES = Path(__file__).parent.parent / "examples" / "corpus"


def test_stored_rows_read_back_as_written(store: Store) -> None:
    """Rows go to the database as the driver's own values on SQLite: every column must read
    back through SQLAlchemy as it was given, the time with its zone."""
    before = datetime.now(UTC)
    claim = deployment("d1", 1, 40)
    store.upsert_document_with_claims(document(), [claim])
    assert store.get_document("d1") == document()
    assert store.claims() == [claim]
    with store.engine.connect() as connection:
        row = connection.execute(sa.select(documents)).one()
    assert row.tags == ["x"]
    ingested = row.ingested_at if row.ingested_at.tzinfo else row.ingested_at.replace(tzinfo=UTC)
    assert before <= ingested <= datetime.now(UTC)
    if store.engine.dialect.name == "sqlite":  # as SQLAlchemy writes times there: text that sorts
        with store.engine.connect() as connection:
            raw = connection.exec_driver_sql("SELECT ingested_at FROM documents").scalar()
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", raw)


def test_claims_prepared_elsewhere_store_as_the_claims(store: Store) -> None:
    """What a Dask worker sends back (pickled) stores exactly what the claims would."""
    claim = deployment("d1", 1, 40)
    prepared = pickle.loads(pickle.dumps(prepare_claims(document(), [claim])))
    store.upsert_prepared([(document(), prepared)])
    assert store.claims() == [claim]
    assert prepare_claims(document(), []).entry is None  # no claims: not indexed


def test_json_already_encoded_is_written_as_it_is(store: Store) -> None:
    """A record encoded on a worker is stored once-encoded; any other value is encoded."""
    record = {"quote": '\u00e9 "x"', "low": 1}
    assert serialize_json(EncodedJSON(json.dumps(record))) == json.dumps(record)
    assert serialize_json("text") == '"text"'
    store.upsert_documents_with_claims([(document(), [deployment("d1", 1, 40)])])
    with store.engine.connect() as connection:
        raw = connection.execute(sa.text("SELECT record FROM claims")).scalar_one()
    assert isinstance(json.loads(raw) if isinstance(raw, str) else raw, dict)


def test_execute_many_updates_by_named_parameters(store: Store) -> None:
    store.upsert_documents_with_claims([(document(), []), (document("d2"), [])])
    update = (
        sa.update(documents)
        .where(documents.c.id == sa.bindparam("doc_id"))
        .values(title=sa.bindparam("new_title"))
    )
    with store.engine.begin() as connection:
        execute_many(connection, update, [{"doc_id": "d2", "new_title": "T2"}])
    titles = {d.id: d.title for d in store.documents()}
    assert titles == {"d1": None, "d2": "T2"}


def test_insert_rows_stores_every_value_as_an_insert_would(store: Store) -> None:
    store.upsert_documents_with_claims([(document(), [])])
    rows = [
        {"doc": "d1", "signature": b"\x00\x01\xff", "published": None},
    ]
    claim = {"id": "c1", "doc": "d1", "kind": "deployment", "span_start": 0, "status": None}
    claim |= {"category": None, "destination_country": None, "destination_name": "Tab\there"}
    claims_rows = [
        claim | {"low": 2**62, "high": None, "record": {"quote": 'a "b" \\ \u00e9\n'}},
        claim | {"id": "c2", "low": None, "high": 5, "record": EncodedJSON('{"x": [1, null]}')},
    ]
    with store.engine.begin() as connection:
        insert_rows(connection, document_signatures, rows)
        insert_rows(connection, claims, claims_rows)
        insert_rows(connection, claims, [])
        stored = connection.execute(sa.select(document_signatures)).one()
        found = connection.execute(sa.select(claims).order_by(claims.c.id)).all()
    assert (bytes(stored.signature), stored.published) == (b"\x00\x01\xff", None)
    assert [(r.low, r.high, r.destination_name) for r in found] == [
        (2**62, None, "Tab\there"),
        (None, 5, "Tab\there"),
    ]
    assert [r.record for r in found] == [{"quote": 'a "b" \\ \u00e9\n'}, {"x": [1, None]}]


def test_insert_rows_refused_raises_what_sqlalchemy_would(store: Store) -> None:
    orphan = {"id": "c1", "doc": "nowhere", "kind": "deployment", "span_start": 0}
    with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as connection:
        insert_rows(connection, claims, [orphan | {"record": {}}])


@pytest.mark.parametrize(
    ("ids", "expected"), [([], []), (["d2"], ["d2"]), (["d3", "d1", "zz"], ["d1", "d3"])]
)
def test_one_of_selects_the_values_given(store: Store, ids: list[str], expected: list[str]) -> None:
    store.upsert_documents_with_claims([(document(d), []) for d in ("d1", "d2", "d3")])
    query = sa.select(documents.c.id).where(one_of(documents.c.id)).order_by(documents.c.id)
    with store.engine.connect() as connection:
        assert list(connection.execute(query, {"ids": ids}).scalars()) == expected


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

    ours = {"documents", "claims", "runs", "ingest_errors", "document_signatures", "original_bands"}
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


# --- the near-duplicate index, batch by batch ---------------------------------------------

STORY_PLUS = STORY + " A spokesman declined to comment on the report."
Stored = tuple[str, str, str | None]  # (id, text, published)


def store_batch(store: Store, batch: list[Stored], claimed: bool = True) -> None:
    """Store `batch` in one transaction, each document with one claim (or none)."""
    store.upsert_documents_with_claims(
        [
            (Document(doc, text, f"{doc}.txt", published=published), _claims(doc, claimed))
            for doc, text, published in batch
        ]
    )


def _claims(doc: str, claimed: bool) -> list[Claim]:
    return [deployment(doc, 1, 10)] if claimed else []


def marks(store: Store) -> dict[str, str]:
    return {d.id: d.duplicate_of for d in store.documents() if d.duplicate_of}


def indexed_originals(store: Store) -> set[str]:
    """The documents with band keys in the index."""
    with store.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT DISTINCT doc FROM original_bands"))
        return {str(row.doc) for row in rows}


@pytest.mark.parametrize(
    ("batches", "incremental", "rebuilt"),
    [
        pytest.param(
            [[("a", STORY, "2024-01")], [("b", SYNDICATED, "2024-02")]],
            {"b": "a"},
            {"b": "a"},
            id="copy of an original",
        ),
        pytest.param(
            [[("a", STORY, "2024-02")], [("b", SYNDICATED, "2024-01")]],
            {"a": "b"},
            {"a": "b"},
            id="an earlier copy takes over",
        ),
        pytest.param(
            [[("a", STORY, "2024")], [("b", SYNDICATED, None)], [("c", STORY_PLUS, "2024")]],
            {"b": "a", "c": "a"},
            {"b": "a", "c": "a"},
            id="undated last, then the smaller id",
        ),
        pytest.param(
            # c is close to a, not to b: the group follows a to c all the same
            [[("a", STORY, "2024-02"), ("b", SYNDICATED, "2024-03")], [("c", EDITED, "2024-01")]],
            {"a": "c", "b": "c"},
            {"a": "c"},
            id="the group re-points to an earlier copy",
        ),
        pytest.param(
            [[("a", STORY, "2024-03"), ("b", SYNDICATED, "2024-02"), ("c", STORY_PLUS, "2024-01")]],
            {"a": "c", "b": "c"},
            {"a": "c", "b": "c"},
            id="a chain within a batch",
        ),
        pytest.param(
            [[("a", STORY, "2024-01"), ("b", SYNDICATED, "2024-02"), ("c", STORY_PLUS, "2024-03")]],
            {"b": "a", "c": "a"},
            {"b": "a", "c": "a"},
            id="copies within a batch",
        ),
        pytest.param(
            # SYNDICATED copies STORY, but is only 0.76 alike to EDITED, the original
            [[("a", EDITED, "2024-01"), ("b", STORY, "2024-02")], [("c", SYNDICATED, "2024-03")]],
            {"b": "a"},
            {"b": "a"},
            id="similar, but below the threshold",
        ),
        pytest.param(
            [[("a", STORY, "2024")], [("b", SAME_TOPIC, "2024"), ("c", OTHER, "2024")]],
            {},
            {},
            id="same topic, other story",
        ),
    ],
)
def test_near_duplicates_are_marked_batch_by_batch(
    store: Store,
    batches: list[list[Stored]],
    incremental: dict[str, str],
    rebuilt: dict[str, str],
) -> None:
    for batch in batches:
        store_batch(store, batch)
    every = {doc for batch in batches for doc, _, _ in batch}
    assert marks(store) == incremental
    assert indexed_originals(store) == every - set(incremental)
    assert store.rebuild_duplicates() == DuplicateCounts(len(every), len(rebuilt))
    assert marks(store) == rebuilt
    assert indexed_originals(store) == every - set(rebuilt)


def test_a_changed_document_is_placed_again(store: Store) -> None:
    store_batch(store, [("a", STORY, "2024-01"), ("b", SYNDICATED, "2024-02")])
    store_batch(store, [("b", OTHER, "2024-02")])
    assert marks(store) == {} and indexed_originals(store) == {"a", "b"}
    store_batch(store, [("b", SYNDICATED, "2024-02")])
    assert marks(store) == {"b": "a"} and indexed_originals(store) == {"a"}


def test_a_new_date_can_make_a_copy_the_original(store: Store) -> None:
    store_batch(store, [("a", STORY, "2024-01"), ("b", SYNDICATED, "2024-02")])
    store_batch(store, [("a", STORY, "2024-05")])  # the same text, published later
    assert marks(store) == {"a": "b"} and indexed_originals(store) == {"b"}


def test_copies_of_a_changed_original_are_placed_again(store: Store) -> None:
    store_batch(store, [("a", STORY, "2024-01"), ("b", SYNDICATED, "2024-02")])
    store_batch(store, [("c", STORY_PLUS, "2024-03")])
    assert marks(store) == {"b": "a", "c": "a"}
    store_batch(store, [("a", OTHER, "2024-01")])  # a is another story now
    assert marks(store) == {"c": "b"} and indexed_originals(store) == {"a", "b"}


def test_documents_whose_claims_vanish_leave_the_index(store: Store) -> None:
    store_batch(store, [("a", STORY, "2024-01"), ("b", SYNDICATED, "2024-02")])
    store_batch(store, [("a", STORY, "2024-01")], claimed=False)
    assert marks(store) == {} and indexed_originals(store) == {"b"}
    assert store.duplicate_counts() == DuplicateCounts(1, 0)
    store_batch(store, [("c", STORY_PLUS, "2024-03")])
    assert marks(store) == {"c": "b"}


def test_documents_without_claims_are_not_compared(store: Store) -> None:
    store_batch(store, [("a", STORY, "2024-01")], claimed=False)
    store_batch(store, [("b", SYNDICATED, "2024-02")])
    assert marks(store) == {} and indexed_originals(store) == {"b"}


def test_storing_again_unchanged_keeps_marks_and_index(store: Store) -> None:
    batch = [("a", STORY, "2024-01"), ("b", SYNDICATED, "2024-02"), ("c", OTHER, "2024-03")]
    store_batch(store, batch)
    with store.engine.connect() as connection:
        before = connection.execute(sa.text("SELECT * FROM original_bands ORDER BY 1, 2")).all()
    store_batch(store, list(reversed(batch)))
    with store.engine.connect() as connection:
        after = connection.execute(sa.text("SELECT * FROM original_bands ORDER BY 1, 2")).all()
    assert marks(store) == {"b": "a"} and after == before


class EveryDocumentClaims(CountingExtractor):
    """One claim per document: every document takes part in duplicate detection."""

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        for document in documents:
            yield document, [deployment(document.id, 1, 10)]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seeds are not on this machine")
@pytest.mark.parametrize("order", ["seeds first", "corpus first"])
def test_incremental_marks_equal_the_rebuild_on_seeds_and_corpus(store: Store, order: str) -> None:
    paths = [str(SEEDS), str(EXAMPLES)]
    if order == "corpus first":
        paths.reverse()
    ingest_paths(paths, store, EveryDocumentClaims(), infer_published=no_date, batch_size=4)
    expected = {"c02_syndicated_kursk_pledge": "c01_wire_kursk_pledge",
                "c19_repost_nis_briefing": "c05_nis_briefing"}  # fmt: skip
    assert marks(store) == expected
    assert store.rebuild_duplicates() == DuplicateCounts(len(store.documents()), 2)
    assert marks(store) == expected


def test_cli_db_dedupe(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"Some 40 workers. {STORY}")
    (tmp_path / "b.txt").write_text(f"Some 40 workers. {SYNDICATED}")
    assert cli("ingest", str(tmp_path)).code == 0
    result = cli("db", "dedupe")
    assert result.code == 0
    assert "2 document(s) with claims compared, 1 marked as copies" in result.stderr


def test_reextract_keeps_the_marks(store: Store, tmp_path: Path) -> None:
    from laborwatch.distributed import reextract_distributed

    (tmp_path / "a.txt").write_text(f"Some 40 workers. {STORY}")
    (tmp_path / "b.txt").write_text(f"Some 40 workers. {SYNDICATED}")
    (tmp_path / "c.txt").write_text(f"No count here. {OTHER}")
    ingest_paths([str(tmp_path)], store, CountingExtractor(), infer_published=no_date)
    assert marks(store) == {"b": "a"} and indexed_originals(store) == {"a"}
    report = reextract_distributed(store, None, extractor_factory=EveryDocumentClaims)
    assert report.documents == 3
    assert marks(store) == {"b": "a"} and indexed_originals(store) == {"a", "c"}
