"""Account use cases: users, passwords, server-side sessions and API tokens. No web imports."""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Sequence
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import bindparam, delete, func
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from app.accounts.models import ApiToken, User, UserSession
from app.errors import NotFound, RuleError
from app.ledger.enums import Locale
from app.ledger.models import PROFILE_STASH, Profile

# argon2id at OWASP's first recommended setting (m=19 MiB, t=2, p=1): about 19 MiB and a
# few tens of milliseconds per check. Hashes made with other settings still verify (the
# settings are stored in each hash).
_hasher = PasswordHash((Argon2Hasher(memory_cost=19 * 1024, time_cost=2, parallelism=1),))
# At most two hashes at once per process: a burst of sign-ins waits its turn instead of
# taking 19 MiB per thread and every core.
_HASHING = threading.BoundedSemaphore(2)
# Verified against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = _hasher.hash("not-a-real-password")
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,64}$")
MIN_PASSWORD = 8


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def count_users(session: Session) -> int:
    return session.exec(select(func.count()).select_from(User)).one()


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    now: datetime,
    is_owner: bool = False,
    locale: str = "zh-CN",
) -> User:
    username = username.strip()
    if not USERNAME.match(username):
        raise RuleError(
            "username", "username_invalid", "Use 2–64 letters, digits, dots, dashes or underscores"
        )
    _check_password(password)
    exists = session.exec(select(User).where(func.lower(User.username) == username.lower()))
    if exists.first() is not None:
        raise RuleError("username", "username_taken", "That username is taken")
    user = User(
        username=username, password_hash=hash_password(password), is_owner=is_owner, created_at=now
    )
    session.add(user)
    session.flush()
    assert user.id is not None
    session.add(Profile(user_id=user.id, display_name=username, locale=Locale(locale)))
    session.commit()
    session.refresh(user)
    return user


