"""Export and import of a whole account as versioned JSON: lossless, ids remapped, all or nothing.

Records refer to each other by `ref` (their position in the file, from 1), never by database
id, so export → import → export gives the same document (but for `exported_at`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, select

from app.economics import rollup
from app.economics.service import refresh_figures
from app.economics.tax import default_withholding
from app.ledger import schemas as s
from app.ledger import service as ledger
from app.ledger.models import (
    Agency,
    Brand,
    Deal,
    Deliverable,
    Expense,
    InKindItem,
    Payment,
    WorkEntry,
)
from app.negotiation.models import RateCard
from app.negotiation.schemas import RateCardIn

SCHEMA = "kocledger.account/1"
PART_TABLES: dict[str, Any] = {
    "deliverables": Deliverable,
    "work": WorkEntry,
    "payments": Payment,
    "expenses": Expense,
    "in_kind": InKindItem,
}
PART_SPECS = {
    "deliverables": "deliverables",
    "work": "work",
    "payments": "payments",
    "expenses": "expenses",
    "in_kind": "in-kind",
}


class TransferError(Exception):
    """A document that cannot be imported; `errors` name each record and field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:10]))
        self.errors = errors


class BrandRecord(s.BrandCreate):
    ref: int


class AgencyRecord(s.AgencyCreate):
    ref: int


class DealRecord(s.DealCreate):
    """A deal; `brand_id` and `agency_id` are refs to records of this document."""

    ref: int
    created_at: datetime
    deliverables: list[s.DeliverableCreate] = Field(default_factory=list)
    work: list[s.WorkCreate] = Field(default_factory=list)
    payments: list[s.PaymentCreate] = Field(default_factory=list)
    expenses: list[s.ExpenseCreate] = Field(default_factory=list)
    in_kind: list[s.InKindCreate] = Field(default_factory=list)


class AccountDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_: str = Field(alias="schema", pattern=r"^kocledger\.account/1$")
    exported_at: datetime | None = None
    profile: s.ProfileUpdate
    rate_card: RateCardIn | None = None
    brands: list[BrandRecord] = Field(default_factory=list, max_length=100_000)
    agencies: list[AgencyRecord] = Field(default_factory=list, max_length=100_000)
    deals: list[DealRecord] = Field(default_factory=list, max_length=200_000)


