# ruff: noqa: E501
"""Attack review of issue-13-final (r24d and r25b conditions, /work/notes/r24d.md, r25b.md).

Each finding fails on the branch head (7745a6f). The comment on each says what main (e3a18cc)
gives for the same message. The last test is a hostile-paste guard that passes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.negotiation.brief import parse_brief
from tests.negotiation.hostile import fill, mix, worst_in_child

TODAY = date(2026, 5, 6)


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


# (a) PERSON_ROLE_AT: "their" anywhere and no we/our/us drops the person's own company, so
# another name in the message (a shop she reviewed) becomes the brand, or none is left and the
# source is lost too.
@pytest.mark.parametrize(
    ("text", "wrong_brand"),
    [
        # main: brand 'Sam Lee' (wrong), source 'brand_dm'; branch: 'Mossy Home'
        (
            "Hi Joy, this is Sam Lee (Partnerships Lead at Glowbird Candles) — I saw your Mossy "
            "Home haul; your followers loved their cozy corners. 1 Reel, $600, due Nov 20.",
            "Mossy Home",
        ),
        # main: 'Sam Lee' (wrong); branch: 'Bath & Body Works' (a competitor she reviewed)
        (
            "Hi Joy, this is Sam Lee (Partnerships Lead at Glowbird Candles). Loved your Bath & "
            "Body Works review — their candles vs mine! 1 Reel $600 due Nov 20.",
            "Bath & Body Works",
        ),
    ],
)
def test_their_about_someone_else_keeps_the_persons_company(text: str, wrong_brand: str) -> None:
    got = parse(text)
    assert got["brand"] != wrong_brand
    assert got["brand"] == "Glowbird Candles"


# main: source 'brand_dm' (right), brand 'Sam Lee'; branch: source None, brand None (regression
# on source)
def test_their_followers_does_not_lose_the_source() -> None:
    got = parse(
        "Hi Joy, this is Sam Lee (Partnerships Lead at Glowbird Candles) — your followers loved "
        "their autumn candle haul! 1 Reel, $600, due Nov 20."
    )
    assert got["source"] == "brand_dm"


# (b) reply chain: the lowest mail is hers and she is the top mail's To:, but the top mail is a
# friend forwarding the brand's answer (or an agency answering her request to be represented):
# no pitch of hers to the brand.
FRIEND_FORWARD = """Subject: Re: Hana x Quill & Fern
From: Lena Park <lena@gmail.com>
To: Hana Wu <hana.wu@gmail.com>

FYI see below — thanks for reaching out to them through me! We'll see. They offer 1 Reel, $500, by May 30.

-----Original Message-----
From: Theo Park <theo@quillfern.com>
To: Lena Park <lena@gmail.com>

Hi Lena, we can offer your friend Hana 1 Reel, $500, by May 30.

-----Original Message-----
From: Hana Wu <hana.wu@gmail.com>
To: Lena Park <lena@gmail.com>

Lena, can you ask Quill & Fern if they'd work with me?"""

AGENCY_REPLY = """Subject: Re: representation
From: Jess Moore (Brightside Talent) <jess@brightsidetalent.com>
To: Hana Wu <hana.wu@gmail.com>

Thanks for reaching out, Hana! We'd love to represent you. First job: Brightwell Kitchen wants 1 Reel, $500, by May 30. Our commission is 20%.

-----Original Message-----
From: Hana Wu <hana.wu@gmail.com>
To: Jess Moore <jess@brightsidetalent.com>
Subject: representation

Hi Jess, I'm looking for an agency to represent me. Hana"""


# main: 'referral' (right) ; branch: 'self_pitch' (regression)
def test_a_friends_forward_to_her_is_no_pitch_of_hers() -> None:
    assert parse(FRIEND_FORWARD)["source"] != "self_pitch"


# main: 'referral' ; branch: 'self_pitch' (she pitched the agency, not Brightwell Kitchen)
def test_an_agency_answering_her_request_is_no_pitch_to_the_brand() -> None:
    assert parse(AGENCY_REPLY)["source"] != "self_pitch"


