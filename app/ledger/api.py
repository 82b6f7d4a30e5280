"""JSON routes of the ledger (API.md): profile, brands, agencies, deals and their parts."""

# No `from __future__ import annotations` here: the route factories below annotate with
# models held in local variables, which FastAPI must resolve at definition time.

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from pydantic import BaseModel

from app import clock
from app.errors import NotFound, RuleError
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.enums import Status
from app.ledger.models import Agency, Brand, Deal
from app.web.api import ApiUser, DbDep, not_found, rule_422, user_id_of
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute)
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]


def _page(model: type[BaseModel], rows: Any, total: int) -> dict[str, Any]:
    return {"items": [model.model_validate(row) for row in rows], "total": total}


def page_of(model: type[BaseModel]) -> type[BaseModel]:
    from pydantic import create_model

    return create_model(
        f"{model.__name__}Page",
        items=(list[model], ...),  # type: ignore[valid-type]
        total=(int, ...),
    )


# --- profile ---------------------------------------------------------------------------------
@router.get("/profile", response_model=s.ProfilePublic, tags=["profile"])
def read_profile(user: ApiUser, db: DbDep) -> Any:
    return ledger.get_profile(db, user_id=user_id_of(user))


@router.patch("/profile", response_model=s.ProfilePublic, tags=["profile"])
def update_profile(user: ApiUser, db: DbDep, data: s.ProfileUpdate) -> Any:
    try:
        return ledger.update_profile(
            db, user_id=user_id_of(user), changes=data.model_dump(exclude_unset=True)
        )
    except RuleError as exc:
        db.rollback()
        raise rule_422(exc) from exc


# --- brands and agencies ---------------------------------------------------------------------
def _org_routes(
    path: str,
    table: type[Brand] | type[Agency],
    create: type[s.Input],
    update: type[s.Input],
    public: type[s.Output],
    nullable: frozenset[str],
    tag: str,
) -> None:
    page_model = page_of(public)

    def list_items(user: ApiUser, db: DbDep, limit: Limit = 50, offset: Offset = 0) -> Any:
        lister = ledger.list_brands if table is Brand else ledger.list_agencies
        rows, total = lister(db, user_id=user_id_of(user), limit=limit, offset=offset)
        return _page(public, rows, total)

    def create_item(user: ApiUser, db: DbDep, data: Annotated[create, Body()]) -> Any:  # type: ignore[valid-type]
        if table is Brand:
            return ledger.create_brand(db, user_id=user_id_of(user), data=data)
        return ledger.create_agency(db, user_id=user_id_of(user), data=data)

    def read_item(user: ApiUser, db: DbDep, item_id: int) -> Any:
        try:
            return ledger.get_owned(db, table, user_id=user_id_of(user), obj_id=item_id)
        except NotFound as exc:
            raise not_found() from exc

    def update_item(user: ApiUser, db: DbDep, item_id: int, data: Annotated[update, Body()]) -> Any:  # type: ignore[valid-type]
        item = read_item(user, db, item_id)
        try:
            return ledger.update_object(
                db,
                item,
                changes=data.model_dump(exclude_unset=True),  # type: ignore[attr-defined]
                nullable=nullable,
            )
        except RuleError as exc:
            db.rollback()
            raise rule_422(exc) from exc

    def delete_item(user: ApiUser, db: DbDep, item_id: int) -> Response:
        item = read_item(user, db, item_id)
        try:
            if isinstance(item, Brand):
                ledger.delete_brand(db, item)
            else:
                ledger.delete_object(db, item)
        except RuleError as exc:
            raise rule_422(exc) from exc
        return Response(status_code=204)

    router.add_api_route(
        path, list_items, methods=["GET"], response_model=page_model, tags=[tag], name=f"list_{tag}"
    )
    router.add_api_route(
        path,
        create_item,
        methods=["POST"],
        response_model=public,
        status_code=201,
        tags=[tag],
        name=f"create_{tag}",
    )
    router.add_api_route(
        path + "/{item_id}",
        read_item,
        methods=["GET"],
        response_model=public,
        tags=[tag],
        name=f"read_{tag}",
    )
    router.add_api_route(
        path + "/{item_id}",
        update_item,
        methods=["PATCH"],
        response_model=public,
        tags=[tag],
        name=f"update_{tag}",
    )
    router.add_api_route(
        path + "/{item_id}",
        delete_item,
        methods=["DELETE"],
        status_code=204,
        tags=[tag],
        name=f"delete_{tag}",
        response_class=Response,
    )


_org_routes(
    "/brands", Brand, s.BrandCreate, s.BrandUpdate, s.BrandPublic, ledger.BRAND_NULLABLE, "brands"
)
_org_routes(
    "/agencies",
    Agency,
    s.AgencyCreate,
    s.AgencyUpdate,
    s.AgencyPublic,
    ledger.AGENCY_NULLABLE,
    "agencies",
)


# --- deals -----------------------------------------------------------------------------------
def _deal(db: DbDep, user: ApiUser, deal_id: int) -> Deal:
    try:
        return ledger.get_owned(db, Deal, user_id=user_id_of(user), obj_id=deal_id)
    except NotFound as exc:
        raise not_found() from exc


