"""The SQL for review: claim versions (every reviewer decision) and the desk's access tokens.

Tables sit on the same MetaData as the rest of the schema, so one migration history covers
them (revision 0002_review). Rows are only ever added: a decision is never updated or deleted,
and a token is revoked by stamping `revoked_at`, so the audit trail is complete. Versions refer
to claims by id without a foreign key on purpose: re-ingesting a document replaces its claim
rows, and decisions on claims whose ids stay the same must survive that.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from laborwatch.errors import InputError, StoreError
from laborwatch.store.schema import metadata


class Decision(StrEnum):
    ACCEPT = "accept"
    CORRECT = "correct"
    REJECT = "reject"


class ReviewState(StrEnum):
    UNREVIEWED = "unreviewed"
    ACCEPTED = "accepted"
    CORRECTED = "corrected"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class ClaimVersion:
    """One reviewer decision on one claim; `changes` are cumulative overrides of the original."""

    claim_id: str
    version: int
    decision: Decision
    reviewer: str
    reason: str
    created_at: str  # ISO 8601, UTC
    changes: Mapping[str, Any] = field(default_factory=dict)


claim_versions = sa.Table(
    "claim_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("claim_id", sa.String(200), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("reviewer", sa.String(200), nullable=False),
    sa.Column("reason", sa.Text, nullable=False, default=""),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("changes", sa.Text, nullable=False, default="{}"),  # JSON: overrides in force
    sa.UniqueConstraint("claim_id", "version", name="uq_claim_versions_claim_version"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("revoked_at", sa.String(40), nullable=True),
)

REVIEW_TABLES = (claim_versions, api_tokens)


def _version_from_row(row: sa.Row[Any]) -> ClaimVersion:
    return ClaimVersion(
        claim_id=row.claim_id,
        version=row.version,
        decision=Decision(row.decision),
        reviewer=row.reviewer,
        reason=row.reason,
        created_at=row.created_at,
        changes=json.loads(row.changes),
    )


class ReviewStore:
    """Claim versions and tokens in the project database; the only SQL review needs."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def create_tables(self) -> None:
        """Create the review tables when absent (migrations do this for real databases)."""
        try:
            metadata.create_all(self.engine, tables=list(REVIEW_TABLES))
        except SQLAlchemyError as error:
            raise StoreError(f"cannot create the review tables: {error}") from error

    def versions(self, claim_id: str) -> list[ClaimVersion]:
        query = (
            sa.select(claim_versions)
            .where(claim_versions.c.claim_id == claim_id)
            .order_by(claim_versions.c.version)
        )
        return [_version_from_row(row) for row in self._rows(query)]

    def all_versions(self) -> dict[str, list[ClaimVersion]]:
        query = sa.select(claim_versions).order_by(
            claim_versions.c.claim_id, claim_versions.c.version
        )
        grouped: dict[str, list[ClaimVersion]] = defaultdict(list)
        for row in self._rows(query):
            grouped[row.claim_id].append(_version_from_row(row))
        return dict(grouped)

    def add_version(self, version: ClaimVersion) -> None:
        values = {
            "claim_id": version.claim_id,
            "version": version.version,
            "decision": version.decision.value,
            "reviewer": version.reviewer,
            "reason": version.reason,
            "created_at": version.created_at,
            "changes": json.dumps(dict(version.changes), sort_keys=True),
        }
        self._write(sa.insert(claim_versions).values(**values), "a review decision")

    def add_token(self, name: str, hashed: str, created_at: str) -> None:
        insert = sa.insert(api_tokens).values(
            name=name, token_hash=hashed, created_at=created_at, revoked_at=None
        )
        self._write(insert, f"token {name!r}")

    def token_name(self, hashed: str) -> str | None:
        """The name of the live token with this hash, or None."""
        query = sa.select(api_tokens.c.name).where(
            api_tokens.c.token_hash == hashed, api_tokens.c.revoked_at.is_(None)
        )
        rows = self._rows(query)
        return str(rows[0].name) if rows else None

    def token_names(self) -> list[str]:
        query = (
            sa.select(api_tokens.c.name)
            .where(api_tokens.c.revoked_at.is_(None))
            .order_by(api_tokens.c.name)
        )
        return [str(row.name) for row in self._rows(query)]

    def _rows(self, query: sa.Select[Any]) -> list[sa.Row[Any]]:
        try:
            with self.engine.connect() as connection:
                return list(connection.execute(query))
        except SQLAlchemyError as error:
            raise StoreError(f"cannot read the review tables: {error}") from error

    def _write(self, statement: sa.Insert, what: str) -> None:
        try:
            with self.engine.begin() as connection:
                connection.execute(statement)
        except IntegrityError as error:
            raise InputError(f"{what} conflicts with one already stored") from error
        except SQLAlchemyError as error:
            raise StoreError(f"cannot store {what}: {error}") from error