def hash_password(password: str) -> str:
    with _HASHING:
        return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Checks against a dummy hash when there is no account, so timing reveals nothing."""
    with _HASHING:
        ok = _hasher.verify(password, password_hash or _DUMMY_HASH)
    return bool(ok and password_hash)


def credentials(session: Session, *, username: str) -> tuple[int, str] | None:
    """The account's id and password hash; ends the transaction (the hash is checked
    outside it, so no lock is held while argon2 runs)."""
    row = session.execute(
        select(col(User.id), col(User.password_hash)).where(
            func.lower(User.username) == username.strip().lower()
        )
    ).first()
    session.rollback()
    if row is None:
        return None
    return int(row[0]), str(row[1])


def authenticate(session: Session, *, username: str, password: str) -> User | None:
    found = credentials(session, username=username)
    if not verify_password(password, found[1] if found else None) or found is None:
        return None
    return session.get(User, found[0])


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise RuleError("password", "password_short", "Use at least 8 characters")
    if len(password) > 1024:
        raise RuleError("password", "password_long", "That password is too long")


def set_password(session: Session, *, user_id: int, password: str) -> None:
    """A new password; every session of the account ends (the caller may open a fresh one)."""
    _check_password(password)
    password_hash = hash_password(password)
    user = session.get(User, user_id)
    if user is None:
        raise NotFound
    user.password_hash = password_hash
    session.add(user)
    end_sessions(session, user_id=user_id)


def end_sessions(session: Session, *, user_id: int) -> int:
    """Sign the account out everywhere; commits. How many sessions ended."""
    result = session.execute(delete(UserSession).where(col(UserSession.user_id) == user_id))
    session.commit()
    assert isinstance(result, CursorResult)  # a DELETE's result counts its rows
    return int(result.rowcount or 0)


def find_user(session: Session, *, username: str) -> User:
    user = session.exec(select(User).where(User.username == username)).first()
    if user is None:
        raise NotFound
    return user


def list_users(session: Session) -> Sequence[User]:
    return session.exec(select(User).order_by(col(User.id))).all()


# --- browser sessions ------------------------------------------------------------------------
def open_session(
    session: Session, *, user_id: int | None, now: datetime, locale: str | None = None
) -> tuple[str, UserSession]:
    """A new session; returns the cookie value (only its digest is stored)."""
    token = secrets.token_urlsafe(32)
    row = UserSession(
        token_hash=_digest(token),
        user_id=user_id,
        csrf_token=secrets.token_urlsafe(32),
        locale=locale,
        created_at=now,
        last_seen_at=now,
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return token, row


def _ended(
    session: Session, row: UserSession, *, now: datetime, idle: timedelta, absolute: timedelta
) -> bool:
    """Whether the session has expired (idle or absolute); an expired one is deleted."""
    created, seen = _aware(row.created_at, now), _aware(row.last_seen_at, now)
    if now - seen > idle or now - created > absolute:
        session.delete(row)
        session.commit()
        return True
    return False


# Built once: every page asks it (building a statement costs about what running it does).
_SIGNED_IN = (
    select(UserSession, User, Profile)
    .outerjoin(User, col(User.id) == col(UserSession.user_id))
    .outerjoin(Profile, col(Profile.user_id) == col(User.id))
    .where(col(UserSession.token_hash) == bindparam("digest"))
)


def signed_in(
    session: Session, *, token: str, now: datetime, idle: timedelta, absolute: timedelta
) -> tuple[UserSession, User | None] | None:
    """Who a browser's session cookie signs in (None: no live session), for the web plumbing
    (app.web.core.Accounts); the session's last-seen stamp is brought up to date.

    One statement reads the session, its account and the account's profile (every page needs
    the three: who, and in which language and time zone); the profile is kept for
    app.ledger.service.get_profile (PROFILE_STASH), so the request does not read it again."""
    found = session.execute(_SIGNED_IN, {"digest": _digest(token)}).first()
    if found is None:
        return None
    row, user, profile = found
    if _ended(session, row, now=now, idle=idle, absolute=absolute):
        return None
    if user is not None and profile is not None:
        session.info.setdefault(PROFILE_STASH, {})[user.id] = profile
    touch_session(session, row, now=now)
    if row not in session:
        return None  # ended meanwhile (signed out in another tab): not signed in
    return row, user


def touch_session(session: Session, row: UserSession, *, now: datetime) -> None:
    """Bring the session's last-seen stamp up to date (written at most once a minute, so reads
    do not turn into writes). The row leaves the session (expunged) when the session was ended
    meanwhile: deleted and committed by another request after this one read it (signed out in
    another tab)."""
    if now - _aware(row.last_seen_at, now) <= timedelta(minutes=1):
        return
    identity = sa_inspect(row).identity
    row.last_seen_at = now
    session.add(row)
    try:
        session.commit()
        return
    except (OperationalError, StaleDataError):
        # A long write (an import) holds the lock: the page matters more than the stamp. Or
        # the read it upgrades is stale (SQLite, a deferred transaction: a writer committed
        # since), or the row is gone (another request deleted it). The rollback expires what
        # was read; a row deleted meanwhile would then fail where it is next read (a 500):
        # whether it is still there is asked here (attack-deal13).
        session.rollback()
    still = (
        None
        if identity is None
        else session.execute(
            select(col(UserSession.id)).where(col(UserSession.id) == identity[0])
        ).first()
    )
    if still is None:
        session.expunge(row)


def close_session(session: Session, row: object) -> None:
    """End one session. By primary key, without loading the row: a session another request
    ended meanwhile (two sign-ins at once from one browser) is simply gone already."""
    identity = sa_inspect(row).identity
    if identity is not None:
        session.execute(delete(UserSession).where(col(UserSession.id) == identity[0]))
    if row in session:
        session.expunge(row)
    session.commit()


def _aware(value: datetime, now: datetime) -> datetime:
    return value.replace(tzinfo=now.tzinfo) if value.tzinfo is None else value


# --- API tokens ------------------------------------------------------------------------------
def create_token(
    session: Session, *, user_id: int, label: str, now: datetime
) -> tuple[str, ApiToken]:
    label = label.strip()[:100] or "token"
    secret = "koc_" + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user_id, label=label, token_hash=_digest(secret), created_at=now)
    session.add(row)
    session.commit()
    session.refresh(row)
    return secret, row


def list_tokens(session: Session, *, user_id: int) -> Sequence[ApiToken]:
    return session.exec(
        select(ApiToken)
        .where(ApiToken.user_id == user_id, col(ApiToken.revoked_at).is_(None))
        .order_by(col(ApiToken.id))
    ).all()


def revoke_token(session: Session, *, user_id: int, token_id: int, now: datetime) -> None:
    row = session.get(ApiToken, token_id) if 1 <= token_id <= 2**31 - 1 else None
    if row is None or row.user_id != user_id or row.revoked_at is not None:
        raise NotFound
    row.revoked_at = now
    session.add(row)
    session.commit()


# Built once, as _SIGNED_IN: every API request asks it.
_TOKEN_USER = (
    select(User, Profile)
    .select_from(ApiToken)
    .join(User, col(User.id) == col(ApiToken.user_id))
    .outerjoin(Profile, col(Profile.user_id) == col(User.id))
    .where(col(ApiToken.token_hash) == bindparam("digest"), col(ApiToken.revoked_at).is_(None))
)


def user_for_token(session: Session, *, token: str) -> User | None:
    """The account an API token (not revoked) signs in, with its profile in the same statement,
    kept for get_profile and rollup.request_key (PROFILE_STASH) as signed_in() keeps it: an API
    answer kept per ledger version costs this one statement."""
    found = session.execute(_TOKEN_USER, {"digest": _digest(token)}).first()
    if found is None:
        return None
    user, profile = found
    if profile is not None:
        session.info.setdefault(PROFILE_STASH, {})[user.id] = profile
    result: User = user
    return result


def purge_sessions(session: Session, *, before: datetime) -> None:
    session.exec(delete(UserSession).where(col(UserSession.last_seen_at) < before))
    session.commit()
