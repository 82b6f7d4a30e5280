"""Attack review of issue 13 (paste a brand's message, save as a deal), second round.

Each test names what it found; see the report for which failed on main and which attacks
were already defended."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.ledger import service as ledger
from app.ledger.models import Brand, Deal
from app.ledger.schemas import BrandCreate
from app.negotiation.brands import find_known
from app.negotiation.brief import MAX_CHARS, parse_brief
from tests.conftest import csrf_of, make_user
from tests.html import one, parse, posted
from tests.negotiation.hostile import fill, worst_in_child
from tests.negotiation.test_brief_pages import MESSAGE, _form

API = "/api/v1"
TODAY = date(2026, 11, 29)


def _pasted(client: TestClient, text: str) -> Any:
    token = csrf_of(client, "/offers/paste")
    return client.post("/offers/paste", data={"brief_text": text, "csrf_token": token})


def _field_error(doc: Any, control: str) -> str:
    """The error shown in the field box of a control ("" when none)."""
    box = one(doc, f"#{control}").parent
    error = box.css_first("p.error") if box is not None else None
    return error.text().strip() if error is not None else ""


def _spans_point_into(text: str, parsed: dict[str, Any]) -> None:
    for name, span in parsed["spans"].items():
        assert 0 <= span["start"] <= span["end"] <= len(text), (name, span)
        assert text[span["start"] : span["end"]] == span["text"], (name, span)


# --- "save as a deal" posted twice -------------------------------------------------------------
def test_save_as_deal_posted_twice_makes_one_deal(signed_in: TestClient, db: Session) -> None:
    # A phone on a bad connection (or a double tap) posts the same "save as a deal" form twice:
    # every other form that creates a record carries a one-time submit token (app/web/once.py);
    # this one does not, and each post made a deal of its own.
    form = _form(_pasted(signed_in, MESSAGE))
    first = signed_in.post("/offers/save", data=form, follow_redirects=False)
    again = signed_in.post("/offers/save", data=form, follow_redirects=False)
    assert first.status_code == 303, first.text[:500]
    assert again.status_code == 303, again.text[:500]
    assert len(db.exec(select(Deal)).all()) == 1
    assert len(db.exec(select(Brand)).all()) == 1


# --- a due date the ledger does not hold -------------------------------------------------------
@pytest.mark.parametrize("due", ["2100-01-10", "1999-12-31", "2026-13-40"])
def test_due_date_out_of_range_is_named_on_the_due_field(
    signed_in: TestClient, db: Session, due: str
) -> None:
    # date.fromisoformat accepts it, DealCreate refuses it (2000-2099) with a ValidationError,
    # a ValueError, caught as "a brand id that is not a number": the page said "Choose one of
    # your brands." beside the brand and nothing beside the date she has to correct.
    form = _form(_pasted(signed_in, "我们是「Glow Lab」，视频1条，800元，12月10日前发布"))
    form["due_on"] = due
    saved = signed_in.post("/offers/save", data=form, follow_redirects=False)
    assert saved.status_code == 422, saved.text[:500]
    doc = parse(saved)
    assert _field_error(doc, "due_on"), "no error beside the due date"
    assert not _field_error(doc, "brand_id"), _field_error(doc, "brand_id")
    assert db.exec(select(Deal)).all() == []


# --- U+0130 (İ): lower() makes it two characters ------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "İstanbul office here: 1 video, $800, for Glow Lab",
        "İ 视频1条800元，我们是Glow Lab",
        "视频1条800元 İİ Glow Lab",
    ],
)
def test_dotted_capital_i_does_not_shift_an_own_brand(text: str) -> None:
    # known_mentions (brief.py) finds the creator's brand in s.lower() and cuts it out of s at
    # that offset: each İ before it (a Turkish word, "İstanbul") moved the name one character
    # right: "low Lab" was read as the brand (and saved as a new one), its span pointed at the
    # wrong words, and past the end of the text it was an IndexError (a 500).
    parsed = parse_brief(text, TODAY, known_brands=["Glow Lab"])
    assert parsed["brand"] == "Glow Lab"
    _spans_point_into(text, parsed)


@pytest.mark.parametrize(
    "text", ["1 video, $800, from İpek Beauty. Thanks", "我们是İpek Beauty，视频1条800元"]
)
def test_own_brand_spelled_with_a_dotted_capital_i_is_read_whole(text: str) -> None:
    # the needle is lowered too ("İpek" -> 5 characters): the brand was cut one character too
    # long ("İpek Beauty." / "İpek Beauty，"), which does not match her brand on save, so a
    # second "İpek Beauty." brand was added
    parsed = parse_brief(text, TODAY, known_brands=["İpek Beauty"])
    assert parsed["brand"] == "İpek Beauty"
    _spans_point_into(text, parsed)


@pytest.mark.parametrize("name", ["Sephora", "完美日记"])
def test_dotted_capital_i_does_not_hide_a_well_known_brand(name: str) -> None:
    # the gazetteer (brands.find_known) compares s.lower() at offsets of s: after an İ the
    # well-known brand was not found at all
    plain = find_known(f"I {name} 视频1条800元")
    dotted = find_known(f"İ {name} 视频1条800元")
    assert [m.name for m in plain] == [name]
    assert [(m.name, m.start, m.end) for m in dotted] == [(m.name, m.start, m.end) for m in plain]


def test_dotted_capital_i_before_an_own_brand_is_not_a_500(
    api: TestClient, db: Session, user: Any
) -> None:
    ledger.create_brand(db, user_id=user.id, data=BrandCreate(name="Glow Lab"))
    text = "视频1条800元 İİ Glow Lab"
    response = api.post(f"{API}/offers/parse", json={"text": text, "today": "2026-11-29"})
    assert response.status_code == 200, response.text[:300]
    assert response.json()["brand"] == "Glow Lab"


def test_dotted_capital_i_on_the_paste_page(signed_in: TestClient, db: Session, user: Any) -> None:
    ledger.create_brand(db, user_id=user.id, data=BrandCreate(name="Glow Lab"))
    page = _pasted(signed_in, "İstanbul office here: 1 video, $800, for Glow Lab")
    assert page.status_code == 200, page.text[:300]
    assert _form(page)["brand_name"] == "Glow Lab"
    crash = _pasted(signed_in, "视频1条800元 İİ Glow Lab")
    assert crash.status_code == 200, crash.text[:300]


# --- catastrophic backtracking: a Latin word stem followed by \w* --------------------------------


@pytest.mark.parametrize("unit", ["revi", "ambassador"])
def test_repeated_word_stems_are_bounded(unit: str) -> None:
    # `revi\w*` (REVISION_RULES) and `ambassador\w*` (MONTHLY) run to the end of a text without
    # spaces from every place the stem starts, then back off one character at a time: quadratic.
    # Measured on main: "revi" x 5,000 took 35 s of CPU, "revision" x 2,500 18 s, "ambassador"
    # x 2,000 2.2 s (doubling the length quadruples the time) - one paste holds a worker that
    # long, two hold both cores of a small server.
    spent, _ = worst_in_child([fill(unit)])  # in the quiet machine's seconds
    print(f"{unit!r} x {MAX_CHARS // len(unit)}: {spent:.2f} s")
    # 1 s: the linear parse costs ~0.2 s (it had crept to ~0.8 s and failed once under load,
    # until the last-resort brand's quadratic mail search was fixed); the quadratic one took 35 s.
    assert spent < 1, spent


# --- defended on main (kept for coverage) -------------------------------------------------------
def test_save_as_deal_needs_the_csrf_token(signed_in: TestClient, db: Session) -> None:
    form = _form(_pasted(signed_in, MESSAGE))
    for token in (None, "", "0" * 64):
        forged = {k: v for k, v in form.items() if k != "csrf_token"}
        if token is not None:
            forged["csrf_token"] = token
        response = signed_in.post("/offers/save", data=forged, follow_redirects=False)
        assert response.status_code in (400, 403), response.status_code
    assert db.exec(select(Deal)).all() == []
    assert db.exec(select(Brand)).all() == []


def test_names_of_another_accounts_brand_and_agency_stay_hers(
    signed_in: TestClient, db: Session, user: Any
) -> None:
    # another creator on the instance has "Glow Lab" and "Bloom MCN": a message naming them
    # neither reads her names as known brands nor files the deal under her brand or agency
    other = make_user(db, "wei")
    theirs = ledger.create_brand(db, user_id=other.id, data=BrandCreate(name="Glow Lab"))
    agency = ledger.find_or_create_agency(db, user_id=other.id, name="Bloom MCN")
    db.commit()
    text = "Hi! Bloom MCN here, for glow lab: 1 video, $800, 15% commission, post by Dec 15"
    page = _pasted(signed_in, text)
    form = _form(page)
    form["brand_name"], form["agency_name"] = "GLOW  LAB", "bloom mcn"
    saved = signed_in.post("/offers/save", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:500]
    deal = db.exec(select(Deal).where(Deal.user_id == user.id)).one()
    assert deal.brand_id != theirs.id and deal.agency_id != agency.id
    mine = db.get(Brand, deal.brand_id)
    assert mine is not None and mine.user_id == user.id
    assert [b.name for b in db.exec(select(Brand).where(Brand.user_id == other.id))] == ["Glow Lab"]


# --- the 20,000-character limit: the page and the API count differently -------------------------
def test_api_counts_a_line_break_once_as_the_page_does(
    api: TestClient, signed_in: TestClient
) -> None:
    # The page counts the message after CR LF -> LF (review 13: a browser posts CR LF, and a
    # message of 15,000 characters in 5,001 lines was refused as 20,001). The API counts CR LF
    # as two: the same message copied from a Windows clipboard by a client is refused there.
    lines = "我们是「Glow Lab」，视频1条，800元\r\n" + "a\r\n" * 5000
    text = lines + "b" * (15_000 - len(lines.replace("\r\n", "\n")))
    assert len(text.replace("\r\n", "\n")) == 15_000 and len(text) > MAX_CHARS
    page = _pasted(signed_in, text)
    assert page.status_code == 200
    response = api.post(f"{API}/offers/parse", json={"text": text, "today": "2026-11-29"})
    assert response.status_code == 200, response.text[:300]
    parsed = response.json()
    assert parsed["brand"] == "Glow Lab"
    _spans_point_into(text, parsed)  # offsets still into the text as the client sent it


# --- bidi controls: the message shown is not the message read -----------------------------------
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_bidi_overrides_do_not_reorder_the_message_shown(
    signed_in: TestClient, db: Session
) -> None:
    # "Trojan Source" in a brand's message: U+202E shows "前日01月21" as "12月10日前". The parser
    # reads the logical text (due 2027-01-21), while the marked message on the page, and the
    # record of the offer on the deal page, display "12月10日前" - the mark labelled "Due" shows
    # "12月10" beside a due date of January 21. The control characters reach the page as they
    # are; shown visibly (or taken out of the displayed copy) the creator sees what was read.
    text = "我们是「Glow Lab」，视频1条，800元，\u202e前日01月21\u202c发布"
    page = _pasted(signed_in, text)
    assert _form(page)["due_on"] == "2027-01-21"
    shown = one(parse(page), "#from-message .brief-source").text()
    assert not [c for c in shown if c in BIDI_CONTROLS], "bidi controls shown as they are"
    saved = signed_in.post("/offers/save", data=_form(page), follow_redirects=False)
    assert saved.status_code == 303, saved.text[:300]
    deal = db.exec(select(Deal)).one()
    assert deal.brief_text == text  # the record keeps the message exactly
    record = one(parse(signed_in.get(saved.headers["location"])), "pre.brief-text").text()
    assert not [c for c in record if c in BIDI_CONTROLS], "bidi controls shown as they are"


# --- a percentage of 100 or more is read as its last digits -------------------------------------
@pytest.mark.parametrize(
    ("text", "field", "written"),
    [
        ("视频1条800元，平台服务费100%", "platform_fee_pct", "100"),
        ("视频1条800元，平台服务费110%", "platform_fee_pct", "110"),
        ("视频1条800元，机构抽成150%", "agency_cut_pct", "150"),
        ("1 video, $800, our commission is 120%", "agency_cut_pct", "120"),
    ],
)
def test_percent_of_100_or_more_is_not_read_as_its_last_digits(
    text: str, field: str, written: str
) -> None:
    # PLATFORM and AGENCY_CUT take `\d{1,2}%` after a lazy gap that may swallow the first digit:
    # "平台服务费100%" was read as a platform fee of 0 %, "110%" as 10 %, "抽成150%" as 50 %,
    # each marked on the page as found in the message - a number the message does not say.
    parsed = parse_brief(text, TODAY)
    assert parsed[field] is None or Decimal(parsed[field]) == Decimal(written), parsed[field]


def test_a_year_the_ledger_cannot_hold_is_not_replaced_by_next_year() -> None:
    # "2100年1月10日前": the year is out of the parser's range and was dropped; "1月10日" alone
    # was then read as the next 10 January (2027-01-10) and marked as found - a date the
    # message does not say. Nothing (or the date as written) is what the creator should see.
    parsed = parse_brief("视频1条800元，2100年1月10日前发布", TODAY)
    assert parsed["deadline"] is None or parsed["deadline"].startswith("2100"), parsed["deadline"]


# --- the record of the offer is lost on the next edit -------------------------------------------
def test_editing_the_saved_deal_keeps_the_pasted_message(
    signed_in: TestClient, db: Session
) -> None:
    # The deal's edit form has no brief_text field, and update_deal is given the whole
    # DealCreate dump, whose brief_text defaults to "": the first edit after "save as a deal"
    # (typing the agreed fee, the natural next step of a negotiation) erased the brand's
    # message, the record of what was offered, without a word.
    saved = signed_in.post(
        "/offers/save", data=_form(_pasted(signed_in, MESSAGE)), follow_redirects=False
    )
    where = saved.headers["location"]
    form = posted(one(parse(signed_in.get(where + "/edit")), f"form[action='{where}']"))
    form["agreed_fee"] = "1800"
    edited = signed_in.post(where, data=form, follow_redirects=False)
    assert edited.status_code == 303, edited.text[:300]
    db.expire_all()
    deal = db.exec(select(Deal)).one()
    assert deal.agreed_fee == 180000
    assert deal.brief_text == MESSAGE
    assert "alert(1)" in one(parse(signed_in.get(where)), "pre.brief-text").text()
