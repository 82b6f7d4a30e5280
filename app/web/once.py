"""One-time form tokens: a retried POST does not make a second record."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlmodel import Session, col

from app.accounts.models import FormSubmission


def new_token() -> str:
    return secrets.token_urlsafe(16)


def already_done(session: Session, *, user_id: int, token: str | None, now: datetime) -> bool:
    """Claim the token inside the current transaction; True when it was claimed before."""
    if not token or len(token) > 64:
        return False
    seen = session.execute(
        select(col(FormSubmission.id)).where(
            col(FormSubmission.user_id) == user_id, col(FormSubmission.token) == token
        )
    ).first()
    if seen is not None:
        return True
    session.add(FormSubmission(user_id=user_id, token=token, created_at=now))
    session.execute(
        delete(FormSubmission).where(
            col(FormSubmission.user_id) == user_id,
            col(FormSubmission.created_at) < now - timedelta(days=7),
        )
    )
    return False
