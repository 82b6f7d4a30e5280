"""each payment's expected withholding, and the year's set-aside, under-withheld count, VAT
and foreign-method count kept per deal-year and year

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-29 13:40:00

The tax page reads the year's sums and its newest payments instead of working out every
payment of the year after each write. Existing ledgers are worked out here from their payments
with the app's own rules (app.economics.tax.expected_withholdings, a pure function), and the
sums counted the way app.economics.tax_rollup.rebuild counts them.
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

from app.economics import tax

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_SUMS = ("set_aside", "underwithheld", "vat", "foreign_method")


def upgrade() -> None:
    op.create_table(
        "tax_payment",
        sa.Column("payment_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("deal_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("base", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("platform", sa.String(length=32), server_default="", nullable=False),
        sa.Column("expected", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_tax_payment_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("payment_id", name=op.f("pk_tax_payment")),
    )
    with op.batch_alter_table("tax_payment", schema=None) as batch_op:
        batch_op.create_index("ix_tax_payment_deal_id", ["deal_id"], unique=False)
        batch_op.create_index(
            "ix_tax_payment_user_id_platform_year", ["user_id", "platform", "year"], unique=False
        )
    for table in ("tax_deal_year", "tax_year"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in NEW_SUMS:
                batch_op.add_column(
                    sa.Column(name, sa.BigInteger(), server_default="0", nullable=False)
                )
    _backfill()


def _backfill() -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            """
            SELECT p.id, p.deal_id, p.received_on, p.gross, p.platform_fee, p.agency_fee,
                d.withholding, d.platform, d.user_id
            FROM payment p JOIN deal d ON d.id = p.deal_id
            WHERE d.currency = 'CNY'
            ORDER BY d.user_id, p.id
            """
        )
    ).all()
    by_user: dict[int, list[tax.TaxPayment]] = {}
    for r in rows:
        received_on = r[2] if isinstance(r[2], date) else date.fromisoformat(str(r[2]))
        method = r[6]
        by_user.setdefault(int(r[8]), []).append(
            tax.TaxPayment(
                int(r[0]),
                int(r[1]),
                method,
                r[7] if method == tax.PLATFORM_CUMULATIVE else "",
                received_on,
                tax.base_of(int(r[3]), int(r[4]), int(r[5])),
            )
        )
    table = sa.table(
        "tax_payment",
        *[
            sa.column(name)
            for name in (
                "payment_id",
                "user_id",
                "deal_id",
                "year",
                "received_on",
                "base",
                "method",
                "platform",
                "expected",
            )
        ],
    )
    for user_id, payments in by_user.items():
        expected = tax.expected_withholdings(payments)
        values = [
            {
                "payment_id": p.payment_id,
                "user_id": user_id,
                "deal_id": p.deal_id,
                "year": p.received_on.year,
                "received_on": p.received_on,
                "base": p.base,
                "method": p.method,
                "platform": p.platform or "",
                "expected": expected[p.payment_id],
            }
            for p in payments
        ]
        for start in range(0, len(values), 1000):
            conn.execute(sa.insert(table), values[start : start + 1000])
    dialect = conn.dialect.name
    year = (
        "CAST(EXTRACT(YEAR FROM p.received_on) AS INTEGER)"
        if dialect == "postgresql"
        else "CAST(STRFTIME('%Y', p.received_on) AS INTEGER)"
    )
    base = "(p.gross - p.platform_fee - p.agency_fee)"
    cny = "d.currency = 'CNY'"
    want = "COALESCE(tp.expected, 0)"
    bp = "COALESCE(pr.invoice_vat_bp, 100)"
    # tax.vat_on in integers: ⌊(2 · base · bp + D) / 2D⌋, D = 10,000 + bp (half up).
    vat = (
        f"CASE WHEN {cny} AND d.vat_invoiced AND {base} > 0 AND {bp} > 0 "
        f"THEN ({base} * 2 * {bp} + 10000 + {bp}) / (2 * (10000 + {bp})) ELSE 0 END"
    )
    op.execute("DELETE FROM tax_year")
    op.execute("DELETE FROM tax_deal_year")
    op.execute(
        f"""
        INSERT INTO tax_deal_year (deal_id, year, user_id, currency, payments, base,
            tax_withheld, amount_cny, unconverted, net_income, minutes_total,
            set_aside, underwithheld, vat, foreign_method)
        SELECT p.deal_id, {year}, d.user_id, d.currency, COUNT(*),
            SUM(CASE WHEN {base} > 0 THEN {base} ELSE 0 END),
            SUM(p.tax_withheld), COALESCE(SUM(p.amount_cny), 0),
            SUM(CASE WHEN p.amount_cny IS NULL THEN 1 ELSE 0 END),
            COALESCE(MAX(f.net_income), 0), COALESCE(MAX(f.minutes_total), 0),
            SUM(CASE WHEN {cny} AND {want} > p.tax_withheld
                THEN {want} - p.tax_withheld ELSE 0 END),
            SUM(CASE WHEN {cny} AND p.tax_withheld < {want} THEN 1 ELSE 0 END),
            SUM({vat}),
            SUM(CASE WHEN {cny} AND d.withholding = 'foreign' THEN 1 ELSE 0 END)
        FROM payment p
        JOIN deal d ON d.id = p.deal_id
        LEFT OUTER JOIN deal_figures f ON f.deal_id = d.id
        LEFT OUTER JOIN tax_payment tp ON tp.payment_id = p.id
        LEFT OUTER JOIN profile pr ON pr.user_id = d.user_id
        GROUP BY p.deal_id, {year}, d.user_id, d.currency
        """
    )
    cny = "currency = 'CNY'"
    timed = "currency = 'CNY' AND minutes_total > 0"
    new_sums = ", ".join(f"SUM(CASE WHEN {cny} THEN {name} ELSE 0 END)" for name in NEW_SUMS)
    op.execute(
        f"""
        INSERT INTO tax_year (user_id, year, deals, payments, base, tax_withheld, net_income,
            timed_deals, timed_base, timed_net_income, timed_minutes, foreign_payments,
            foreign_cny, foreign_unconverted, {", ".join(NEW_SUMS)})
        SELECT user_id, year,
            SUM(CASE WHEN {cny} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {cny} THEN payments ELSE 0 END),
            SUM(CASE WHEN {cny} THEN base ELSE 0 END),
            SUM(CASE WHEN {cny} THEN tax_withheld ELSE 0 END),
            SUM(CASE WHEN {cny} THEN net_income ELSE 0 END),
            SUM(CASE WHEN {timed} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {timed} THEN base ELSE 0 END),
            SUM(CASE WHEN {timed} THEN net_income ELSE 0 END),
            SUM(CASE WHEN {timed} THEN minutes_total ELSE 0 END),
            SUM(CASE WHEN {cny} THEN 0 ELSE payments END),
            SUM(CASE WHEN {cny} THEN 0 ELSE amount_cny END),
            SUM(CASE WHEN {cny} THEN 0 ELSE unconverted END),
            {new_sums}
        FROM tax_deal_year
        GROUP BY user_id, year
        """
    )


def downgrade() -> None:
    for table in ("tax_year", "tax_deal_year"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name in reversed(NEW_SUMS):
                batch_op.drop_column(name)
    with op.batch_alter_table("tax_payment", schema=None) as batch_op:
        batch_op.drop_index("ix_tax_payment_user_id_platform_year")
        batch_op.drop_index("ix_tax_payment_deal_id")
    op.drop_table("tax_payment")
