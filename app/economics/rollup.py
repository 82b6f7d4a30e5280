"""Monthly rollups of deal figures, kept by deltas: the dashboard's cost stays flat.

A deal contributes its figures to one row per (currency, month, dimension, key): "all", its
brand, its agency, its source and each deliverable kind it has. When the deal or anything on
it changes, its old contribution (under the keys it was filed under) is taken out and the new
one put in, in the same transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, event, func, select, update
from sqlalchemy import insert as sa_insert
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col

from app.db import table_of, upsert_insert
from app.economics import calc, tax_rollup
from app.economics.models import DealFiguresRow, FiguresRollup
from app.ledger.models import PROFILE_STASH, Deal, Deliverable, Profile

SUMS = (
    "deals",
    "deals_without_hours",
    "minutes_total",
    "minutes_unpaid",
    "rated_net_income",
    "rated_in_kind_value",
    "rated_minutes",
    "gross_received",
    "fees",
    "tax_withheld",
    "expenses",
    "in_kind_value",
    "outstanding",
    "unpaid_value",
)
PK = ("user_id", "currency", "month", "dimension", "key")


def month_of(deal_date: date | None) -> int:
    return 0 if deal_date is None else deal_date.year * 100 + deal_date.month


def keys_of(deal: Deal, kinds: Iterable[str]) -> str:
    """Where a deal is filed, as text kept on its figures row: "CNY|202604|brand|7;..."."""
    month = month_of(calc.deal_date(deal.delivered_on, deal.brief_received_on))
    parts = [
        ("all", ""),
        ("brand", str(deal.brand_id)),
        ("agency", str(deal.agency_id or "")),
        ("source", deal.source),
    ]
    parts += [("kind", kind) for kind in sorted(set(kinds))]
    return ";".join(f"{deal.currency}|{month}|{dim}|{key}" for dim, key in parts)


def parse_keys(keys: str) -> list[tuple[str, int, str, str]]:
    out = []
    for item in filter(None, keys.split(";")):
        currency, month, dim, key = item.split("|", 3)
        out.append((currency, int(month), dim, key))
    return out


def contribution(row: DealFiguresRow | dict[str, Any], target_hourly: int | None) -> dict[str, int]:
    def get(name: str) -> Any:
        return row[name] if isinstance(row, dict) else getattr(row, name)

    minutes = int(get("minutes_total"))
    rated = minutes > 0
    return {
        "deals": 1,
        "deals_without_hours": int(not rated),
        "minutes_total": minutes,
        "minutes_unpaid": int(get("minutes_unpaid")),
        "rated_net_income": int(get("net_income")) if rated else 0,
        "rated_in_kind_value": int(get("in_kind_value")) if rated else 0,
        "rated_minutes": minutes,
        "gross_received": int(get("gross_received")),
        "fees": int(get("fees")),
        "tax_withheld": int(get("tax_withheld")),
        "expenses": int(get("expenses")),
        "in_kind_value": int(get("in_kind_value")),
        "outstanding": int(get("outstanding")),
        "unpaid_value": calc.value_of_minutes(int(get("minutes_unpaid")), target_hourly) or 0,
    }


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    """Add each row's amounts to its rollup row (made when missing): one statement, built once
    per dialect and run once per row (executemany). It was one INSERT … VALUES of every row,
    built anew on each write: constructing and keying its few hundred parameters took about a
    third of a work entry's post (pyinstrument, 10,000 deals)."""
    if rows:
        session.execute(_upsert_statement(session.get_bind().dialect.name), rows)


@cache
def _upsert_statement(dialect: str) -> Any:
    table = table_of(FiguresRollup)
    stmt = upsert_insert(dialect)(table)
    return stmt.on_conflict_do_update(
        index_elements=list(PK),
        set_={
            **{name: table.c[name] + stmt.excluded[name] for name in (*SUMS, "changes")},
            "stamp": stmt.excluded.stamp,
        },
    )


def apply(
    session: Session, *, user_id: int, keys: str, amounts: dict[str, int], sign: int, stamp: int
) -> None:
    """Add (sign 1) or take out (sign -1) a deal's amounts under its keys. `stamp`: the
    account's ledger version as moved by this transaction (bump), which each row gets."""
    filed = (keys, amounts)
    move(
        session,
        user_id=user_id,
        stamp=stamp,
        old=None if sign > 0 else filed,
        new=None if sign < 0 else filed,
    )


Filed = tuple[str, dict[str, int]]  # a deal's rollup keys and its amounts under each


