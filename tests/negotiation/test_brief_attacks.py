"""Review of issue 13 as an attacker: hostile pastes must be fast, and never a 500."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.ledger import service as ledger
from app.ledger.models import Agency, Brand, Deal
from app.negotiation.brief import MAX_CHARS, parse_brief
from tests.conftest import csrf_of, make_user, using_postgres
from tests.negotiation.hostile import chosen, fill, kept, worst_in_child
from tests.negotiation.test_brief_pages import _form

API = "/api/v1"
TODAY = date(2026, 11, 29)


# Each was found by fuzzing; "一" x 20,000 took 13 s of CPU (DURATION's unbounded
# [一二…]+ backtracked from every position), the others 0.3-0.5 s.
HOSTILE = [
    kept("一" * MAX_CHARS),
    "两" * MAX_CHARS,
    "半" * MAX_CHARS,
    fill("共一"),
    fill("每月连续一"),
    kept(fill("一二三四五六七八九十")),
    fill("各2篇"),
    fill("1 "),
    fill("¥1"),
    fill("元1"),
    fill("×2"),
    kept(fill("800起")),
    fill("价值1"),
    fill("１２３，"),
    fill("万千百"),
    kept(fill("12月10日前")),
    fill("😀1"),
    "9" * MAX_CHARS,
    fill("1,"),
    kept(fill("We are A ")),
]


def test_adversarial_pastes_are_bounded() -> None:
    # In the quiet machine's seconds (worst_in_child): the CI run of 5d23c9e measured 2.34 s of
    # CPU against this bar in wall-clock-free process time for a paste that takes 0.9 s on a
    # quiet machine, because the machine ran three times slower that hour.
    texts = chosen(HOSTILE)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile 20,000-character pastes: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


@pytest.mark.parametrize(
    "text",
    [
        "视频1条 9999999999999999999999999999元",
        "视频1条，每条" + "9" * 40 + "元，共99条",
        "图文2篇 ¥" + "1" * 200 + "w",
        "视频1条 " + "九" * 50 + "万元",
    ],
)
def test_absurd_amounts_are_not_a_crash(text: str, api: TestClient) -> None:
    # a 30-digit "fee" made the final quantize raise decimal.InvalidOperation (a 500)
    parsed = parse_brief(text, TODAY)
    assert parsed["fee"] is None or len(parsed["fee"]) < 20
    response = api.post(f"{API}/offers/parse", json={"text": text, "today": "2026-11-29"})
    assert response.status_code == 200, response.text


def test_absurd_amount_on_the_paste_page(signed_in: TestClient) -> None:
    token = csrf_of(signed_in, "/offers/paste")
    response = signed_in.post(
        "/offers/paste",
        data={"csrf_token": token, "brief_text": "视频1条 " + "9" * 30 + "元"},
    )
    assert response.status_code == 200, response.text[:500]


def test_lone_surrogate_is_a_422_not_a_500(api: TestClient) -> None:
    # valid JSON ("\ud800"); pydantic refuses it and the 422 echoed it, which could not be
    # encoded as UTF-8: a 500
    body = json.dumps({"text": "视频1条 800元 \ud800 「\ud800A」"})
    response = api.post(
        f"{API}/offers/parse", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "text"]


@pytest.mark.parametrize("today", ["9999-12-31", "0001-01-01", "garbage", "2026-02-30", 12345])
def test_today_out_of_range_is_a_422(api: TestClient, today: object) -> None:
    # 9999-12-31 with a relative date ("两周内", "下周六") overflowed date arithmetic: a 500
    text = "视频1条 800元 下周六 月底前 两周内发布 明年 12月10日前"
    response = api.post(f"{API}/offers/parse", json={"text": text, "today": today})
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "today"]
    fine = api.post(f"{API}/offers/parse", json={"text": text, "today": "2999-12-31"})
    assert fine.status_code == 200, fine.text


@pytest.mark.commits  # real transactions: the threads open their own sessions
@pytest.mark.skipif(
    not using_postgres(),
    reason="SQLite takes the write lock at BEGIN (app/db.py), so saves never overlap there; "
    "the race (and the advisory lock that closes it) exists on PostgreSQL",
)
def test_two_saves_at_once_make_one_brand_and_one_agency(
    engine: Engine, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two "save as a deal" with the same new brand at the same instant both found nothing and
    # both created it; the look-up is slowed down here so the two always overlap
    user_id = make_user(db, "mei").id
    db.rollback()  # this session holds no (SQLite: immediate) transaction while the threads run
    for name, find in (
        ("find_brand_by_name", ledger.find_brand_by_name),
        ("find_agency_by_name", ledger.find_agency_by_name),
    ):

        def slow(*args: Any, _find: Any = find, **kwargs: Any) -> Any:
            found = _find(*args, **kwargs)
            time.sleep(0.3)
            return found

        monkeypatch.setattr(ledger, name, slow)
    barrier = threading.Barrier(4)
    failures: list[BaseException] = []

    def save(find: Any, name: str) -> None:
        try:
            with Session(engine) as session:
                barrier.wait()
                find(session, user_id=user_id, name=name)
                session.commit()  # as the caller (save as a deal) does
        except BaseException as exc:  # a thread's exception is otherwise lost
            failures.append(exc)

    threads = [
        threading.Thread(target=save, args=(find, name))
        for find, name in (
            (ledger.find_or_create_brand, "Glow Lab"),
            (ledger.find_or_create_brand, "glow  LAB"),
            (ledger.find_or_create_agency, "Bloom MCN"),
            (ledger.find_or_create_agency, "BLOOM mcn"),
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    db.expire_all()
    assert len(db.exec(select(Brand).where(Brand.user_id == user_id)).all()) == 1
    assert len(db.exec(select(Agency).where(Agency.user_id == user_id)).all()) == 1


def test_crlf_and_nul_in_a_pasted_message(signed_in: TestClient, db: Session) -> None:
    # a browser posts line breaks as CR LF: 15,000 characters in 5,001 lines arrived as 20,001
    # and were refused; a NUL (in the message or a name read from it) made saving a 500 on
    # PostgreSQL
    lines = "我们是「Glow\x00Lab」，视频1条，800元\r\n" + "a\r\n" * 5000
    text = lines + "b" * (15_000 - len(lines.replace("\r\n", "\n")))
    assert len(text.replace("\r\n", "\n")) == 15_000 and len(text) > MAX_CHARS
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"csrf_token": token, "brief_text": text})
    assert page.status_code == 200, page.text[:300]
    form = _form(page.text)
    form["brief_text"] = form["brief_text"].replace("\n", "\r\n")  # as the browser posts it
    saved = signed_in.post("/offers/save", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:2000]
    deal = db.exec(select(Deal)).one()
    assert "\r" not in deal.brief_text and "\x00" not in deal.brief_text
    assert len(deal.brief_text) == 15_000 - 1
    brand = db.get(Brand, deal.brand_id)
    assert brand is not None and "\x00" not in brand.name


def test_names_read_from_a_message_are_inert_in_csv(signed_in: TestClient) -> None:
    # the brand's name (and so the deal's title) comes from the brand's own text now
    message = '我们是「=HYPERLINK("http://x.example","a")」，视频1条，800元。@+cmd MCN 机构抽成10%'
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"csrf_token": token, "brief_text": message})
    form = _form(page.text)
    assert form["brand_name"].startswith("=HYPERLINK")
    form["agency_name"] = "-1+2 Agency"
    saved = signed_in.post("/offers/save", data=form, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:500]
    signed_in.post(
        "/work/new",
        data={"csrf_token": token, "deal_id": "1", "activity": "editing", "minutes": "30"},
    )
    for kind in ("deals", "work", "payments"):
        body = signed_in.get(f"/export/{kind}.csv").content.decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], (kind, cells)
    deals = signed_in.get("/export/deals.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in deals and "'-1+2 Agency" in deals


# Inputs aimed at the rules added for the sixth held-out set's classes (value and net-payout
# words, breakdowns in brackets, 1万2 tails, "+ a thing", usage terms after a comma, marketplace
# headers and buttons, speaker labels with dates, dash sign-offs, 谢谢对…的喜欢, clip lengths
# between a count and a deliverable). Parsed in a child process with a hard timeout, so a rule
# that backtracks fails the test instead of hanging the suite.
HOSTILE_H6 = [
    kept(fill("1千2")),
    fill("1万"),
    fill("(¥1"),
    kept(fill("¥1 + a ")),
    fill("800+ "),
    kept(fill("授权，期限")),
    fill("retail price ¥1 "),
    kept(fill("worth around ")),
    fill("到手¥1"),
    fill("no other a b "),
    kept(fill("—— 阿 乐\n")),
    kept("谢谢对" + "啊" * (MAX_CHARS - 3)),
    fill("我们是刚起步的"),
    kept(fill("Pebble (Dec 1): ")),
    kept(fill("1 条 30s ")),
    kept(fill("[Accept]")),
    "【" + "任" * (MAX_CHARS - 1),
    "[" + "a" * (MAX_CHARS - 1),
    "A · " + "A" * (MAX_CHARS - 4),
    "Ab | " + "Ab" * ((MAX_CHARS - 5) // 2),
    fill("「"),
    " " * MAX_CHARS,
    "1" * MAX_CHARS,
    fill("reshare "),
    fill("I run A "),
    kept(fill("We're A from B ")),
    fill("好望水 "),
    fill("100-"),
    fill("between $1 and "),
    fill("我：2000吧\n"),
    fill("行，2000，"),
    fill("about "),
    fill("报销1"),
    fill("品牌叫"),
    fill("我们是一家店——"),
    fill("team behind A "),
    "【A】\n" + fill("a：b\n")[: MAX_CHARS - 4],
    fill("your quote "),
    fill("品牌：a\n"),
    fill("ab @ cd "),
    fill("Ab Cd\n"),
    fill("时间："),
    fill("每篇稿费"),
    fill("30 天 by bank "),
    fill("公司抽点1%"),
    fill("我同学想到你"),
    fill("one of our clients, A "),
    fill("Talent Manager | A\n"),
    fill("Open casting via Pugongying "),
]


def test_adversarial_pastes_for_the_h6_rules_finish() -> None:
    texts = chosen(HOSTILE_H6)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h6 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def _ended(unit: str, end: str) -> str:
    """unit repeated to the limit, then a character that makes the rule fail at the very end."""
    return fill(unit)[: MAX_CHARS - len(end)] + end


# Review 13b: an unbounded repeat that can run over the same characters as the part before it,
# in a search retried at every position. "revi" x 5,000 took 35 s of CPU (`revi\w*` before
# `\s?[:：]`: the tail ran to the end of the text from every "revi" and backed off one character
# at a time); the same shape was in `ambassador\w*`, in a name after 叫 ("品牌叫a…": the name
# `[\w&'\-]*` takes the next 品牌叫 too) and in a dash sign-off (`[ \t]*\s*$`: two repeats of
# the same spaces, quadratic in a run of spaces). Each of these took seconds to minutes.
HOSTILE_BACKTRACK = [
    kept(fill("revi")),
    fill("revision"),
    fill("revis "),
    kept(fill("ambassador")),
    fill("ambassadors"),
    fill("long-term"),
    fill("exclusiv"),
    fill("compet"),
    fill("boost"),
    fill("licens"),
    fill("whitelist"),
    fill("reimburs"),
    fill("invoic"),
    fill("修改revi"),
    kept(_ended("品牌叫a", "+")),
    _ended("店叫a", "+"),
    _ended("我们叫Ab", "+"),
    _ended("我们是一家宠物店——a", "+"),
    "\n-a,bb" + " " * (MAX_CHARS - 7) + "x",
    kept("\n- Mei, Little Ember" + "\t" * (MAX_CHARS - 21) + "x"),
    "\nab @ c" + " " * (MAX_CHARS - 8) + "x",
    fill("111."),
    fill("1.111"),
    fill("1.111.111,1"),
]


def test_adversarial_pastes_with_overlapping_repeats_finish() -> None:
    texts = chosen(HOSTILE_BACKTRACK)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} overlapping-repeat pastes: {seconds:.3f} s {head!r}")
    # 1 s, tighter than the 2 s of the other pastes: these cost 0.15 s. (They had crept to
    # 0.83-0.94 s, and failed once at 1.002 s under load, until the last-resort brand's
    # quadratic mail search was fixed: test_a_long_run_of_word_characters_is_read_once.)
    assert seconds < 1, (seconds, head)


# Round 8 (after held-out set 7): a hostile paste aimed at every rule added or changed — reply
# dates, a weekday beside a date, a limit before a weekday, "within N days of", 结钱, holidays,
# the answer to a question about a product's worth, a bracketed or retail value, cards given,
# product labels, a team or emoji after a name, a model after a name, a notice's tag title, a
# button in brackets and a Chinese thread's speakers.
HOSTILE_H7 = [
    fill("值"),
    "送" + "值" * (MAX_CHARS - 1),
    "送" + fill("how much "),
    fill("价值多少？\n"),
    fill("送你\n多少钱？\n¥1 "),
    fill("送 how much worth"),
    fill("寄（约 ¥1"),
    kept(fill("送 ¥1 retail ")),
    fill("伴手礼：a（市场价1）\n"),
    kept(fill("200元京东卡")),
    fill("1元a卡"),
    kept(fill("by Friday, ")),
    fill("Friday, April 2 "),
    kept(fill("周六（12月1日）")),
    fill("12月1日（周六）"),
    fill("within 3 days of "),
    fill("accept by Friday\n"),
    kept(fill("发完一周内结钱\n")),
    fill("settled within 1 days "),
    kept(fill("五一前")),
    fill("五一"),
    kept(fill("木里茶舍：a\n我：b\n")),
    kept("[New gig] " + fill("Ab ")[: MAX_CHARS - 20] + "x"),
    "[New gig] Ab - " + fill("Cd - "),
    fill("我们是谷雨官方合作组🌱"),
    fill("「极米 RS 10 投影仪 种草」"),
    fill("「极米 A1"),
    fill("点「报名」"),
    fill("我们是a" + "🌱"),
    kept("我们是谷雨" + "🌱" * (MAX_CHARS - 5)),
    fill("合作组"),
    fill("你：\n"),
    fill("每条调到 ¥1"),
    fill("每月费用1千"),
    "连续3个月" + fill("每月寄（价值1）"),
    fill("📢 招募 | a "),
    "招募 | " + fill("a "),
    fill("Ab Cd Ef Gh Ij Kl "),
    fill("Ab 这边x"),
    fill("，山野集这边"),
    fill("山野集这边～"),
    fill("修改次数："),
    fill("revision 无"),
    fill("不限次"),
    fill("非a蒲"),
    fill("1 场 小红书 live "),
    fill("场 live"),
    fill("抖音 live by"),
]


def test_adversarial_pastes_for_the_h7_rules_finish() -> None:
    texts = chosen(HOSTILE_H7)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h7 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


# Round 9 (after held-out set 8): a hostile paste aimed at every rule added or changed — a name
# written in both scripts (brackets, a slash, a listed name with the other script before it), a
# name glued to its product, a generic word after a Latin name, a last-line signature, a text
# message's sender and opt-out line, a marketplace's labels and notices, a speaker naming her
# brand, 帮 <name> 做 and a title name joined by &.
HOSTILE_H8 = [
    fill("内外 NEIWAI "),
    fill("「栖川 Qichuan」"),
    fill("Kolon 可隆 "),
    fill("Ab Cd Ef 可隆"),
    fill("a a a 可隆"),
    "a" * (MAX_CHARS - 2) + "可隆",
    fill("苏菲 Sofy "),
    kept(fill("苏菲（Sofy）")),
    kept(fill("雾屿/Wuyu ")),
    fill("今年 Dyson "),
    kept(fill("On 昂跑 ")),
    fill("【通告】鹿岭鲜炖银耳 "),
    kept(fill("我是山茶纪冷压山茶油的品牌组")),
    kept(fill("Arcfield Outdoor ")),
    kept("Cheers,\nNadia | " + fill("Arcfield Outdoor ")[: MAX_CHARS - 20]),
    fill("Ab | Cd, Ef\n"),
    "Maya | " + fill("Ab, ")[: MAX_CHARS - 7],
    fill("【云朵书店】您好"),
    kept(fill("退订回T【a】")),
    "【ab】您好" + fill("拒收请回复R"),
    fill("Buyer: Ab "),
    fill("Ab marketplace "),
    kept(fill("[Notification from Ab] ")),
    "Order confirmed on Brandlink\n" + fill("Brandlink keeps 10% "),
    fill("Ab keeps 1% "),
    kept(fill("Jess：我是 Ab 3D 打印机的 marketing\n我：好\n")),
    fill("我是 Ab 3D 打印机 "),
    fill("帮 Ab Cd Ef 做"),
    kept(_ended("帮 Ab", "x")),
    fill("Ab & Cd x "),
    kept("Ab" + " & Cd" * ((MAX_CHARS - 2) // 5)),
    fill("A & "),
]


def test_adversarial_pastes_for_the_h8_rules_finish() -> None:
    texts = chosen(HOSTILE_H8)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the h8 rules: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)
