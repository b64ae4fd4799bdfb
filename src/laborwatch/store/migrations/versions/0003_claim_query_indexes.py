"""Indexes for the claims API on large stores: export order, category with status, and the
destination and larger-bound expressions the filters use.

Revision ID: 0003_claim_query_indexes
Revises: 0002_review
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_claim_query_indexes"
down_revision: str | None = "0002_review"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claims_doc_position", "claims", ["doc", "span_start", "id"])
    op.create_index("ix_claims_category_status", "claims", ["category", "status"])
    op.create_index("ix_claims_destination_lower", "claims", [sa.text("lower(destination_name)")])
    op.create_index("ix_claims_larger_bound", "claims", [sa.text("coalesce(high, low)")])


def downgrade() -> None:
    for name in (
        "ix_claims_larger_bound",
        "ix_claims_destination_lower",
        "ix_claims_category_status",
        "ix_claims_doc_position",
    ):
        op.drop_index(name, table_name="claims")
