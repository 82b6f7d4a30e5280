"""Ledger use cases: session in, ownership and rules checked, committed. No web imports."""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple, TypeVar

from pydantic_core import PydanticCustomError
from sqlalchemy import Integer, bindparam, func, or_, text
from sqlalchemy import inspect as sa_inspect
from sqlmodel import Session, SQLModel, col, select

from app.economics import rollup
from app.economics.service import awaiting_payment, forget_deal, lock_deal, refresh_figures
from app.economics.tax import default_withholding
from app.errors import NotFound, RuleError
from app.ledger import schemas as s
from app.ledger.enums import Activity, AgencyKind
from app.ledger.models import (
    PROFILE_STASH,
    Agency,
    Brand,
    Deal,
    Deliverable,
    Expense,
    InKindItem,
    Payment,
    Profile,
    WorkEntry,
)

T = TypeVar("T", bound=SQLModel)


@dataclass(frozen=True)
class PartSpec:
    """One kind of record kept against a deal (work entries, payments, ...)."""

    slug: str
    table: type[SQLModel]
    create: type[s.Input]
    update: type[s.Input]
    public: type[s.Output]
    order: tuple[str, ...]


PARTS: dict[str, PartSpec] = {
    spec.slug: spec
    for spec in (
        PartSpec(
            "deliverables",
            Deliverable,
            s.DeliverableCreate,
            s.DeliverableUpdate,
            s.DeliverablePublic,
            ("id",),
        ),
        PartSpec(
            "work",
            WorkEntry,
            s.WorkCreate,
            s.WorkUpdate,
            s.WorkPublic,
            ("worked_on", "id"),
        ),
        PartSpec(
            "payments",
            Payment,
            s.PaymentCreate,
            s.PaymentUpdate,
            s.PaymentPublic,
            ("received_on", "id"),
        ),
        PartSpec(
            "expenses",
            Expense,
            s.ExpenseCreate,
            s.ExpenseUpdate,
            s.ExpensePublic,
            ("spent_on", "id"),
        ),
        PartSpec(
            "in-kind",
            InKindItem,
            s.InKindCreate,
            s.InKindUpdate,
            s.InKindPublic,
            ("id",),
        ),
    )
}


def nullable_columns(table: type[SQLModel]) -> frozenset[str]:
    """The columns of a table that may hold NULL: the only fields a PATCH may blank."""
    return frozenset(column.key for column in sa_inspect(table).columns if column.nullable)


# --- generic helpers -------------------------------------------------------------------------
MAX_ID = 2**31 - 1  # ids are 32-bit on PostgreSQL; anything larger cannot exist


def _clamped(offset: int) -> int:
    """An offset the database can take: a huge one simply finds nothing."""
    return min(max(offset, 0), MAX_ID)


def get_owned(session: Session, table: type[T], *, user_id: int, obj_id: int) -> T:
    if not 1 <= obj_id <= MAX_ID:
        raise NotFound
    obj = session.get(table, obj_id)
    # Another account's object is answered exactly like a missing one: no one can learn
    # which ids exist by probing.
    if obj is None or getattr(obj, "user_id", None) != user_id:
        raise NotFound
    return obj


def _apply(obj: SQLModel, changes: dict[str, Any]) -> None:
    nullable = nullable_columns(type(obj))
    for field, value in changes.items():
        # A PATCH may blank only the fields that can be empty; null elsewhere is an error,
        # not "leave as is" (leaving out the field is how to keep it).
        if value is None and field not in nullable:
            raise RuleError(field, "missing", "Field required")
        setattr(obj, field, value)


def _check_part(obj: SQLModel) -> None:
    if isinstance(obj, Payment):
        try:
            s.check_deductions(obj.gross, obj.platform_fee, obj.agency_fee, obj.tax_withheld)
        except PydanticCustomError as exc:
            raise RuleError("gross", exc.type, exc.message()) from exc
    if isinstance(obj, WorkEntry):
        code = s.check_revision_round(obj.activity, obj.revision_round)
        if code:
            raise RuleError("revision_round", code, s.REVISION_MESSAGES[code])


# --- profile ---------------------------------------------------------------------------------
def get_profile(session: Session, *, user_id: int) -> Profile:
    stashed: Profile | None = session.info.get(PROFILE_STASH, {}).get(user_id)
    if stashed is not None and stashed in session:
        # Loaded with the browser session this request: the same row a query would give (the
        # session's identity map would hand back this very object).
        return stashed
    profile = session.exec(select(Profile).where(Profile.user_id == user_id)).first()
    if profile is None:
        profile = Profile(user_id=user_id)
        session.add(profile)
        session.commit()
        session.refresh(profile)
    return profile


