"""Brand names from lists: the gazetteer of well-known brands (app/negotiation/brands.py) and
the creator's own brands (`known_brands`, read from her ledger by the parse API and page)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.negotiation import service as negotiation
from app.negotiation.brands import find_known
from app.negotiation.brief import parse_brief
from tests import factories
from tests.conftest import api_token, csrf_of, make_user

API = "/api/v1"
TODAY = date(2026, 12, 1)


def brand_of(text: str, known: tuple[str, ...] = ()) -> Any:
    return parse_brief(text, TODAY, known)["brand"]


# --- the gazetteer -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        # named in passing, with no cue of the rules
        ("年底大促，欧莱雅想约你拍1条视频，预算3000", "欧莱雅"),
        ("宜家新开的展厅想请你探店，车马费800", "宜家"),
        ("亲，名创优品的冬季新品想约图文1篇，1500元", "名创优品"),
        ("Logitech is launching a new keyboard and we'd love 1 video, $500", "Logitech"),
        ("SK-II神仙水新年限定，图文2篇，每篇900", "SK-II"),
        # as written in the text, not as listed
        ("loreal paris wants 1 video for ¥2000", "loreal"),
        ("L’Oréal Paris 想约你拍1条视频", "L’Oréal Paris"),
        # one name written in both scripts
        ("OATLY噢麦力 新品，1条视频2000元", "OATLY"),
        # a retail chain is a weak cue: the brand sold there wins
        ("Sephora 和 Huda Beauty 联名礼盒，图文1篇，1800元", "Huda Beauty"),
        ("屈臣氏渠道新品：薇诺娜特护霜，图文2篇，每篇900", "薇诺娜"),
    ],
)
def test_gazetteer_names_the_brand(text: str, brand: str) -> None:
    assert brand_of(text) == brand


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        # a Latin trade name in Title Case is the brand's own name, kept whole
        ("[Collabstr] New offer from Blue Bottle Coffee\n2 reels, $180", "Blue Bottle Coffee"),
        ("Hi! I'm Mia, partnerships at First Aid Beauty. 1 reel, $300", "First Aid Beauty"),
        ("We're Kettlebrook Tea Co. from Leeds. 1 reel, £200", "Kettlebrook Tea Co."),
        ("Best,\nJo\nMarketing | Pinefold Outdoors\n1 video $500", "Pinefold Outdoors"),
        # lowercase words after it are the product
        ("Hi! This is Mia from Lumio earbuds. 1 video, $300", "Lumio"),
        ("We are Kettle & Crumb cookies, 1 reel for $200", "Kettle & Crumb"),
        ("From: Emma (Lumio earbuds)\nHi! 1 video, $500", "Lumio"),
        # Chinese product or category words after a name are not the name
        ("你好，我是贝语婴儿湿巾的市场，图文1篇800元", "贝语"),
        ("三只松鼠坚果礼盒 合作，图文1篇800元", "三只松鼠"),
        ("我们是 Ollie 咖啡，1条视频2000元", "Ollie"),
        # a name written in two scripts together: the first-written form
        ("漫步者EDIFIER 新品，1条视频2000元", "漫步者"),
    ],
)
def test_trade_names_whole_products_stripped(text: str, brand: str) -> None:
    assert brand_of(text) == brand


@pytest.mark.parametrize(
    "text",
    [
        # a short or word-like Latin name inside a word or in ordinary English
        "Ankerplatz café wants 1 video, budget 800",
        "a macbook review, 1 video, budget 800",
        "We love the manner of your videos: 1 video, budget 800",
        "a dove-grey palette, 1 image post, budget 800",
        # a phrase holding a brand's name that is not the brand
        "新品小米辣牛油锅底，拍1条做饭视频，1000元",
        "三星级酒店探店1次，车马费500",
        # a brand inside an e-mail address or a handle only
        "Reply to kol@nike.com: 1 video, budget 800",
        # places, pronouns and common words never (no gazetteer name either)
        "Hello from Shanghai! 1 video, budget 800, thanks to you",
        "截至本周五报名，图文1篇，800元",
    ],
)
def test_gazetteer_does_not_read_words_inside_other_words(text: str) -> None:
    assert brand_of(text) is None


def test_gazetteer_keeps_the_span_as_written() -> None:
    text = "Hey! Logitech is launching a keyboard: 1 video, $500."
    got = parse_brief(text, TODAY)
    span = got["spans"]["brand"]
    assert text[span["start"] : span["end"]] == "Logitech" == span["text"]


def test_find_known_lists_each_mention_in_order() -> None:
    found = find_known("雅诗兰黛和兰蔻, then Estée Lauder again")
    assert [(m.name, m.weak) for m in found] == [
        ("雅诗兰黛", False),
        ("兰蔻", False),
        ("Estée Lauder", False),
    ]
    assert [m.name for m in find_known("丝芙兰独家")] == ["丝芙兰"] and find_known("丝芙兰")[0].weak


# --- competitors, past work, comparisons --------------------------------------------------
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "你好～追觅新品扫地机，视频1条6000元\n排他：发布后30天内不接石头科技、科沃斯、云鲸等竞品",
            "追觅",
        ),
        ("石头科技、科沃斯等竞品30天内不接。我们是「净界」扫地机，视频1条3000元", "净界"),
        (
            "Maia Active's new leggings: 2 image posts, RMB 3,000. Exclusivity: no Lululemon, "
            "Nike or Adidas content for 30 days.",
            "Maia Active",
        ),
        (
            "We loved your Sephora haul! Our client Glow Recipe would like 1 video, $400",
            "Glow Recipe",
        ),
        ("我们是「小山茶」面霜，La Mer平替，图文1篇800元", "小山茶"),
    ],
)
def test_competitors_and_past_work_are_not_the_brand(text: str, brand: str) -> None:
    assert brand_of(text) == brand


def test_only_competitors_named_gives_no_brand() -> None:
    assert brand_of("图文1篇800元，30天内不能接兰蔻、雅诗兰黛等竞品") is None


# --- the creator's own brands -------------------------------------------------------------------
def test_known_brand_is_found_without_any_cue() -> None:
    text = "亲～鹿角巷冬季限定上新啦，还是老规矩，探店1次+图文1篇，1200元"
    assert brand_of(text) is None
    assert brand_of(text, ("鹿角巷",)) == "鹿角巷"


def test_known_brand_wins_over_gazetteer_and_rule_cues() -> None:
    text = "Hi! kettle & moss here. Our candle sells at Sephora and 丝芙兰. 1 reel, $250"
    assert brand_of(text, ("Kettle & Moss", "Glow Lab")) == "kettle & moss"
    # over a well-known brand named in passing in the same message
    text = "我们是做香薰的小野山，这次和欧莱雅一起办活动，图文1篇1000元"
    assert brand_of(text, ("小野山",)) == "小野山"


def test_known_brand_guards() -> None:
    # as a whole word only; a place or a one-letter name in the ledger is never read
    assert brand_of("Glowlab serum, 1 video, $300", ("Glow",)) is None
    assert brand_of("Hello from Shanghai! 1 video $300", ("Shanghai", "A")) is None
    # a ledger brand named as a competitor is not the brand of this message
    assert brand_of("图文1篇800元，30天内不接花西子等竞品", ("花西子",)) is None


# --- the API reads the signed-in creator's brands, never another account's --------------------
def test_parse_api_uses_own_brands_only(client: TestClient, db: Session, user: Any) -> None:
    other = make_user(db, "bo", owner=False)
    factories.brand(db, other, "Zephyrine Atelier")
    factories.brand(db, user, "Moonwick Candles")
    text = "hi! zephyrine atelier and moonwick candles here, 1 video for $300 by Dec 20"
    client.headers.update(api_token(db, user))
    body = client.post(f"{API}/offers/parse", json={"text": text, "today": "2026-12-01"}).json()
    assert body["brand"] == "moonwick candles"
    # the other account sees only its own brand in the same text
    client.headers.update(api_token(db, other))
    body = client.post(f"{API}/offers/parse", json={"text": text, "today": "2026-12-01"}).json()
    assert body["brand"] == "zephyrine atelier"


def test_parse_api_never_returns_another_accounts_brand(
    client: TestClient, db: Session, user: Any
) -> None:
    other = make_user(db, "bo", owner=False)
    factories.brand(db, other, "Zephyrine Atelier")
    text = "hi! zephyrine atelier here, 1 video for $300 by Dec 20"
    client.headers.update(api_token(db, user))
    body = client.post(f"{API}/offers/parse", json={"text": text, "today": "2026-12-01"}).json()
    assert body["brand"] is None
    assert negotiation.own_brand_names(db, user_id=user.id) == []
    assert negotiation.own_brand_names(db, user_id=other.id) == ["Zephyrine Atelier"]


def test_paste_page_uses_own_brands_only(signed_in: TestClient, db: Session, user: Any) -> None:
    other = make_user(db, "bo", owner=False)
    factories.brand(db, other, "Zephyrine Atelier")
    factories.brand(db, user, "Moonwick Candles")
    text = "hi! zephyrine atelier and moonwick candles here, 1 video for $300 by Dec 20"
    token = csrf_of(signed_in, "/offers/paste")
    page = signed_in.post("/offers/paste", data={"brief_text": text, "csrf_token": token}).text
    brand_input = re.search(r'<input[^>]*name="brand_name"[^>]*>', page)
    assert brand_input is not None
    assert 'value="moonwick candles"' in brand_input.group(0)
