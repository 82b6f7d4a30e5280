"""Input and output models of the collectives' JSON API: every response has its schema."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel._compat import SQLModelConfig

from app.collective.formats import ReleaseV2
from app.collective.models import CollectiveBase, ImportedBase


class CollectiveIn(CollectiveBase):
    model_config = SQLModelConfig(extra="forbid", from_attributes=False)
    # A plain pydantic constructor (see app.ledger.schemas.Input): with SQLModel's, a body key
    # "cls" was a TypeError (a 500) instead of extra_forbidden.
    __init__ = BaseModel.__init__


class CodeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: Annotated[str, Field(min_length=1, max_length=40)]


# Read as stored, without the checks of the input (CollectiveBase), every field required: the
# published schema of the answer, which a docstring here would change too.
class CollectivePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    name: str
    slug: str
    k: int
    period: str
    release_day: int


class Joined(BaseModel):
    name: str
    slug: str
    confirmed: bool  # always false on joining: the organizer confirms


class Invite(BaseModel):
    code: str


class Member(BaseModel):
    username: str
    confirmed: bool


class Members(BaseModel):
    items: list[Member]
    total: int


class Sent(BaseModel):
    records: int


class MyCollectives(BaseModel):
    """Every collective holding the caller's records has a budget of its own: added up."""

    holding_my_records: int
    annual_budget_together: float


class PrivacyStatus(BaseModel):
    """What a release costs each member and what is left this year: shown before sending."""

    epsilon_per_release: float
    delta_per_release: float
    annual_budget: float
    spent: float
    remaining: float
    period: str
    release_day: int
    current_period: str
    release_allowed: bool
    next_release_on: date
    my_collectives: MyCollectives


class ReleaseV1Served(BaseModel):
    """A release made before noise, as stored (kocledger.release/1): the hub serves it as it
    was written; a member's import checks it strictly (app/collective/release_file.py)."""

    schema_: Literal["kocledger.release/1"] = Field(alias="schema")
    collective: str
    number: int
    made_on: date
    k: int
    made_without_noise: Literal[True]
    cells: list[dict[str, Any]]
    report_cards: list[dict[str, Any]]


# Either schema, told apart by "schema"; release/2 is the same strict model an import uses.
ReleaseDocument = Annotated[ReleaseV2 | ReleaseV1Served, Field(discriminator="schema_")]


# The fields come from the table's base; SQLModel reads them from the row (from_attributes).
class Imported(ImportedBase):
    __init__ = BaseModel.__init__  # validated once, as a plain pydantic model