def profile_columns(changes: dict[str, Any]) -> dict[str, Any]:
    """ProfileUpdate fields as columns: the VAT percent is kept in basis points."""
    out = dict(changes)
    if "invoice_vat_pct" in out:
        pct = out.pop("invoice_vat_pct")
        if pct is not None:
            out["invoice_vat_bp"] = int(Decimal(pct) * 100)
    return out


def profile_by_calendar_token(session: Session, token: str) -> Profile | None:
    """The profile whose private calendar feed this is; short guesses are not looked up."""
    if not 16 <= len(token) <= 128:
        return None
    digest = calendar_digest(token)
    return session.exec(select(Profile).where(Profile.calendar_token_hash == digest)).first()


def calendar_digest(token: str) -> str:
    """Only the SHA-256 of the calendar secret is stored (like API tokens)."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def renew_calendar_token(session: Session, *, user_id: int, revoke: bool) -> str | None:
    """A new secret for the private calendar feed (the old address stops working), or none.
    Only its digest is kept; the secret is returned to be shown once."""
    profile = get_profile(session, user_id=user_id)
    token = None if revoke else secrets.token_urlsafe(24)
    profile.calendar_token_hash = calendar_digest(token) if token else None
    session.add(profile)
    session.commit()
    return token


def update_profile(session: Session, *, user_id: int, changes: dict[str, Any]) -> Profile:
    profile = get_profile(session, user_id=user_id)
    changes = profile_columns(changes)
    money_defaults = {"annual_salary", "annual_deductions", "salary_tax_prepaid"}
    cleaned = {k: (0 if v is None and k in money_defaults else v) for k, v in changes.items()}
    old_target, old_vat = profile.target_hourly, profile.invoice_vat_bp
    _apply(profile, cleaned)
    session.add(profile)
    if profile.target_hourly != old_target or profile.invoice_vat_bp != old_vat:
        # The value of unpaid hours is filed at the target rate, the year's VAT at the VAT
        # rate: file them again (each payment's expected withholding does not move).
        session.flush()
        rollup.rebuild(session, user_id=user_id, tax_expected=False)
    session.commit()
    session.refresh(profile)
    return profile


# --- brands and agencies ---------------------------------------------------------------------
def list_brands(
    session: Session, *, user_id: int, limit: int | None = None, offset: int = 0
) -> tuple[Sequence[Brand], int]:
    query = select(Brand).where(Brand.user_id == user_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(func.lower(Brand.name), col(Brand.id)).offset(_clamped(offset)).limit(limit)
    ).all()
    return rows, total


class BrandChoice(NamedTuple):
    id: int
    name: str


def brand_choices(session: Session, *, user_id: int) -> list[BrandChoice]:
    """(id, name) of every brand of the account, in list_brands' order: the choices of a form's
    brand list. Plain rows (no model objects, no count): the offer check renders it on every
    check."""
    rows = session.execute(
        select(col(Brand.id), col(Brand.name))
        .where(col(Brand.user_id) == user_id)
        .order_by(func.lower(col(Brand.name)), col(Brand.id))
    ).all()
    return [BrandChoice(int(id_), str(name)) for id_, name in rows]


def list_agencies(
    session: Session, *, user_id: int, limit: int | None = None, offset: int = 0
) -> tuple[Sequence[Agency], int]:
    query = select(Agency).where(Agency.user_id == user_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(func.lower(Agency.name), col(Agency.id))
        .offset(_clamped(offset))
        .limit(limit)
    ).all()
    return rows, total


def create_brand(session: Session, *, user_id: int, data: s.BrandCreate) -> Brand:
    brand = Brand(user_id=user_id, **data.model_dump())
    session.add(brand)
    session.flush()
    session.refresh(brand)  # inside the transaction: it may be deleted right after
    session.commit()
    return brand


def create_agency(session: Session, *, user_id: int, data: s.AgencyCreate) -> Agency:
    agency = Agency(user_id=user_id, **data.model_dump(mode="json"))
    session.add(agency)
    session.flush()
    session.refresh(agency)  # inside the transaction: it may be deleted right after
    session.commit()
    return agency


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


# Find-or-create by name must not run twice at once for one account: on PostgreSQL two saves of
# a pasted message with the same new brand both found nothing and both created it (names are
# not unique in the schema). A transaction-scoped advisory lock per account serialises them
# across workers. SQLite needs none: every write transaction is BEGIN IMMEDIATE (app/db.py).
_ADVISORY_BASE = 0x4B4F_0000_0000  # "KO" in the high bits: this app's advisory locks


def _lock_names(session: Session, user_id: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_BASE + user_id}
        )


_Named = TypeVar("_Named", Brand, Agency)


def clean_name(name: str) -> str:
    """A typed name as stored: inner runs of space folded, ends trimmed, at most 200 characters."""
    return " ".join(name.split())[:200]


def _find_by_name(session: Session, model: type[_Named], user_id: int, name: str) -> _Named | None:
    """One of this account's rows with this name, ignoring case and spacing (never another's)."""
    key = _name_key(name)
    if not key:
        return None
    rows = session.exec(
        select(model).where(col(model.user_id) == user_id).order_by(col(model.id))
    ).all()
    return next((row for row in rows if _name_key(row.name) == key), None)


def find_brand_by_name(session: Session, user_id: int, name: str) -> Brand | None:
    return _find_by_name(session, Brand, user_id, name)


def find_agency_by_name(session: Session, user_id: int, name: str) -> Agency | None:
    return _find_by_name(session, Agency, user_id, name)


def _owner_id(user: Any) -> int:
    owner = user if isinstance(user, int) else user.id
    assert isinstance(owner, int)
    return owner


def find_or_create_brand(
    session: Session, user: Any = None, name: str = "", *, user_id: int | None = None
) -> Brand:
    """The account's brand of that name (case and spacing ignored; never another account's),
    or a new one added to the open transaction (flushed, not committed: the caller's commit
    keeps it, its rollback drops it). The account: `user` (a User or an id) or `user_id=`."""
    user_id = user_id if user_id is not None else _owner_id(user)
    name = clean_name(name)
    if not name:
        raise RuleError("brand_name", "missing", "Type the brand's name")
    _lock_names(session, user_id)
    found = find_brand_by_name(session, user_id, name)
    if found is not None:
        return found
    brand = Brand(user_id=user_id, name=name, category="", contact="", notes="")
    session.add(brand)
    session.flush()
    return brand


def find_or_create_agency(
    session: Session, user: Any = None, name: str = "", *, user_id: int | None = None
) -> Agency:
    """As find_or_create_brand, for an agency (a new one is of kind 'agency')."""
    user_id = user_id if user_id is not None else _owner_id(user)
    name = clean_name(name)
    if not name:
        raise RuleError("agency_name", "missing", "Type the agency's name")
    _lock_names(session, user_id)
    found = find_agency_by_name(session, user_id, name)
    if found is not None:
        return found
    agency = Agency(user_id=user_id, name=name, kind=AgencyKind.agency, notes="")
    session.add(agency)
    session.flush()
    return agency


def update_object(session: Session, obj: T, *, changes: dict[str, Any]) -> T:
    _apply(obj, plain_values(changes))
    session.add(obj)
    if isinstance(obj, (Brand, Agency)):
        rollup.bump(session, obj.user_id)  # cached summaries show brand and agency names
    session.flush()
    session.refresh(obj)  # inside the transaction: it may be deleted right after
    session.commit()
    return obj


def delete_brand(session: Session, brand: Brand) -> None:
    used = session.exec(select(func.count()).where(Deal.brand_id == brand.id)).one()
    if used:
        raise RuleError("brand", "brand_in_use", "This brand still has deals")
    session.delete(brand)
    session.commit()


def delete_object(session: Session, obj: SQLModel) -> None:
    if isinstance(obj, Agency):
        # Its deals become direct deals; file them again under no agency. They are locked and
        # read as they are now (in id order, before the account's profile row: the order every
        # writer takes), so a deal another request changed meanwhile is filed with its new
        # currency and dates, not with what an unlocked read saw.
        found = (
            select(Deal)
            .where(Deal.agency_id == obj.id)
            .order_by(col(Deal.id))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        for deal in session.exec(found).all():
            deal.agency_id = None
            session.add(deal)
            refresh_figures(session, deal)
    session.delete(obj)
    session.commit()


# --- deals -----------------------------------------------------------------------------------
def plain_values(values: dict[str, Any]) -> dict[str, Any]:
    """Enum members as their string values, for the string columns."""
    return {k: (v.value if hasattr(v, "value") else v) for k, v in values.items()}


def _check_links(
    session: Session, *, user_id: int, brand_id: int | None, agency_id: int | None
) -> None:
    if brand_id is not None:
        try:
            get_owned(session, Brand, user_id=user_id, obj_id=brand_id)
        except NotFound as exc:
            raise RuleError("brand_id", "unknown_brand", "Choose one of your brands") from exc
    if agency_id is not None:
        try:
            get_owned(session, Agency, user_id=user_id, obj_id=agency_id)
        except NotFound as exc:
            raise RuleError("agency_id", "unknown_agency", "Choose one of your agencies") from exc


def create_deal(session: Session, *, user_id: int, data: s.DealCreate, now: datetime) -> Deal:
    _check_links(session, user_id=user_id, brand_id=data.brand_id, agency_id=data.agency_id)
    profile = get_profile(session, user_id=user_id)
    values = plain_values(data.model_dump())
    values["currency"] = values["currency"] or profile.currency
    if values["withholding"] is None:
        values["withholding"] = default_withholding(values["source"], values["currency"])
    # The deal keeps the profile's follower count and niche as they are today, so a later
    # profile change does not rewrite the circumstances of past deals.
    if values["follower_count"] is None:
        values["follower_count"] = profile.follower_count
    if values["niche"] is None:
        values["niche"] = profile.niche
    deal = Deal(user_id=user_id, created_at=now, **values)
    session.add(deal)
    session.flush()  # the id, for the stored figures
    # Figures and rollups change in the deal's own transaction: the dashboard never sees
    # a deal without its figures, even after a crash.
    refresh_figures(session, deal)
    session.flush()
    session.refresh(deal)  # inside the transaction: it may be deleted right after
    session.commit()
    return deal


def update_deal(session: Session, deal: Deal, *, changes: dict[str, Any]) -> Deal:
    lock_deal(session, deal)
    _check_links(
        session,
        user_id=deal.user_id,
        brand_id=changes.get("brand_id"),
        agency_id=changes.get("agency_id"),
    )
    if "currency" in changes and changes["currency"] is None:
        changes = {**changes, "currency": get_profile(session, user_id=deal.user_id).currency}
    if "withholding" in changes and changes["withholding"] is None:
        source = plain_values(changes).get("source") or deal.source
        currency = changes.get("currency") or deal.currency
        changes = {**changes, "withholding": default_withholding(source, currency)}
    due_before = deal.payment_due_on
    _apply(deal, plain_values(changes))
    session.add(deal)
    refresh_figures(session, deal)
    if deal.payment_due_on != due_before:
        rollup.bump_owing(session, deal.user_id)  # the overdue counts depend on the date
    session.commit()
    return deal


def list_deals(
    session: Session,
    *,
    user_id: int,
    status: str | None = None,
    query: str | None = None,
    brand_id: int | None = None,
    agency_id: int | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> tuple[Sequence[tuple[Deal, str]], int]:
    """Deals, newest first, each with its brand's name (one query, no query per row)."""
    stmt = (
        select(Deal, Brand.name)
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .where(Deal.user_id == user_id)
    )
    if status:
        stmt = stmt.where(Deal.status == status)
    if brand_id is not None:
        stmt = stmt.where(Deal.brand_id == brand_id)
    if agency_id is not None:
        stmt = stmt.where(Deal.agency_id == agency_id)
    if query:
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Deal.title).like(like), func.lower(Brand.name).like(like)))
    if query:
        total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    else:  # every deal has a brand: no need to join to count
        counted = select(func.count()).select_from(Deal).where(Deal.user_id == user_id)
        if status:
            counted = counted.where(Deal.status == status)
        if brand_id is not None:
            counted = counted.where(Deal.brand_id == brand_id)
        if agency_id is not None:
            counted = counted.where(Deal.agency_id == agency_id)
        total = session.exec(counted).one()
    rows = session.exec(
        stmt.order_by(col(Deal.created_at).desc(), col(Deal.id).desc())
        .offset(_clamped(offset))
        .limit(limit)
    ).all()
    return [(deal, name) for deal, name in rows], total


