"""what the own percentiles read of a deal, kept on its figures row

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30 09:30:00

The dashboard's own percentiles (p25 / median / p75 of the deal rates and of the fee per unit
of each kind, over the newest deals of the period) were worked out again after every write from
the deals, their figures and their deliverables, hundreds of rows read into Python. Each figures
row now keeps what they read of its deal (calc.history_inputs): its date (`filed_on`), whether
it has an agreed fee and is not cancelled (`priced`), its one kind of deliverable and units
(`unit_kind`, `units`) and its fee per unit (`unit_fee`); the writes that keep its figures keep
them too, in the same transaction. The percentiles are then picked in SQL from this table
alone, by the new (user_id, currency, deal_id) index. Existing rows are filled here from the
deals and deliverables, as rollup.rebuild fills them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deal_figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("filed_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("priced", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("unit_kind", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("units", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("unit_fee", sa.BigInteger(), nullable=True))
        batch_op.create_index(
            "ix_deal_figures_user_id_currency_deal_id",
            ["user_id", "currency", "deal_id"],
            unique=False,
        )
    _backfill()


def _backfill() -> None:
    """calc.history_inputs in SQL, for every figures row (the fee per unit rounded down, as
    Python's // does, for a negative fee and for units below zero too: an old ledger written
    by hand or by an older import may hold a quantity of 0 or less, which history_inputs
    divides by unless the units sum to 0)."""
    one_kind = "FROM deliverable v WHERE v.deal_id = deal_figures.deal_id HAVING COUNT(DISTINCT v.kind) = 1"
    op.execute(
        f"""
        UPDATE deal_figures SET
            filed_on = (SELECT COALESCE(d.delivered_on, d.brief_received_on)
                        FROM deal d WHERE d.id = deal_figures.deal_id),
            priced = (SELECT d.agreed_fee IS NOT NULL AND d.status <> 'cancelled'
                      FROM deal d WHERE d.id = deal_figures.deal_id),
            unit_kind = (SELECT MIN(v.kind) {one_kind}),
            units = COALESCE((SELECT SUM(v.quantity) {one_kind}), 0)
        """
    )
    op.execute(
        """
        UPDATE deal_figures SET unit_fee = (
            SELECT d.agreed_fee / deal_figures.units
                   - CASE WHEN d.agreed_fee % deal_figures.units <> 0
                               AND (d.agreed_fee < 0) <> (deal_figures.units < 0)
                          THEN 1 ELSE 0 END
            FROM deal d WHERE d.id = deal_figures.deal_id)
        WHERE priced AND unit_kind IS NOT NULL AND units <> 0
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("deal_figures", schema=None) as batch_op:
        batch_op.drop_index("ix_deal_figures_user_id_currency_deal_id")
        batch_op.drop_column("unit_fee")
        batch_op.drop_column("units")
        batch_op.drop_column("unit_kind")
        batch_op.drop_column("priced")
        batch_op.drop_column("filed_on")
