"""Paste a brand's message: the page, the pre-filled check and "save as a deal" (issue 13)."""

from __future__ import annotations

import csv
import io
import re
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

MESSAGE = (
    "您好～我们是「花西子」品牌方，想邀请您合作2篇图文笔记🌸\n报价：每篇800元\n"
    "可修改1次\n发布后30天内结款\n竞品排他15天\n请于12月10日前发布 <script>alert(1)</script>"
)
AGENCY_MESSAGE = (
    "您好，我是乐游MCN的商务小林，帮品牌「花西子」找达人做直播1场，坑位费2万。"
    "机构抽成20%。12月20日前完成直播。"
)


def _form(html: str) -> dict[str, str]:
    """The offer form's fields as the page filled them (what a browser would post)."""
    form: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html):
        form[name] = value
    for name, value in re.findall(r'<input[^>]*value="([^"]*)"[^>]*name="([^"]+)"', html):
        form.setdefault(value, name)
    for select_name, body in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S
    ):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        form[select_name] = chosen.group(1) if chosen else ""
    for name in re.findall(r'<input type="checkbox"[^>]*name="([^"]+)"[^>]*checked', html):
        form[name] = "on"
    return {
        k: v.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#34;", '"')
        .replace("&#39;", "'")
        for k, v in form.items()
    }


def test_home_and_offer_page_offer_the_paste(signed_in: TestClient) -> None:
    assert 'href="/offers/paste"' in signed_in.get("/").text
    page = signed_in.get("/offers/new").text
    assert 'action="/offers/paste"' in page and 'name="brief_text"' in page
    assert signed_in.get("/offers/paste").status_code == 200


def test_paste_fills_the_form_marks_the_source_and_checks(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"brief_text": MESSAGE, "csrf_token": token})
    assert page.status_code == 200, page.text
    html = page.text
    assert 'id="fee" name="fee" value="1600.00"' in html
    assert 'name="included_revision_rounds" value="1"' in html
    assert 'name="payment_days" value="30"' in html
    assert 'name="exclusivity_days" value="15"' in html
    due = parse_brief(MESSAGE, clock.today_in("Asia/Shanghai"))["deadline"]
    assert 'value="花西子"' in html and f'id="due_on" name="due_on" value="{due}"' in html
    assert "<mark" in html and "每篇800元" in html
    assert "<script>alert(1)</script>" not in html  # the message is shown escaped
    assert 'id="result"' in html and 'id="drafts"' in html  # the checked offer below
    assert '<details class="card" id="save" open>' in html


def test_paste_then_save_creates_the_deal_with_the_message(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    ledger.create_brand(db, user_id=user.id, data=BrandCreate(name="花西子"))
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"brief_text": MESSAGE, "csrf_token": token})
    form = _form(page.text)
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
    shown = signed_in.get(f"/deals/{deal.id}").text
    assert "每篇800元" in shown and "<script>alert(1)</script>" not in shown


def test_save_creates_brand_and_agency_by_name_case_insensitively(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    ledger.create_brand(db, user_id=user.id, data=BrandCreate(name="Glow Lab"))
    other = make_user(db, "lin")
    ledger.create_brand(db, user_id=other.id, data=BrandCreate(name="花西子"))
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"brief_text": AGENCY_MESSAGE, "csrf_token": token})
    form = _form(page.text)
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
    assert empty.status_code == 422 and 'class="error"' in empty.text
    long = signed_in.post("/offers/paste", data={"brief_text": "图" * 20_001, "csrf_token": token})
    assert long.status_code == 422 and "20000" in long.text.replace(",", "")


def test_paste_without_fee_asks_for_it(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post(
        "/offers/paste", data={"brief_text": "我们是「林清轩」，想约1篇笔记", "csrf_token": token}
    )
    assert page.status_code == 200 and 'id="result"' not in page.text
    assert "Fee" in page.text and "Not found in the message" in page.text


def test_paste_needs_csrf_and_sign_in(signed_in: TestClient, client: TestClient) -> None:
    assert signed_in.post("/offers/paste", data={"brief_text": MESSAGE}).status_code in (400, 403)


def test_paste_is_translated(db: Session, client: TestClient) -> None:
    make_user(db, "wei", locale="zh-CN")
    sign_in(client, "wei")
    page = client.get("/offers/paste").text
    assert "粘贴" in page


def test_save_refuses_bad_due_date_and_source(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"brief_text": MESSAGE, "csrf_token": token})
    form = _form(page.text)
    bad = signed_in.post("/offers/save", data={**form, "due_on": "2026-13-40"})
    assert bad.status_code == 422
    assert 'value="2026-13-40"' in bad.text and "Enter a real date" in bad.text
    worse = signed_in.post("/offers/save", data={**form, "due_on": "2026-13-40", "source": "x"})
    assert worse.status_code == 422
    assert 'name="due_on" value="2026-13-40"' in worse.text  # kept while the offer is fixed
    assert 'name="brief_text" value="' in worse.text


def test_brief_text_in_export_import_and_csv(
    signed_in: TestClient, api: TestClient, db: Session, user: Any
) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    text = '=HYPERLINK("http://x")\n我们是「花西子」，图文1篇，稿费1500元'
    page = signed_in.post("/offers/paste", data={"brief_text": text, "csrf_token": token})
    assert signed_in.post("/offers/save", data=_form(page.text)).status_code == 303
    body = signed_in.get("/export/deals.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][-1] == "'" + text  # inert in a spreadsheet
    document = export_account(db, user_id=user.id, now=clock.utcnow())
    assert document["deals"][0]["brief_text"] == text
    other = make_user(db, "lin")
    assert import_account(db, user_id=other.id, document=document) == 1
    copied = db.exec(select(Deal).where(Deal.user_id == other.id)).one()
    assert copied.brief_text == text
