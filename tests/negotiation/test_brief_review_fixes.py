"""Fixes of review 13 (paste a brand's message, save as a deal): each test failed before its fix.

See tests/negotiation/test_brief_attacks_review.py for the attacker's own tests."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.i18n import Translator
from app.ledger.models import Brand, Deal
from app.web.forms import translate_error
from app.web.visible import BIDI_CONTROLS, visible_controls
from tests.conftest import csrf_of, make_user, sign_in
from tests.html import one, parse, posted, texts, value_of

API = "/api/v1"
OFFER = "我们是「Glow Lab」，视频1条，800元，"


def _pasted(client: TestClient, text: str) -> Any:
    token = csrf_of(client, "/offers/paste")
    return client.post("/offers/paste", data={"brief_text": text, "csrf_token": token})


def _form(page: Any) -> dict[str, str]:
    return posted(one(parse(page), "form[action='/offers/check']"))


def _deals(db: Session) -> list[Deal]:
    db.expire_all()
    return list(db.exec(select(Deal)).all())


# --- finding 5: direction controls ------------------------------------------------------------
ALL_CONTROLS = sorted(BIDI_CONTROLS)


def test_the_twelve_controls_are_the_ones_named() -> None:
    assert (
        sorted("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
        == ALL_CONTROLS
    )
    assert visible_controls("a\u202eb\u200fc") == "a⟦U+202E⟧b⟦U+200F⟧c"


@pytest.mark.parametrize("control", ALL_CONTROLS, ids=[f"U+{ord(c):04X}" for c in ALL_CONTROLS])
def test_each_direction_control_is_shown_not_obeyed(
    signed_in: TestClient, db: Session, control: str
) -> None:
    # Every control, the marks among them (U+200E/F, U+061C move the neutral characters around
    # them), inside a marked field and in plain text.
    text = f"{OFFER}{control}12月10日{control}前发布 {control}谢谢"
    page = _pasted(signed_in, text)
    doc = parse(page)
    shown = one(doc, "#from-message .brief-source").text()
    assert control not in shown
    assert f"⟦U+{ord(control):04X}⟧" in shown
    # the words each field came from, shown beside the field, too
    assert all(control not in hint for hint in texts(doc, "p.from"))
    assert any("⟦U+" in line for line in texts(doc, "#from-message p.notice"))
    saved = signed_in.post("/offers/save", data=_form(page), follow_redirects=False)
    assert saved.status_code == 303, saved.text[:300]
    (deal,) = _deals(db)
    assert deal.brief_text == text  # the record keeps the bytes
    record = parse(signed_in.get(saved.headers["location"]))
    assert control not in one(record, "pre.brief-text").text()
    assert texts(record, "#brief p.notice")
    # the edit form posts the message back as it is stored
    where = saved.headers["location"]
    form = posted(one(parse(signed_in.get(where + "/edit")), f"form[action='{where}']"))
    assert signed_in.post(where, data=form, follow_redirects=False).status_code == 303
    assert _deals(db)[0].brief_text == text


def test_a_message_without_controls_has_no_notice(signed_in: TestClient, db: Session) -> None:
    page = _pasted(signed_in, OFFER + "12月10日前发布")
    assert not texts(parse(page), "#from-message p.notice")
    saved = signed_in.post("/offers/save", data=_form(page), follow_redirects=False)
    assert not texts(parse(signed_in.get(saved.headers["location"])), "#brief p.notice")


# --- finding 6: one way to count the 20,000 characters -----------------------------------------
def _message_of(length: int) -> str:
    """A message of `length` characters as a page counts them, sent with CR LF line breaks."""
    logical = (OFFER + "\n" + "a\n" * 10_000)[:length]
    return logical.replace("\n", "\r\n")


@pytest.mark.parametrize(("length", "fits"), [(20_000, True), (20_001, False)])
def test_the_limit_counts_alike_on_the_page_and_the_api(
    api: TestClient, signed_in: TestClient, db: Session, length: int, fits: bool
) -> None:
    text = _message_of(length)
    assert len(text.replace("\r\n", "\n")) == length and len(text) > 29_000
    page = _pasted(signed_in, text)
    assert page.status_code == (200 if fits else 422)
    response = api.post(f"{API}/offers/parse", json={"text": text, "today": "2026-11-29"})
    assert response.status_code == (200 if fits else 422), response.text[:300]
    if fits:
        parsed = response.json()
        assert parsed["brand"] == "Glow Lab"
        for span in parsed["spans"].values():  # offsets into the text as it was sent
            assert text[span["start"] : span["end"]] == span["text"]
        # and "save as a deal" keeps all of it
        saved = signed_in.post("/offers/save", data=_form(page), follow_redirects=False)
        assert saved.status_code == 303, saved.text[:300]
        assert len(_deals(db)[0].brief_text) == 20_000
    else:
        assert response.json()["detail"][0]["type"] == "string_too_long"


# --- finding 7: the due date's own error, in her language ---------------------------------------
@pytest.mark.parametrize("due", ["2100-01-10", "1999-12-31"])
def test_a_due_date_out_of_range_is_named_in_her_language(
    db: Session, client: TestClient, due: str
) -> None:
    make_user(db, "wei", locale="zh-CN")
    sign_in(client, "wei")
    form = {**_form(_pasted(client, OFFER + "12月10日前发布")), "due_on": due}
    refused = client.post("/offers/save", data=form)
    assert refused.status_code == 422
    doc = parse(refused)
    expected = translate_error(Translator("zh-CN"), "date_out_of_range")
    assert expected != translate_error(Translator("en"), "date_out_of_range")
    assert texts(doc, "#due_on + p.error") == [expected]
    assert not texts(doc, "#brand_id ~ p.error")
    assert value_of(doc, "due_on") == due and value_of(doc, "brand_name") == "Glow Lab"
    assert _deals(db) == []


# --- finding 4: one deal per form ---------------------------------------------------------------
def test_a_refused_save_can_be_sent_again_and_then_only_once(
    signed_in: TestClient, db: Session
) -> None:
    page = _pasted(signed_in, OFFER + "12月10日前发布")
    form = _form(page)
    assert form["submit_token"]
    refused = signed_in.post("/offers/save", data={**form, "due_on": "2100-01-10"})
    assert refused.status_code == 422
    again = posted(one(parse(refused), "form[action='/offers/check']"))
    assert again["submit_token"] == form["submit_token"]  # the same form, corrected
    again["due_on"] = "2026-12-10"
    first = signed_in.post("/offers/save", data=again, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/deals/")
    repeat = signed_in.post("/offers/save", data=again, follow_redirects=False)
    assert repeat.status_code == 303
    assert len(_deals(db)) == 1 and len(db.exec(select(Brand)).all()) == 1
    # a new paste is a new form: it saves a deal of its own
    other = _form(_pasted(signed_in, OFFER + "12月20日前发布"))
    assert other["submit_token"] != form["submit_token"]
    assert signed_in.post("/offers/save", data=other, follow_redirects=False).status_code == 303
    assert len(_deals(db)) == 2


def test_a_token_of_another_account_saves_nothing(
    signed_in: TestClient, db: Session, client: TestClient
) -> None:
    # A form kept on a shared phone, posted after the other account signed in.
    form = _form(_pasted(signed_in, OFFER + "12月10日前发布"))
    make_user(db, "wei")
    client.cookies.clear()  # she signs out, he signs in on the same phone
    sign_in(client, "wei")
    other = _form(_pasted(client, OFFER + "12月10日前发布"))
    response = client.post(
        "/offers/save",
        data={**other, "submit_token": form["submit_token"]},
        follow_redirects=False,
    )
    assert response.status_code != 303
    assert _deals(db) == []


def test_a_field_the_deal_refuses_is_named_beside_it_and_nothing_is_kept(
    signed_in: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Any other rule of the deal (DealCreate) that refuses a save: its message beside the
    # field that shows it (the offer's fee for the deal's quote), or under the offer's fields,
    # never blamed on the brand; the brand added by name is not kept.
    from pydantic import ValidationError

    from app.ledger.schemas import DealCreate
    from app.negotiation import service

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        try:
            DealCreate.model_validate(
                {"title": "t", "brand_id": 1, "quoted_fee": "-1", "protection_days": -1}
            )
        except ValidationError:
            raise
        raise AssertionError("DealCreate accepted it")

    monkeypatch.setattr(service, "save_as_deal", refuse)
    refused = signed_in.post("/offers/save", data=_form(_pasted(signed_in, OFFER)))
    assert refused.status_code == 422
    doc = parse(refused)
    assert texts(doc, "#fee + p.error, #fee ~ p.error")
    assert not texts(doc, "#brand_id ~ p.error")
    assert [e for e in texts(doc, "form[action='/offers/check'] > p.error") if e]
    assert _deals(db) == [] and db.exec(select(Brand)).all() == []
