"""Export and import of a whole account as versioned JSON: lossless, ids remapped, all or nothing.

Records refer to each other by `ref` (their position in the file, from 1), never by database
id, so export → import → export gives the same document (but for `exported_at`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import insert
from sqlmodel import Session, col, select

from app.db import read_only
from app.economics import calc, rollup
from app.economics.models import DealFiguresRow
from app.economics.service import row_values
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
    Profile,
    WorkEntry,
)
from app.negotiation.models import RateCard
from app.negotiation.schemas import RateCardIn
from app.validation import DateTimeIn

SCHEMA = "kocledger.account/1"
PART_TABLES: dict[str, Any] = {
    "deliverables": Deliverable,
    "work": WorkEntry,
    "payments": Payment,
    "expenses": Expense,
    "in_kind": InKindItem,
}
# The document's key of each part and the ledger's slug for it (the API's path word).
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


# Records are the API's create bodies plus a ref: a document is checked by the same rules as every
# other way in, and refs (not ids) tie deals to brands, so it imports into any account.
class BrandRecord(s.BrandCreate):
    ref: int


class AgencyRecord(s.AgencyCreate):
    ref: int


class DealRecord(s.DealCreate):
    """A deal; `brand_id` and `agency_id` are refs to records of this document."""

    ref: int
    created_at: DateTimeIn
    deliverables: list[s.DeliverableCreate] = Field(default_factory=list)
    work: list[s.WorkCreate] = Field(default_factory=list)
    payments: list[s.PaymentCreate] = Field(default_factory=list)
    expenses: list[s.ExpenseCreate] = Field(default_factory=list)
    in_kind: list[s.InKindCreate] = Field(default_factory=list)


class AccountDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_: str = Field(alias="schema", pattern=r"^kocledger\.account/1$")
    # Bounds on every list: a document is read whole into memory before anything is written.
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
    # In id order, so refs follow the order records were made and two exports of one ledger are the
    # same file.
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
        # Through the API's output models: money as decimal strings, the same format the import
        # reads.
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
        # A running timer is a moment on this server, not part of the record.
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
                # net is computed, never imported: it is left out so a document stays importable.
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
    """Add the document's records to the account, all or nothing; returns deals added.

    Everything that takes time happens before the write lock: checking the document, building
    every row and computing every deal's figures (pure formulas). The rows are then written in
    one short transaction of bulk inserts, so other users' writes wait briefly (SQLite has one
    writer at a time) and a failure leaves nothing behind."""
    try:
        doc = AccountDocument.model_validate(document)
    except ValidationError as exc:
        raise TransferError(_located(exc)) from exc
    # Refs are checked before staging, so a broken document fails with every problem named and
    # nothing written.
    errors = _check_refs(doc)
    if errors:
        raise TransferError(errors)
    staged = _stage(session, user_id=user_id, doc=doc)
    try:
        _write_staged(session, user_id=user_id, doc=doc, staged=staged)
        session.commit()
    # All or nothing: a failure in the bulk inserts leaves no half-imported ledger.
    except Exception:
        session.rollback()
        raise
    return len(doc.deals)


def _row(table: Any, **values: Any) -> dict[str, Any]:
    """A table row as a dict, with the model's defaults filled in (for bulk inserts)."""
    # Building the model fills its defaults (the bulk insert below bypasses the ORM, which would
    # otherwise do it).
    obj = table(**values)
    return {c.name: getattr(obj, c.name) for c in table.__table__.columns if c.name != "id"}


def _stage(session: Session, *, user_id: int, doc: AccountDocument) -> dict[str, Any]:
    """Every row of the document, ready to insert, and each deal's figures; reads only (a
    deferred transaction on SQLite: no write lock)."""
    engine = session.get_bind()
    with Session(read_only(engine)) as reader:
        current = reader.execute(
            select(col(Profile.currency)).where(col(Profile.user_id) == user_id)
        ).scalar_one_or_none()
    # Deals without a currency take the profile's: the imported one if the document has it, else the
    # account's own.
    currency = doc.profile.currency or current or "CNY"
    deals: list[dict[str, Any]] = []
    parts: list[dict[str, list[dict[str, Any]]]] = []
    figures: list[dict[str, Any]] = []
    for record in doc.deals:
        # The same defaults create_deal applies (currency, withholding), so an imported deal reads
        # like one made by hand.
        values = ledger.plain_values(record.model_dump(exclude={"ref", *PART_TABLES}))
        values["currency"] = values["currency"] or currency
        if values.get("withholding") is None:
            values["withholding"] = default_withholding(values["source"], values["currency"])
        deals.append(_row(Deal, user_id=user_id, **values))
        rows = {
            name: [
                # deal_id is filled once the deal's id is known (after the insert).
                _row(table, user_id=user_id, deal_id=0, **ledger.plain_values(part.model_dump()))
                for part in getattr(record, name)
            ]
            for name, table in PART_TABLES.items()
        }
        parts.append(rows)
        deal = deals[-1]
        result = calc.deal_figures(
            calc.inputs_from_rows(
                deal,
                rows["work"],
                rows["payments"],  # in file order, as their ids will be
                rows["expenses"],
                rows["in_kind"],
                number_payments=True,
            )
        )
        # Figures are computed here, before the write lock; their rollup keys need the ids, filled
        # in when written.
        figures.append({"user_id": user_id, "rollup_keys": "", **row_values(result)})
    return {"deals": deals, "parts": parts, "figures": figures}


