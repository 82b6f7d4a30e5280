"""Sign-in throttling per account and per client, counted in the database.

An attempt is reserved before the password is checked: in one short transaction the failures
in the window are counted and, when under the limits, a failure row is written and committed.
A correct password then takes its reservation back. So sixty attempts at once check at most
PER_ACCOUNT passwords, whatever the number of workers: on PostgreSQL the count-and-insert
holds transaction-scoped advisory locks on the account and the client; on SQLite the write
transaction (BEGIN IMMEDIATE) serializes it. No lock is held while the password is hashed.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from ipaddress import IPv6Address, IPv6Network, ip_address

from sqlalchemy import Engine, delete, func, select, text
from sqlmodel import Session, col

from app.accounts.models import LoginFailure
from app.db import read_only

WINDOW = timedelta(minutes=15)
PER_ACCOUNT = 10
# One address may be shared (a household behind one router, a shared phone) and try several
# accounts: a wider limit than per account.
PER_CLIENT = 30
# An IPv6 client is counted by its network: one line (a home, a phone, a rented server) is
# given a whole /64, 2**64 addresses, so one limit per address would be no limit at all.
IPV6_CLIENT_PREFIX = 64
CLIENT_CHARS = 64  # the column's width: a client is counted as it is stored


def client_of(peer: str | None, forwarded_for: str | None, trusted: frozenset[str]) -> str:
    """The client counted by the throttle: its IPv4 address, or its IPv6 /64 network.
    X-Forwarded-For counts only when the peer is a trusted proxy."""
    client = peer or "unknown"
    if forwarded_for and client in trusted:
        # The right-most address not added by one of our proxies is the client.
        for hop in reversed([h.strip() for h in forwarded_for.split(",") if h.strip()]):
            if hop not in trusted:
                client = hop
                break
    try:
        address = ip_address(client)
    except ValueError:
        return client[:CLIENT_CHARS]
    if isinstance(address, IPv6Address):
        if address.ipv4_mapped is not None:
            # A dual-stack socket's spelling of an IPv4 peer ("::ffff:1.2.3.4"): the same client
            # as "1.2.3.4" from a proxy.
            return str(address.ipv4_mapped)
        # The network, whatever the spelling, host bits or zone ("%eth0") of the address.
        host_bits = 128 - IPV6_CLIENT_PREFIX
        return str(IPv6Network((int(address) >> host_bits << host_bits, IPV6_CLIENT_PREFIX)))
    return str(address)


def _key(kind: str, value: str) -> int:
    """A signed 64-bit advisory-lock key for one account or client."""
    # Hashed into the advisory-lock key space; the prefix keeps these keys apart from any other
    # advisory lock.
    digest = hashlib.sha256(f"koc-login|{kind}|{value}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _normal(username: str) -> str:
    # Counted per account as sign-in finds it (case-insensitive), so "Mei" and "mei" share one
    # limit.
    return username.strip().lower()[:64]


def throttled(session: Session, *, username: str, client: str, now: datetime) -> bool:
    since = now - WINDOW
    by_account = session.execute(
        select(func.count())
        .select_from(LoginFailure)
        .where(col(LoginFailure.username) == _normal(username), col(LoginFailure.at) > since)
    ).scalar_one()
    if by_account >= PER_ACCOUNT:
        return True
    by_client = session.execute(
        select(func.count())
        .select_from(LoginFailure)
        .where(col(LoginFailure.client) == client[:CLIENT_CHARS], col(LoginFailure.at) > since)
    ).scalar_one()
    return bool(by_client >= PER_CLIENT)


def reserve(session: Session, *, username: str, client: str, now: datetime) -> int | None:
    """Count and reserve one attempt atomically, and commit. The reservation's id, or None
    when the account or the client is over its limit (nothing is written then)."""
    session.rollback()  # start a transaction of our own, short
    client = client[:CLIENT_CHARS]  # as stored, counted and locked: one client, one key
    bind = session.get_bind()
    if isinstance(bind, Engine):
        # A flood of attempts is mostly refused: count first in a read transaction, which on
        # SQLite takes no write lock, so refusals never queue behind one another for the one
        # writer's lock (a burst of 150 at load 8 made other accounts' writes wait past the
        # 30 s busy timeout). The count is taken again under the lock before a reservation.
        with Session(read_only(bind)) as peek:
            if throttled(peek, username=username, client=client, now=now):
                return None
    if session.get_bind().dialect.name == "postgresql":
        # Always taken in the same order: two attempts cannot deadlock on each other's locks.
        for key in sorted({_key("account", _normal(username)), _key("client", client)}):
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    if throttled(session, username=username, client=client, now=now):
        session.rollback()
        return None
    row = LoginFailure(username=_normal(username), client=client[:CLIENT_CHARS], at=now)
    session.add(row)
    session.execute(delete(LoginFailure).where(col(LoginFailure.at) < now - 4 * WINDOW))
    session.flush()
    row_id = row.id
    session.commit()
    assert row_id is not None
    return row_id


def release(session: Session, reservation: int) -> None:
    """A correct password: the attempt does not count as a failure."""
    session.execute(delete(LoginFailure).where(col(LoginFailure.id) == reservation))
    session.commit()


def record_failure(session: Session, *, username: str, client: str, now: datetime) -> None:
    session.add(LoginFailure(username=_normal(username), client=client[:CLIENT_CHARS], at=now))
    session.execute(delete(LoginFailure).where(col(LoginFailure.at) < now - 4 * WINDOW))
    session.commit()
