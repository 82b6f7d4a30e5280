"""a stamp on each rollup row: the ledger version that last wrote it

Revision ID: 0023
Revises: 0022
Create Date: 2026-11-30 00:10:00

The dashboard's and the summary API's sums of a period were worked out again from every rollup
row of the period after any write filed in it. Each row now carries the account's ledger
version when last written (`stamp`, indexed with the account), so the kept sums of a period
move by the rows stamped after them (app.economics.service.cached_summary). Existing rows start
at 0: any later write stamps above it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("figures_rollup", schema=None) as batch_op:
        batch_op.add_column(sa.Column("stamp", sa.BigInteger(), server_default="0", nullable=False))
        batch_op.create_index("ix_figures_rollup_user_id_stamp", ["user_id", "stamp"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("figures_rollup", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_rollup_user_id_stamp")
        batch_op.drop_column("stamp")
