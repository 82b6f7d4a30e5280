"""One SQLModel family per entity: a field the table and its API models both hold is declared
once, in the entity's base (models.py), which the table and the API models inherit; only
money and the few fields listed here, which read differently in and out, are declared apart."""

from __future__ import annotations

import pytest
from annotated_types import MaxLen
from pydantic import BaseModel
from sqlalchemy import BigInteger
from sqlalchemy import inspect as sa_inspect
from sqlmodel import SQLModel
from starlette.testclient import TestClient

from app.collective import schemas as collective
from app.collective.models import Collective, ImportedBenchmark
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.models import Agency, Brand, Deal, Profile
from app.negotiation.models import RateCard
from app.negotiation.schemas import RateCardIn

# table -> the API models of its family (create body and output)
FAMILIES: dict[str, tuple[type[SQLModel], tuple[type[BaseModel], ...]]] = {
    "profile": (Profile, (s.ProfileUpdate, s.ProfilePublic)),
    "brands": (Brand, (s.BrandCreate, s.BrandPublic)),
    "agencies": (Agency, (s.AgencyCreate, s.AgencyPublic)),
    "deals": (Deal, (s.DealCreate, s.DealCreateByName, s.DealPublic)),
    **{slug: (spec.table, (spec.create, spec.public)) for slug, spec in ledger.PARTS.items()},
    # The rate card's answer (RateCardSettingsPublic) is part of a computed card, not the row;
    # a collective's answer (CollectivePublic) reads as stored, without the input's checks.
    "rate-card": (RateCard, (RateCardIn,)),
    "collectives": (Collective, (collective.CollectiveIn,)),
    "imported": (ImportedBenchmark, (collective.Imported,)),
}
# Declared apart, each for a reason: keys the server or the URL sets (a deal's brand is
# required by id, or given by name); a deal's currency and withholding, where null in asks
# for a default and the table stores the value itself; the timer, written by the server only.
DECLARED_APART = {"id", "deal_id", "brand_id", "currency", "withholding", "timer_started_at"}


def _declared_in(model: type[BaseModel], name: str) -> type:
    """The class of the model's hierarchy that declares the field (the nearest one)."""
    return next(k for k in model.__mro__ if name in vars(k).get("__annotations__", {}))


def _money(table: type[SQLModel], name: str) -> bool:
    # Money is integer minor units in the table and a decimal string in the API: declared apart.
    return isinstance(sa_inspect(table).columns[name].type, BigInteger)


@pytest.mark.parametrize("slug", FAMILIES)
def test_a_field_the_table_and_its_api_share_is_declared_once(slug: str) -> None:
    table, api_models = FAMILIES[slug]
    columns = {c.key for c in sa_inspect(table).columns}
    for model in api_models:
        for name in sorted(set(model.model_fields) & columns):
            if name in DECLARED_APART or _money(table, name):
                continue
            base = _declared_in(table, name)
            assert base is not table, f"{table.__name__}.{name} is declared in the table itself"
            assert issubclass(model, base), f"{model.__name__}.{name} is not from {base.__name__}"


@pytest.mark.parametrize("slug", FAMILIES)
def test_the_table_declares_only_keys_money_and_what_the_server_writes(slug: str) -> None:
    """The other side of the rule: what a table adds to its base is never a field its API
    models hold, unless listed above or money."""
    table, api_models = FAMILIES[slug]
    shared = set().union(*(set(m.model_fields) for m in api_models))
    own = set(vars(table).get("__annotations__", {}))
    stray = {n for n in own & shared if n not in DECLARED_APART and not _money(table, n)}
    assert stray == set(), f"{table.__name__} redeclares {sorted(stray)}"


# A text wider in the API than its column: PostgreSQL refuses the row (a 500), SQLite keeps it.
# Brand category and profile display name were (checked at 200, columns of 100) until 0020.
def test_no_text_is_checked_wider_than_its_column() -> None:
    too_wide = set()
    for table, _api in FAMILIES.values():
        for column in sa_inspect(table).columns:
            length = getattr(column.type, "length", None)
            field = table.model_fields.get(column.key)
            if length is None or field is None:
                continue
            checked = [m.max_length for m in field.metadata if isinstance(m, MaxLen)]
            if checked and checked[0] > length:
                too_wide.add((sa_inspect(table).local_table.name, column.key))
    assert too_wide == set()


def test_the_longest_text_the_api_accepts_is_kept(api: TestClient) -> None:
    # On PostgreSQL a 101-character category or display name was a 500 (column of 100).
    longest = "品" * 200
    made = api.post("/api/v1/brands", json={"name": "Longest", "category": longest})
    assert made.status_code == 201, made.text
    assert api.get(f"/api/v1/brands/{made.json()['id']}").json()["category"] == longest
    patched = api.patch("/api/v1/profile", json={"display_name": longest})
    assert patched.status_code == 200, patched.text
    assert api.get("/api/v1/profile").json()["display_name"] == longest
