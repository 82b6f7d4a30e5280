"""calendar feed token stored as a SHA-256 digest

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 07:50:00

Existing feed addresses keep working: their tokens are hashed here, in place.
A downgrade cannot recover the tokens; it turns the feeds off.
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("calendar_token_hash", sa.String(length=64), nullable=True)
        )
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, calendar_token FROM profile WHERE calendar_token IS NOT NULL")
    ).all()
    for profile_id, token in rows:
        conn.execute(
            sa.text("UPDATE profile SET calendar_token_hash = :digest WHERE id = :id"),
            {"digest": hashlib.sha256(token.encode()).hexdigest(), "id": profile_id},
        )
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_profile_calendar_token"), type_="unique")
        batch_op.drop_column("calendar_token")
        batch_op.create_unique_constraint(
            batch_op.f("uq_profile_calendar_token_hash"), ["calendar_token_hash"]
        )


def downgrade() -> None:
    with op.batch_alter_table("profile", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_profile_calendar_token_hash"), type_="unique")
        batch_op.drop_column("calendar_token_hash")
        batch_op.add_column(sa.Column("calendar_token", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_profile_calendar_token"), ["calendar_token"]
        )