def _insert_returning_ids(session: Session, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Core inserts (no ORM bookkeeping), ids back in the rows' order."""
    core = table.__table__
    statement = insert(core).returning(core.c.id, sort_by_parameter_order=True)
    ids: list[int] = []
    for start in range(0, len(rows), 1000):
        ids += session.connection().execute(statement, rows[start : start + 1000]).scalars().all()
    return ids


def _insert_many(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """One compiled statement, executemany: the fastest bulk insert both databases offer."""
    if rows:
        session.connection().execute(insert(table.__table__), rows)


def _write_staged(
    session: Session, *, user_id: int, doc: AccountDocument, staged: dict[str, Any]
) -> None:
    """The one write transaction: bulk inserts of the staged rows, then the rollups."""
    profile = ledger.get_profile(session, user_id=user_id)
    profile_changes = ledger.profile_columns(doc.profile.model_dump(exclude_unset=True))
    for name, value in ledger.plain_values(profile_changes).items():
        # A null in the document clears only what may be empty; elsewhere it means "not given" and
        # the account's value stays.
        if value is not None or name in ledger.nullable_columns(Profile):
            setattr(profile, name, value)
    session.add(profile)
    if doc.rate_card is not None:
        card = session.get(RateCard, user_id) or RateCard(user_id=user_id)
        for name, value in doc.rate_card.model_dump().items():
            setattr(card, name, value)
        session.add(card)
    # The profile and card changes are part of the same transaction as the rows below.
    session.flush()
    brand_ids = dict(
        zip(
            [b.ref for b in doc.brands],
            _insert_returning_ids(
                session,
                Brand,
                [_row(Brand, user_id=user_id, **b.model_dump(exclude={"ref"})) for b in doc.brands],
            ),
            strict=True,
        )
    )
    agency_ids = dict(
        zip(
            [a.ref for a in doc.agencies],
            _insert_returning_ids(
                session,
                Agency,
                [
                    _row(Agency, user_id=user_id, **a.model_dump(exclude={"ref"}, mode="json"))
                    for a in doc.agencies
                ],
            ),
            strict=True,
        )
    )
    deals = staged["deals"]
    for record, row in zip(doc.deals, deals, strict=True):
        row["brand_id"] = brand_ids[record.brand_id]
        # refs became ids: the deal rows can now be written
        row["agency_id"] = agency_ids.get(record.agency_id) if record.agency_id else None
    deal_ids = _insert_returning_ids(session, Deal, deals)
    for name, table in PART_TABLES.items():
        rows = [
            {**part, "deal_id": deal_id}
            for deal_id, parts in zip(deal_ids, staged["parts"], strict=True)
            for part in parts[name]
        ]
        _insert_many(session, table, rows)
    figures = []
    for deal_id, deal, parts, row in zip(
        deal_ids, deals, staged["parts"], staged["figures"], strict=True
    ):
        kinds = [d["kind"] for d in parts["deliverables"]]
        keys = rollup.keys_of(Deal(**deal), kinds)  # a transient row, never added
        figures.append({**row, "deal_id": deal_id, "rollup_keys": keys})
    _insert_many(session, DealFiguresRow, figures)
    # Rebuilt once for the whole account instead of bumped deal by deal.
    rollup.rebuild(session, user_id=user_id)


def _check_refs(doc: AccountDocument) -> list[str]:
    errors = []
    brands = {b.ref for b in doc.brands}
    agencies = {a.ref for a in doc.agencies}
    # A ref given twice would tie deals to the wrong brand without a word.
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
