"""Release files: `kocledger.release/2` (member-level DP; each cell carries its currency and
the release its privacy cost), validated strictly, and `kocledger.release/1` (made before noise,
accepted for continuity and flagged as made without noise)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.collective.package import Kind, Niche, Platform
from app.collective.release_file import parse_release_v1, raise_located

RELEASE_SCHEMA = "kocledger.release/2"


class Median(BaseModel):
    model_config = ConfigDict(extra="forbid")
    median: Annotated[float, Field(ge=0, le=100_000_000)]


class CellFigures(BaseModel):
    model_config = ConfigDict(extra="forbid")
    fee_per_unit: Median | None = None
    effective_hourly: Median | None = None


class CellV2(BaseModel):
    model_config = ConfigDict(extra="forbid")
    platform: Platform
    kind: Kind
    tier: Literal["T0", "T1", "T2", "T3", "T4", "T5"]
    niche: Niche | Literal["all"]
    year: Annotated[int, Field(ge=2000, le=2099)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    contributors: Annotated[int, Field(ge=0, le=10_000_000)]
    figures: CellFigures


class CardV2(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: Annotated[str, Field(min_length=1, max_length=100)]
    kind: Literal["brand", "agency"]
    contributors: Annotated[int, Field(ge=0, le=10_000_000)]
    share_paid_late: Annotated[float, Field(ge=0, le=1)]


class Privacy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    epsilon: Annotated[float, Field(ge=0, le=1000)]
    delta: Annotated[float, Field(ge=0, le=1)]


class ReleaseV2(BaseModel):
    model_config = ConfigDict(extra="forbid")
    schema_: Literal["kocledger.release/2"] = Field(alias="schema")
    collective: Annotated[str, Field(max_length=100)]
    number: Annotated[int, Field(ge=1, lt=2**31)]
    made_on: date
    period: Annotated[str, Field(max_length=10)]
    privacy: Privacy
    cells: Annotated[list[CellV2], Field(max_length=100_000)]
    report_cards: Annotated[list[CardV2], Field(max_length=100_000)]


@dataclass(frozen=True)
class ParsedRelease:
    collective: str
    number: int
    made_on: date
    cells: list[dict[str, Any]]
    report_cards: list[dict[str, Any]]
    without_noise: bool


def parse_release(document: Any) -> ParsedRelease | None:
    """The release in a file, or None when it names no release schema; a file that names one
    but breaks it raises ReleaseFileError naming each problem's place."""
    if not isinstance(document, dict):
        return None
    if document.get("schema") == RELEASE_SCHEMA:
        try:
            release = ReleaseV2.model_validate(document)
        except ValidationError as exc:
            raise_located(exc)
            raise  # pragma: no cover - raise_located always raises
        return ParsedRelease(
            collective=release.collective,
            number=release.number,
            made_on=release.made_on,
            cells=[c.model_dump(mode="json") for c in release.cells],
            report_cards=[c.model_dump(mode="json") for c in release.report_cards],
            without_noise=False,
        )
    if document.get("schema") != "kocledger.release/1":
        return None
    old = parse_release_v1(document)
    return ParsedRelease(
        collective=old.collective,
        number=old.number,
        made_on=old.made_on,
        cells=[c.model_dump(mode="json") for c in old.cells],
        report_cards=[c.model_dump(mode="json") for c in old.report_cards],
        without_noise=True,
    )
