"""The database: `open_store(url)` opens (and migrates) it and returns a `Store`.

`url` is a SQLAlchemy URL (`sqlite:///laborwatch.db`, `postgresql+psycopg://...`) or a plain
file path, which means SQLite. Opening runs the shipped Alembic migrations, so a database is
always at the schema the code expects.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from laborwatch.errors import ConfigError, StoreError
from laborwatch.store.claim_queries import ClaimFilter, ClaimPage
from laborwatch.store.duplicate_index import DuplicateCounts
from laborwatch.store.rows import PreparedClaims, StoredRun, document_changed, prepare_claims
from laborwatch.store.schema import serialize_json
from laborwatch.store.store import Store, upgrade

__all__ = [
    "ClaimFilter",
    "ClaimPage",
    "DuplicateCounts",
    "PreparedClaims",
    "Store",
    "StoredRun",
    "database_url",
    "document_changed",
    "open_store",
    "prepare_claims",
    "upgrade",
]


def database_url(location: str) -> str:
    """A SQLAlchemy URL for `location`: URLs pass through, paths become SQLite files."""
    if "://" in location:
        return location
    path = Path(location).expanduser()
    if not path.parent.is_dir():
        raise ConfigError(f"cannot create the database {location}: no folder {path.parent}")
    if path.is_dir():
        raise ConfigError(f"cannot use {location} as a database: it is a folder")
    return f"sqlite:///{path.resolve()}"


def open_store(location: str, *, migrate: bool = True) -> Store:
    """Open the database at `location` (path or URL), migrated to the latest schema."""
    url = database_url(location)
    try:
        engine = _engine(url)
    except (ArgumentError, ImportError, ValueError) as error:
        raise ConfigError(f"cannot use database URL {location!r}: {error}") from error
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as error:
        engine.dispose()
        raise StoreError(
            f"cannot open the database {location}: {getattr(error, 'orig', None) or error}"
        ) from error
    if migrate:
        upgrade(engine)
    return Store(engine)


def _engine(url: str) -> sa.Engine:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(url, pool_pre_ping=True, json_serializer=serialize_json)
    in_memory = parsed.database in (None, "", ":memory:")
    pool = {"poolclass": StaticPool} if in_memory else {}
    engine = sa.create_engine(url, json_serializer=serialize_json, **pool)
    sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    # SQLite leaves foreign keys off unless asked, per connection
    cursor.execute("PRAGMA foreign_keys=ON")
    # a write-ahead log lets the desk read while an ingest writes, and a commit then waits for
    # no disk flush (a power cut may lose the last batches, never the file's consistency)
    # a new file gets 16 KiB pages: a batch of documents is written as a quarter as many pages,
    # each a write call at commit (an existing file keeps its page size)
    cursor.execute("PRAGMA page_size=16384")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
