"""spreadsheet import progress and state in the database

Revision ID: 0017 (issue 9 part A's 0009, renumbered to follow 0016 of part B)
Revises: 0016
Create Date: 2026-11-29 07:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sheet_upload", schema=None) as batch_op:
        batch_op.add_column(sa.Column("done", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("total", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("attempt", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True)
        )
    # A run left "running" by the old code (progress in memory) can never finish: fail it.
    op.execute(
        "UPDATE sheet_upload SET status = 'new', result = '' WHERE status = 'running'"
    )


def downgrade() -> None:
    with op.batch_alter_table("sheet_upload", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
        batch_op.drop_column("attempt")
        batch_op.drop_column("total")
        batch_op.drop_column("done")
