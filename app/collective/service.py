"""Collective use cases: build a member's package, run a hub, import a release back home."""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, cast

from pydantic import ValidationError
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from app import errors
from app.accounts.models import User
from app.collective import schedule
from app.collective.formats import RELEASE_SCHEMA, parse_release
from app.collective.models import (
    MAX_K,
    Collective,
    CollectiveInvite,
    CollectiveMember,
    Contribution,
    ImportedBenchmark,
    Period,
    Release,
)
from app.collective.package import ContributionPackage, DealFacts, LeftOut, build_package
from app.collective.privacy import DEFAULTS, PERIODS, PrivacyParams
from app.collective.release import MIN_K, make_release
from app.collective.release_file import usable_cells
from app.db import upsert_insert
from app.economics import calc
from app.economics import service as economics
from app.economics.models import DealFiguresRow
from app.errors import NotFound, RuleError
from app.i18n_markers import N_
from app.ledger.models import Agency, Brand, Deal, Deliverable
from app.lru import Lru

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}$")


class Forbidden(errors.Forbidden):
    """A member asking for what only the organizer may do."""

    message = "Only the organizer can do this"


class Unconfirmed(errors.Forbidden):
    """A member the organizer has not confirmed asking to read releases or to send records."""

    message = "Only members the organizer has confirmed can do this"


# Why no release can be made now; no counts of members in them (they would tell who is in).
REFUSALS = {
    "not_yet": N_("This period's release date has not come yet."),
    "already_released": N_(
        "This period already has its release; the next one is made on its date."
    ),
    "over_budget": N_("A new release would exceed this year's privacy budget."),
    "noisy_release": N_("Only releases made without noise can be withdrawn."),
}


class Conflict(errors.Conflict):
    def __init__(self, reason: str) -> None:
        super().__init__(reason, REFUSALS.get(reason, reason))


# --- a member's package ----------------------------------------------------------------------
def ledger_facts(session: Session, *, user_id: int) -> list[DealFacts]:
    # The package is built from the stored figures (rates, hours, payment days): make sure every
    # deal has them before reading.
    economics.ensure_figures(session, user_id=user_id)
    # One query for every deal's deliverables, summed per kind, instead of one per deal.
    kinds: dict[int, list[tuple[str, int]]] = {}
    for deal_id, kind, quantity in session.execute(
        select(col(Deliverable.deal_id), col(Deliverable.kind), func.sum(col(Deliverable.quantity)))
        .where(col(Deliverable.user_id) == user_id)
        .group_by(col(Deliverable.deal_id), col(Deliverable.kind))
    ).all():
        kinds.setdefault(deal_id, []).append((kind, int(quantity)))
    facts = []
    for deal, brand, agency, f in session.execute(
        select(Deal, col(Brand.name), col(Agency.name), DealFiguresRow)
        .join(Brand, col(Brand.id) == col(Deal.brand_id))
        .outerjoin(Agency, col(Agency.id) == col(Deal.agency_id))
        # An inner join: a deal without figures has nothing to say about rates and is left out.
        .join(DealFiguresRow, col(DealFiguresRow.deal_id) == col(Deal.id))
        .where(col(Deal.user_id) == user_id)
        .order_by(col(Deal.id))
    ).all():
        facts.append(
            DealFacts(
                ref=deal.id or 0,
                platform=deal.platform,
                kinds=kinds.get(deal.id or 0, []),
                followers=deal.follower_count,
                niche=deal.niche,
                source=deal.source,
                via_agency=deal.agency_id is not None,
                compensation=deal.compensation,
                # The same day the dashboard files the deal under, so a quarter means the same in
                # both.
                day=calc.deal_date(deal.delivered_on, deal.brief_received_on),
                currency=deal.currency,
                agreed_fee=deal.agreed_fee,
                status=deal.status,
                figures=economics.figures_from_row(f),
                payment_due_on=deal.payment_due_on,
                brand=brand,
                agency=agency,
            )
        )
    return facts