def deal_choices(session: Session, *, user_id: int, limit: int = 200) -> Sequence[Deal]:
    """Deals to pick from when logging work: open ones first, most recent first."""
    stmt = (
        select(Deal)
        .where(Deal.user_id == user_id)
        .order_by(
            col(Deal.status).in_(["paid", "cancelled"]),
            col(Deal.created_at).desc(),
            col(Deal.id).desc(),
        )
        .limit(limit)
    )
    return session.exec(stmt).all()


def delete_deal(session: Session, deal: Deal) -> None:
    lock_deal(session, deal)  # NotFound when another request deleted it first
    forget_deal(session, deal)
    for spec in PARTS.values():
        deal_column: Any = getattr(spec.table, "deal_id")  # noqa: B009 - parts all have it
        for part in session.exec(select(spec.table).where(deal_column == deal.id)).all():
            session.delete(part)
    session.delete(deal)
    session.commit()


# --- parts of a deal -------------------------------------------------------------------------
def list_parts(
    session: Session, spec: PartSpec, *, deal: Deal, limit: int | None = None, offset: int = 0
) -> Sequence[Any]:
    """A deal's parts of one kind in the spec's order (oldest first), a page of them when a
    limit is given."""
    table = spec.table
    order = [getattr(table, name) for name in spec.order]
    deal_column: Any = getattr(table, "deal_id")  # noqa: B009 - parts all have it
    stmt = select(table).where(deal_column == deal.id).order_by(*order)
    if limit is not None:
        stmt = stmt.limit(limit).offset(_clamped(offset))
    return session.exec(stmt).all()


