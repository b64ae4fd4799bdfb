"""The near-duplicate index: MinHash signatures of documents with claims, LSH band keys of
originals, and an index on documents.duplicate_of.

The tables start empty; `laborwatch.store.upgrade` fills them (the same as `laborwatch db
dedupe`) when it finds documents with claims and no signatures, in the migration's transaction.

Revision ID: 0004_duplicate_index
Revises: 0003_claim_query_indexes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_duplicate_index"
down_revision: str | None = "0003_claim_query_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_signatures",
        sa.Column("doc", sa.String(200), nullable=False),
        sa.Column("signature", sa.LargeBinary),
        sa.Column("published", sa.String(10)),
        sa.PrimaryKeyConstraint("doc", name="pk_document_signatures"),
        sa.ForeignKeyConstraint(
            ["doc"],
            ["documents.id"],
            name="fk_document_signatures_doc_documents",
            ondelete="CASCADE",
        ),
    )
    op.create_table(
        "original_bands",
        sa.Column("band_key", sa.BigInteger, nullable=False),
        sa.Column("doc", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("band_key", "doc", name="pk_original_bands"),
        sa.ForeignKeyConstraint(
            ["doc"], ["documents.id"], name="fk_original_bands_doc_documents", ondelete="CASCADE"
        ),
    )
    op.create_index("ix_original_bands_doc", "original_bands", ["doc"])
    op.create_index("ix_documents_duplicate_of", "documents", ["duplicate_of"])


def downgrade() -> None:
    op.drop_index("ix_documents_duplicate_of", table_name="documents")
    op.drop_table("original_bands")
    op.drop_table("document_signatures")
