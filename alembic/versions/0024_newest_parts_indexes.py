"""indexes for a deal's newest parts: work entries, payments and expenses by date

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-30 06:00:00

The deal page shows each kind of part's newest entries only (app.ledger.pages.SECTION_ROWS),
read newest first with a LIMIT. These indexes give that order within a deal, so the read stops
after the rows shown instead of sorting all of a long deal's entries. Deliverables and products
are listed by id, which the deal_id index already orders on SQLite.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("work_entry", "ix_work_entry_deal_id_worked_on", ["deal_id", "worked_on", "id"]),
    ("payment", "ix_payment_deal_id_received_on", ["deal_id", "received_on", "id"]),
    ("expense", "ix_expense_deal_id_spent_on", ["deal_id", "spent_on", "id"]),
)


def upgrade() -> None:
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, name, _columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