def my_package(
    session: Session,
    *,
    user_id: int,
    today: date,
    dropped: frozenset[int] = frozenset(),
    brands: frozenset[str] = frozenset(),
    agencies: frozenset[str] = frozenset(),
) -> tuple[ContributionPackage, list[tuple[int, Any]], list[LeftOut]]:
    return build_package(
        ledger_facts(session, user_id=user_id),
        today=today,
        dropped=dropped,
        named_brands=brands,
        named_agencies=agencies,
    )


# --- the hub ---------------------------------------------------------------------------------
def create_collective(
    session: Session,
    *,
    user_id: int,
    name: str,
    slug: str,
    k: int,
    now: datetime,
    period: str = "quarterly",
    release_day: int = 1,
) -> Collective:
    """The schedule (period and day) is fixed here, in advance of any release."""
    # The slug is the collective's address and is compared as typed, so it is kept in one case.
    slug = slug.strip().lower()
    if period not in PERIODS:
        raise RuleError("period", "period_invalid", "Choose quarterly, half-yearly or yearly")
    if not 1 <= release_day <= 28:
        raise RuleError("release_day", "release_day_invalid", "Choose a day from 1 to 28")
    if not SLUG.match(slug):
        raise RuleError("slug", "slug_invalid", "Use 2–39 lowercase letters, digits or dashes")
    if k < MIN_K:
        raise RuleError("k", "greater_than_equal", "k must be at least 3")
    if k > MAX_K:
        # The API caps k too; above this the threshold no longer fits OpenDP's counts (i32)
        # and every privacy or release request would fail.
        raise RuleError("k", "less_than_equal", "k must be at most 1000")
    if session.execute(select(Collective).where(col(Collective.slug) == slug)).first():
        raise RuleError("slug", "slug_taken", "That address is taken")
    collective = Collective(
        slug=slug,
        # A name of spaces would leave a collective nobody can tell apart: its address stands in.
        name=name.strip()[:100] or slug,
        k=k,
        organizer_id=user_id,
        created_at=now,
        period=cast(Period, period),  # one of PERIODS, checked above
        release_day=release_day,
        annual_budget=DEFAULTS.annual_budget,
    )
    session.add(collective)
    # The id, for the organizer's membership in the same transaction.
    session.flush()
    session.add(
        CollectiveMember(
            # The organizer is a confirmed member from the start: she may send and read like anyone.
            collective_id=collective.id or 0,
            user_id=user_id,
            confirmed=True,
            joined_at=now,
        )
    )
    session.commit()
    return collective


def membership(session: Session, *, slug: str, user_id: int) -> tuple[Collective, CollectiveMember]:
    """The collective and the caller's membership; not a member: it does not exist."""
    row = session.execute(
        select(Collective, CollectiveMember)
        .join(CollectiveMember, col(CollectiveMember.collective_id) == col(Collective.id))
        .where(col(Collective.slug) == slug, col(CollectiveMember.user_id) == user_id)
    ).first()
    if row is None:
        raise NotFound
    return row[0], row[1]


def organized(session: Session, *, slug: str, user_id: int) -> Collective:
    collective, _ = membership(session, slug=slug, user_id=user_id)
    if collective.organizer_id != user_id:
        raise Forbidden
    return collective


def my_collectives(session: Session, *, user_id: int) -> Sequence[tuple[Collective, bool]]:
    return [
        (c, bool(m))
        for c, m in session.execute(
            select(Collective, col(CollectiveMember.confirmed))
            .join(CollectiveMember, col(CollectiveMember.collective_id) == col(Collective.id))
            .where(col(CollectiveMember.user_id) == user_id)
            .order_by(col(Collective.name))
        ).all()
    ]


def create_invite(session: Session, *, slug: str, user_id: int, now: datetime) -> str:
    collective = organized(session, slug=slug, user_id=user_id)
    # 96 random bits: an invite cannot be guessed, only given.
    code = secrets.token_urlsafe(12)
    session.add(CollectiveInvite(collective_id=collective.id or 0, code=code, created_at=now))
    session.commit()
    return code


