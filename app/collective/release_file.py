"""The older release file (kocledger.release/1, quartiles, made without noise) as a member
imports it: one strict schema, so a bad file is refused with the place of each problem and
never reaches the dashboard or the offer check. Schema 2 lives in app/collective/formats.py;
both are parsed there (`parse_release`), and both raise ReleaseFileError with places."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, model_validator

from app.collective.package import Kind, Niche, Platform
from app.errors import RuleError
from app.validation import ShortText

Bucket = Literal["0-7", "8-30", "31-60", "61-90", "91+", "never"]
# A figure is a real number (no strings, NaN or Infinity) in a range no benchmark leaves.
Figure = Annotated[float, Strict(), Field(ge=-1e9, le=1e9, allow_inf_nan=False)]
Share = Annotated[float, Strict(), Field(ge=0, le=1, allow_inf_nan=False)]
Count = Annotated[int, Strict(), Field(ge=0, le=1_000_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quartiles(_Strict):
    p25: Figure
    median: Figure
    p75: Figure

    @model_validator(mode="after")
    def _ordered(self) -> Quartiles:
        if not self.p25 <= self.median <= self.p75:
            raise ValueError("p25, median and p75 must be in order")
        return self


class NonNegativeQuartiles(Quartiles):
    @model_validator(mode="after")
    def _not_negative(self) -> NonNegativeQuartiles:
        if self.p25 < 0:
            raise ValueError("this figure cannot be negative")
        return self


class BucketQuartiles(_Strict):
    p25: Bucket
    median: Bucket
    p75: Bucket


class Figures(_Strict):
    fee_per_unit: NonNegativeQuartiles | None = None
    effective_hourly: Quartiles | None = None
    hours: NonNegativeQuartiles | None = None
    days_to_payment: BucketQuartiles | None = None
    extra_revision_rounds: NonNegativeQuartiles | None = None
    hidden_labor_share: NonNegativeQuartiles | None = None


class Cell(_Strict):
    platform: Platform
    kind: Kind
    tier: Literal["T0", "T1", "T2", "T3", "T4", "T5"]
    niche: Niche | Literal["all"]
    year: Annotated[int, Strict(), Field(ge=2000, le=2099)]
    contributors: Count
    figures: Figures


class ReportCard(_Strict):
    name: Annotated[ShortText, Field(min_length=1, max_length=100)]
    kind: Literal["brand", "agency"]
    contributors: Count
    median_days_to_payment_bucket: Bucket | None = None
    share_paid_late: Share
    share_with_unpaid_revisions: Share
    median_extra_revision_rounds: Annotated[Figure, Field(ge=0, le=50)] | None = None


class ReleaseFile(_Strict):
    schema_: Literal["kocledger.release/1"] = Field(alias="schema")
    collective: Annotated[ShortText, Field(max_length=100)] = ""
    number: Annotated[int, Field(ge=1, le=2**31 - 1)]
    made_on: Annotated[date, Field(ge=date(2000, 1, 1), le=date(2099, 12, 31))]
    k: Annotated[int, Field(ge=3, le=1000)] | None = None
    made_without_noise: bool | None = None  # what the hub writes on a schema-1 file
    cells: Annotated[list[Cell], Field(max_length=100_000)]
    report_cards: Annotated[list[ReportCard], Field(max_length=100_000)] = []


class ReleaseFileError(RuleError):
    """A file that is not a valid release; `errors` are pydantic's, each with its place."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__("file", "release_invalid", "That is not a KOC Ledger release file")
        self.errors = errors


def parse_release_v1(document: Any) -> ReleaseFile:
    try:
        return ReleaseFile.model_validate(document)
    except ValidationError as exc:
        raise_located(exc)
        raise  # pragma: no cover - raise_located always raises


def raise_located(exc: ValidationError) -> None:
    raise ReleaseFileError(
        [
            {k: e[k] for k in ("type", "loc", "msg", "ctx") if k in e}
            for e in exc.errors(include_url=False)[:20]
        ]
    ) from exc


def usable_cells(body: Any) -> list[dict[str, Any]]:
    """The cells of a stored release that fit a schema (rows stored before files were checked
    may hold anything: those cells are skipped, never shown)."""
    from app.collective.formats import CellV2

    cells = body.get("cells") if isinstance(body, dict) else None
    out = []
    for cell in cells if isinstance(cells, list) else []:
        for model in (CellV2, Cell):
            try:
                out.append(model.model_validate(cell).model_dump(mode="json"))
                break
            except ValidationError:
                continue
    return out
