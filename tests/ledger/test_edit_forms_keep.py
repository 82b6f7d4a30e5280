"""Edit forms write every field they have: a field they do not have must never be erased.

Review 13: the deal's edit form had no field for the brand's pasted message (`brief_text`),
and the page wrote the whole validated model, whose brief_text defaults to "": the first
edit after "save as a deal" erased the record of what was offered."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlmodel import Session

from app.i18n import Translator
from app.ledger import service as ledger
from app.ledger.forms import PART_FIELDS, agency_fields, brand_fields, deal_fields
from app.ledger.models import Agency, Brand, Deal, Payment
from app.ledger.schemas import AgencyCreate, BrandCreate, DealCreate
from tests import factories
from tests.html import error_beside, one, parse, posted, value_of

# A message as a chat app gives it: a first line break, a Windows line break, a direction mark.
MESSAGE = "\n您好～我们是「花西子」，图文2篇，每篇800元\r\n可修改1次\u200f <b>x</b>"
STORED = MESSAGE.replace("\r\n", "\n")


def _edit_form(client: TestClient, where: str) -> dict[str, str]:
    return posted(one(parse(client.get(where + "/edit")), f"form[action='{where}']"))


FORMS: list[tuple[str, Any, type[BaseModel], set[str]]] = [
    # (what, its fields, the model its page validates, fields set from another input)
    ("deal", lambda t: deal_fields(t, [], []), DealCreate, {"brand_id", "agency_id"}),
    ("brand", brand_fields, BrandCreate, set()),
    ("agency", agency_fields, AgencyCreate, set()),
    *[
        (slug, PART_FIELDS[slug], ledger.PARTS[slug].create, set())
        for slug in ("deliverables", "work", "payments", "expenses", "in-kind")
    ],
]


@pytest.mark.parametrize(("what", "fields", "model", "by_name"), FORMS, ids=[f[0] for f in FORMS])
def test_every_field_of_an_edited_record_is_on_its_form(
    what: str, fields: Any, model: type[BaseModel], by_name: set[str]
) -> None:
    # A field the form lacks is written as its default on every edit: each one is on the form.
    on_form = {spec.name for spec in fields(Translator("en"))}
    assert set(model.model_fields) - by_name <= on_form, what


def test_the_deal_form_shows_the_message_and_an_edit_keeps_it(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    deal = factories.deal(db, user, brief_text=MESSAGE)
    assert deal.brief_text == STORED
    where = f"/deals/{deal.id}"
    form = _edit_form(signed_in, where)
    assert form["brief_text"] == STORED  # shown on the form, first line break included
    form["agreed_fee"] = "1800"
    assert signed_in.post(where, data=form, follow_redirects=False).status_code == 303
    db.expire_all()
    deal = db.get_one(Deal, deal.id)
    assert deal.agreed_fee == 180000 and deal.brief_text == STORED


def test_a_refused_edit_keeps_the_message_on_the_form(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    deal = factories.deal(db, user, brief_text=MESSAGE)
    where = f"/deals/{deal.id}"
    form = _edit_form(signed_in, where)
    refused = signed_in.post(where, data={**form, "agreed_fee": "abc"})
    assert refused.status_code == 422
    doc = parse(refused)
    assert error_beside(doc, "agreed_fee")
    assert value_of(doc, "brief_text") == STORED
    # and sent again as shown, once corrected, nothing of it is lost
    again = {**posted(one(doc, f"form[action='{where}']")), "agreed_fee": "1800"}
    assert signed_in.post(where, data=again, follow_redirects=False).status_code == 303
    db.expire_all()
    assert db.get_one(Deal, deal.id).brief_text == STORED


def test_the_message_changes_when_she_changes_it(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    deal = factories.deal(db, user, brief_text=MESSAGE)
    where = f"/deals/{deal.id}"
    # as a browser posts a textarea: CR LF line breaks, a full 20,000 characters
    corrected = ("图文2篇，每篇900元\n" * 2000)[:20_000].replace("\n", "\r\n")
    assert len(corrected) > 21_000 and len(corrected.replace("\r\n", "\n")) == 20_000
    form = {**_edit_form(signed_in, where), "brief_text": corrected}
    assert signed_in.post(where, data=form, follow_redirects=False).status_code == 303
    db.expire_all()
    assert db.get_one(Deal, deal.id).brief_text == corrected.replace("\r\n", "\n")
    too_long = {**form, "brief_text": corrected + "x"}
    refused = signed_in.post(where, data=too_long)
    assert refused.status_code == 422 and error_beside(parse(refused), "brief_text")


def _without(form: dict[str, str], name: str) -> dict[str, str]:
    return {k: v for k, v in form.items() if k != name}


def test_a_deal_form_without_the_message_field_keeps_the_message(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    # A page cached before the field existed (the app works offline), or a script, posts the
    # form without it: what it does not carry stays as stored.
    deal = factories.deal(db, user, brief_text=MESSAGE, notes="call back")
    where = f"/deals/{deal.id}"
    form = _without(_without(_edit_form(signed_in, where), "brief_text"), "notes")
    form["agreed_fee"] = "1800"
    assert signed_in.post(where, data=form, follow_redirects=False).status_code == 303
    db.expire_all()
    deal = db.get_one(Deal, deal.id)
    assert (deal.agreed_fee, deal.brief_text, deal.notes) == (180000, STORED, "call back")
    # a checkbox is sent only when ticked: one on the form that is not sent is unticked
    ticked = factories.deal(db, user, paid_boost_allowed=True)
    where = f"/deals/{ticked.id}"
    form = _without(_edit_form(signed_in, where), "paid_boost_allowed")
    assert signed_in.post(where, data=form, follow_redirects=False).status_code == 303
    db.expire_all()
    assert db.get_one(Deal, ticked.id).paid_boost_allowed is False


@pytest.mark.parametrize(
    ("kind", "values", "left_out"),
    [
        ("brands", {"name": "花西子", "notes": "pays late", "contact": "小林"}, "notes"),
        (
            "agencies",
            {"name": "乐游MCN", "typical_cut_pct": 20, "notes": "二级"},
            "typical_cut_pct",
        ),
    ],
)
def test_a_brand_or_agency_form_without_a_field_keeps_it(
    signed_in: TestClient,
    db: Session,
    user: Any,
    kind: str,
    values: dict[str, Any],
    left_out: str,
) -> None:
    table: type[Brand] | type[Agency] = Brand if kind == "brands" else Agency
    obj: Brand | Agency
    if kind == "brands":
        obj = ledger.create_brand(db, user_id=user.id, data=BrandCreate.model_validate(values))
    else:
        obj = ledger.create_agency(db, user_id=user.id, data=AgencyCreate.model_validate(values))
    where = f"/{kind}/{obj.id}"
    form = _without(_edit_form(signed_in, where), left_out)
    form["name"] = values["name"] + " 2"
    assert signed_in.post(where, data=form, follow_redirects=False).status_code == 303
    db.expire_all()
    again = db.get_one(table, obj.id)
    assert again.name == values["name"] + " 2"
    assert getattr(again, left_out) == values[left_out]


def test_a_part_form_without_a_field_keeps_it(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    deal = factories.deal(db, user)
    payment = factories.part(
        db, deal, "payments", gross="800", received_on="2026-03-01", note="微信转账"
    )
    where = f"/deals/{deal.id}/parts/payments/{payment.id}"
    form = _without(_edit_form(signed_in, where), "note")
    form["gross"] = "900"
    assert signed_in.post(where, data=form, follow_redirects=False).status_code == 303
    db.expire_all()
    again = db.get_one(Payment, payment.id)
    assert (again.gross, again.note) == (90000, "微信转账")
