"""JSON routes of collectives: a member's package, the hub, and importing a release home."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Query, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field

from app import clock
from app.collective import service as collective
from app.collective.privacy import DEFAULTS
from app.collective.release import release_delta
from app.collective.release_file import ReleaseFileError
from app.errors import NotFound, RuleError
from app.ledger import service as ledger
from app.web.api import ApiUser, DbDep, not_found, rule_422, user_id_of
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, tags=["collectives"])


class CollectiveIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=100)]
    slug: Annotated[str, Field(min_length=2, max_length=39)]
    k: Annotated[int, Field(ge=3, le=collective.MAX_K)] = 5
    period: Literal["quarterly", "half-yearly", "yearly"] = "quarterly"
    release_day: Annotated[int, Field(ge=1, le=28)] = 1


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, Field(min_length=1, max_length=40)]


def _guard(call: Any) -> Any:
    try:
        return call()
    except NotFound as exc:
        raise not_found() from exc
    except collective.Forbidden as exc:
        raise HTTPException(403, "Only the organizer can do this") from exc
    except collective.Unconfirmed as exc:
        raise HTTPException(403, "Only members the organizer has confirmed can do this") from exc
    except collective.Conflict as exc:
        raise HTTPException(409, collective.REFUSALS.get(exc.reason, exc.reason)) from exc
    except RuleError as exc:
        raise rule_422(exc) from exc


@router.get("/contribution")
def read_contribution(
    user: ApiUser,
    db: DbDep,
    response: Response,
    drop: Annotated[list[int], Query(max_length=10_000)] = [],  # noqa: B006
    brands: Annotated[list[str], Query(max_length=1000)] = [],  # noqa: B006
    agencies: Annotated[list[str], Query(max_length=1000)] = [],  # noqa: B006
) -> dict[str, Any]:
    """The caller's package, exactly as it would leave: drop deals, name brands or agencies."""
    profile = ledger.get_profile(db, user_id=user_id_of(user))
    package, _, left_out = collective.my_package(
        db,
        user_id=user_id_of(user),
        today=clock.today_in(profile.timezone),
        dropped=frozenset(drop),
        brands=frozenset(brands),
        agencies=frozenset(agencies),
    )
    result: dict[str, Any] = package.model_dump(mode="json", by_alias=True)
    if left_out:
        # Deals whose figures are outside a package's ranges are left out, never an error; the
        # package itself stays exactly what a hub accepts, so the note travels in a header.
        response.headers["X-Left-Out"] = ",".join(
            f"{item.ref}:{'+'.join(item.fields)}" for item in left_out[:200]
        )
    return result


@router.post("/collectives", status_code=201)
def create_collective(user: ApiUser, db: DbDep, data: CollectiveIn) -> dict[str, Any]:
    made = _guard(
        lambda: collective.create_collective(
            db,
            user_id=user_id_of(user),
            name=data.name,
            slug=data.slug,
            k=data.k,
            now=clock.utcnow(),
            period=data.period,
            release_day=data.release_day,
        )
    )
    return {
        "name": made.name,
        "slug": made.slug,
        "k": made.k,
        "period": made.period,
        "release_day": made.release_day,
    }


@router.get("/collectives/{slug}/privacy")
def read_privacy(user: ApiUser, db: DbDep, slug: str) -> dict[str, Any]:
    """What a release costs each member and what is left this year: shown before contributing."""
    found, _ = _guard(lambda: collective.membership(db, slug=slug, user_id=user_id_of(user)))
    profile = ledger.get_profile(db, user_id=user_id_of(user))
    left, when = collective.privacy_status(db, found, today=clock.today_in(profile.timezone))
    holding, together = collective.exposure(db, user_id=user_id_of(user))
    return {
        "epsilon_per_release": left.epsilon_per_release,
        "delta_per_release": release_delta(DEFAULTS, found.k),
        "annual_budget": left.annual_budget,
        "spent": left.spent,
        "remaining": left.remaining,
        "period": found.period,
        "release_day": found.release_day,
        "current_period": when.period,
        "release_allowed": when.allowed,
        "next_release_on": (when.release_on if when.allowed else when.next_release_on).isoformat(),
        # Every collective holding the caller's records has a budget of its own: together.
        "my_collectives": {"holding_my_records": holding, "annual_budget_together": together},
    }


