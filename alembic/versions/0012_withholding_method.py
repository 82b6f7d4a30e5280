"""withholding method of deals and the rate card, VAT on invoiced work, CNY value of payments

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 07:30:00

Existing deals get the default of app.economics.tax.default_withholding (蒲公英 sources →
platform_cumulative, other CNY → per_payment, other currencies → foreign); the rate card's
true/false `withholding` becomes per_payment/none.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deal", schema=None) as batch_op:
        batch_op.add_column(sa.Column("withholding", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("vat_invoiced", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    op.execute(
        "UPDATE deal SET withholding = CASE"
        " WHEN upper(currency) <> 'CNY' THEN 'foreign'"
        " WHEN source IN ('pgy_invite', 'pgy_recruit') THEN 'platform_cumulative'"
        " ELSE 'per_payment' END"
    )
    with op.batch_alter_table("deal", schema=None) as batch_op:
        batch_op.alter_column("withholding", existing_type=sa.String(length=32), nullable=False)

    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amount_cny", sa.BigInteger(), nullable=True))

    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("invoice_vat_bp", sa.Integer(), server_default="100", nullable=False)
        )

    with op.batch_alter_table("rate_card", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "withholding_method",
                sa.String(length=32),
                server_default="per_payment",
                nullable=False,
            )
        )
    op.execute(
        "UPDATE rate_card SET withholding_method = CASE WHEN withholding"
        " THEN 'per_payment' ELSE 'none' END"
    )
    with op.batch_alter_table("rate_card", schema=None) as batch_op:
        batch_op.drop_column("withholding")
    with op.batch_alter_table("rate_card", schema=None) as batch_op:
        batch_op.alter_column(
            "withholding_method",
            new_column_name="withholding",
            existing_type=sa.String(length=32),
            existing_server_default="per_payment",
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("rate_card", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("withholding_flag", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    op.execute(
        "UPDATE rate_card SET withholding_flag = CASE WHEN withholding = 'none'"
        " OR withholding = 'foreign' THEN false ELSE true END"
    )
    with op.batch_alter_table("rate_card", schema=None) as batch_op:
        batch_op.drop_column("withholding")
    with op.batch_alter_table("rate_card", schema=None) as batch_op:
        batch_op.alter_column(
            "withholding_flag",
            new_column_name="withholding",
            existing_type=sa.Boolean(),
            existing_nullable=False,
        )

    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_column("invoice_vat_bp")

    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_column("amount_cny")

    with op.batch_alter_table("deal", schema=None) as batch_op:
        batch_op.drop_column("vat_invoiced")
        batch_op.drop_column("withholding")