@router.get("/deals", response_model=page_of(s.DealPublic), tags=["deals"])
def list_deals(
    user: ApiUser,
    db: DbDep,
    limit: Limit = 50,
    offset: Offset = 0,
    status: Status | None = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    brand_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    agency_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> Any:
    rows, total = ledger.list_deals(
        db,
        user_id=user_id_of(user),
        status=status.value if status else None,
        query=q,
        brand_id=brand_id,
        agency_id=agency_id,
        limit=limit,
        offset=offset,
    )
    return _page(s.DealPublic, [deal for deal, _name in rows], total)


@router.post("/deals", response_model=s.DealPublic, status_code=201, tags=["deals"])
def create_deal(user: ApiUser, db: DbDep, data: s.DealCreate) -> Any:
    try:
        return ledger.create_deal(db, user_id=user_id_of(user), data=data, now=clock.utcnow())
    except RuleError as exc:
        db.rollback()
        raise rule_422(exc) from exc


@router.get("/deals/{deal_id}", response_model=s.DealPublic, tags=["deals"])
def read_deal(user: ApiUser, db: DbDep, deal_id: int) -> Any:
    return _deal(db, user, deal_id)


@router.patch("/deals/{deal_id}", response_model=s.DealPublic, tags=["deals"])
def update_deal(user: ApiUser, db: DbDep, deal_id: int, data: s.DealUpdate) -> Any:
    deal = _deal(db, user, deal_id)
    try:
        return ledger.update_deal(db, deal, changes=data.model_dump(exclude_unset=True))
    except RuleError as exc:
        db.rollback()
        raise rule_422(exc) from exc


@router.delete("/deals/{deal_id}", status_code=204, response_class=Response, tags=["deals"])
def delete_deal(user: ApiUser, db: DbDep, deal_id: int) -> Response:
    ledger.delete_deal(db, _deal(db, user, deal_id))
    return Response(status_code=204)


# --- parts of a deal -------------------------------------------------------------------------
def _part_routes(spec: ledger.PartSpec) -> None:
    base = f"/deals/{{deal_id}}/{spec.slug}"
    tag = spec.slug
    create, update, public = spec.create, spec.update, spec.public
    name = spec.slug.replace("-", "_")

    def list_parts(
        user: ApiUser, db: DbDep, deal_id: int, limit: Limit = 500, offset: Offset = 0
    ) -> Any:
        rows = ledger.list_parts(db, spec, deal=_deal(db, user, deal_id))
        return _page(public, rows[offset : offset + limit], len(rows))

    def create_part(user: ApiUser, db: DbDep, deal_id: int, data: Annotated[create, Body()]) -> Any:  # type: ignore[valid-type]
        deal = _deal(db, user, deal_id)
        try:
            return public.model_validate(ledger.create_part(db, spec, deal=deal, data=data))
        except RuleError as exc:
            db.rollback()
            raise rule_422(exc) from exc

    def _part(db: DbDep, user: ApiUser, deal_id: int, part_id: int) -> Any:
        deal = _deal(db, user, deal_id)
        try:
            return ledger.get_part(db, spec, deal=deal, part_id=part_id)
        except NotFound as exc:
            raise not_found() from exc

    def read_part(user: ApiUser, db: DbDep, deal_id: int, part_id: int) -> Any:
        return public.model_validate(_part(db, user, deal_id, part_id))

    def update_part(
        user: ApiUser,
        db: DbDep,
        deal_id: int,
        part_id: int,
        data: Annotated[update, Body()],  # type: ignore[valid-type]
    ) -> Any:
        part = _part(db, user, deal_id, part_id)
        try:
            changes = data.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
            updated = ledger.update_part(db, spec, part, changes=changes)
        except RuleError as exc:
            db.rollback()
            raise rule_422(exc) from exc
        return public.model_validate(updated)

    def delete_part(user: ApiUser, db: DbDep, deal_id: int, part_id: int) -> Response:
        ledger.delete_part(db, _part(db, user, deal_id, part_id))
        return Response(status_code=204)

    router.add_api_route(
        base,
        list_parts,
        methods=["GET"],
        response_model=page_of(public),
        tags=[tag],
        name=f"list_{name}",
    )
    router.add_api_route(
        base,
        create_part,
        methods=["POST"],
        response_model=public,
        status_code=201,
        tags=[tag],
        name=f"create_{name}",
    )
    router.add_api_route(
        base + "/{part_id}",
        read_part,
        methods=["GET"],
        response_model=public,
        tags=[tag],
        name=f"read_{name}",
    )
    router.add_api_route(
        base + "/{part_id}",
        update_part,
        methods=["PATCH"],
        response_model=public,
        tags=[tag],
        name=f"update_{name}",
    )
    router.add_api_route(
        base + "/{part_id}",
        delete_part,
        methods=["DELETE"],
        status_code=204,
        response_class=Response,
        tags=[tag],
        name=f"delete_{name}",
    )


for _spec in ledger.PARTS.values():
    _part_routes(_spec)