def join(session: Session, *, user_id: int, code: str, now: datetime) -> Collective:
    """Use a single-use invite. Claimed by one conditional UPDATE (… WHERE used_by IS NULL):
    two people using one code at the same moment, one gets in and the other is told the code
    is not valid, on PostgreSQL as on SQLite."""
    claimed = session.execute(
        update(CollectiveInvite)
        .where(col(CollectiveInvite.code) == code.strip(), col(CollectiveInvite.used_by).is_(None))
        .values(used_by=user_id)
        .returning(col(CollectiveInvite.collective_id))
    ).first()
    if claimed is None:
        session.rollback()
        raise RuleError("code", "invite_invalid", "That invite code is not valid")
    collective = session.get(Collective, claimed[0])
    assert collective is not None
    maker = upsert_insert(session.get_bind().dialect.name)
    session.execute(
        maker(CollectiveMember)
        .values(collective_id=collective.id, user_id=user_id, confirmed=False, joined_at=now)
        # A member using a second invite stays as she is (and stays confirmed if she was).
        .on_conflict_do_nothing(index_elements=["collective_id", "user_id"])
    )
    session.commit()
    return collective


def members(session: Session, *, slug: str, user_id: int) -> Sequence[tuple[str, bool]]:
    """(username, confirmed) — for the organizer only. Whether or when a member sent records
    is not shown: the organizer is not trusted with it (docs/COLLECTIVE-PRIVACY.md)."""
    collective = organized(session, slug=slug, user_id=user_id)
    return [
        (name, bool(confirmed))
        for name, confirmed in session.execute(
            select(col(User.username), col(CollectiveMember.confirmed))
            .join(CollectiveMember, col(CollectiveMember.user_id) == col(User.id))
            .where(col(CollectiveMember.collective_id) == collective.id)
            .order_by(col(User.username))
        ).all()
    ]


def confirm(session: Session, *, slug: str, user_id: int, username: str) -> None:
    collective = organized(session, slug=slug, user_id=user_id)
    target = session.execute(
        select(User).where(col(User.username) == username)
    ).scalar_one_or_none()
    member = session.get(CollectiveMember, (collective.id, target.id)) if target else None
    if member is None:
        raise NotFound
    member.confirmed = True
    session.add(member)
    session.commit()


def validate_package(document: Any) -> ContributionPackage:
    """Strict: anything unknown or out of range is refused, naming the record and field."""
    try:
        return ContributionPackage.model_validate(document)
    except ValidationError as exc:
        errors = []
        for error in exc.errors()[:20]:
            where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
            errors.append(f"{where.lstrip('.') or 'package'}: {error['msg']}")
        raise RuleError("package", "package_invalid", "; ".join(errors)) from exc


def contribute(
    session: Session, *, slug: str, user_id: int, package: ContributionPackage, now: datetime
) -> int:
    collective, _ = confirmed_membership(session, slug=slug, user_id=user_id)
    row = session.get(Contribution, (collective.id, user_id))
    # Stored as validated and sent ("schema", not "schema_"), so a release reads what the member saw
    # in the preview.
    text = package.model_dump_json(by_alias=True)
    if row is None:
        row = Contribution(
            collective_id=collective.id or 0, user_id=user_id, package=text, uploaded_at=now
        )
    else:
        # Sending again replaces the last package: one per member and collective, nobody counts
        # twice.
        row.package, row.uploaded_at = text, now
    session.add(row)
    session.commit()
    return len(package.records)


def withdraw(session: Session, *, slug: str, user_id: int) -> None:
    collective, _ = membership(session, slug=slug, user_id=user_id)
    row = session.get(Contribution, (collective.id, user_id))
    # Withdrawing what was never sent is no error: the answer is the same either way.
    if row is not None:
        session.delete(row)
        session.commit()


def exposure(session: Session, *, user_id: int) -> tuple[int, float]:
    """How many collectives hold this member's records, and their yearly budgets added up.
    Each collective's budget bounds only its own releases: an organizer running several
    collectives with the same members multiplies what they may spend on each member, so the
    member is shown the total before sending to one more."""
    # Only collectives holding her records: joining spends nothing until she sends.
    budgets = [
        float(b)
        for b in session.execute(
            select(col(Collective.annual_budget))
            .join(Contribution, col(Contribution.collective_id) == col(Collective.id))
            .where(col(Contribution.user_id) == user_id)
        ).scalars()
    ]
    return len(budgets), round(sum(budgets), 6)


