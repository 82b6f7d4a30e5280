"""Input and output models of the ledger, shared by the JSON API and the HTML forms.

One family per entity: each inherits the entity's base from app.ledger.models (the fields
that read the same in and out, with their checks, declared once and shared with the table),
adds the money (a decimal string here, minor units in the table) and, for output, the id.
A create body, a PATCH body made from it (`partial`), and the output (…Public).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    create_model,
    field_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError
from sqlmodel import SQLModel
from sqlmodel._compat import SQLModelConfig
from sqlmodel.main import FieldInfoMetadata

from app.economics.calc import net_of
from app.ledger.enums import Activity
from app.ledger.models import (
    AgencyBase,
    BrandBase,
    DealBase,
    DeliverableBase,
    ExpenseBase,
    InKindBase,
    PaymentBase,
    ProfileBase,
    WorkBase,
)
from app.validation import (
    Currency,
    MoneyIn,
    MoneyOut,
    OptionalMoneyIn,
    OptionalMoneyOut,
    ShortText,
    none_if_blank,
)

VatPct = Annotated[
    Annotated[Decimal, Field(ge=0, le=20, max_digits=4, decimal_places=2)] | None,
    BeforeValidator(none_if_blank),
]


# SQLModel, as the bases are: a model inherits one of these and an entity's base, and the two
# must agree on the type of model_config.
class Input(SQLModel):
    # A body is data, never an object: from_attributes, which SQLModel turns on for the tables,
    # is off again.
    model_config = SQLModelConfig(extra="forbid", from_attributes=False)
    # Validated as a plain pydantic model. SQLModel's own constructor (for the tables'
    # SQLAlchemy state) makes pydantic call the class with the body as keywords, so a key
    # "cls" or "__pydantic_self__" was a TypeError (a 500) instead of extra_forbidden.
    __init__ = BaseModel.__init__


class Output(SQLModel):
    # Read from the table rows; every field of an output is always sent, defaults included:
    # the schema says so.
    model_config = SQLModelConfig(
        from_attributes=True, json_schema_serialization_defaults_required=True
    )
    __init__ = BaseModel.__init__  # as Input's: validated once, as a plain pydantic model


B = TypeVar("B", bound=BaseModel)


def partial(model: type[B]) -> type[B]:
    """The model with every field optional and defaulting to None: a PATCH body, where what
    is sent changes (read with exclude_unset). Each field keeps its own checks; null stays
    null, and the service refuses it for a column that cannot be empty."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        # The checks stay on the inner type, so they never see the None of the optional; the
        # column a base declares (SQLModel's metadata) is no concern of a PATCH body.
        checks = [m for m in info.metadata if not isinstance(m, FieldInfoMetadata)]
        inner: Any = info.annotation
        if checks:
            inner = Annotated[(inner, *checks)]
        fields[name] = (inner | None, None)
    return create_model(
        model.__name__, __base__=model, __module__=model.__module__, __doc__=model.__doc__, **fields
    )


# Cross-field rules, on internal values, so PATCH can check the merged object too.
def check_deductions(gross: int, platform_fee: int, agency_fee: int, tax_withheld: int) -> None:
    if platform_fee + agency_fee + tax_withheld > gross:
        raise PydanticCustomError(
            "deductions_exceed_gross", "Fees and tax together cannot exceed the gross amount"
        )


def check_revision_round(activity: str, revision_round: int | None) -> str | None:
    """The error code when revision_round does not fit the activity, else None."""
    if activity == Activity.revision and revision_round is None:
        return "revision_round_required"
    if activity != Activity.revision and revision_round is not None:
        return "revision_round_refused"
    return None


REVISION_MESSAGES = {
    "revision_round_required": "A revision needs its round number",
    "revision_round_refused": "Only revisions have a round number",
}


# --- profile -------------------------------------------------------------------------------
@partial
class ProfileUpdate(ProfileBase, Input):
    target_hourly: OptionalMoneyIn = None
    annual_salary: MoneyIn = 0
    annual_deductions: MoneyIn = 0
    salary_tax_prepaid: MoneyIn = 0
    # VAT rate on work invoiced through the tax office (代开发票), percent; stored in basis points
    invoice_vat_pct: VatPct = None


