"""Regressions the attack review of round 24 found (six rules that got realistic messages wrong
which the parser before them got right; the round was reverted in f2f2ca9), as plain unit tests
of parse_brief, written before the rules were re-applied in a tightened form. Each class holds
the review's own message and variants of it; a test marked "guard" already passed on the merged
round-24 code and keeps the tightened rule from regressing further."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2026, 11, 29)


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


# 1. a company described with "brand … at <shop>" is no person's role at a company: the shop
# that sells it is not the brand (PERSON_ROLE_AT took "brand"/"team" for a role)
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "We're Kora Skincare, a clean beauty brand available at Sephora. We'd love one Reel "
            "from you, $400 flat, by June 12.",
            "Kora Skincare",
        ),
        (
            "Hi Ava! This is Northwind Candles, a small home fragrance brand sold at Target. "
            "One TikTok for $350, posted by May 30?",
            "Northwind Candles",
        ),
        (
            "Hey, we are Solara Sun Care, an SPF brand now at Ulta Beauty. Budget is $600 for "
            "one video and one story.",
            "Solara Sun Care",
        ),
        # guards
        (
            "品牌：Kora Skincare（clean beauty brand, available at Sephora）\n内容：1条视频\n"
            "费用：¥3000\n发布时间：6月20日前",
            "Kora Skincare",
        ),
        (
            "Hello from Pebble & Pine (a kids' outdoor brand stocked at REI)! We'd like 2 "
            "Instagram posts at $250 each.",
            "Pebble & Pine",
        ),
        (
            "品牌方：Brightleaf Tea（a tea team based at Hangzhou）\n需求：2篇图文，每篇800元",
            "Brightleaf Tea",
        ),
    ],
)
def test_a_brand_sold_at_a_shop_is_no_person_at_a_company(text: str, brand: str) -> None:
    assert parse(text)["brand"] == brand


def test_a_person_with_a_role_at_a_company_names_the_company() -> None:
    # the rule's own class (tuned r24-07, set 23 h23-31), a variant
    r = parse(
        "Message from Priya Nair (Influencer Marketing Manager at Halden Audio)\n\n"
        "Hi Joy, we'd love one video on our new earbuds, USD 500, live by June 20. Net 30."
    )
    assert r["brand"] == "Halden Audio"


# 2. an agency's own notice passing on what the brand asked ("品牌那边给的需求如下", "对方给的需求")
# and a brand's person sending the creator on to her boss ("我推你过去给我们老板") are no
# friend's referral
@pytest.mark.parametrize(
    "text",
    [
        "【星野MCN】宝子们新单～品牌那边给的需求如下：\n品牌：芽芽米饼\n视频1条，稿费1200，"
        "机构抽10%\n5月25日前发，想接的私我",
        "大家好，我是柚子传媒的小周～对方给的需求如下\n品牌：麦野\n图文3篇，每篇350，"
        "机构抽10个点\n两周内发完",
        # guard (通告 and 群里 decide before the referral words)
        "【星野MCN 母婴通告群】\n@所有人 新单！品牌那边给的需求如下：\n品牌：芽芽米饼\n"
        "视频1条，稿费1200，机构抽10%\n5月25日前发，想接的群里扣1",
    ],
)
def test_an_agency_passing_on_the_brands_words_is_its_own_job(text: str) -> None:
    assert parse(text)["source"] == "agency_group"


@pytest.mark.parametrize(
    "text",
    [
        "宝子们，今天有个新单，客户那边给的要求：\n品牌：雾屿香氛\n图文1篇，稿费600，"
        "我们机构抽10%\n6月底前发，想接的私我",
        "你好呀，我是雾屿香氛的市场小林～想邀请你拍1条视频，稿费1500，月底前发。"
        "你的报价我推你过去给我们老板确认一下哈",
        "您好！我们是芽芽米饼，想请您拍1条视频，稿费1200元，5月25日前发布。"
        "您同意的话我推你过去给我们设计对接脚本～",
        "Hi～ 我是麦野的品牌运营，图文2篇，每篇500，我推您过去和我们老板聊一下细节？",
    ],
)
def test_passing_her_on_inside_the_company_is_no_referral(text: str) -> None:
    assert parse(text)["source"] != "referral"


@pytest.mark.xfail(
    strict=True,
    reason="removed (attackfinal): 推你去？ is no referral cue",
)
def test_a_friend_offering_to_pass_her_on_is_a_referral() -> None:
    # the rule's own class (tuned r24-19/20, set 23 h23-18), a variant
    r = parse("姐妹，我之前合作过的星野MCN在找母婴博主，推你去？视频1条，稿费1200，机构抽10%")
    assert r["source"] == "referral"


# 3. a friend's reply over the creator's question (Re: over "-----Original Message-----") is a
# job passed on, not the brand's answer to her pitch
@pytest.mark.parametrize(
    "text",
    [
        "Subject: Re: any brands looking for food creators?\n\nHey Mia! Yes, actually — "
        "Brightwell Kitchen asked me last week. They want 2 videos at USD 250 each, live by "
        "May 30. Want me to send them your way?\n\nJen\n\n-----Original Message-----\nFrom: Mia"
        "\n\nHi Jen, do you know any brands looking for food creators right now?",
        "From: Jen Park\nTo: Mia Chen\nSubject: RE: collab leads\n\nHi Mia, my old team at "
        "Glowbird Candles needs one Reel, $300 flat, by Oct 5. I gave them your handle, hope "
        "that's ok!\n\n-----Original Message-----\nFrom: Mia Chen\nHey Jen, if you hear of any "
        "candle or home brands doing collabs, let me know!",
        "主题：回复：最近有合作可以介绍吗\n发件人：小雨\n\n有的！雾屿香氛在找博主，图文1篇，"
        "稿费600，6月底前发，你要的话我把对接人微信给你～\n\n-----Original Message-----\n"
        "发件人：小葵\n雨姐最近有没有香氛类的合作可以介绍呀",
        # (added with the rule: a friend's thanks for her question is no brand's for a pitch)
        "Subject: Re: any brands looking for food creators?\n\nThanks for reaching out, Mia! "
        "Brightwell Kitchen asked me last week. They want 2 videos at USD 250 each, live by May "
        "30.\n\nJen\n\n-----Original Message-----\nFrom: Mia\n\nHi Jen, do you know any "
        "brands looking for food creators right now?",
    ],
)
def test_a_friends_reply_over_her_question_is_a_referral(text: str) -> None:
    assert parse(text)["source"] == "referral"


# 4. an agency whose own name holds 的 ("有趣的灵魂传媒") is named whole; only a relay's clause
# before 的 ("我之前合作过的", "我认识的") is cut
@pytest.mark.parametrize(
    ("text", "agency"),
    [
        (
            "您好，我们是有趣的灵魂传媒，想给您推一个护肤品牌的合作：图文1篇，稿费800，"
            "机构抽10%，月底前发布",
            "有趣的灵魂传媒",
        ),
        (
            "您好，我是有趣的灵魂传媒的商务小周～品牌：芽芽米饼，视频1条，稿费1200，机构抽10%，"
            "5月25日前发",
            "有趣的灵魂传媒",
        ),
        (
            "Hi，这里是快乐的小鱼MCN，有个零食品牌的单子：视频1条，1500元，我们抽20%，6月10日前发",
            "快乐的小鱼MCN",
        ),
        (
            "Hi～我们是可爱的猫猫MCN，有个宠物品牌的单：视频1条，稿费1000，机构抽15%，月底前发",
            "可爱的猫猫MCN",
        ),
    ],
)
def test_an_agency_named_with_de_is_named_whole(text: str, agency: str) -> None:
    r = parse(text)
    assert r["agency"] == agency
    assert r["brand"] not in ("有趣", "快乐", "可爱")


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("宝，我认识的星野MCN在找母婴博主，推你去吧？视频1条，稿费1200，机构抽10%", "星野MCN"),
        (
            "姐妹，我之前合作过的星野MCN在找母婴博主，推你去？视频1条，稿费1200，机构抽10%",
            "星野MCN",
        ),
    ],
)
def test_a_relays_clause_before_de_is_no_part_of_the_agency(text: str, agency: str) -> None:
    assert parse(text)["agency"] == agency


# 5. a quoted brand holding the speaker's name ("[小林 Coco …]", 「一点点 Coco 奶茶」) is the
# brand's name, not a campaign's title naming "Coco"
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "[一点点 Coco 14:20] 您好～我是 Coco，「一点点 Coco 奶茶」想邀请你拍1条探店视频，"
            "稿费800元，月底前发布",
            "一点点 Coco 奶茶",
        ),
        (
            "[小林 Coco 14:20] 你好，「一点点 Coco 奶茶」新店开业，想请你拍1条探店视频，稿费800元",
            "一点点 Coco 奶茶",
        ),
        # guards
        (
            "Hi 我是 Coco，我们是「一点点 Coco 奶茶」，想请你拍1条探店视频，稿费800元，月底前发布",
            "一点点 Coco 奶茶",
        ),
        (
            "[春日花店 Lily 10:02] 你好～「春日 Lily 花店」想请您拍1条视频，稿费1000元，"
            "6月20日前发布",
            "春日 Lily 花店",
        ),
        (
            "[阿杰 Momo 11:30] Hi～「山下 Momo 小厨房」想请你拍1条视频，稿费1200元，月底前发",
            "山下 Momo 小厨房",
        ),
    ],
)
def test_a_quoted_brand_holding_a_persons_name_is_the_brand(text: str, brand: str) -> None:
    assert parse(text)["brand"] == brand


def test_a_campaign_title_naming_the_brand_is_no_name() -> None:
    # the rule's own class (tuned r24-11/12, set 23 h23-28), a variant
    r = parse(
        "Hi～ 这里是 Halden Audio 的 creator team 🎧\n我们在做「和 Halden 一起听夏天」活动：\n"
        "1 条视频，Fee：RMB 1,500，7月20日前发布"
    )
    assert r["brand"] == "Halden Audio"


# 6. a marketplace's or platform's creator program on the heading is not the brand
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "LTK Creator Program\n\nHi Ava! Glowbird Candles would love one Reel from you for "
            "our fall scents, $300 flat, live by Oct 5. Net 30.",
            "Glowbird Candles",
        ),
        (
            "Amazon Influencer Program\nHi! We're Solara Sun Care and we'd love 1 video, $400, "
            "by June 10.",
            "Solara Sun Care",
        ),
        (
            "LTK Brand Partner Program\n\nHi Mia, we're Brightwell Kitchen and we'd like 2 "
            "videos at USD 250 each, live by May 30.",
            "Brightwell Kitchen",
        ),
        # guards
        (
            "YouTube Partner Program\n\nHi Mia, we're Brightwell Kitchen and we'd like 2 videos "
            "at USD 250 each, live by May 30.",
            "Brightwell Kitchen",
        ),
        (
            "ShopMy Creator Program\n\nHello from Kora Skincare! One video for $350, live by "
            "July 1.",
            "Kora Skincare",
        ),
        ("TikTok Shop Affiliate Program 邀约\n品牌：雾屿香氛\n视频1条，佣金20%，稿费500", "雾屿"),
    ],
)
def test_a_platforms_program_is_not_the_brand(text: str, brand: str) -> None:
    assert parse(text)["brand"] == brand


def test_a_brands_own_program_heading_names_it() -> None:
    # the rule's own class (tuned r24-15/16, set 23 h23-32), a variant. Since r24d the heading
    # names the brand only when it writes the name in two scripts (tuned r24-15): a one-script
    # heading can be a theme ("Wellness Creator Program", attack review r24c finding 5), so
    # "Halden Audio Ambassador Program" is a miss, as r24-16 is
    r = parse(
        "Halden Audio 哈登 Ambassador Program — Spring Intake\n\nWe're picking 8 creators for one "
        "video each (USD 400), earbuds to keep, posts live by April 30. Net 30."
    )
    assert r["brand"] == "Halden Audio"
