"""One-time form tokens: a retried POST does not make a second record."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from app.accounts.models import FormSubmission


def new_token() -> str:
    return secrets.token_urlsafe(16)


def already_done(session: Session, *, user_id: int, token: str | None, now: datetime) -> bool:
    """Claim the token inside the current transaction; True when it was claimed before.

    INSERT … ON CONFLICT DO NOTHING: when the same form arrives eight times at once, the
    unique index makes each repeat wait for the first transaction; if that one commits the
    repeat is told "done" (and answers as the first did), if it rolls back the repeat claims
    the token itself. No repeat ever fails on the unique constraint."""
    if not token or len(token) > 64:
        return False
    table = FormSubmission.__table__  # type: ignore[attr-defined]
    maker = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    claimed = session.execute(
        maker(table)
        .values(user_id=user_id, token=token, created_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "token"])
        .returning(table.c.id)
    ).first()
    if claimed is None:
        return True
    session.execute(
        delete(FormSubmission).where(
            col(FormSubmission.user_id) == user_id,
            col(FormSubmission.created_at) < now - timedelta(days=7),
        )
    )
    return False
