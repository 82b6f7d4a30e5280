"""the own percentiles read each month of a period newest deal first and merge the months

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-01 01:30:00

0028's month-led index (user_id, currency, filed_month, filed_on, deal_id, …) read a period of
at most HISTORY_DEALS deals whole; a denser period was read by the deal-id index, newest first,
until its windows were full, passing every deal filed after the period: a dense quarter two
years back at 10,000 deals walked some 8,000 newer rows (~3.3 ms). With deal_id right after
filed_month, each month of a period is read newest deal first, and the months are merged by
deal id (economics.service._merged_statement): the read stops at the period's newest
HISTORY_DEALS, whatever was filed after it. The index replaces 0028's (same columns, deal_id
before filed_on), which nothing else reads.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029"
down_revision: str | None = "0028"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVERED = ["minutes_total", "net_income", "priced", "unit_kind", "unit_fee"]
KEY = ["user_id", "currency", "filed_month"]


def upgrade() -> None:
    op.drop_index("ix_deal_figures_history_dated", table_name="deal_figures")
    op.create_index(
        "ix_deal_figures_history_month",
        "deal_figures",
        [*KEY, "deal_id", "filed_on", *COVERED],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_deal_figures_history_month", table_name="deal_figures")
    op.create_index(
        "ix_deal_figures_history_dated",
        "deal_figures",
        [*KEY, "filed_on", "deal_id", *COVERED],
        unique=False,
    )