# (c) 推你过去？: a brand or agency introducing itself with 我们是X / 我们MCN / 我们机构 (none of
# the listed words after 我们) is now read as a friend's referral.
@pytest.mark.parametrize(
    ("text", "main_source"),
    [
        (
            "你好呀～我们是暖灯家居，最近在找家居博主，看了你的笔记很喜欢！图文1篇，稿费800，"
            "月底前发布，要不要推您过去？",
            "brand_dm",
        ),
        (
            "宝，我们是植语集的品牌方，想约你拍1条视频，预算3000，5月20日前，我直接把需求推您过去？",
            "brand_dm",
        ),
        (
            "您好，我们是星野传媒，手上有个暖灯家居的单子：图文2篇，每篇600，推您过去？佣金20%。",
            "agency_group",
        ),
        ("我们MCN手上有个暖灯家居的单子，图文2篇，每篇600，推你过去？", "agency_group"),
    ],
)
def test_a_brand_or_agency_saying_we_are_is_no_referral(text: str, main_source: str) -> None:
    # main: main_source; branch: 'referral' (regression)
    assert parse(text)["source"] == main_source


# (g) 每条…共…另加: a cost the brand pays written 我们出 is summed into her fee.
# main: '500.00' with fee conflict (wrong); branch: '2200.00' unflagged (wrong, stated as fact)
def test_an_add_on_the_brand_pays_is_not_her_fee() -> None:
    got = parse("每条¥500，共4条，另加拍摄道具费¥200（我们出）")
    assert got["fee"] != "2200.00"


# A later quick review: 我们出 in ordinary words (我们出镜, 品牌出新品, 我们出一版脚本) stopped a
# real add-on from being summed (1200.00 with the fee flagged at b269197; 2700.00 before it).
@pytest.mark.parametrize(
    "tail",
    [
        "，我们出一版脚本给您参考",
        "，我们出镜的部分不用您管",
        "，品牌出新品后再发",
        "。我们出差回来签合同",
        "，我们出的价已经很高了",
        "，品牌方出了新规定要先审稿",
        "（品牌出品的素材可以用）",
        "。稿子等品牌出brief后再定",
    ],
)
def test_words_with_chu_are_no_cost_the_brand_pays(tail: str) -> None:
    got = parse("您好，每条 ¥1200 共 2 条，另加授权费 ¥300" + tail)
    assert got["fee"] == "2700.00", got["fee"]


def test_a_cost_the_brand_pays_ends_its_clause_with_chu() -> None:
    # 我们出 ending the clause is still the brand paying: main's answer, the add-on flagged
    got = parse("您好，每条 ¥1200 共 2 条，另加运费 ¥30 我们出")
    assert got["fee"] != "2430.00"


# hostile pastes for the new conditions (a)-(h): fast and never a 500
HOSTILE = [
    fill("this is Sam Lee (Partnerships Lead at Glowbird Candles of Wax) their "),
    fill("Subject: Re: x\nFrom: Hana Wu <h@x.com>\nTo: Hana Wu\nthanks for reaching out we\n-----"),
    fill("我们是暖灯家居我是星野MCN的我是小林的运营推您过去？"),
    fill("Lumaris 澜光 Ambassador Program RED XHS TikTok Shop Malaysia "),
    fill("植语集-市场部 10:12\n小美-运营 10:12\n"),
    fill("每条800，共3条，另加授权费¥300由我们承担/月 "),
    fill("Theo (Head of Marketing at House of Wax of Bank of "),
    mix("their ", "推你过去？我们", "-运营 10:12\n", "Head of Sales of "),
]


def test_hostile_pastes_are_fast() -> None:
    seconds, head = worst_in_child(HOSTILE)
    assert seconds < 2.0, head


def test_hostile_pastes_never_500(api: TestClient) -> None:
    for text in HOSTILE:
        r = api.post("/api/v1/offers/parse", json={"text": text, "today": "2026-05-06"})
        assert r.status_code == 200, r.text[:300]