def count_parts(session: Session, spec: PartSpec, *, deal: Deal) -> int:
    deal_column: Any = getattr(spec.table, "deal_id")  # noqa: B009 - parts all have it
    stmt = select(func.count()).select_from(spec.table).where(deal_column == deal.id)
    total = session.execute(stmt).scalar_one()
    return int(total)


class NewestParts(NamedTuple):
    rows: list[Any]  # in the spec's order (oldest first), as the full list shows them
    total: int  # every part of this kind the deal has


def newest_parts(session: Session, spec: PartSpec, *, deal: Deal, limit: int) -> NewestParts:
    """The newest `limit` parts of one kind and how many there are in all, in one statement:
    read newest first with a LIMIT (by index), counted by a subquery, handed back oldest first.
    The work does not grow with the deal's parts beyond the count."""
    found = session.execute(
        _newest_statement(spec.slug), {"n_deal": deal.id, "n_limit": limit}
    ).all()
    if not found:
        return NewestParts([], 0)
    return NewestParts([row for row, _total in reversed(found)], int(found[0][1]))


@cache
def _newest_statement(slug: str) -> Any:
    """newest_parts()' statement for one kind of part, built once (the deal and the limit are
    parameters): the deal page reads all five kinds, and building them took a fifth of it."""
    spec = PARTS[slug]
    table: Any = spec.table
    deal_column: Any = table.deal_id
    deal_id: Any = bindparam("n_deal")
    total = select(func.count()).select_from(table).where(deal_column == deal_id).scalar_subquery()
    order = [getattr(table, name).desc() for name in spec.order]
    return (
        select(table, total)
        .where(deal_column == deal_id)
        .order_by(*order)
        .limit(bindparam("n_limit", type_=Integer))
    )


