"""Sign-in throttling per account and per client, counted in the database."""

from __future__ import annotations

from datetime import datetime, timedelta
from ipaddress import ip_address

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from app.accounts.models import LoginFailure

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 10
PER_CLIENT = 30


def client_of(peer: str | None, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """The client's address; X-Forwarded-For counts only when the peer is a trusted proxy."""
    client = peer or "unknown"
    if forwarded_for and client in trusted:
        # The right-most address not added by one of our proxies is the client.
        for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
            if hop not in trusted:
                client = hop
                break
    try:
        return str(ip_address(client))
    except ValueError:
        return client[:64]


def throttled(session: Session, *, username: str, client: str, now: datetime) -> bool:
    since = now - WINDOW
    by_account = session.execute(
        select(func.count())
        .select_from(LoginFailure)
        .where(col(LoginFailure.username) == username.strip().lower(), col(LoginFailure.at) > since)
    ).scalar_one()
    if by_account >= PER_ACCOUNT:
        return True
    by_client = session.execute(
        select(func.count())
        .select_from(LoginFailure)
        .where(col(LoginFailure.client) == client, col(LoginFailure.at) > since)
    ).scalar_one()
    return bool(by_client >= PER_CLIENT)


def record_failure(session: Session, *, username: str, client: str, now: datetime) -> None:
    session.add(LoginFailure(username=username.strip().lower()[:64], client=client, at=now))
    session.execute(delete(LoginFailure).where(col(LoginFailure.at) < now - 4 * WINDOW))
    session.commit()
