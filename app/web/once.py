"""One-time form tokens: a retried POST does not make a second record."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Column, DateTime, String, UniqueConstraint, delete
from sqlmodel import Field, Session, SQLModel, col

import app.db  # noqa: F401 - sets the constraint naming convention before tables exist
from app.db import upsert_insert


class FormSubmission(SQLModel, table=True):
    """A form's one-time token, claimed in the transaction that acts on it: the same form
    posted twice (a phone retrying on a bad connection) makes one record."""

    __tablename__ = "form_submission"
    __table_args__ = (UniqueConstraint("user_id", "token"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True, ondelete="CASCADE")
    token: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class ForeignToken(Exception):
    """A form minted for another account (a shared phone's outbox): neither saved nor answered
    as that account's copy was."""


def new_token(key: str | None = None, user_id: int | None = None) -> str:
    """A fresh one-time token; on a signed-in page it is bound to the account (nonce.mac), so
    another account posting it is refused instead of saving the first account's form."""
    nonce = secrets.token_urlsafe(16)
    if key is None or user_id is None:
        return nonce
    return f"{nonce}.{_mac(key, user_id, nonce)}"


def _mac(key: str, user_id: int, nonce: str) -> str:
    digest = hmac.new(key.encode(), f"koc-submit|{user_id}|{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:16]).decode().rstrip("=")


def check_owner(token: str | None, *, key: str, user_id: int) -> None:
    """Raise ForeignToken for a bound token that was not minted for this account."""
    if not token or "." not in token:
        return  # an unbound token (older pages, API clients): only claimed per account
    nonce, _, mac = token.partition(".")
    if not hmac.compare_digest(mac.encode(), _mac(key, user_id, nonce).encode()):
        raise ForeignToken


def already_done(
    session: Session, *, user_id: int, token: str | None, now: datetime, key: str | None = None
) -> bool:
    """Claim the token inside the current transaction; True when it was claimed before.

    INSERT … ON CONFLICT DO NOTHING: when the same form arrives eight times at once, the
    unique index makes each repeat wait for the first transaction; if that one commits the
    repeat is told "done" (and answers as the first did), if it rolls back the repeat claims
    the token itself. No repeat ever fails on the unique constraint."""
    if not token or len(token) > 64:
        return False
    if key is not None:
        check_owner(token, key=key, user_id=user_id)
    maker = upsert_insert(session.get_bind().dialect.name)
    claimed = session.execute(
        maker(FormSubmission)
        .values(user_id=user_id, token=token, created_at=now)
        .on_conflict_do_nothing(index_elements=["user_id", "token"])
        .returning(col(FormSubmission.id))
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


def form_retried(page: Any) -> bool:
    """The page's form posted again (a double tap, a phone retrying): claim its submit token in
    the current transaction; True when it was claimed before, so the caller does nothing."""
    assert page.form is not None
    token = page.form.get("submit_token")
    return already_done(
        page.db,
        user_id=page.user_id,
        token=token if isinstance(token, str) else None,
        now=page.now,
        # The token is bound to this account: one minted for another account on a shared phone is
        # refused.
        key=page.request.app.state.secret_key,
    )