def move(
    session: Session, *, user_id: int, stamp: int, old: Filed | None, new: Filed | None
) -> None:
    """Take a deal's old contribution out of the rollup rows and put its new one in, in one
    upsert: a row it is filed under before and after gets the difference, and counts one
    write for each (as taking out and putting in did in two upserts, one per row each time:
    the same sums and counts with half the rows written, while the write lock is held)."""
    rows: dict[tuple[str, int, str, str], dict[str, Any]] = {}
    for filed, sign in ((old, -1), (new, 1)):
        if filed is None:
            continue
        keys, amounts = filed
        for currency, month, dim, key in parse_keys(keys):
            row = rows.get((currency, month, dim, key))
            if row is None:
                rows[(currency, month, dim, key)] = {
                    "user_id": user_id,
                    "currency": currency,
                    "month": month,
                    "dimension": dim,
                    "key": key,
                    **{name: sign * amounts[name] for name in SUMS},
                    "changes": 1,  # counted whatever the amounts (period_key)
                    "stamp": stamp,
                }
            else:
                for name in SUMS:
                    row[name] += sign * amounts[name]
                row["changes"] += 1
    _upsert(session, list(rows.values()))


def bump(session: Session, user_id: int) -> int:
    """Mark the account's ledger as changed (cached views key on the version); the new version
    (0 without a profile row), which the rollup rows this transaction writes are stamped with."""
    return bump_with_target(session, user_id)[0]


def bump_with_target(session: Session, user_id: int) -> tuple[int, int | None]:
    """bump(), and the account's hourly target as the same statement finds it (read under the
    profile row's lock, as target_of() after bump() would)."""
    found = session.execute(
        update(Profile)
        .where(col(Profile.user_id) == user_id)
        .values(ledger_version=col(Profile.ledger_version) + 1)
        .returning(col(Profile.ledger_version), col(Profile.target_hourly))
    ).one_or_none()
    held(session, _BUMPED).add(user_id)
    if found is None:
        return 0, None
    return int(found[0] or 0), found[1]


_BUMPED = "koc_bumped_accounts"
_HELD = "koc_held"


def held(session: Session | OrmSession, name: str) -> set[Any]:
    """A set kept for the session's current transaction only (a new transaction starts it
    empty): what this transaction already did that need not be done again before it ends,
    e.g. the accounts whose ledger version it moved, the deals it locked."""
    transaction = session.get_transaction()
    kept: tuple[Any, dict[str, set[Any]]] | None = session.info.get(_HELD)
    if kept is None or kept[0] is not transaction:
        kept = (transaction, {})
        session.info[_HELD] = kept
    return kept[1].setdefault(name, set())


# --- every write moves the version -----------------------------------------------------------
# The explicit bumps above come with the figures; pages cached by version (app.web.pagecache)
# show more than figures (a deal's notes, a running timer, a brand's name, the profile, the
# rate card). So any row of an account written in a transaction bumps the account's version
# when the transaction commits, whichever service wrote it: a new service cannot forget to.
# Rows that no page shows (browser sessions, one-time form tokens, API tokens) do not.
QUIET_TABLES = frozenset({"user_session", "form_submission", "api_token", "login_failure"})
_WRITTEN = "koc_written_accounts"


def _owners(objects: Iterable[Any]) -> set[int]:
    owners = set()
    for obj in objects:
        if getattr(obj, "__tablename__", None) in QUIET_TABLES:
            continue
        owner = getattr(obj, "user_id", None)
        if isinstance(owner, int):
            owners.add(owner)
    return owners


@event.listens_for(OrmSession, "after_flush")
def _note_written(session: OrmSession, _context: Any) -> None:
    # Still the flushed objects here (the sets are emptied after this event).
    owners = _owners([*session.new, *session.dirty, *session.deleted])
    if owners:
        session.info.setdefault(_WRITTEN, set()).update(owners)


@event.listens_for(OrmSession, "before_commit")
def _bump_written(session: OrmSession) -> None:
    owners = session.info.pop(_WRITTEN, set()) | _owners(
        [*session.new, *session.dirty, *session.deleted]
    )
    # An account whose version this transaction moved already (bump: every write of figures)
    # is not moved twice: one step per committed write marks it changed as well.
    owners -= held(session, _BUMPED)
    for user_id in sorted(owners):
        # One UPDATE of the profile row (already held when the figures moved in this
        # transaction: refresh_figures bumps first).
        session.execute(
            update(Profile)
            .where(col(Profile.user_id) == user_id)
            .values(ledger_version=col(Profile.ledger_version) + 1)
            .execution_options(synchronize_session=False)
        )