def confirmed_membership(
    session: Session, *, slug: str, user_id: int
) -> tuple[Collective, CollectiveMember]:
    """Only confirmed members read releases or upload; the refusal says nothing about others."""
    collective, member = membership(session, slug=slug, user_id=user_id)
    if not member.confirmed:
        raise Unconfirmed
    return collective, member


# The budget is per calendar year of the release date; withdrawn releases still count (their figures
# were published before they were withdrawn).
def _spent_this_year(session: Session, collective: Collective, year: int) -> list[float]:
    return [
        float(e)
        for e in session.execute(
            select(col(Release.epsilon)).where(
                col(Release.collective_id) == collective.id,
                col(Release.made_on) >= date(year, 1, 1),
                col(Release.made_on) <= date(year, 12, 31),
            )
        ).scalars()
    ]


def privacy_status(
    session: Session, collective: Collective, *, today: date, params: PrivacyParams = DEFAULTS
) -> tuple[schedule.Budget, schedule.Due]:
    left = schedule.budget(
        _spent_this_year(session, collective, today.year),
        epsilon_per_release=params.epsilon_per_release,
        annual_budget=collective.annual_budget,
    )
    released = session.execute(
        select(col(Release.period)).where(
            # Releases made before noise do not occupy a period: the first noisy release of a period
            # may still be made.
            col(Release.collective_id) == collective.id,
            col(Release.noise).is_(True),
        )
    ).scalars()
    when = schedule.due(
        today,
        period=collective.period,
        release_day=collective.release_day,
        released_periods=list(released),
        budget_left=left,
    )
    return left, when


def _release(
    session: Session, collective: Collective, *, today: date, params: PrivacyParams
) -> Release:
    # The number is read BEFORE the schedule and the budget are checked. Two requests at once
    # (or the organizer and the cron job): if the other's release was committed before this
    # read, the check below sees it and refuses; if after, both chose the same number and the
    # second commit collides on (collective, number). Read after the (slow) noise instead, the
    # second request would number itself after the first and both would be published.
    number = (
        session.execute(
            select(func.max(col(Release.number))).where(col(Release.collective_id) == collective.id)
        ).scalar()
        or 0
    ) + 1
    _, when = privacy_status(session, collective, today=today, params=params)
    if not when.allowed:
        raise Conflict(when.reason)
    confirmed = {
        str(uid)
        for uid in session.execute(
            select(col(CollectiveMember.user_id)).where(
                col(CollectiveMember.collective_id) == collective.id,
                col(CollectiveMember.confirmed).is_(True),
            )
        ).scalars()
    }
    contributions = {
        str(c.user_id): ContributionPackage.model_validate_json(c.package).records
        for c in session.execute(
            select(Contribution).where(col(Contribution.collective_id) == collective.id)
        ).scalars()
    }
    result = make_release(contributions, confirmed=confirmed, k=collective.k, params=params)
    release = Release(
        collective_id=collective.id or 0,
        number=number,  # two requests at once: the second collides on (collective, number)
        made_on=today,
        k=max(MIN_K, collective.k),
        noise=True,
        epsilon=result["privacy"]["epsilon"],
        delta=result["privacy"]["delta"],
        period=when.period,
        body=json.dumps(
            {"cells": result["cells"], "report_cards": result["report_cards"]}, ensure_ascii=False
        ),
    )
    session.add(release)
    try:
        session.commit()
    except IntegrityError as exc:
        session.rollback()
        raise Conflict("already_released") from exc
    return release


def release_now(
    session: Session, *, slug: str, user_id: int, today: date, params: PrivacyParams = DEFAULTS
) -> Release:
    """The organizer's request: made only on or after this period's date, once, within budget."""
    collective = organized(session, slug=slug, user_id=user_id)
    return _release(session, collective, today=today, params=params)


def release_due(
    session: Session, *, today: date, params: PrivacyParams = DEFAULTS
) -> list[tuple[str, int | str]]:
    """For cron: every collective whose release is due gets it; others say why not."""
    out: list[tuple[str, int | str]] = []
    for collective in session.execute(select(Collective).order_by(col(Collective.slug))).scalars():
        try:
            out.append(
                (collective.slug, _release(session, collective, today=today, params=params).number)
            )
        # One collective's refusal (not due, over budget) must not stop the others' releases.
        except Conflict as exc:
            session.rollback()
            out.append((collective.slug, exc.reason))
    return out


