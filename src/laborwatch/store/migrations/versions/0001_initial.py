"""The first schema: documents, claims, runs and ingest_errors.

Revision ID: 0001_initial
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision: str | None = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(200), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("publisher", sa.String(200)),
        sa.Column("language", sa.String(16)),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("published", sa.String(10)),
        sa.Column("published_source", sa.String(16)),
        sa.Column("duplicate_of", sa.String(200)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_documents"),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.String(200)),
        sa.Column("doc", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("span_start", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16)),
        sa.Column("category", sa.String(24)),
        sa.Column("destination_country", sa.String(2)),
        sa.Column("destination_name", sa.String(200)),
        sa.Column("low", sa.BigInteger),
        sa.Column("high", sa.BigInteger),
        sa.Column("record", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_claims"),
        sa.ForeignKeyConstraint(
            ["doc"], ["documents.id"], name="fk_claims_doc_documents", ondelete="CASCADE"
        ),
    )
    for column in ("doc", "kind", "status", "category", "destination_country", "destination_name"):
        op.create_index(f"ix_claims_{column}", "claims", [column])
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Float, nullable=False),
        sa.Column("inputs", sa.JSON, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
        sa.Column("claims", sa.Integer, nullable=False),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_table(
        "ingest_errors",
        sa.Column("id", sa.Integer, autoincrement=True),
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_ingest_errors"),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.id"], name="fk_ingest_errors_run_id_runs", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_ingest_errors_run_id", "ingest_errors", ["run_id"])


def downgrade() -> None:
    op.drop_table("ingest_errors")
    op.drop_table("runs")
    op.drop_table("claims")
    op.drop_table("documents")
