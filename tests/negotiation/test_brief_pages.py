"""Paste a brand's message: the page, the pre-filled check and "save as a deal" (issue 13)."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import clock
from app.ledger import service as ledger
from app.ledger.models import Agency, Brand, Deal, Deliverable
from app.ledger.schemas import BrandCreate
from app.negotiation.brief import parse_brief
from app.transfer import export_account, import_account
from tests.conftest import csrf_of, make_user, sign_in
from tests.html import error_beside, hrefs, one, parse, posted, texts, value_of

MESSAGE = (
    "您好～我们是「花西子」品牌方，想邀请您合作2篇图文笔记🌸\n报价：每篇800元\n"
    "可修改1次\n发布后30天内结款\n竞品排他15天\n请于12月10日前发布 <script>alert(1)</script>"
)
AGENCY_MESSAGE = (
    "您好，我是乐游MCN的商务小林，帮品牌「花西子」找达人做直播1场，坑位费2万。"
    "机构抽成20%。12月20日前完成直播。"
)


def _form(page: Any) -> dict[str, str]:
    """The offer form's fields as the page filled them (what a browser would post)."""
    return posted(one(parse(page), "form[action='/offers/check']"))


def test_home_and_offer_page_offer_the_paste(signed_in: TestClient) -> None:
    assert "/offers/paste" in hrefs(parse(signed_in.get("/")))
    page = parse(signed_in.get("/offers/new"))
    one(page, "form[action='/offers/paste'] textarea[name=brief_text]")
    assert signed_in.get("/offers/paste").status_code == 200


def test_paste_fills_the_form_marks_the_source_and_checks(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"brief_text": MESSAGE, "csrf_token": token})
    assert page.status_code == 200, page.text
    form = _form(page)
    due = parse_brief(MESSAGE, clock.today_in("Asia/Shanghai"))["deadline"]
    assert {k: form[k] for k in ("fee", "included_revision_rounds", "payment_days")} == {
        "fee": "1600.00",
        "included_revision_rounds": "1",
        "payment_days": "30",
    }
    assert form["exclusivity_days"] == "15" and form["due_on"] == str(due)
    assert form["brand_name"] == "花西子"
    doc = parse(page)
    # Each field is marked in the message with the words it came from (its name beside them).
    marks = {str(m.attributes["title"]): m.text(deep=False) for m in doc.css("#from-message mark")}
    assert marks["Brand"] == "花西子" and marks["Fee, Currency"] == "800元"
    assert marks["Exclusivity"] == "排他15天" and marks["Due"] == "12月10日"
    assert "<script>alert(1)</script>" in one(doc, "#from-message .brief-source").text()
    assert "<script>alert(1)</script>" not in page.text  # the message is shown escaped
    assert one(doc, "#result") is not None and one(doc, "#drafts") is not None  # checked below
    assert "open" in one(doc, "details#save").attributes


def test_paste_then_save_creates_the_deal_with_the_message(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    ledger.create_brand(db, user_id=user.id, data=BrandCreate(name="花西子"))
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"brief_text": MESSAGE, "csrf_token": token})
    form = _form(page)
    assert form["brief_text"] == MESSAGE
    saved = signed_in.post("/offers/save", data=form)
    assert saved.status_code == 303, saved.text
    deal = db.exec(select(Deal).where(Deal.user_id == user.id)).one()
    assert deal.brief_text == MESSAGE and deal.status == "negotiating"
    assert deal.quoted_fee == 160000 and deal.exclusivity_days == 15
    assert deal.source == "brand_dm"
    brands = db.exec(select(Brand).where(Brand.user_id == user.id)).all()
    assert [b.name for b in brands] == ["花西子"]  # matched, not duplicated
    parts = db.exec(select(Deliverable).where(Deliverable.deal_id == deal.id)).all()
    assert [(p.kind, p.quantity) for p in parts] == [("image_note", 2)]
    shown = signed_in.get(f"/deals/{deal.id}")
    assert one(parse(shown), "pre.brief-text").text() == MESSAGE
    assert "<script>alert(1)</script>" not in shown.text


