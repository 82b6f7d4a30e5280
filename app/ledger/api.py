"""JSON routes of the ledger (API.md): profile, brands, agencies, deals and their parts."""

from typing import Annotated, Any, Generic, TypeVar

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel

from app import clock
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.enums import Status
from app.ledger.models import Agency, Brand, Deal
from app.web.api import ApiUser, DbDep, user_id_of
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute)
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=2**31 - 1)]


T = TypeVar("T", bound=BaseModel)


class Page(BaseModel, Generic[T]):
    """A page of a list: the items and how many there are in all."""

    items: list[T]
    total: int


def _page(rows: Any, total: int) -> dict[str, Any]:
    # The response model (Page[...]) validates each row from its attributes.
    return {"items": list(rows), "total": total}


# --- profile ---------------------------------------------------------------------------------
@router.get("/profile", response_model=s.ProfilePublic, tags=["profile"])
def read_profile(user: ApiUser, db: DbDep) -> Any:
    return ledger.get_profile(db, user_id=user_id_of(user))


@router.patch("/profile", response_model=s.ProfilePublic, tags=["profile"])
def update_profile(user: ApiUser, db: DbDep, data: s.ProfileUpdate) -> Any:
    # A RuleError rises to the app's handler (a 422 like a validation error); the session
    # is rolled back on the way out. Likewise NotFound becomes a 404 everywhere below.
    return ledger.update_profile(
        db, user_id=user_id_of(user), changes=data.model_dump(exclude_unset=True)
    )


# --- brands and agencies ---------------------------------------------------------------------
# Written out, one route per operation: each has its own models, and the OpenAPI document
# names every request and response.
@router.get("/brands", response_model=Page[s.BrandPublic], tags=["brands"])
def list_brands(user: ApiUser, db: DbDep, limit: Limit = 50, offset: Offset = 0) -> Any:
    return _page(*ledger.list_brands(db, user_id=user_id_of(user), limit=limit, offset=offset))


@router.post("/brands", response_model=s.BrandPublic, status_code=201, tags=["brands"])
def create_brand(user: ApiUser, db: DbDep, data: s.BrandCreate) -> Any:
    return ledger.create_brand(db, user_id=user_id_of(user), data=data)


@router.get("/brands/{item_id}", response_model=s.BrandPublic, tags=["brands"])
def read_brand(user: ApiUser, db: DbDep, item_id: int) -> Any:
    return ledger.get_owned(db, Brand, user_id=user_id_of(user), obj_id=item_id)


@router.patch("/brands/{item_id}", response_model=s.BrandPublic, tags=["brands"])
def update_brand(user: ApiUser, db: DbDep, item_id: int, data: s.BrandUpdate) -> Any:
    brand = ledger.get_owned(db, Brand, user_id=user_id_of(user), obj_id=item_id)
    changes = data.model_dump(exclude_unset=True)
    return ledger.update_object(db, brand, changes=changes)


@router.delete("/brands/{item_id}", status_code=204, response_class=Response, tags=["brands"])
def delete_brand(user: ApiUser, db: DbDep, item_id: int) -> Response:
    brand = ledger.get_owned(db, Brand, user_id=user_id_of(user), obj_id=item_id)
    ledger.delete_brand(db, brand)  # RuleError (422) while deals still name it
    return Response(status_code=204)


@router.get("/agencies", response_model=Page[s.AgencyPublic], tags=["agencies"])
def list_agencies(user: ApiUser, db: DbDep, limit: Limit = 50, offset: Offset = 0) -> Any:
    return _page(*ledger.list_agencies(db, user_id=user_id_of(user), limit=limit, offset=offset))


@router.post("/agencies", response_model=s.AgencyPublic, status_code=201, tags=["agencies"])
def create_agency(user: ApiUser, db: DbDep, data: s.AgencyCreate) -> Any:
    return ledger.create_agency(db, user_id=user_id_of(user), data=data)


