"""indexes that keep the main pages flat with the size of the ledger

Revision ID: 0015
Revises: 0013
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0015"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deal", schema=None) as batch_op:
        batch_op.create_index(
            "ix_deal_user_id_payment_due_on", ["user_id", "payment_due_on"], unique=False
        )
        batch_op.create_index(
            "ix_deal_user_id_status_due_on", ["user_id", "status", "due_on"], unique=False
        )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payment_user_id_received_on", ["user_id", "received_on"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_user_id_received_on")
    with op.batch_alter_table("deal", schema=None) as batch_op:
        batch_op.drop_index("ix_deal_user_id_status_due_on")
        batch_op.drop_index("ix_deal_user_id_payment_due_on")
