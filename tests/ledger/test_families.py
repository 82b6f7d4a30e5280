"""One model family per entity: the PATCH body is the create body made optional, the output
shows every field, and a PATCH may blank exactly the columns that can hold NULL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlmodel import SQLModel

from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.models import Agency, Brand, Deal, Profile

API = "/api/v1"
# (create, update, public, table) per entity; parts from the service's own list.
FAMILIES: dict[str, tuple[type[BaseModel], type[BaseModel], type[BaseModel], type[SQLModel]]] = {
    "brands": (s.BrandCreate, s.BrandUpdate, s.BrandPublic, Brand),
    "agencies": (s.AgencyCreate, s.AgencyUpdate, s.AgencyPublic, Agency),
    "deals": (s.DealCreate, s.DealUpdate, s.DealPublic, Deal),
    **{
        slug: (spec.create, spec.update, spec.public, spec.table)
        for slug, spec in ledger.PARTS.items()
    },
}


@pytest.mark.parametrize("slug", FAMILIES)
def test_the_patch_body_is_the_create_body_with_nothing_required(slug: str) -> None:
    create, update, _public, _table = FAMILIES[slug]
    assert set(update.model_fields) == set(create.model_fields)
    for name, field in update.model_fields.items():
        assert not field.is_required() and field.default is None, (slug, name)
        assert update.model_validate({name: None}).model_dump(exclude_unset=True) == {name: None}


@pytest.mark.parametrize("slug", FAMILIES)
def test_the_output_shows_every_field_and_every_field_is_a_column(slug: str) -> None:
    create, _update, public, table = FAMILIES[slug]
    columns = set(table.model_fields)
    assert set(create.model_fields) <= set(public.model_fields)
    assert set(public.model_fields) - {"net"} <= columns, slug  # net: computed, read-only
    assert set(create.model_fields) <= columns, slug


def test_profile_family() -> None:
    columns = set(Profile.model_fields) | {"invoice_vat_pct"}  # kept in basis points
    assert set(s.ProfileUpdate.model_fields) == set(s.ProfilePublic.model_fields)
    assert set(s.ProfilePublic.model_fields) <= columns
    assert not any(f.is_required() for f in s.ProfileUpdate.model_fields.values())


def _made(api: TestClient) -> dict[str, str]:
    """One of each object; the path of each, for PATCH."""
    brand = api.post(f"{API}/brands", json={"name": "Aesop"}).json()["id"]
    agency = api.post(f"{API}/agencies", json={"name": "星芒", "typical_cut_pct": 20}).json()
    deal = api.post(
        f"{API}/deals",
        json={
            "title": "Note",
            "brand_id": brand,
            "agency_id": agency["id"],
            "due_on": "2026-04-01",
        },
    ).json()["id"]
    bodies = {
        "deliverables": {"kind": "image_note", "due_on": "2026-04-01"},
        "work": {
            "activity": "revision",
            "minutes": 30,
            "worked_on": "2026-03-01",
            "revision_round": 1,
        },
        "payments": {"gross": "100", "received_on": "2026-03-02", "amount_cny": "100"},
        "expenses": {"amount": "10", "spent_on": "2026-03-03"},
        "in-kind": {"item": "balm", "value": "50"},
    }
    paths = {
        "brands": f"{API}/brands/{brand}",
        "agencies": f"{API}/agencies/{agency['id']}",
        "deals": f"{API}/deals/{deal}",
    }
    for slug, body in bodies.items():
        made = api.post(f"{API}/deals/{deal}/{slug}", json=body)
        assert made.status_code == 201, made.text
        paths[slug] = f"{API}/deals/{deal}/{slug}/{made.json()['id']}"
    return paths


# null asks for the default here, not for an empty column (API.md)
DEFAULTED = {("deals", "currency"), ("deals", "withholding")}
# a revision's round cannot be blanked while it is a revision (checked on the merged entry)
RULES = {("work", "revision_round")}


def test_a_patch_blanks_exactly_the_columns_that_can_be_empty(api: TestClient) -> None:
    paths = _made(api)
    for slug, (_create, update, _public, table) in FAMILIES.items():
        nullable = ledger.nullable_columns(table)
        for name in update.model_fields:
            answer = api.patch(paths[slug], json={name: None})
            if (slug, name) in DEFAULTED:
                assert answer.status_code == 200 and answer.json()[name] is not None, answer.text
            elif name in nullable and (slug, name) not in RULES:
                assert answer.status_code == 200, (slug, name, answer.text)
                assert answer.json()[name] is None, (slug, name)
            else:
                assert answer.status_code == 422, (slug, name, answer.status_code)
                assert answer.json()["detail"][0]["loc"][-1] == name, answer.text


def test_nullable_columns_are_read_from_the_tables() -> None:
    assert ledger.nullable_columns(Agency) >= {"typical_cut_pct"}
    assert "name" not in ledger.nullable_columns(Brand)
    assert {"quoted_fee", "agreed_fee", "agency_id", "due_on"} <= ledger.nullable_columns(Deal)
    assert not {"title", "currency", "status"} & ledger.nullable_columns(Deal)


def test_null_in_profile_patch(api: TestClient) -> None:
    cleared = api.patch(f"{API}/profile", json={"target_hourly": None, "niche": None})
    assert cleared.status_code == 200 and cleared.json()["target_hourly"] is None
    refused = api.patch(f"{API}/profile", json={"timezone": None})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "timezone"