@event.listens_for(OrmSession, "after_commit")
def _forget_written_after_commit(session: OrmSession) -> None:
    session.info.pop(_WRITTEN, None)


@event.listens_for(OrmSession, "after_transaction_end")
def _forget_written(session: OrmSession, transaction: Any) -> None:
    if transaction.parent is None:  # the session's outermost transaction ended (or rolled back)
        session.info.pop(_WRITTEN, None)


def bump_owing(session: Session, user_id: int) -> None:
    """Mark the set of deals owing money as changed (the overdue counts key on it)."""
    session.execute(
        update(Profile)
        .where(col(Profile.user_id) == user_id)
        .values(owing_version=col(Profile.owing_version) + 1)
    )


def owing_changed(old_outstanding: int, old_keys: str, new_outstanding: int, new_keys: str) -> bool:
    """Whether a deal's change moves the overdue counts (its payment date aside): it starts or
    stops owing, or it owes and is filed under other keys."""
    if (old_outstanding > 0) != (new_outstanding > 0):
        return True
    return new_outstanding > 0 and old_keys != new_keys


def owing_key(session: Session, user_id: int) -> tuple[int, str, int]:
    """cache_key() with the owing version in place of the ledger version."""
    return _account_key(session, user_id, col(Profile.owing_version))


def period_key(
    session: Session, user_id: int, start: date | None, end: date | None
) -> tuple[int, str, int, int, int]:
    """What the figures of a period are made from, in one statement: the account (id, when
    made), its owing version, and the number and the summed write counts of its rollup rows
    in the months covering the period.

    Every write of a deal moves its rollup rows (refresh_figures and forget_deal take its old
    contribution out and put the new one in, under its old and new months), and each of those
    writes counts one more on the row; a rebuild starts the counts again and moves the owing
    version. So the key changes whenever a deal filed in the period, or one that leaves or
    joins it, is written — and stays when only other months' deals are (a write to last
    year's deal keeps this month's dashboard). Read before the figures, as cache_key()."""
    from app.accounts.models import User

    table = table_of(FiguresRollup)
    where = [table.c.user_id == user_id]
    if start is not None:
        where.append(table.c.month >= month_of(start))
    if end is not None:
        where += [table.c.month <= month_of(end), table.c.month > 0]
    rows = select(func.count()).where(*where).scalar_subquery()
    writes = select(func.coalesce(func.sum(table.c.changes), 0)).where(*where).scalar_subquery()
    row = session.execute(
        select(col(User.created_at), col(Profile.owing_version), rows, writes)
        .join(Profile, col(Profile.user_id) == col(User.id))
        .where(col(User.id) == user_id)
    ).one_or_none()
    if row is None:
        return (user_id, "", 0, 0, 0)
    return (user_id, str(row[0]), int(row[1] or 0), int(row[2]), int(row[3]))


def version_of(session: Session, user_id: int) -> int:
    version = session.execute(
        select(col(Profile.ledger_version)).where(col(Profile.user_id) == user_id)
    ).scalar_one_or_none()
    return int(version or 0)


def cache_key(session: Session, user_id: int) -> tuple[int, str, int]:
    """What cached views of an account's ledger are keyed on, in one statement: the account
    (its id and when it was made: a deleted account's id can be given to a new one, whose
    version starts at 0 again) and its ledger version."""
    return _account_key(session, user_id, col(Profile.ledger_version))


def request_key(session: Session, user_id: int) -> tuple[int, str, int]:
    """cache_key() from the rows read with the browser session at the request's start
    (accounts.signed_in: the account and its profile), without a statement; cache_key()
    itself when they were not read so. Read before the page's data, so a view is never kept
    under a version newer than what it shows."""
    from app.accounts.models import User

    profile = session.info.get(PROFILE_STASH, {}).get(user_id)
    user = session.get(User, user_id) if profile is not None else None
    if profile is None or user is None:
        return cache_key(session, user_id)
    return (user_id, str(user.created_at), int(profile.ledger_version or 0))


def _account_key(session: Session, user_id: int, version: Any) -> tuple[int, str, int]:
    row = (
        session.connection()
        .execute(_account_key_statement(version.key), {"a_user": user_id})
        .one_or_none()
    )
    if row is None:
        return (user_id, "", 0)
    return (user_id, str(row[0]), int(row[1] or 0))


