"""Alembic: a database made by an earlier release upgrades to the current schema without loss.

For every earlier revision R the test builds a database at R (as that release left it),
writes rows the way that release wrote them, upgrades to head, and reads every row back
through today's Store. It runs on SQLite, and on PostgreSQL when a server is available.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.config import Config
from alembic.script import ScriptDirectory

from laborwatch.model import Document
from laborwatch.store import DuplicateCounts, Store, open_store, upgrade
from laborwatch.store.store import MIGRATIONS


def revisions() -> list[str]:
    """Every shipped revision, oldest first."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    return [revision.revision for revision in reversed(list(script.walk_revisions()))]


EARLIER = revisions()[:-1]

# rows as the first release (0001_initial) wrote them: the tables it made, its columns
OLD_DOCUMENTS = [
    {
        "id": f"old{n}",
        "source": f"archive/old{n}.txt",
        "url": f"https://example.org/{n}",
        "title": f"Report {n}",
        "publisher": "Example Daily",
        "language": "en",
        "tags": json.dumps(["russia", "labour"]),
        "published": "2023-07",
        "published_source": "given",
        "duplicate_of": None,
        "text": f"Some {n}00 workers reportedly went to a logging camp.",
        "fingerprint": f"{n:064}",
        "ingested_at": "2024-01-02 03:04:05+00:00",
    }
    for n in (1, 2)
]


def old_claim(doc: str, low: int) -> dict[str, object]:
    record = {
        "id": f"{doc}:1",
        "doc": doc,
        "kind": "deployment",
        "quote": f"Some {low} workers",
        "span": [0, 10],
        "attributed_to": None,
        "hedged": True,
        "low": low,
        "high": low,
        "qualifier": "exact",
        "category": "workers",
        "status": "dispatched",
        "destination": {
            "name": "Tynda",
            "admin1": "Amur",
            "country": "RU",
            "lat": None,
            "lon": None,
            "geonames_id": None,
        },
        "origin": None,
        "when": None,
        "sector": "logging",
        "visa": None,
        "transport": None,
        "organizations": [],
    }
    return {
        "id": record["id"],
        "doc": doc,
        "kind": "deployment",
        "span_start": 0,
        "status": "dispatched",
        "category": "workers",
        "destination_country": "RU",
        "destination_name": "Tynda",
        "low": low,
        "high": low,
        "record": json.dumps(record),
    }


OLD_CLAIMS = [old_claim("old1", 100), old_claim("old2", 200)]


def fill_as_of(engine: sa.Engine) -> None:
    """Insert the old rows with plain SQL, into whichever of their tables exist."""
    tables = set(sa.inspect(engine).get_table_names())
    with engine.begin() as connection:
        if "documents" in tables:
            connection.execute(_insert("documents", OLD_DOCUMENTS[0]), OLD_DOCUMENTS)
            connection.execute(_insert("claims", OLD_CLAIMS[0]), OLD_CLAIMS)
        if "runs" in tables:
            connection.execute(
                sa.text(
                    "INSERT INTO runs (started_at, seconds, inputs, documents, unchanged,"
                    " claims, failures)"
                    " VALUES ('2024-01-02 03:04:05+00:00', 1.5, '[\"archive\"]', 2, 0, 2, 0)"
                )
            )
        if "claim_versions" in tables:
            connection.execute(
                sa.text(
                    "INSERT INTO claim_versions (claim_id, version, decision, reviewer, reason,"
                    " created_at, changes) VALUES ('old1:1', 1, 'accept', 'ana', 'seen',"
                    " '2024-02-01T00:00:00Z', '{}')"
                )
            )


def _insert(table: str, example: dict[str, object]) -> sa.TextClause:
    columns = ", ".join(example)
    values = ", ".join(f":{name}" for name in example)
    return sa.text(f"INSERT INTO {table} ({columns}) VALUES ({values})")