class ProfilePublic(ProfileBase, Output):
    target_hourly: OptionalMoneyOut
    annual_salary: MoneyOut
    annual_deductions: MoneyOut
    salary_tax_prepaid: MoneyOut
    invoice_vat_pct: Decimal

    @model_validator(mode="before")
    @classmethod
    def _vat_pct(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            data = {
                name: getattr(data, name) for name in cls.model_fields if name != "invoice_vat_pct"
            } | {"invoice_vat_pct": Decimal(getattr(data, "invoice_vat_bp", 100)) / 100}
        return data

    @field_serializer("invoice_vat_pct")
    def _pct_text(self, value: Decimal) -> str:
        return f"{value.quantize(Decimal('0.01'))}"


# --- brands and agencies -------------------------------------------------------------------
class BrandCreate(BrandBase, Input):
    pass


@partial
class BrandUpdate(BrandBase, Input):
    pass


class BrandPublic(BrandBase, Output):
    id: int


class AgencyCreate(AgencyBase, Input):
    pass


@partial
class AgencyUpdate(AgencyBase, Input):
    pass


class AgencyPublic(AgencyBase, Output):
    id: int


# --- deals ---------------------------------------------------------------------------------
class DealIn(DealBase, Input):
    # Money differs in and out: a decimal string in ("1234.50"), minor units stored, a
    # decimal string out again. The currency defaults to the profile's when left out.
    currency: Currency | None = None
    quoted_fee: OptionalMoneyIn = None
    agreed_fee: OptionalMoneyIn = None


class DealCreate(DealIn):
    brand_id: int


@partial
class DealUpdate(DealCreate):
    """PATCH: what is sent changes (read with exclude_unset), so nothing is required."""


class DealCreateByName(DealIn):
    """The API's new deal: the brand (and agency) by id or by name. A name matches one of the
    account's own brands ignoring case and spacing; an unknown name adds a brand."""

    brand_id: int | None = None
    brand_name: ShortText = ""
    agency_name: ShortText = ""

    @model_validator(mode="after")
    def _one_brand(self) -> DealCreateByName:
        if self.brand_id is not None and self.brand_name:
            raise PydanticCustomError("brand_id_or_name", "Give brand_id or brand_name, not both")
        if self.brand_id is None and not self.brand_name:
            raise PydanticCustomError("brand_required", "Give brand_id or brand_name")
        if self.agency_id is not None and self.agency_name:
            raise PydanticCustomError(
                "agency_id_or_name", "Give agency_id or agency_name, not both"
            )
        return self


class DealPublic(DealBase, Output):
    # Read as stored: a row saved before dates were bounded (2000-2099) must still be shown,
    # so the in-range check of DealBase's dates applies to input only.
    brief_received_on: date | None = None
    due_on: date | None = None
    delivered_on: date | None = None
    payment_due_on: date | None = None
    id: int
    brand_id: int
    currency: str
    quoted_fee: OptionalMoneyOut
    agreed_fee: OptionalMoneyOut
    timer_started_at: datetime | None


# --- the parts of a deal -------------------------------------------------------------------
# As above; a part's output adds its deal, reads dates as stored (a row saved before dates
# were bounded must still be shown), and money differs in and out (…In holds money in).
class DeliverableCreate(DeliverableBase, Input):
    pass


@partial
class DeliverableUpdate(DeliverableBase, Input):
    pass


class DeliverablePublic(DeliverableBase, Output):
    id: int
    deal_id: int
    due_on: date | None
    posted_on: date | None
    url: str  # as stored: a link saved before links were checked is still shown


class WorkCreate(WorkBase, Input):
    @model_validator(mode="after")
    def _round_fits_activity(self) -> WorkCreate:
        code = check_revision_round(self.activity, self.revision_round)
        if code:
            raise PydanticCustomError(code, REVISION_MESSAGES[code])
        return self


@partial
class WorkUpdate(WorkBase, Input):
    """The round is checked against the activity on the merged entry (service._check_part)."""


class WorkPublic(WorkBase, Output):
    id: int
    deal_id: int
    worked_on: date


class PaymentIn(PaymentBase, Input):
    gross: MoneyIn
    platform_fee: MoneyIn = 0
    agency_fee: MoneyIn = 0
    tax_withheld: MoneyIn = 0
    # A payment in another currency: what arrived in CNY (for the tax estimate)
    amount_cny: OptionalMoneyIn = None


class PaymentCreate(PaymentIn):
    @model_validator(mode="after")
    def _deductions_fit(self) -> PaymentCreate:
        check_deductions(self.gross, self.platform_fee, self.agency_fee, self.tax_withheld)
        return self


@partial
class PaymentUpdate(PaymentIn):
    """Deductions are checked against the gross on the merged payment (service._check_part)."""


class PaymentPublic(PaymentBase, Output):
    id: int
    deal_id: int
    received_on: date
    gross: MoneyOut
    platform_fee: MoneyOut
    agency_fee: MoneyOut
    tax_withheld: MoneyOut
    amount_cny: OptionalMoneyOut
    net: MoneyOut  # read-only, from the one net formula (calc.net_of)

    @model_validator(mode="before")
    @classmethod
    def _with_net(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            data = {name: getattr(data, name) for name in cls.model_fields if name != "net"}
        fees = data["platform_fee"] + data["agency_fee"]
        data.setdefault("net", net_of(data["gross"], fees, data["tax_withheld"]))
        return data


class ExpenseIn(ExpenseBase, Input):
    amount: MoneyIn


class ExpenseCreate(ExpenseIn):
    pass


@partial
class ExpenseUpdate(ExpenseIn):
    pass


class ExpensePublic(ExpenseBase, Output):
    id: int
    deal_id: int
    spent_on: date
    amount: MoneyOut


class InKindIn(InKindBase, Input):
    value: MoneyIn = 0


class InKindCreate(InKindIn):
    pass


@partial
class InKindUpdate(InKindIn):
    pass


class InKindPublic(InKindBase, Output):
    id: int
    deal_id: int
    value: MoneyOut
