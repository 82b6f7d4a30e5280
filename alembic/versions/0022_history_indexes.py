"""indexes for reads bounded by what a page shows: a period's rollup rows, the newest deals'
deliverables and revision rounds; a write counter on each rollup row

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-29 20:50:00

The dashboard after a write read every rollup row of the account for any period (the primary
key starts with the currency, so the month bound did not narrow it); the own percentiles and
the rate card read the deliverables and revision rounds of the newest 400 deals from table
rows. Each now reads its rows by index: figures_rollup (user_id, month), deliverable
(deal_id, kind, quantity) and work_entry (deal_id, activity, revision_round, minutes), the
last two covering what those reads take.

figures_rollup.changes counts the writes of each row since the account's rollups were last
rebuilt (existing rows start at 0): the dashboard's sums and own percentiles of a period are
kept until a row of the period is written (app.economics.rollup.period_key).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("figures_rollup", "ix_figures_rollup_user_id_month", ["user_id", "month"]),
    ("deliverable", "ix_deliverable_deal_id_kind_quantity", ["deal_id", "kind", "quantity"]),
    (
        "work_entry",
        "ix_work_entry_deal_id_activity",
        ["deal_id", "activity", "revision_round", "minutes"],
    ),
)


def upgrade() -> None:
    with op.batch_alter_table("figures_rollup", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("changes", sa.BigInteger(), server_default="0", nullable=False)
        )
    for table, name, columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    for table, name, _columns in INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
    with op.batch_alter_table("figures_rollup", schema=None) as batch_op:
        batch_op.drop_column("changes")
