"""JSON routes of collectives: a member's package, the hub, and importing a release home.

Refusals are the services' exceptions, answered by the app's handlers: NotFound (404, also for
a collective the caller is not in), Forbidden (403: not the organizer, or not yet confirmed),
Conflict (409: no release due) and RuleError (422)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Response
from fastapi.exceptions import RequestValidationError

from app import clock
from app.collective import schemas as s
from app.collective import service as collective
from app.collective.models import Collective, CollectiveMember
from app.collective.package import ContributionPackage
from app.collective.privacy import DEFAULTS
from app.collective.release import release_delta
from app.collective.release_file import ReleaseFileError
from app.ledger import service as ledger
from app.web.api import ApiUser, DbDep, user_id_of
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, tags=["collectives"])


def _member(db: DbDep, user: ApiUser, slug: str) -> tuple[Collective, CollectiveMember]:
    """The collective and the caller's membership; NotFound (404) when not a member."""
    return collective.membership(db, slug=slug, user_id=user_id_of(user))


MemberDep = Annotated[tuple[Collective, CollectiveMember], Depends(_member)]


def _today(db: DbDep, user: ApiUser) -> date:
    return clock.today_in(ledger.get_profile(db, user_id=user_id_of(user)).timezone)


@router.get("/contribution", response_model=ContributionPackage)
def read_contribution(
    user: ApiUser,
    db: DbDep,
    response: Response,
    drop: Annotated[list[int], Query(max_length=10_000)] = [],  # noqa: B006
    brands: Annotated[list[str], Query(max_length=1000)] = [],  # noqa: B006
    agencies: Annotated[list[str], Query(max_length=1000)] = [],  # noqa: B006
) -> Any:
    """The caller's package, exactly as it would leave: drop deals, name brands or agencies."""
    package, _, left_out = collective.my_package(
        db,
        user_id=user_id_of(user),
        today=_today(db, user),
        dropped=frozenset(drop),
        brands=frozenset(brands),
        agencies=frozenset(agencies),
    )
    if left_out:
        # Deals whose figures are outside a package's ranges are left out, never an error; the
        # package itself stays exactly what a hub accepts, so the note travels in a header.
        response.headers["X-Left-Out"] = ",".join(
            f"{item.ref}:{'+'.join(item.fields)}" for item in left_out[:200]
        )
    return package


@router.post("/collectives", response_model=s.CollectivePublic, status_code=201)
def create_collective(user: ApiUser, db: DbDep, data: s.CollectiveIn) -> Any:
    return collective.create_collective(
        db,
        user_id=user_id_of(user),
        name=data.name,
        slug=data.slug,
        k=data.k,
        now=clock.utcnow(),
        period=data.period,
        release_day=data.release_day,
    )


@router.get("/collectives/{slug}/privacy", response_model=s.PrivacyStatus)
def read_privacy(user: ApiUser, db: DbDep, member: MemberDep) -> Any:
    """What a release costs each member and what is left this year: shown before contributing."""
    found, _ = member
    left, when = collective.privacy_status(db, found, today=_today(db, user))
    holding, together = collective.exposure(db, user_id=user_id_of(user))
    return s.PrivacyStatus(
        epsilon_per_release=left.epsilon_per_release,
        delta_per_release=release_delta(DEFAULTS, found.k),
        annual_budget=left.annual_budget,
        spent=left.spent,
        remaining=left.remaining,
        period=found.period,
        release_day=found.release_day,
        current_period=when.period,
        release_allowed=when.allowed,
        # Today's date while a release is due, else the first day the next one may be made.
        next_release_on=when.release_on if when.allowed else when.next_release_on,
        my_collectives=s.MyCollectives(holding_my_records=holding, annual_budget_together=together),
    )


@router.post("/collectives/join", response_model=s.Joined)
def join_collective(user: ApiUser, db: DbDep, data: s.CodeIn) -> Any:
    joined = collective.join(db, user_id=user_id_of(user), code=data.code, now=clock.utcnow())
    return s.Joined(name=joined.name, slug=joined.slug, confirmed=False)


