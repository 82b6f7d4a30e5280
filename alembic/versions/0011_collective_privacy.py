"""collective privacy: schedule and budget, release cost and noise label, import flag,
rate card visibility

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-29 07:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("collective", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("period", sa.String(length=20), nullable=False, server_default="quarterly")
        )
        batch_op.add_column(
            sa.Column("release_day", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(
            sa.Column("annual_budget", sa.Float(), nullable=False, server_default="9.0")
        )
    # Existing releases were made without noise: noise defaults to false for them.
    with op.batch_alter_table("collective_release", schema=None) as batch_op:
        batch_op.add_column(sa.Column("noise", sa.Boolean(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("epsilon", sa.Float(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("delta", sa.Float(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("period", sa.String(length=10), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("withdrawn", sa.Boolean(), nullable=False, server_default="0")
        )
        # Batching by package digests is gone; the digests are not kept.
        batch_op.drop_column("fingerprints")
    with op.batch_alter_table("imported_benchmark", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("without_noise", sa.Boolean(), nullable=False, server_default="0")
        )
    # The public rate card: niche, platform and hours only where the creator ticks them.
    with op.batch_alter_table("rate_card", schema=None) as batch_op:
        for name in ("show_niche", "show_platform", "show_hours"):
            batch_op.add_column(
                sa.Column(name, sa.Boolean(), nullable=False, server_default="0")
            )
    # Benchmarks imported before this change came from releases made without noise.
    op.execute("UPDATE imported_benchmark SET without_noise = true")


def downgrade() -> None:
    with op.batch_alter_table("rate_card", schema=None) as batch_op:
        for name in ("show_hours", "show_platform", "show_niche"):
            batch_op.drop_column(name)
    with op.batch_alter_table("imported_benchmark", schema=None) as batch_op:
        batch_op.drop_column("without_noise")
    with op.batch_alter_table("collective_release", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fingerprints", sa.Text(), nullable=False, server_default="{}")
        )
        for name in ("withdrawn", "period", "delta", "epsilon", "noise"):
            batch_op.drop_column(name)
    with op.batch_alter_table("collective", schema=None) as batch_op:
        for name in ("annual_budget", "release_day", "period"):
            batch_op.drop_column(name)