def test_save_creates_brand_and_agency_by_name_case_insensitively(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    ledger.create_brand(db, user_id=user.id, data=BrandCreate(name="Glow Lab"))
    other = make_user(db, "lin")
    ledger.create_brand(db, user_id=other.id, data=BrandCreate(name="花西子"))
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"brief_text": AGENCY_MESSAGE, "csrf_token": token})
    form = _form(page)
    assert form["agency_name"] == "乐游MCN" and form["brand_name"] == "花西子"
    assert signed_in.post("/offers/save", data=form).status_code == 303
    mine = db.exec(select(Brand).where(Brand.user_id == user.id)).all()
    assert sorted(b.name for b in mine) == ["Glow Lab", "花西子"]  # not the other account's
    agency = db.exec(select(Agency).where(Agency.user_id == user.id)).one()
    deal = db.exec(select(Deal).where(Deal.user_id == user.id)).one()
    assert agency.name == "乐游MCN" and deal.agency_id == agency.id
    again = {**form, "brand_name": "  glow   LAB ", "agency_name": "乐游mcn", "title": "Again"}
    assert signed_in.post("/offers/save", data=again).status_code == 303
    assert len(db.exec(select(Brand).where(Brand.user_id == user.id)).all()) == 2
    assert len(db.exec(select(Agency).where(Agency.user_id == user.id)).all()) == 1


def test_paste_rejects_empty_and_long_text(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    empty = signed_in.post("/offers/paste", data={"brief_text": "  \n", "csrf_token": token})
    assert empty.status_code == 422 and error_beside(parse(empty), "brief_text")
    long = signed_in.post("/offers/paste", data={"brief_text": "图" * 20_001, "csrf_token": token})
    assert long.status_code == 422
    assert "20000" in error_beside(parse(long), "brief_text").replace(",", "")


def test_paste_without_fee_asks_for_it(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post(
        "/offers/paste", data={"brief_text": "我们是「林清轩」，想约1篇笔记", "csrf_token": token}
    )
    assert page.status_code == 200
    doc = parse(page)
    assert doc.css("#result") == []  # nothing to check without a fee
    (missing,) = [n for n in texts(doc, "#from-message .notice") if "Not found" in n]
    assert missing.startswith("Not found in the message: Fee")


def test_paste_needs_csrf_and_sign_in(signed_in: TestClient, client: TestClient) -> None:
    assert signed_in.post("/offers/paste", data={"brief_text": MESSAGE}).status_code in (400, 403)


def test_paste_is_translated(db: Session, client: TestClient) -> None:
    make_user(db, "wei", locale="zh-CN")
    sign_in(client, "wei")
    page = parse(client.get("/offers/paste"))
    assert "粘贴" in texts(page, "h1")[0]


def test_save_refuses_bad_due_date_and_source(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"brief_text": MESSAGE, "csrf_token": token})
    form = _form(page)
    bad = signed_in.post("/offers/save", data={**form, "due_on": "2026-13-40"})
    assert bad.status_code == 422
    shown = parse(bad)
    assert value_of(shown, "due_on") == "2026-13-40"
    assert texts(shown, "#due_on + p.error")[0].startswith("Enter a real date")
    worse = signed_in.post("/offers/save", data={**form, "due_on": "2026-13-40", "source": "x"})
    assert worse.status_code == 422
    kept = _form(worse)  # what was typed is kept while the offer is fixed
    assert kept["due_on"] == "2026-13-40" and kept["brief_text"] == MESSAGE


def test_brief_text_in_export_import_and_csv(
    signed_in: TestClient, api: TestClient, db: Session, user: Any
) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    text = '=HYPERLINK("http://x")\n我们是「花西子」，图文1篇，稿费1500元'
    page = signed_in.post("/offers/paste", data={"brief_text": text, "csrf_token": token})
    assert signed_in.post("/offers/save", data=_form(page)).status_code == 303
    body = signed_in.get("/export/deals.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][-1] == "'" + text  # inert in a spreadsheet
    document = export_account(db, user_id=user.id, now=clock.utcnow())
    assert document["deals"][0]["brief_text"] == text
    other = make_user(db, "lin")
    assert import_account(db, user_id=other.id, document=document) == 1
    copied = db.exec(select(Deal).where(Deal.user_id == other.id)).one()
    assert copied.brief_text == text
