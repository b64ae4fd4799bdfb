"""Drop the claim indexes that wider ones cover: every write paid for them, no query needs them.

`ix_claims_doc` is the first column of `ix_claims_doc_position`, `ix_claims_category` the first
of `ix_claims_category_status`, and no query compares `destination_name` but in lower case
(`ix_claims_destination_lower`).

Revision ID: 0005_drop_covered_claim_indexes
Revises: 0004_duplicate_index
"""

from __future__ import annotations

from alembic import op

revision = "0005_drop_covered_claim_indexes"
down_revision: str | None = "0004_duplicate_index"
branch_labels = None
depends_on = None

COVERED = ("doc", "category", "destination_name")


def upgrade() -> None:
    for column in COVERED:
        op.drop_index(f"ix_claims_{column}", table_name="claims")


def downgrade() -> None:
    for column in COVERED:
        op.create_index(f"ix_claims_{column}", "claims", [column])