@router.post("/collectives/join")
def join_collective(user: ApiUser, db: DbDep, data: CodeIn) -> dict[str, Any]:
    joined = _guard(
        lambda: collective.join(db, user_id=user_id_of(user), code=data.code, now=clock.utcnow())
    )
    return {"name": joined.name, "slug": joined.slug, "confirmed": False}


@router.post("/collectives/{slug}/invites", status_code=201)
def create_invite(user: ApiUser, db: DbDep, slug: str) -> dict[str, str]:
    return {
        "code": _guard(
            lambda: collective.create_invite(
                db, slug=slug, user_id=user_id_of(user), now=clock.utcnow()
            )
        )
    }


@router.get("/collectives/{slug}/members")
def list_members(user: ApiUser, db: DbDep, slug: str) -> dict[str, Any]:
    rows = _guard(lambda: collective.members(db, slug=slug, user_id=user_id_of(user)))
    return {
        "items": [{"username": n, "confirmed": c} for n, c in rows],
        "total": len(rows),
    }


@router.post("/collectives/{slug}/members/{username}/confirm")
def confirm_member(user: ApiUser, db: DbDep, slug: str, username: str) -> dict[str, Any]:
    _guard(lambda: collective.confirm(db, slug=slug, user_id=user_id_of(user), username=username))
    return {"username": username, "confirmed": True}


@router.post("/collectives/{slug}/contributions")
def upload_contribution(
    user: ApiUser, db: DbDep, slug: str, package: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    def upload() -> int:
        collective.confirmed_membership(db, slug=slug, user_id=user_id_of(user))
        checked = collective.validate_package(package)
        return collective.contribute(
            db, slug=slug, user_id=user_id_of(user), package=checked, now=clock.utcnow()
        )

    return {"records": _guard(upload)}


@router.delete("/collectives/{slug}/contributions/mine", status_code=204, response_class=Response)
def withdraw_contribution(user: ApiUser, db: DbDep, slug: str) -> Response:
    _guard(lambda: collective.withdraw(db, slug=slug, user_id=user_id_of(user)))
    return Response(status_code=204)


@router.post("/collectives/{slug}/releases", status_code=201)
def make_release(user: ApiUser, db: DbDep, slug: str) -> dict[str, Any]:
    profile = ledger.get_profile(db, user_id=user_id_of(user))
    release = _guard(
        lambda: collective.release_now(
            db, slug=slug, user_id=user_id_of(user), today=clock.today_in(profile.timezone)
        )
    )
    found, _ = collective.membership(db, slug=slug, user_id=user_id_of(user))
    return collective.release_document(found.name, release)


@router.post(
    "/collectives/{slug}/releases/{number}/withdraw", status_code=204, response_class=Response
)
def withdraw_release(user: ApiUser, db: DbDep, slug: str, number: int) -> Response:
    """The organizer withdraws a release made without noise; it is no longer served."""
    _guard(
        lambda: collective.withdraw_release(db, slug=slug, user_id=user_id_of(user), number=number)
    )
    return Response(status_code=204)


@router.get("/collectives/{slug}/releases/latest")
def read_latest_release(user: ApiUser, db: DbDep, slug: str) -> dict[str, Any]:
    return _read(db, user, slug, None)


@router.get("/collectives/{slug}/releases/{number}")
def read_release(user: ApiUser, db: DbDep, slug: str, number: int) -> dict[str, Any]:
    return _read(db, user, slug, number)


def _read(db: DbDep, user: ApiUser, slug: str, number: int | None) -> dict[str, Any]:
    release = _guard(
        lambda: collective.get_release(db, slug=slug, user_id=user_id_of(user), number=number)
    )
    found, _ = collective.membership(db, slug=slug, user_id=user_id_of(user))
    return collective.release_document(found.name, release)


@router.post("/benchmarks/import", status_code=201)
def import_benchmark(
    user: ApiUser, db: DbDep, document: Annotated[dict[str, Any], Body()]
) -> dict[str, Any]:
    try:
        row = collective.import_benchmark(
            db, user_id=user_id_of(user), document=document, now=clock.utcnow()
        )
    except ReleaseFileError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors]
        raise RequestValidationError(errors) from exc
    except RuleError as exc:  # not a release file at all
        raise rule_422(exc) from exc
    return {"collective": row.collective, "number": row.number, "made_on": row.made_on.isoformat()}