def assert_nothing_lost(store: Store, revision: str) -> None:
    assert [d.id for d in store.documents()] == ["old1", "old2"]
    first = store.get_document("old1")
    assert (first.title, first.tags, first.published) == (
        "Report 1",
        ("russia", "labour"),
        "2023-07",
    )
    records = store.claim_records()
    assert [(r["id"], r["low"], r["destination"]["name"]) for r in records] == [
        ("old1:1", 100, "Tynda"),
        ("old2:1", 200, "Tynda"),
    ]
    assert store.fingerprint("old2") == f"{2:064}"
    # documents with claims are in the near-duplicate index (revision 0004) after upgrading
    assert store.duplicate_counts() == DuplicateCounts(documents=2, copies=0)
    (run,) = store.runs()
    assert (run.inputs, run.report.documents, run.report.seconds) == (["archive"], 2, 1.5)
    with store.engine.connect() as connection:
        head = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    assert head == revisions()[-1], f"upgrading from {revision} did not reach head"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
    else:
        yield request.getfixturevalue("pg_database")


@pytest.mark.parametrize("revision", EARLIER)
def test_upgrade_from_an_earlier_release_loses_nothing(any_database: str, revision: str) -> None:
    old = open_store(any_database, migrate=False)
    upgrade(old.engine, revision)
    fill_as_of(old.engine)
    old.close()
    store = open_store(any_database)  # opening upgrades to head, as the new release does
    assert_nothing_lost(store, revision)
    store.close()


def test_upgrading_to_the_index_marks_the_stored_documents(any_database: str) -> None:
    before_index = revisions()[revisions().index("0004_duplicate_index") - 1]
    old = open_store(any_database, migrate=False)
    upgrade(old.engine, before_index)
    fill_as_of(old.engine)
    copy = {**OLD_DOCUMENTS[0], "id": "old3", "published": "2023-08", "fingerprint": "3" * 64}
    with old.engine.begin() as connection:
        connection.execute(_insert("documents", copy), [copy])
        connection.execute(_insert("claims", OLD_CLAIMS[0]), [old_claim("old3", 300)])
        # a mark the old, transitive grouping left: the index decides again
        connection.execute(sa.text("UPDATE documents SET duplicate_of = 'old1' WHERE id = 'old2'"))
    old.close()
    store = open_store(any_database)
    assert _marks(store) == {"old3": "old1"}
    assert store.duplicate_counts() == DuplicateCounts(documents=3, copies=1)
    # the index works on: a later copy of old2 is marked as it is stored
    text = OLD_DOCUMENTS[1]["text"]
    later = Document("new", str(text), "new.txt", published="2024-01")
    claim = replace(store.get_claim("old2:1"), id="new:1", doc="new")
    store.upsert_document_with_claims(later, [claim])
    assert _marks(store) == {"old3": "old1", "new": "old2"}
    store.close()


def _marks(store: Store) -> dict[str, str]:
    return {d.id: d.duplicate_of for d in store.documents() if d.duplicate_of}


def test_there_is_an_earlier_revision_to_upgrade_from() -> None:
    assert len(revisions()) >= 2 and EARLIER


def test_upgrading_twice_changes_nothing(any_database: str) -> None:
    store = open_store(any_database)
    before = sorted(sa.inspect(store.engine).get_table_names())
    upgrade(store.engine)
    assert sorted(sa.inspect(store.engine).get_table_names()) == before
    store.close()


def test_head_matches_the_schema_on_every_dialect(any_database: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from laborwatch.store.schema import metadata

    store = open_store(any_database)
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    # SQLite reports JSON and some server defaults loosely; table and column sets must agree
    structural = [
        d
        for d in differences
        if _kind(d) in {"add_table", "remove_table", "add_column", "remove_column"}
    ]
    assert structural == []
    store.close()


def _kind(difference: object) -> str:
    if isinstance(difference, list):
        return _kind(difference[0])
    return str(difference[0]) if isinstance(difference, tuple) else ""
