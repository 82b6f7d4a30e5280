"""brand category and profile display name hold the 200 characters the API accepts

Revision ID: 0020
Revises: 0018
Create Date: 2026-11-29 14:00:00

The API checked both at 200 characters while the columns held 100: PostgreSQL refused a
longer value (a 500), SQLite kept it. Widening keeps every value a SQLite ledger already has.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WIDENED = (("brand", "category"), ("profile", "display_name"))


def upgrade() -> None:
    for table, column in WIDENED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=100),
                type_=sa.String(length=200),
                existing_nullable=False,
            )


def downgrade() -> None:
    for table, column in WIDENED:
        # Narrowing would refuse a longer value on PostgreSQL: keep its first 100 characters.
        op.execute(f"UPDATE {table} SET {column} = substr({column}, 1, 100)")  # noqa: S608
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(
                column,
                existing_type=sa.String(length=200),
                type_=sa.String(length=100),
                existing_nullable=False,
            )