def withdraw_release(session: Session, *, slug: str, user_id: int, number: int) -> None:
    """The organizer withdraws a release made without noise: it is no longer served."""
    collective = organized(session, slug=slug, user_id=user_id)
    release = session.get(Release, (collective.id, number)) if 0 < number < 2**31 else None
    if release is None or release.withdrawn:
        raise NotFound
    if release.noise:
        raise Conflict("noisy_release")
    release.withdrawn = True
    # The figures are dropped, not only hidden: a withdrawn release can no longer leak.
    release.body = json.dumps({"cells": [], "report_cards": []})
    session.add(release)
    session.commit()


def releases(session: Session, collective: Collective) -> Sequence[Release]:
    return list(
        session.execute(
            select(Release)
            .where(col(Release.collective_id) == collective.id)
            .order_by(col(Release.number).desc())
        ).scalars()
    )


def latest(session: Session, collective: Collective) -> Release | None:
    return session.execute(
        select(Release)
        # The newest release still served: a withdrawn one must not come back as "latest".
        .where(col(Release.collective_id) == collective.id, col(Release.withdrawn).is_(False))
        .order_by(col(Release.number).desc())
        .limit(1)
    ).scalar_one_or_none()


def get_release(session: Session, *, slug: str, user_id: int, number: int | None) -> Release:
    collective, _ = confirmed_membership(session, slug=slug, user_id=user_id)
    if number is None:
        release = latest(session, collective)
    else:
        release = session.get(Release, (collective.id, number)) if 0 < number < 2**31 else None
    if release is None or release.withdrawn:
        raise NotFound
    return release


def release_document(collective_name: str, release: Release) -> dict[str, Any]:
    body = json.loads(release.body)
    # A release made before noise keeps the older file format, flagged as made without noise
    # wherever it is imported.
    if not release.noise:
        return {
            "schema": "kocledger.release/1",
            "collective": collective_name,
            "number": release.number,
            "made_on": release.made_on.isoformat(),
            "k": release.k,
            "made_without_noise": True,
            "cells": body["cells"],
            "report_cards": body["report_cards"],
        }
    return {
        "schema": RELEASE_SCHEMA,
        "collective": collective_name,
        "number": release.number,
        "made_on": release.made_on.isoformat(),
        "period": release.period,
        "privacy": {"epsilon": release.epsilon, "delta": release.delta},
        "cells": body["cells"],
        "report_cards": body["report_cards"],
    }


# --- back home -------------------------------------------------------------------------------
def import_benchmark(
    session: Session, *, user_id: int, document: Any, now: datetime
) -> ImportedBenchmark:
    """A release file brought home: schema 2 (noisy) or schema 1 (made without noise, flagged
    wherever it is used), both validated strictly: ReleaseFileError names each problem."""
    parsed = parse_release(document)
    if parsed is None:
        raise RuleError("file", "release_invalid", "That is not a KOC Ledger release file")
    row = ImportedBenchmark(
        user_id=user_id,
        collective=parsed.collective[:100],
        number=parsed.number,
        made_on=parsed.made_on,
        imported_at=now,
        without_noise=parsed.without_noise,
        body=json.dumps(
            {"cells": parsed.cells, "report_cards": parsed.report_cards}, ensure_ascii=False
        ),
    )
    session.add(row)
    session.commit()
    return row


def imported_benchmarks(session: Session, *, user_id: int) -> Sequence[ImportedBenchmark]:
    """The release files this account brought home, newest first."""
    return list(
        session.execute(
            select(ImportedBenchmark)
            .where(col(ImportedBenchmark.user_id) == user_id)
            .order_by(col(ImportedBenchmark.imported_at).desc())
        ).scalars()
    )


def latest_import(session: Session, *, user_id: int) -> tuple[int, str] | None:
    """Which imported release the benchmark comparisons read (id and when), for cache keys."""
    row: Any = session.connection().execute(_LATEST_IMPORT, {"l_user": user_id}).first()
    return None if row is None else (int(row[0]), str(row[1]))