@router.get("/agencies/{item_id}", response_model=s.AgencyPublic, tags=["agencies"])
def read_agency(user: ApiUser, db: DbDep, item_id: int) -> Any:
    return ledger.get_owned(db, Agency, user_id=user_id_of(user), obj_id=item_id)


@router.patch("/agencies/{item_id}", response_model=s.AgencyPublic, tags=["agencies"])
def update_agency(user: ApiUser, db: DbDep, item_id: int, data: s.AgencyUpdate) -> Any:
    agency = ledger.get_owned(db, Agency, user_id=user_id_of(user), obj_id=item_id)
    changes = data.model_dump(exclude_unset=True)
    return ledger.update_object(db, agency, changes=changes)


@router.delete("/agencies/{item_id}", status_code=204, response_class=Response, tags=["agencies"])
def delete_agency(user: ApiUser, db: DbDep, item_id: int) -> Response:
    agency = ledger.get_owned(db, Agency, user_id=user_id_of(user), obj_id=item_id)
    ledger.delete_object(db, agency)  # its deals keep their history, without the agency
    return Response(status_code=204)


# --- deals -----------------------------------------------------------------------------------
def _deal(db: DbDep, user: ApiUser, deal_id: int) -> Deal:
    """The caller's deal; NotFound (404) for a missing one and for anyone else's alike."""
    return ledger.get_owned(db, Deal, user_id=user_id_of(user), obj_id=deal_id)


DealDep = Annotated[Deal, Depends(_deal)]


@router.get("/deals", response_model=Page[s.DealPublic], tags=["deals"])
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
    return _page([deal for deal, _name in rows], total)


@router.post("/deals", response_model=s.DealPublic, status_code=201, tags=["deals"])
def create_deal(user: ApiUser, db: DbDep, data: s.DealCreateByName) -> Any:
    uid = user_id_of(user)
    values = data.model_dump(exclude={"brand_name", "agency_name"})
    if data.brand_name:
        values["brand_id"] = ledger.find_or_create_brand(db, uid, data.brand_name).id
    if data.agency_name:
        values["agency_id"] = ledger.find_or_create_agency(db, uid, data.agency_name).id
    plain = s.DealCreate.model_construct(**values)  # already validated above
    return ledger.create_deal(db, user_id=uid, data=plain, now=clock.utcnow())


@router.get("/deals/{deal_id}", response_model=s.DealPublic, tags=["deals"])
def read_deal(deal: DealDep) -> Any:
    return deal


@router.patch("/deals/{deal_id}", response_model=s.DealPublic, tags=["deals"])
def update_deal(db: DbDep, deal: DealDep, data: s.DealUpdate) -> Any:
    return ledger.update_deal(db, deal, changes=data.model_dump(exclude_unset=True))


@router.delete("/deals/{deal_id}", status_code=204, response_class=Response, tags=["deals"])
def delete_deal(db: DbDep, deal: DealDep) -> Response:
    ledger.delete_deal(db, deal)
    return Response(status_code=204)


# --- parts of a deal -------------------------------------------------------------------------
# Five kinds, five operations each, written out so each names its own models; the helpers
# below do the work, the routes only say which kind.
def _list_parts(db: DbDep, slug: str, deal: Deal, limit: int, offset: int) -> dict[str, Any]:
    spec = ledger.PARTS[slug]
    rows = ledger.list_parts(db, spec, deal=deal, limit=limit, offset=offset)
    return _page(rows, ledger.count_parts(db, spec, deal=deal))


def _read_part(db: DbDep, slug: str, deal: Deal, part_id: int) -> Any:
    return ledger.get_part(db, ledger.PARTS[slug], deal=deal, part_id=part_id)


def _update_part(db: DbDep, slug: str, deal: Deal, part_id: int, data: s.Input) -> Any:
    spec = ledger.PARTS[slug]
    part = ledger.get_part(db, spec, deal=deal, part_id=part_id)
    return ledger.update_part(db, spec, part, changes=data.model_dump(exclude_unset=True))