def _record_of(model: BaseModel, **drop: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", exclude=set(drop))


def export_account(session: Session, *, user_id: int, now: datetime) -> dict[str, Any]:
    profile = ledger.get_profile(session, user_id=user_id)
    brands, _ = ledger.list_brands(session, user_id=user_id)
    agencies, _ = ledger.list_agencies(session, user_id=user_id)
    brands = sorted(brands, key=lambda b: b.id or 0)
    agencies = sorted(agencies, key=lambda a: a.id or 0)
    brand_ref = {b.id: index for index, b in enumerate(brands, 1)}
    agency_ref = {a.id: index for index, a in enumerate(agencies, 1)}
    deals = session.exec(select(Deal).where(Deal.user_id == user_id).order_by(col(Deal.id))).all()
    parts: dict[str, dict[int, list[Any]]] = {}
    for name, table in PART_TABLES.items():
        grouped: dict[int, list[Any]] = {}
        model: Any = table
        rows = session.exec(
            select(model).where(col(model.user_id) == user_id).order_by(col(model.id))
        ).all()
        for row in rows:
            grouped.setdefault(row.deal_id, []).append(row)
        parts[name] = grouped
    card = session.get(RateCard, user_id)
    document: dict[str, Any] = {
        "schema": SCHEMA,
        "exported_at": now.isoformat(),
        "profile": _record_of(s.ProfilePublic.model_validate(profile)),
        "rate_card": None
        if card is None
        else {name: getattr(card, name) for name in RateCardIn.model_fields},
        "brands": [
            {"ref": brand_ref[b.id], **_record_of(s.BrandPublic.model_validate(b), id=True)}
            for b in brands
        ],
        "agencies": [
            {"ref": agency_ref[a.id], **_record_of(s.AgencyPublic.model_validate(a), id=True)}
            for a in agencies
        ],
        "deals": [],
    }
    for index, deal in enumerate(deals, 1):
        record = _record_of(s.DealPublic.model_validate(deal), id=True, timer_started_at=True)
        record.update(
            ref=index,
            brand_id=brand_ref[deal.brand_id],
            agency_id=agency_ref.get(deal.agency_id),
            created_at=deal.created_at.isoformat(),
        )
        for name in PART_TABLES:
            spec = ledger.PARTS[PART_SPECS[name]]
            record[name] = [
                _record_of(spec.public.model_validate(row), id=True, deal_id=True, net=True)
                for row in parts[name].get(deal.id or 0, [])
            ]
        document["deals"].append(record)
    return document


def _located(exc: ValidationError) -> list[str]:
    out = []
    for error in exc.errors():
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
        out.append(f"{where.lstrip('.') or 'document'}: {error['msg']}")
    return out


def import_account(session: Session, *, user_id: int, document: Any) -> int:
    """Add the document's records to the account in one transaction; returns deals added."""
    try:
        doc = AccountDocument.model_validate(document)
    except ValidationError as exc:
        raise TransferError(_located(exc)) from exc
    errors = _check_refs(doc)
    if errors:
        raise TransferError(errors)
    try:
        profile = ledger.get_profile(session, user_id=user_id)
        profile_changes = ledger.profile_columns(doc.profile.model_dump(exclude_unset=True))
        for name, value in ledger.plain_values(profile_changes).items():
            if value is not None or name in ledger.PROFILE_NULLABLE:
                setattr(profile, name, value)
        session.add(profile)
        if doc.rate_card is not None:
            card = session.get(RateCard, user_id) or RateCard(user_id=user_id)
            for name, value in doc.rate_card.model_dump().items():
                setattr(card, name, value)
            session.add(card)
        brand_ids: dict[int, int] = {}
        for record in doc.brands:
            brand = Brand(user_id=user_id, **record.model_dump(exclude={"ref"}))
            session.add(brand)
            session.flush()
            brand_ids[record.ref] = brand.id or 0
        agency_ids: dict[int, int] = {}
        for agency_record in doc.agencies:
            agency = Agency(
                user_id=user_id, **agency_record.model_dump(exclude={"ref"}, mode="json")
            )
            session.add(agency)
            session.flush()
            agency_ids[agency_record.ref] = agency.id or 0
        for deal_record in doc.deals:
            values = ledger.plain_values(deal_record.model_dump(exclude={"ref", *PART_TABLES}))
            values["brand_id"] = brand_ids[deal_record.brand_id]
            values["agency_id"] = (
                agency_ids.get(deal_record.agency_id) if deal_record.agency_id else None
            )
            values["currency"] = values["currency"] or profile.currency
            if values["withholding"] is None:
                values["withholding"] = default_withholding(values["source"], values["currency"])
            deal = Deal(user_id=user_id, **values)
            session.add(deal)
            session.flush()
            for name, table in PART_TABLES.items():
                for part in getattr(deal_record, name):
                    session.add(
                        table(
                            user_id=user_id,
                            deal_id=deal.id,
                            **ledger.plain_values(part.model_dump()),
                        )
                    )
            refresh_figures(session, deal)
        session.flush()
        rollup.rebuild(session, user_id=user_id)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return len(doc.deals)


def _check_refs(doc: AccountDocument) -> list[str]:
    errors = []
    brands = {b.ref for b in doc.brands}
    agencies = {a.ref for a in doc.agencies}
    if len(brands) != len(doc.brands):
        errors.append("brands: two records share a ref")
    if len(agencies) != len(doc.agencies):
        errors.append("agencies: two records share a ref")
    for index, deal in enumerate(doc.deals):
        if deal.brand_id not in brands:
            errors.append(f"deals[{index}].brand_id: no brand with ref {deal.brand_id}")
        if deal.agency_id is not None and deal.agency_id not in agencies:
            errors.append(f"deals[{index}].agency_id: no agency with ref {deal.agency_id}")
    return errors
