"""Regressions a hostile review found in the round-23 brief rules (notes/attack-r23.md), as plain
unit tests of parse_brief. A wrong fee or brand presented as fact is worse than a miss: where
the parser cannot tell, it may give null or keep the fee's conflict flag, never a confident
wrong figure."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2026, 11, 29)


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


def flagged(r: dict[str, Any]) -> bool:
    return any("fee" in str(c) for c in r["conflicts"])


# 1. the real (later) offer is no earlier deal: a full stop ends the clause; "I got approval",
# "gave me the go-ahead", "我之前帮你争取到的是" are the brand's own words
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("Our budget was $500 per post but I got approval to raise it to $700 per post.", "700.00"),
        (
            "Initially we planned $600 but my manager gave me the go-ahead for $1,000 "
            "for the reel.",
            "1000.00",
        ),
        (
            "We first planned $600, but good news: my manager gave me the go-ahead for $1,000 "
            "for the reel!",
            "1000.00",
        ),
        ("The listed rate was $400. I got it bumped to $550 for one TikTok.", "550.00"),
        (
            "Budget: $300 per post. Sorry for the delay, I was out. I got finance to agree to "
            "$450 per post",
            "450.00",
        ),
        ("预算原本 ¥800，我之前帮你争取到的是 ¥1000", "1000.00"),
        ("刚开始预算是 ¥800，我之前帮你申请的是 ¥1200 一条", "1200.00"),
    ],
)
def test_a_later_offer_is_not_an_earlier_deal(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


@pytest.mark.parametrize(
    "text",
    [
        "Usage add-on is $200. Also I got the final sign-off: the fee is $900 for one reel.",
        "I got the green light to offer $1,200 for one reel. For whitelisting we'd pay $300.",
        "Good news, I got budget approved for $1,500 for the TikTok. Usage is $400 on top.",
        "你之前报的 ¥1200 我们可以接受，定金 ¥600 今天先转",
        "发布之前给 ¥500 定金，发布后再付 ¥1000 尾款",
    ],
)
def test_a_fee_said_with_brand_words_keeps_its_conflict(text: str) -> None:
    r = parse(text)
    assert r["fee"] is None or flagged(r), r


def test_an_earlier_deal_is_still_history() -> None:
    # the round-23 class itself (tuned r23-01..03 in the corpus): the referrer's own past rate
    assert parse("我上次接他们是 1100/条，这次他们给 ¥1500 一条视频")["fee"] == "1500.00"
    assert (
        parse("They paid me $250 per post last time; this time the fee is $400 per post.")["fee"]
        == "400.00"
    )


# 2. a bonus, deposit, travel, shipping, goods, a deduction or an either/or price is no part of
# the fee
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("图文一篇 ¥800，数据好的话再加 ¥300", "800.00"),
        ("稿费 ¥1000，卖出100单再加 ¥500", "1000.00"),
        ("$500 for the reel, plus $200 if it hits 100k views", "500.00"),
        ("$500 for the reel plus another $200 when it passes 50k likes", "500.00"),
        ("Fee: $600. Plus $150 extra if the video goes viral.", "600.00"),
        ("稿费 1000，另外 500 元押金，样品寄回后退还", "1000.00"),
        ("预算 ¥800，另外 ¥200 是押金，产品寄回后退", "800.00"),
        ("稿费 ¥800，另外 ¥200 车马费", "800.00"),
        ("$500 for the reel, plus $50 shipping reimbursement", "500.00"),
        ("$1,000 plus $200 travel stipend", "1000.00"),
        ("稿费 ¥1000（含税），另外扣 ¥100 平台服务费", "1000.00"),
        ("¥3000，另外寄 500 元的产品给你", "3000.00"),
        ("稿费 ¥1200 另外 300 块的产品也送你", "1200.00"),
        ("你报的 ¥1000 我们只能给到 ¥800，另外 ¥100 红包", "800.00"),
    ],
)
def test_what_is_not_the_fee_is_not_added(text: str, fee: str) -> None:
    r = parse(text)
    assert r["fee"] == fee or (r["fee"] is not None and flagged(r)), r


@pytest.mark.parametrize(
    "text",
    ["视频 ¥1500 + 图文 ¥800 二选一", "Video $1,500 or image post $800, either one"],
)
def test_either_or_prices_are_not_summed(text: str) -> None:
    r = parse(text)
    assert r["fee"] in (None, "1500.00", "800.00"), r
    assert r["fee"] is None or flagged(r), r


@pytest.mark.parametrize(
    "text",
    [
        "截稿之前拍好 2 条视频，每条 ¥1200，另加授权费 ¥300",
        "每条 ¥1200 共 2 条，另加授权费 ¥300",
        "图文 ¥500/篇，另加授权费 ¥200",
    ],
)
def test_an_add_on_never_replaces_a_price_per_piece(text: str) -> None:
    r = parse(text)
    assert r["fee"] not in ("300.00", "200.00"), r
    if r["deliverables"] is None and "共" not in text:
        # no count found: the price per piece, the add-on flagged
        assert r["fee"] in ("1200.00", "500.00") and flagged(r), r
    if "共 2 条" in text:
        # round 25 (the review's open item): the count written with the price counts the
        # pieces even with no kind said, so the total is 2 × 1200 + 300
        assert r["fee"] == "2700.00", r


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("拍 2 条视频，每条 ¥1200，另加授权费 ¥300", "2700.00"),
        ("图文1篇 ¥500/篇，另加授权费 ¥200", "700.00"),
    ],
)
def test_an_add_on_to_a_price_per_piece_adds_to_its_total(text: str, fee: str) -> None:
    assert parse(text)["fee"] == fee


def test_an_added_fee_still_adds() -> None:
    # the round-23 class itself (ADDON_BEFORE)
    assert parse("稿费 ¥200 + 合作码授权费 ¥100")["fee"] == "300.00"
    assert parse("$400 for the video, plus $120 for a 60-day usage license")["fee"] == "520.00"


# 3. a brand with a dashboard or a service fee is still the brand
@pytest.mark.parametrize(
    ("text", "brand", "source"),
    [
        (
            "Hi! This is Mia from Glowly. Track your code's sales in your Glowly dashboard. "
            "$500 for one reel.",
            "Glowly",
            "brand_dm",
        ),
        (
            "Hi! I'm Jess, partnerships at Notion. Notion dashboard templates video, $1,200.",
            "Notion",
            "brand_dm",
        ),
        (
            "Hi Sarah, I'm Tom from Brightleaf Tea. We'd pay $600 for a reel. You'll get a "
            "Brightleaf dashboard login to track your affiliate sales.",
            None,
            "brand_dm",
        ),
        (
            "Hi from Kiehl's! $800 for one reel; our Kiehls dashboard shows your link clicks.",
            None,
            "brand_dm",
        ),
        ("【通告】Colorkey 平台服务费10%由品牌承担，招募美妆博主 图文一篇 ¥800", "Colorkey", None),
        ("Ubras 服务费由品牌方承担，图文一篇 ¥600，合作品牌 Ubras", "Ubras", None),
        ("我们是WonderLab品牌方，WonderLab平台的旗舰店新品，视频 ¥1500", "WonderLab", None),
        ("我们是 Bananain 的市场部，Bananain 平台上的店铺刚上新，图文 ¥800 一篇", "Bananain", None),
        (
            "Hey! Lumo here. We'd love a TikTok for $400. Open Lumo to view the product page.",
            "Lumo",
            None,
        ),
        (
            "Hi, this is Anna from Oatly. Oatly's service fee is waived for creators. "
            "$500 per post.",
            "Oatly",
            None,
        ),
    ],
)
def test_a_brand_with_a_dashboard_is_no_marketplace(
    text: str, brand: str | None, source: str | None
) -> None:
    r = parse(text)
    if brand is not None:
        assert r["brand"] == brand, r
    if source is not None:
        assert r["source"] == source, r
    assert r["source"] != "other", r


def test_a_marketplace_relaying_a_brand_is_still_one() -> None:
    # the round-23 class itself (r23-20-like): the platform named as such, another brand named
    r = parse(
        "New offer from Northfield Coffee via Collably! $600 for one reel. Collably's 15% "
        "service fee applies. Reply from your Collably dashboard."
    )
    assert r["brand"] == "Northfield Coffee", r


# 4. the source span is a real span or none
@pytest.mark.parametrize(
    "text",
    [
        "Kora dashboard 视频1条 ¥500",
        "Hi! Track your sales in your Glowly dashboard. $500 for one reel.",
        "Abc platform fee",
        "Abc 平台的 dashboard",
        "New offer from Northfield Coffee via Collably! $600 for one reel. Reply from your "
        "Collably dashboard.",
    ],
)
def test_every_span_points_at_text(text: str) -> None:
    r = parse(text)
    for field, span in r["spans"].items():
        assert 0 <= span["start"] < span["end"] <= len(text), (field, span)
        assert text[span["start"] : span["end"]] == span["text"], (field, span)


# 5. smaller ones
def test_sentence_words_inside_a_brand_name() -> None:
    assert parse("你好，我们是挺好喝的奶茶的市场部，图文 ¥500")["brand"] == "挺好喝"


def test_at_most_two_pieces_is_not_two() -> None:
    r = parse("视频 ¥800 一条，最多拍2条就行")
    assert r["fee"] != "1600.00", r
