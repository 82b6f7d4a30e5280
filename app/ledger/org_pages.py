"""HTML routes for brands and agencies: lists, a page each with its deals, forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import BaseModel, ValidationError

from app.errors import RuleError
from app.i18n import Translator
from app.ledger import service as ledger
from app.ledger.forms import agency_fields, brand_fields
from app.ledger.models import Agency, Brand
from app.ledger.schemas import AgencyCreate, AgencyPublic, BrandCreate, BrandPublic
from app.web.core import Page, UserPage, UserPost, redirect, render, safe_next
from app.web.forms import (
    FieldSpec,
    errors_from_rule,
    errors_from_validation,
    posted_changes,
    read_form,
)
from app.web.strict import StrictRoute

router = APIRouter(route_class=StrictRoute, include_in_schema=False)


@dataclass(frozen=True)
class OrgKind:
    """Brands and agencies are kept the same way; this says which one a route serves."""

    slug: str
    table: type[Brand] | type[Agency]
    create: type[BaseModel]
    public: type[BaseModel]
    fields: Callable[[Translator], list[FieldSpec]]

    def titles(self, t: Translator) -> dict[str, str]:
        if self.slug == "brands":
            return {
                "list": t.gettext("Brands"),
                "new": t.gettext("New brand"),
                "edit": t.gettext("Edit brand"),
                "empty": t.gettext("No brands yet."),
            }
        return {
            "list": t.gettext("Agencies"),
            "new": t.gettext("New agency"),
            "edit": t.gettext("Edit agency"),
            "empty": t.gettext("No agencies yet."),
        }


# The routes are written out twice (/brands and /agencies, by stacked decorators), and each kind's
# models named here: no path parameter decides what a route is.
KINDS = {
    "brands": OrgKind("brands", Brand, BrandCreate, BrandPublic, brand_fields),
    "agencies": OrgKind("agencies", Agency, AgencyCreate, AgencyPublic, agency_fields),
}


def _kind_of(request: Request) -> OrgKind:
    """Which of the two the route was written out for: its path's first segment."""
    # The matched route is on the scope once routing is done; its path tells the two apart.
    route = request.scope["route"]
    return KINDS[str(route.path).split("/")[1]]


def _org_of(page: UserPage, kind: KindDep, obj_id: int) -> Brand | Agency:
    """The signed-in creator's brand or agency; NotFound (a 404) for anyone else's."""
    return ledger.get_owned(page.db, kind.table, user_id=page.user_id, obj_id=obj_id)


KindDep = Annotated[OrgKind, Depends(_kind_of)]
OrgDep = Annotated[Brand | Agency, Depends(_org_of)]


def _list(page: Page, kind: OrgKind) -> Any:
    if kind.slug == "brands":
        return ledger.list_brands(page.db, user_id=page.user_id)[0]
    return ledger.list_agencies(page.db, user_id=page.user_id)[0]


def _form(
    page: Page,
    kind: OrgKind,
    status: int,
    *,
    obj: Any,
    values: dict[str, Any],
    errors: dict[str, str],
) -> Response:
    return render(
        page,
        "ledger/org_form.html",
        status,
        kind=kind,
        titles=kind.titles(page.t),
        obj=obj,
        fields=kind.fields(page.t),
        values=values,
        errors=errors,
        next_url=_next(page),
    )


def _validated(page: Page, kind: OrgKind, *, obj: Any) -> BaseModel | Response:
    """The posted form as the kind's model, or the form again with its errors (422)."""
    assert page.form is not None
    values = read_form(page.form, kind.fields(page.t))
    try:
        # A blank input is left out, so the model's default (or "required") applies.
        return kind.create.model_validate({k: v for k, v in values.items() if v != ""})
    except ValidationError as exc:
        errors = errors_from_validation(page.t, exc)
        return _form(page, kind, 422, obj=obj, values=values, errors=errors)


# Where to go after saving: back to the deal form that asked for a new brand. safe_next keeps it on
# this site.
def _next(page: Page) -> str:
    if page.form is not None:
        return safe_next(page.form.get("next"), "")
    return safe_next(page.request.query_params.get("next"), "")