@cache
def _account_key_statement(version: str) -> Any:
    """_account_key()'s statement for one of the profile's version columns, built once."""
    from app.accounts.models import User

    return (
        select(col(User.created_at), col(getattr(Profile, version)))
        .join(Profile, col(Profile.user_id) == col(User.id))
        .where(col(User.id) == bindparam("a_user"))
    )


def target_of(session: Session, user_id: int) -> int | None:
    return session.execute(
        select(col(Profile.target_hourly)).where(col(Profile.user_id) == user_id)
    ).scalar_one_or_none()


def units_of(session: Session, deal_id: int | None) -> dict[str, int]:
    """The deal's summed deliverable quantities per kind (its kinds: the keys), in one statement
    (the deliverables' covering index), built once."""
    if session.autoflush:  # as session.execute would: pending deliverables are counted
        session.flush()
    return {
        str(kind): int(units)
        for kind, units in session.connection().execute(_units_statement(), {"u_deal": deal_id})
    }


@cache
def _units_statement() -> Any:
    return (
        select(col(Deliverable.kind), func.sum(col(Deliverable.quantity)))
        .where(col(Deliverable.deal_id) == bindparam("u_deal"))
        .group_by(col(Deliverable.kind))
    )


def set_history(row: DealFiguresRow, deal: Deal, units_by_kind: dict[str, int]) -> None:
    """Keep on the deal's figures row what the own percentiles read of it
    (calc.history_inputs); in the transaction that writes its figures, as its rollup keys."""
    inputs = calc.history_inputs(
        delivered_on=deal.delivered_on,
        brief_received_on=deal.brief_received_on,
        agreed_fee=deal.agreed_fee,
        status=str(deal.status),
        units_by_kind=units_by_kind,
    )
    row.filed_on = inputs.filed_on
    row.filed_month = None if inputs.filed_on is None else month_of(inputs.filed_on)
    row.priced = inputs.priced
    row.unit_kind = inputs.unit_kind
    row.units = inputs.units
    row.unit_fee = inputs.unit_fee


def rebuild(session: Session, *, user_id: int, tax_expected: bool = True) -> None:
    """Rollups of an account from its stored figures (after a target change or a bulk load),
    and its year tax sums (app.economics.tax_rollup) from its payments; with `tax_expected`,
    each payment's expected withholding is worked out again too (a profile change does not
    move it)."""
    # The account's profile row first, as every writer takes it (deal, profile, rollup rows):
    # deleting the rollup rows first held them while waiting for a writer that held the profile
    # row and waited for them (a spreadsheet of deals against a payment: deadlock; attack-15).
    stamp = bump(session, user_id)
    bump_owing(session, user_id)
    session.execute(delete(FiguresRollup).where(col(FiguresRollup.user_id) == user_id))
    target = target_of(session, user_id)
    kinds: dict[int, dict[str, int]] = defaultdict(dict)
    for deal_id, kind, units in session.execute(
        select(col(Deliverable.deal_id), col(Deliverable.kind), func.sum(col(Deliverable.quantity)))
        .where(col(Deliverable.user_id) == user_id)
        .group_by(col(Deliverable.deal_id), col(Deliverable.kind))
    ).all():
        kinds[deal_id][str(kind)] = int(units)
    totals: dict[tuple[str, int, str, str], dict[str, int]] = {}
    for deal, figures in session.execute(
        select(Deal, DealFiguresRow)
        .join(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
        .where(col(Deal.user_id) == user_id)
    ).all():
        units_by_kind = kinds.get(deal.id or 0, {})
        figures.rollup_keys = keys_of(deal, units_by_kind)
        set_history(figures, deal, units_by_kind)
        amounts = contribution(figures, target)
        for key in parse_keys(figures.rollup_keys):
            bucket = totals.setdefault(key, dict.fromkeys(SUMS, 0))
            for name in SUMS:
                bucket[name] += amounts[name]
    session.flush()
    rows = [
        {
            "user_id": user_id,
            "currency": c,
            "month": m,
            "dimension": d,
            "key": k,
            **sums,
            "stamp": stamp,
        }
        for (c, m, d, k), sums in totals.items()
    ]
    if rows:  # the account's rows were deleted above: plain inserts, one compiled statement
        session.connection().execute(sa_insert(table_of(FiguresRollup)), rows)
    tax_rollup.rebuild(session, user_id=user_id, expected=tax_expected)