@router.post("/collectives/{slug}/invites", response_model=s.Invite, status_code=201)
def create_invite(user: ApiUser, db: DbDep, slug: str) -> Any:
    code = collective.create_invite(db, slug=slug, user_id=user_id_of(user), now=clock.utcnow())
    return s.Invite(code=code)


@router.get("/collectives/{slug}/members", response_model=s.Members)
def list_members(user: ApiUser, db: DbDep, slug: str) -> Any:
    rows = collective.members(db, slug=slug, user_id=user_id_of(user))
    items = [s.Member(username=name, confirmed=confirmed) for name, confirmed in rows]
    return s.Members(items=items, total=len(items))


@router.post("/collectives/{slug}/members/{username}/confirm", response_model=s.Member)
def confirm_member(user: ApiUser, db: DbDep, slug: str, username: str) -> Any:
    collective.confirm(db, slug=slug, user_id=user_id_of(user), username=username)
    return s.Member(username=username, confirmed=True)


@router.post("/collectives/{slug}/contributions", response_model=s.Sent)
def upload_contribution(
    user: ApiUser, db: DbDep, slug: str, package: Annotated[dict[str, Any], Body()]
) -> Any:
    # Membership first: an outsider learns nothing from how a package is refused.
    collective.confirmed_membership(db, slug=slug, user_id=user_id_of(user))
    checked = collective.validate_package(package)
    records = collective.contribute(
        db, slug=slug, user_id=user_id_of(user), package=checked, now=clock.utcnow()
    )
    return s.Sent(records=records)


@router.delete("/collectives/{slug}/contributions/mine", status_code=204, response_class=Response)
def withdraw_contribution(user: ApiUser, db: DbDep, slug: str) -> Response:
    collective.withdraw(db, slug=slug, user_id=user_id_of(user))
    return Response(status_code=204)


@router.post("/collectives/{slug}/releases", response_model=s.ReleaseDocument, status_code=201)
def make_release(user: ApiUser, db: DbDep, slug: str, member: MemberDep) -> Any:
    release = collective.release_now(
        db, slug=slug, user_id=user_id_of(user), today=_today(db, user)
    )
    return collective.release_document(member[0].name, release)


@router.post(
    "/collectives/{slug}/releases/{number}/withdraw", status_code=204, response_class=Response
)
def withdraw_release(user: ApiUser, db: DbDep, slug: str, number: int) -> Response:
    """The organizer withdraws a release made without noise; it is no longer served."""
    collective.withdraw_release(db, slug=slug, user_id=user_id_of(user), number=number)
    return Response(status_code=204)


@router.get("/collectives/{slug}/releases/latest", response_model=s.ReleaseDocument)
def read_latest_release(user: ApiUser, db: DbDep, slug: str, member: MemberDep) -> Any:
    release = collective.get_release(db, slug=slug, user_id=user_id_of(user), number=None)
    return collective.release_document(member[0].name, release)


@router.get("/collectives/{slug}/releases/{number}", response_model=s.ReleaseDocument)
def read_release(user: ApiUser, db: DbDep, slug: str, number: int, member: MemberDep) -> Any:
    release = collective.get_release(db, slug=slug, user_id=user_id_of(user), number=number)
    return collective.release_document(member[0].name, release)


@router.post("/benchmarks/import", response_model=s.Imported, status_code=201)
def import_benchmark(user: ApiUser, db: DbDep, document: Annotated[dict[str, Any], Body()]) -> Any:
    try:
        return collective.import_benchmark(
            db, user_id=user_id_of(user), document=document, now=clock.utcnow()
        )
    except ReleaseFileError as exc:
        # Each problem at its place in the file, as a validation error of the body would be.
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors]
        raise RequestValidationError(errors) from exc