@router.get("/brands")
@router.get("/agencies")
def list_orgs(page: UserPage, kind: KindDep) -> Response:
    return render(
        page, "ledger/orgs.html", kind=kind, titles=kind.titles(page.t), items=_list(page, kind)
    )


@router.get("/brands/new")
@router.get("/agencies/new")
def new_org(page: UserPage, kind: KindDep) -> Response:
    slug = kind.slug
    # The most common kind is preselected.
    values = {"kind": "agency"} if slug == "agencies" else {}
    return _form(page, kind, 200, obj=None, values=values, errors={})


@router.post("/brands")
@router.post("/agencies")
def create_org(page: UserPost, kind: KindDep) -> Response:
    slug = kind.slug
    data = _validated(page, kind, obj=None)
    if isinstance(data, Response):
        return data
    # Each kind has its own service function (their rules differ: a brand in use cannot be deleted).
    if isinstance(data, BrandCreate):
        obj: Any = ledger.create_brand(page.db, user_id=page.user_id, data=data)
    else:
        assert isinstance(data, AgencyCreate)
        obj = ledger.create_agency(page.db, user_id=page.user_id, data=data)
    next_url = _next(page)
    if next_url:
        key = "brand_id" if slug == "brands" else "agency_id"
        # The new brand or agency goes back to the form that asked for it, chosen there.
        joiner = "&" if "?" in next_url else "?"
        return redirect(f"{next_url}{joiner}{key}={obj.id}")
    return redirect(f"/{slug}/{obj.id}")


@router.get("/brands/{obj_id}")
@router.get("/agencies/{obj_id}")
def show_org(page: UserPage, kind: KindDep, obj: OrgDep) -> Response:
    slug, obj_id = kind.slug, obj.id
    rows, total = ledger.list_deals(
        page.db,
        user_id=page.user_id,
        limit=200,
        brand_id=obj_id if slug == "brands" else None,
        agency_id=obj_id if slug == "agencies" else None,
    )
    return render(
        page,
        "ledger/org.html",
        kind=kind,
        titles=kind.titles(page.t),
        obj=obj,
        rows=rows,
        total=total,
    )


@router.get("/brands/{obj_id}/edit")
@router.get("/agencies/{obj_id}/edit")
def edit_org(page: UserPage, kind: KindDep, obj: OrgDep) -> Response:
    values = kind.public.model_validate(obj).model_dump(mode="json")
    # An empty field, not the text "None".
    values = {k: ("" if v is None else v) for k, v in values.items()}
    return _form(page, kind, 200, obj=obj, values=values, errors={})


@router.post("/brands/{obj_id}")
@router.post("/agencies/{obj_id}")
def update_org(page: UserPost, kind: KindDep, obj: OrgDep) -> Response:
    slug, obj_id = kind.slug, obj.id
    data = _validated(page, kind, obj=obj)
    if isinstance(data, Response):
        return data
    # The form posts every field: all of them are written (a blank one becomes its default);
    # a field it does not carry stays as stored.
    assert page.form is not None
    changes = posted_changes(page.form, kind.fields(page.t), data)
    ledger.update_object(page.db, obj, changes=changes)
    return redirect(f"/{slug}/{obj_id}")


@router.post("/brands/{obj_id}/delete")
@router.post("/agencies/{obj_id}/delete")
def delete_org(page: UserPost, kind: KindDep, obj: OrgDep) -> Response:
    slug, obj_id = kind.slug, obj.id
    try:
        if isinstance(obj, Brand):
            ledger.delete_brand(page.db, obj)
        else:
            ledger.delete_object(page.db, obj)
    # Only a brand that still has deals is refused: the page shows them beside the reason.
    except RuleError as exc:
        rows, total = ledger.list_deals(page.db, user_id=page.user_id, limit=200, brand_id=obj_id)
        return render(
            page,
            "ledger/org.html",
            422,
            kind=kind,
            titles=kind.titles(page.t),
            obj=obj,
            rows=rows,
            total=total,
            delete_error=errors_from_rule(page.t, exc)["brand"],
        )
    return redirect(f"/{slug}")