def create_part(session: Session, spec: PartSpec, *, deal: Deal, data: s.Input) -> Any:
    assert deal.id is not None
    lock_deal(session, deal)  # NotFound when the deal was deleted meanwhile
    part = spec.table(user_id=deal.user_id, deal_id=deal.id, **plain_values(data.model_dump()))
    _check_part(part)
    session.add(part)
    refresh_figures(session, deal)
    session.flush()
    session.refresh(part)  # inside the transaction: it may be deleted right after
    session.commit()
    return part


def get_part(session: Session, spec: PartSpec, *, deal: Deal, part_id: int) -> Any:
    part = get_owned(session, spec.table, user_id=deal.user_id, obj_id=part_id)
    if getattr(part, "deal_id", None) != deal.id:
        raise NotFound
    return part


def _lock_part(session: Session, part: Any) -> Deal:
    """Lock the part's deal, then read the part again (NotFound when it is gone): the copy a
    request loaded before the lock may be stale, and a change applied to it that equals the
    stale value would write nothing, leaving another request's value and figures worked out
    from the stale copy."""
    deal = _deal_of(session, part)
    lock_deal(session, deal)
    table: Any = type(part)
    fresh = session.execute(
        select(table).where(table.id == part.id).execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if fresh is None:
        raise NotFound
    return deal


def update_part(session: Session, spec: PartSpec, part: Any, *, changes: dict[str, Any]) -> Any:
    deal = _lock_part(session, part)
    _apply(part, plain_values(changes))
    _check_part(part)
    session.add(part)
    refresh_figures(session, deal)
    session.flush()
    session.refresh(part)  # inside the transaction: it may be deleted right after
    session.commit()
    return part


def delete_part(session: Session, part: Any) -> None:
    deal = _lock_part(session, part)
    session.delete(part)
    refresh_figures(session, deal)
    session.commit()


def _deal_of(session: Session, part: Any) -> Deal:
    deal = session.get(Deal, part.deal_id)
    if deal is None:
        raise NotFound
    return deal


# --- the running timer -----------------------------------------------------------------------
def start_timer(session: Session, deal: Deal, *, activity: str, now: datetime) -> Deal:
    lock_deal(session, deal)
    if deal.timer_started_at is not None:  # already running (a double tap): keep its start
        session.commit()
        return deal
    deal.timer_started_at = now
    deal.timer_activity = activity
    session.add(deal)
    session.commit()
    return deal


def stop_timer(
    session: Session, deal: Deal, *, now: datetime, today: date, unpaid: bool = False
) -> WorkEntry | None:
    """Turn the running timer into a work entry (whole minutes, rounded up, at least 1).
    Eight taps at once make one entry: the deal is locked and read again first."""
    lock_deal(session, deal)
    if deal.timer_started_at is None:
        session.commit()
        return None
    started = deal.timer_started_at
    if started.tzinfo is None:  # SQLite hands back naive datetimes; they were stored as UTC
        started = started.replace(tzinfo=now.tzinfo)
    minutes = max(1, min(1440, math.ceil((now - started).total_seconds() / 60)))
    # The page files an unknown activity as "other" (pages.start_timer); a value that is no
    # member (a hand-edited or older database) is filed as "other" too, so the timer can stop.
    stored = deal.timer_activity or ""
    activity = Activity(stored) if stored in Activity.__members__.values() else Activity.other
    entry = WorkEntry(
        user_id=deal.user_id,
        deal_id=deal.id or 0,
        activity=activity,
        minutes=minutes,
        worked_on=today,
        unpaid=unpaid,
        revision_round=next_round(session, deal) if activity == "revision" else None,
    )
    deal.timer_started_at = None
    deal.timer_activity = None
    session.add(entry)
    session.add(deal)
    refresh_figures(session, deal)
    session.flush()
    session.refresh(entry)  # inside the transaction: it may be deleted right after
    session.commit()
    return entry


def next_round(session: Session, deal: Deal) -> int:
    highest = session.exec(
        select(func.max(WorkEntry.revision_round)).where(WorkEntry.deal_id == deal.id)
    ).one()
    return (highest or 0) + 1


def running_timers(session: Session, *, user_id: int) -> Sequence[Deal]:
    stmt = select(Deal).where(Deal.user_id == user_id, col(Deal.timer_started_at).is_not(None))
    return session.exec(stmt).all()


def deal_brand_and_agency(session: Session, deal: Deal) -> tuple[Brand, Agency | None]:
    """The deal's brand and agency (None without one), read in one statement whether or not
    the deal came through an agency, so the deal page's query count does not depend on it."""
    row = session.execute(
        _brand_and_agency_statement(),
        {"b_brand": deal.brand_id, "b_agency": deal.agency_id, "b_user": deal.user_id},
    ).one()
    return row[0], row[1]


@cache
def _brand_and_agency_statement() -> Any:
    """deal_brand_and_agency()'s statement, built once (the deal's ids are parameters)."""
    user_id: Any = bindparam("b_user")
    return (
        select(Brand, Agency)
        .select_from(Brand)
        .outerjoin(
            Agency,
            (col(Agency.id) == bindparam("b_agency")) & (col(Agency.user_id) == user_id),
        )
        .where(col(Brand.id) == bindparam("b_brand"), col(Brand.user_id) == user_id)
    )


def home_lists(
    session: Session, *, user_id: int, today: date
) -> tuple[Sequence[Any], list[tuple[Deal, str, int]]]:
    """Home's two lists: deals due within a week (with the brand's name), and deals awaiting
    payment with what is still owed on each (agreed fee less gross received)."""
    due_soon = session.exec(
        select(Deal, Brand.name)
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .where(
            Deal.user_id == user_id,
            col(Deal.due_on).is_not(None),
            col(Deal.due_on) <= today + timedelta(days=7),
            col(Deal.status).in_(["contracted", "in_production", "negotiating"]),
        )
        .order_by(col(Deal.due_on))
        .limit(10)
    ).all()
    # Read in payment-date order by index from the stored figures, stopping at ten.
    rows = awaiting_payment(session, user_id=user_id, limit=10)
    awaiting = [(deal, name, (deal.agreed_fee or 0) - int(paid)) for deal, name, paid in rows]
    return due_soon, awaiting