def _delete_part(db: DbDep, slug: str, deal: Deal, part_id: int) -> Response:
    ledger.delete_part(db, _read_part(db, slug, deal, part_id))
    return Response(status_code=204)


@router.get(
    "/deals/{deal_id}/deliverables", response_model=Page[s.DeliverablePublic], tags=["deliverables"]
)
def list_deliverables(db: DbDep, deal: DealDep, limit: Limit = 500, offset: Offset = 0) -> Any:
    return _list_parts(db, "deliverables", deal, limit, offset)


@router.post(
    "/deals/{deal_id}/deliverables",
    response_model=s.DeliverablePublic,
    status_code=201,
    tags=["deliverables"],
)
def create_deliverable(db: DbDep, deal: DealDep, data: s.DeliverableCreate) -> Any:
    return ledger.create_part(db, ledger.PARTS["deliverables"], deal=deal, data=data)


@router.get(
    "/deals/{deal_id}/deliverables/{part_id}",
    response_model=s.DeliverablePublic,
    tags=["deliverables"],
)
def read_deliverable(db: DbDep, deal: DealDep, part_id: int) -> Any:
    return _read_part(db, "deliverables", deal, part_id)


@router.patch(
    "/deals/{deal_id}/deliverables/{part_id}",
    response_model=s.DeliverablePublic,
    tags=["deliverables"],
)
def update_deliverable(db: DbDep, deal: DealDep, part_id: int, data: s.DeliverableUpdate) -> Any:
    return _update_part(db, "deliverables", deal, part_id, data)


@router.delete(
    "/deals/{deal_id}/deliverables/{part_id}",
    status_code=204,
    response_class=Response,
    tags=["deliverables"],
)
def delete_deliverable(db: DbDep, deal: DealDep, part_id: int) -> Response:
    return _delete_part(db, "deliverables", deal, part_id)


@router.get("/deals/{deal_id}/work", response_model=Page[s.WorkPublic], tags=["work"])
def list_work(db: DbDep, deal: DealDep, limit: Limit = 500, offset: Offset = 0) -> Any:
    return _list_parts(db, "work", deal, limit, offset)


@router.post("/deals/{deal_id}/work", response_model=s.WorkPublic, status_code=201, tags=["work"])
def create_work_entry(db: DbDep, deal: DealDep, data: s.WorkCreate) -> Any:
    return ledger.create_part(db, ledger.PARTS["work"], deal=deal, data=data)


@router.get("/deals/{deal_id}/work/{part_id}", response_model=s.WorkPublic, tags=["work"])
def read_work_entry(db: DbDep, deal: DealDep, part_id: int) -> Any:
    return _read_part(db, "work", deal, part_id)


@router.patch("/deals/{deal_id}/work/{part_id}", response_model=s.WorkPublic, tags=["work"])
def update_work_entry(db: DbDep, deal: DealDep, part_id: int, data: s.WorkUpdate) -> Any:
    return _update_part(db, "work", deal, part_id, data)


@router.delete(
    "/deals/{deal_id}/work/{part_id}", status_code=204, response_class=Response, tags=["work"]
)
def delete_work_entry(db: DbDep, deal: DealDep, part_id: int) -> Response:
    return _delete_part(db, "work", deal, part_id)


@router.get("/deals/{deal_id}/payments", response_model=Page[s.PaymentPublic], tags=["payments"])
def list_payments(db: DbDep, deal: DealDep, limit: Limit = 500, offset: Offset = 0) -> Any:
    return _list_parts(db, "payments", deal, limit, offset)


@router.post(
    "/deals/{deal_id}/payments", response_model=s.PaymentPublic, status_code=201, tags=["payments"]
)
def create_payment(db: DbDep, deal: DealDep, data: s.PaymentCreate) -> Any:
    return ledger.create_part(db, ledger.PARTS["payments"], deal=deal, data=data)