_LATEST_IMPORT = (  # built once: a dashboard's key reads it on every first view
    select(col(ImportedBenchmark.id), col(ImportedBenchmark.imported_at))
    .where(col(ImportedBenchmark.user_id) == bindparam("l_user"))
    .order_by(col(ImportedBenchmark.imported_at).desc())
    .limit(1)
)


def benchmark_cell(
    session: Session,
    *,
    user_id: int,
    kind: str,
    tier: str | None,
    niche: str | None,
    platform: str = "xiaohongshu",
    currency: str = "CNY",
) -> dict[str, Any] | None:
    """The newest imported cell for this kind, tier and currency: the niche's own, else all
    niches. Cells of schema-1 releases had no currency (they pooled them): flagged."""
    return benchmark_cells(
        session,
        user_id=user_id,
        kinds=(kind,),
        tier=tier,
        niche=niche,
        platform=platform,
        currency=currency,
    ).get(kind)


def benchmark_cells(
    session: Session,
    *,
    user_id: int,
    kinds: Sequence[str],
    tier: str | None,
    niche: str | None,
    platform: str = "xiaohongshu",
    currency: str = "CNY",
) -> dict[str, dict[str, Any]]:
    """benchmark_cell() for each of `kinds` that has one, from one read of the newest
    imported release (the dashboard compares five kinds)."""
    if tier is None:
        return {}
    row = session.execute(
        select(ImportedBenchmark)
        .where(col(ImportedBenchmark.user_id) == user_id)
        .order_by(col(ImportedBenchmark.imported_at).desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        return {}
    return _cells_for(_imported_release(row), kinds, tier, niche, platform, currency)


def _imported_release(row: ImportedBenchmark) -> tuple[str, int, bool, list[dict[str, Any]]]:
    """What the comparisons read of an imported release: its collective, number, noise flag
    and usable cells (the body parsed)."""
    return (row.collective, row.number, row.without_noise, usable_cells(json.loads(row.body)))


# Imported releases' usable cells by account (id and when made), release id and import time:
# a release is never changed once imported (a new import is a new row), so its parse is kept.
_RELEASES: Lru[tuple[str, int, bool, list[dict[str, Any]]]] = Lru(16)


def latest_benchmark_cells(
    session: Session,
    *,
    user_id: int,
    account: tuple[int, str, int],
    latest: tuple[int, str] | None,
    kinds: Sequence[str],
    tier: str | None,
    niche: str | None,
    platform: str = "xiaohongshu",
    currency: str = "CNY",
) -> dict[str, dict[str, Any]]:
    """benchmark_cells() of the release `latest` names (latest_import(), read earlier in the
    same request): a parse kept per release, so a view reads the release's body only the first
    time (one statement then, none after)."""
    if tier is None or latest is None:
        return {}
    key = (account[0], account[1], *latest)
    release = _RELEASES.get(key)
    if release is None:
        row = session.execute(
            select(ImportedBenchmark).where(
                col(ImportedBenchmark.user_id) == user_id, col(ImportedBenchmark.id) == latest[0]
            )
        ).scalar_one_or_none()
        if row is None:
            return {}
        release = _imported_release(row)
        if str(row.imported_at) == latest[1]:
            _RELEASES.put(key, release)
    return _cells_for(release, kinds, tier, niche, platform, currency)


def _cells_for(
    release: tuple[str, int, bool, list[dict[str, Any]]],
    kinds: Sequence[str],
    tier: str,
    niche: str | None,
    platform: str,
    currency: str,
) -> dict[str, dict[str, Any]]:
    collective, number, without_noise, cells = release
    out: dict[str, dict[str, Any]] = {}
    for kind in kinds:
        for wanted in (niche, "all"):
            found = [
                c
                for c in cells
                if c.get("kind") == kind
                and c.get("tier") == tier
                and c.get("niche") == wanted
                and c.get("platform") == platform
                and c.get("currency", currency) == currency
            ]
            if found:
                newest: dict[str, Any] = max(found, key=lambda c: c.get("year", 0))
                best = dict(newest)  # one parse serves several kinds: each gets its own
                best["source"] = f"{collective} #{number}"
                best["without_noise"] = without_noise
                out[kind] = best
                break
    return out
