"""the minutes of each revision round of a deal, kept on its figures row

Revision ID: 0026
Revises: 0025
Create Date: 2026-11-30 12:30:00

The offer check and the rate card price an extra revision round by the length of the creator's
past rounds: the minutes of each round (its revision entries added up) of the newest deals.
After every write they were summed again from the work entries of those deals, grouped by deal
and round. Each figures row now keeps its deal's minutes per round (`revision_minutes`,
calc.revision_minutes: comma-separated in round order, NULL without revisions), written by the
writes that keep its other figures, in the same transaction, so the history is read from this
table alone by its (user_id, currency, deal_id) index. Existing rows are filled here from the
work entries with the app's own rule (calc.revision_minutes, a pure function).
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.economics import calc

revision: str = "0026"
down_revision: str | None = "0025"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deal_figures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revision_minutes", sa.Text(), nullable=True))
    _backfill()


def _backfill() -> None:
    conn = op.get_bind()
    work: dict[int, list[calc.WorkItem]] = defaultdict(list)
    for deal_id, revision_round, minutes in conn.execute(
        sa.text(
            """
            SELECT w.deal_id, w.revision_round, SUM(w.minutes)
            FROM work_entry w JOIN deal_figures f ON f.deal_id = w.deal_id
            WHERE w.activity = 'revision'
            GROUP BY w.deal_id, w.revision_round
            """
        )
    ).all():
        work[deal_id].append(calc.WorkItem(int(minutes), "revision", revision_round))
    rows = [
        {"deal_id": deal_id, "minutes": ",".join(str(m) for m in calc.revision_minutes(items))}
        for deal_id, items in work.items()
    ]
    update = sa.text("UPDATE deal_figures SET revision_minutes = :minutes WHERE deal_id = :deal_id")
    for start in range(0, len(rows), 1000):
        conn.execute(update, rows[start : start + 1000])


def downgrade() -> None:
    with op.batch_alter_table("deal_figures", schema=None) as batch_op:
        batch_op.drop_column("revision_minutes")