@router.get(
    "/deals/{deal_id}/payments/{part_id}", response_model=s.PaymentPublic, tags=["payments"]
)
def read_payment(db: DbDep, deal: DealDep, part_id: int) -> Any:
    return _read_part(db, "payments", deal, part_id)


@router.patch(
    "/deals/{deal_id}/payments/{part_id}", response_model=s.PaymentPublic, tags=["payments"]
)
def update_payment(db: DbDep, deal: DealDep, part_id: int, data: s.PaymentUpdate) -> Any:
    return _update_part(db, "payments", deal, part_id, data)


@router.delete(
    "/deals/{deal_id}/payments/{part_id}",
    status_code=204,
    response_class=Response,
    tags=["payments"],
)
def delete_payment(db: DbDep, deal: DealDep, part_id: int) -> Response:
    return _delete_part(db, "payments", deal, part_id)


@router.get("/deals/{deal_id}/expenses", response_model=Page[s.ExpensePublic], tags=["expenses"])
def list_expenses(db: DbDep, deal: DealDep, limit: Limit = 500, offset: Offset = 0) -> Any:
    return _list_parts(db, "expenses", deal, limit, offset)


@router.post(
    "/deals/{deal_id}/expenses", response_model=s.ExpensePublic, status_code=201, tags=["expenses"]
)
def create_expense(db: DbDep, deal: DealDep, data: s.ExpenseCreate) -> Any:
    return ledger.create_part(db, ledger.PARTS["expenses"], deal=deal, data=data)


@router.get(
    "/deals/{deal_id}/expenses/{part_id}", response_model=s.ExpensePublic, tags=["expenses"]
)
def read_expense(db: DbDep, deal: DealDep, part_id: int) -> Any:
    return _read_part(db, "expenses", deal, part_id)


@router.patch(
    "/deals/{deal_id}/expenses/{part_id}", response_model=s.ExpensePublic, tags=["expenses"]
)
def update_expense(db: DbDep, deal: DealDep, part_id: int, data: s.ExpenseUpdate) -> Any:
    return _update_part(db, "expenses", deal, part_id, data)


@router.delete(
    "/deals/{deal_id}/expenses/{part_id}",
    status_code=204,
    response_class=Response,
    tags=["expenses"],
)
def delete_expense(db: DbDep, deal: DealDep, part_id: int) -> Response:
    return _delete_part(db, "expenses", deal, part_id)


@router.get("/deals/{deal_id}/in-kind", response_model=Page[s.InKindPublic], tags=["in-kind"])
def list_in_kind(db: DbDep, deal: DealDep, limit: Limit = 500, offset: Offset = 0) -> Any:
    return _list_parts(db, "in-kind", deal, limit, offset)


@router.post(
    "/deals/{deal_id}/in-kind", response_model=s.InKindPublic, status_code=201, tags=["in-kind"]
)
def create_in_kind_item(db: DbDep, deal: DealDep, data: s.InKindCreate) -> Any:
    return ledger.create_part(db, ledger.PARTS["in-kind"], deal=deal, data=data)


@router.get("/deals/{deal_id}/in-kind/{part_id}", response_model=s.InKindPublic, tags=["in-kind"])
def read_in_kind_item(db: DbDep, deal: DealDep, part_id: int) -> Any:
    return _read_part(db, "in-kind", deal, part_id)


@router.patch("/deals/{deal_id}/in-kind/{part_id}", response_model=s.InKindPublic, tags=["in-kind"])
def update_in_kind_item(db: DbDep, deal: DealDep, part_id: int, data: s.InKindUpdate) -> Any:
    return _update_part(db, "in-kind", deal, part_id, data)


@router.delete(
    "/deals/{deal_id}/in-kind/{part_id}", status_code=204, response_class=Response, tags=["in-kind"]
)
def delete_in_kind_item(db: DbDep, deal: DealDep, part_id: int) -> Response:
    return _delete_part(db, "in-kind", deal, part_id)
