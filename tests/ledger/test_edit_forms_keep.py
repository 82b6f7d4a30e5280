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
from app.ledger.models import Agency, Brand, Deal
from app.ledger.schemas import AgencyCreate, BrandCreate, DealCreate
from app.web.forms import FieldSpec, posted_changes
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
    deal = factories.deal(db, user, brief_text=MESSAGE)
    where = f"/deals/{deal.id}"
    form = _without(_edit_form(signed_in, where), "brief_text")
    form["agreed_fee"] = "1800"
    assert signed_in.post(where, data=form, follow_redirects=False).status_code == 303
    db.expire_all()
    deal = db.get_one(Deal, deal.id)
    assert (deal.agreed_fee, deal.brief_text) == (180000, STORED)
    # a checkbox is sent only when ticked: one on the form that is not sent is unticked
    ticked = factories.deal(db, user, paid_boost_allowed=True)
    where = f"/deals/{ticked.id}"
    form = _without(_edit_form(signed_in, where), "paid_boost_allowed")
    assert signed_in.post(where, data=form, follow_redirects=False).status_code == 303
    db.expire_all()
    assert db.get_one(Deal, ticked.id).paid_boost_allowed is False


def test_a_field_the_form_does_not_have_is_not_written() -> None:
    class Record(BaseModel):
        name: str = ""
        record: str = ""
        ticked: bool = False

    specs = [FieldSpec("name", "Name"), FieldSpec("ticked", "Ticked", "checkbox")]
    data = Record(name="x")
    assert posted_changes({"name": "x"}, specs, data) == {"name": "x", "ticked": False}
    assert posted_changes({}, specs, data, links=["record"]) == {
        "name": "x",
        "record": "",
        "ticked": False,
    }
    specs.append(FieldSpec("record", "Record", "textarea"))
    assert "record" not in posted_changes({}, specs, data, kept_unless_posted=["record"])
    assert (
        posted_changes({"record": ""}, specs, data, kept_unless_posted=["record"])["record"] == ""
    )


# --- each edit form, posted as it is shown, changes nothing --------------------------------------
def _same_after_a_plain_edit(
    client: TestClient, db: Session, table: Any, obj: Any, where: str
) -> None:
    before = obj.model_dump()
    response = client.post(where, data=_edit_form(client, where), follow_redirects=False)
    assert response.status_code == 303, response.text[:300]
    db.expire_all()
    after = db.get_one(table, obj.id).model_dump()
    assert after == before


def test_a_deal_edited_without_a_change_is_unchanged(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    agency = ledger.create_agency(db, user_id=user.id, data=AgencyCreate(name="乐游MCN"))
    deal = factories.deal(
        db,
        user,
        agency_id=agency.id,
        status="negotiating",
        source="agency_group",
        compensation="mixed",
        quoted_fee="1500",
        agreed_fee="1200.50",
        currency="USD",
        included_revision_rounds=2,
        brief_received_on="2026-03-01",
        due_on="2026-03-20",
        delivered_on="2026-03-18",
        payment_due_on="2026-04-30",
        platform="douyin",
        disclosure="reported",
        niche="beauty",
        follower_count=12000,
        protection_days=7,
        usage_rights_days=90,
        exclusivity_days=15,
        paid_boost_allowed=True,
        withholding="none",
        vat_invoiced=True,
        notes="call back",
        brief_text=MESSAGE,
    )
    _same_after_a_plain_edit(signed_in, db, Deal, deal, f"/deals/{deal.id}")


def test_a_brand_and_an_agency_edited_without_a_change_are_unchanged(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    brand = ledger.create_brand(
        db,
        user_id=user.id,
        data=BrandCreate(name="花西子", category="彩妆", contact="小林", notes="pays late"),
    )
    _same_after_a_plain_edit(signed_in, db, Brand, brand, f"/brands/{brand.id}")
    agency = ledger.create_agency(
        db,
        user_id=user.id,
        data=AgencyCreate.model_validate(
            {"name": "乐游MCN", "kind": "mcn", "typical_cut_pct": 20, "notes": "二级"}
        ),
    )
    _same_after_a_plain_edit(signed_in, db, Agency, agency, f"/agencies/{agency.id}")


PARTS: dict[str, dict[str, Any]] = {
    "deliverables": {
        "kind": "video_note",
        "quantity": 2,
        "due_on": "2026-03-10",
        "posted_on": "2026-03-09",
        "url": "https://www.xiaohongshu.com/explore/1",
    },
    "work": {
        "activity": "revision",
        "minutes": 45,
        "worked_on": "2026-03-02",
        "revision_round": 2,
        "unpaid": True,
        "note": "第二轮",
    },
    "payments": {
        "gross": "800",
        "received_on": "2026-03-01",
        "platform_fee": "80",
        "agency_fee": "40",
        "tax_withheld": "10",
        "amount_cny": "5000",
        "method": "alipay",
        "note": "微信转账",
    },
    "expenses": {"amount": "35.5", "spent_on": "2026-03-01", "category": "props", "note": "花"},
    "in-kind": {"item": "精华", "value": "299", "kept": False},
}


@pytest.mark.parametrize("slug", list(PARTS))
def test_a_part_edited_without_a_change_is_unchanged(
    signed_in: TestClient, db: Session, user: Any, slug: str
) -> None:
    deal = factories.deal(db, user, currency="USD")
    part = factories.part(db, deal, slug, **PARTS[slug])
    table = type(part)
    where = f"/deals/{deal.id}/parts/{slug}/{part.id}"
    _same_after_a_plain_edit(signed_in, db, table, part, where)
