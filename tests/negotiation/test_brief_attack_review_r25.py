"""Attack review of issue-13-r25 (round 25's rules, /work/notes/r25.md).

Each case below is a finding: it fails on the branch head (67e9bfa). A comment on each case says
what main (e3a18cc, the same message parsed with main's app/) gives. "regression" means main got
the field right and the branch gets it wrong; "wrong on the new rule" means both are wrong but
the branch's answer comes from one of round 25's rules. Most are brands stated as fact where the
message names no brand (issue 13: "a field not found is null — never a guess presented as
fact"). The last two tests are hostile-input guards (speed and no 500) that pass on the branch;
they are kept so the bounds stay measured."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.negotiation.brief import parse_brief
from tests.negotiation.hostile import fill, mix, worst_in_child

TODAY = date(2026, 5, 6)
API = "/api/v1"


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, TODAY)


# 1. Name in two scripts (464c6b6, 3799625): any 2–4 Chinese characters beside a capitalised
# Latin word are taken for the brand spelling itself twice. A person's Chinese and English name,
# a platform, a place, a flavour, a colour, a slogan, a theme, a size or a product line pass the
# rejections. Main gives no brand for every one of these (right: none is named).
@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # a person's Chinese + English name
        ("你好，我是 王小美 Amy，想邀请你合作1条视频，预算2500元，月底前", "王小美"),
        ("你好～我是 Kelly 陈思，视频1条 2000元", "Kelly"),
        ("对接：陈思 Kelly\n图文1篇 800 元，月底前", "陈思"),
        ("Best, 李娜 Lina\n\n1 Reel, $400 by Dec 10", "李娜"),
        ("——\n王小美 Amy\n市场部\n视频1条 2000元", "王小美"),
        # a platform
        ("你好，这次是 得物 DEWU 的活动，图文1篇，稿费500", "得物"),
        ("关注我们的公众号 Official 获取更多，视频1条 3000", "Official"),
        # a place
        ("活动地点：成都 CHENGDU 太古里\n探店图文1篇，稿费600，本周六", "CHENGDU"),
        ("拍摄地：大理 Dali 古城，视频1条 3000", "Dali"),
        ("地址：西湖 Westlake 旁边\n探店图文1篇，稿费600", "西湖"),
        # a flavour, a colour, a product line, a product
        ("Hi! We're launching the 抹茶 Matcha latte this month — 1 Reel, $400", "抹茶"),
        (
            "Hey! Quick one from the Shanghai team: 1 TikTok, $300, about our 桂花 Osmanthus line",
            "桂花",
        ),
        ("主推 焦糖 Caramel 口味，视频1条 预算2000", "焦糖"),
        ("新色 樱花粉 SAKURA 上市啦，想邀你拍1条视频，预算1800", "樱花粉"),
        ("颜色选奶白 Cream 或者雾蓝 Mist，图文1篇 800", "Cream"),
        ("这次推 轻盈 LIGHT 系列，视频1条 2000元", "轻盈"),
        ("我们的 Pro 系列 新品，图文1篇 800", "Pro"),
        ("品名：云朵 Cloud 枕，视频1条 2000", "云朵"),
        ("尺码 均码 Free，图文1篇 500", "均码"),
        # a slogan, a theme, a day
        ("口号：玩味 Play！视频1条 2000", "玩味"),
        ("本次主题：城市漫游 Citywalk，图文2篇 每篇600", "城市漫游"),
        ("周末 Weekend 市集 想邀你来逛逛，图文1篇 500", "Weekend"),
    ],
)
def test_two_scripts_side_by_side_are_not_always_a_brand(text: str, wrong: str) -> None:
    # main: None for every case (regression: a guess stated as fact)
    assert parse(text)["brand"] != wrong


# 2. Person and brand-side cues (9c8e19b, 42033e9): the word before 市场部 on a contact line,
# before 品牌方 N 人, or inside a person's brackets is taken for the brand, with no check that it
# is a name.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # main: None; branch: '总部' (head office) (regression)
        ("联系：总部 市场部 Coco\n视频1条 2000元", None),
        # main: None; branch: '对方' ('the other side') (regression)
        ("参会：对方 品牌方 2 人\n视频1条 3000", None),
        # main: None; branch: 'Freelance' (regression)
        ("Maya (Freelance PR) reached out: 2 image posts, $600 each", None),
        # main: None; branch: 'Shopee', a marketplace (regression)
        ("Maya (Shopee marketing) — 1 Reel, $500", None),
        # main: 'Marketing'; branch: 'Head' (wrong on both; the branch's from the bracket rule)
        ("Theo (Head of Marketing) — 1 Reel, $500", None),
    ],
)
def test_a_word_beside_a_department_is_no_brand_by_itself(text: str, expected: None) -> None:
    assert parse(text)["brand"] == expected


# 3. Company-dash speaker with the time alone on the line (dce2a6e): WeChat remark names are
# written the same way ('小美-闺蜜', '妈妈-家人': the person, then how she knows her). The
# friend is taken for the brand and the brand she names is lost.
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (  # main: '苔原'; branch: '小美' (regression)
            "小美-闺蜜 10:12\n你不是做家居的吗，这个品牌在找人，视频1条 2000元\n我 10:40\n"
            "哪个品牌？\n小美-闺蜜 10:45\n苔原香氛",
            "苔原",
        ),
        (  # main: '苔原'; branch: '妈妈' (regression)
            "妈妈-家人 10:12\n你看看这个\n我 10:40\n好\n妈妈-家人 10:45\n"
            "视频1条 2000元 苔原香氛找你",
            "苔原",
        ),
    ],
)
def test_a_remark_name_with_a_dash_is_no_company(text: str, brand: str) -> None:
    assert parse(text)["brand"] == brand


# 4. Booth at a fair (3799625): the word before 展位/booth is taken for the brand without being a
# name ('隔壁' = next door, 'Hall 3', a platform's booth), and a memo or a fair on the first line
# makes the source 'other' even when the brand wrote to her.
@pytest.mark.parametrize(
    ("text", "brand"),
    [
        # main: None; branch: '隔壁' (regression)
        ("今天逛到隔壁展位，品牌说想约一条视频，预算3000", None),
        # main: None; branch: 'Hall 3' (regression)
        ("I walked past the Hall 3 booth; they offered $500 for 1 Reel", None),
        # main: 'Fernwick Tea'; branch: 'Shopify' (regression)
        (
            "Stopped by the Shopify booth at the expo — Fernwick Tea offered $500 for 1 Reel",
            "Fernwick Tea",
        ),
    ],
)
def test_a_booth_needs_a_name(text: str, brand: str | None) -> None:
    assert parse(text)["brand"] == brand


@pytest.mark.parametrize(
    "text",
    [
        "备忘：暖芽官方私信我，视频1条 2000元",  # main: brand_dm; branch: other (regression)
        "美博会 结束后 暖芽 私信我：视频1条 2000元",  # main: brand_dm; branch: other (regression)
    ],
)
def test_a_memo_of_a_brands_dm_is_still_a_dm(text: str) -> None:
    assert parse(text)["source"] == "brand_dm"


# 5. Referral 你不是做…的吗 (6a31311): the brand's own person asking it ('我是暖芽的市场', a
# speaker label '暖芽品牌方：') is read as a friend passing a brief on.
@pytest.mark.parametrize(
    "text",
    [
        # main: brand_dm; branch: referral (regression)
        "你好，我是暖芽的市场，你不是做母婴的吗？我把要求贴给你：视频1条 2000元",
        # main: brand_dm; branch: referral (regression)
        "暖芽品牌方：你不是做母婴的吗？我把brief贴给你：视频1条 2000元",
    ],
)
def test_the_brand_asking_you_do_x_is_no_referral(text: str) -> None:
    assert parse(text)["source"] == "brand_dm"


# 6. Package price (d9a597b): 'package 价' after a price per piece is taken for the total even
# when it is the retail price of the gift set she is sent.
def test_a_gift_sets_package_price_is_no_fee() -> None:
    # main: 3000.00; branch: 399.00 (regression)
    assert (
        str(parse("每条视频 1500，共 2 条。送你 3 件套 package 价 399 的礼盒")["fee"]) == "3000.00"
    )


# 7. A price per piece counted, plus what is added (4d36561): anything after 另加 is added to
# the fee, a shipping cost the brand pays included, and a monthly licence fee is added once.
@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # main: 1200.00 flagged; branch: 2430.00, not flagged (wrong on the new rule)
        ("每条 ¥1200 共 2 条，另加运费 ¥30 由我们承担", "2400.00"),
        # main: 1200.00 flagged; branch: 2700.00, not flagged (wrong on the new rule:
        # ¥300 a month for 3 months is ¥900)
        ("每条 ¥1200 共 2 条，另加授权费 ¥300/月，授权3个月", "3300.00"),
    ],
)
def test_what_is_added_is_read_for_what_it_is(text: str, fee: str) -> None:
    got = parse(text)
    assert str(got["fee"]) == fee or "fee" in got["conflicts"], (got["fee"], got["conflicts"])


# 8. 【】 field labels (6d03796): the brand's own tag in 【】 opening the first line, with the
# campaign after it, is dropped as a label when the form's other lines use 【】 too.
def test_a_brand_tag_in_brackets_on_the_first_line_is_the_brand() -> None:
    # main: '暖芽'; branch: None (regression)
    assert parse("【暖芽】新品招募\n【合作内容】视频1条\n【稿费】2000元")["brand"] == "暖芽"


# Guards (pass on the branch): hostile pastes aimed at round 25's rules.
CJK = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"
LOWER = "abcdefghijklmnopqrstuvwxyz"


def _pairs(template: str) -> str:
    out = []
    for i in range(3000):
        c = CJK[i % 22] + CJK[(i // 22) % 22]
        latin = "K" + LOWER[i % 26] + LOWER[(i // 26) % 26] + "x"
        out.append(template.format(c=c, l=latin))
    return "".join(out)[:20_000]


HOSTILE = [
    _pairs("{c} {l} {c}说 @{l} "),
    _pairs("{l} {c}：{c} {l}\n"),
    _pairs("联系：{c} 市场部 {l}\n"),
    _pairs("{c} 品牌方 2 人，"),
    _pairs("{l} ({c} {l} PR) "),
    _pairs("{c}·上海{c}店 "),
    _pairs("逛到{c} {l} 展位"),
    _pairs("{c}-投放 {l}（11月3日）：\n"),
    fill("每条 ¥1200 共 2 条 另加授权费 ¥300，"),
    fill("更正：稿费写错了！是三千五百！"),
    fill("更正：稿费写错了写错了写错了打错了！！"),
    fill("package 价 2000 bundle price $800 for the bundle of three "),
    fill("$300 each $800 for both $900 as a package "),
    fill("你不是做母婴的吗？我把要求贴给你：转发："),
    fill("你不是你不是你不是你不是吗"),
    fill("没有名字咖啡不接其他咖啡"),
    fill("【合作内容】智能恒温【合作码】\n"),
    fill("备忘 美博会 memo expo 展位 booth "),
    fill("Kelly 麻薯子 Mochiko 喵宅 MEOWHOUSE "),
    mix(
        "喵宅 MEOWHOUSE ",
        "每条 ¥1 共 2 条 ",
        "更正：稿费写错了！是",
        "逛到柔一 ROUYI 展位",
        "@小雨 ",
    ),
]


def test_hostile_pastes_for_round_25_finish() -> None:
    seconds, head = worst_in_child(HOSTILE)
    print(f"worst of {len(HOSTILE)} hostile pastes (r25 review): {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_hostile_pastes_for_round_25_are_never_a_500(api: TestClient) -> None:
    for text in HOSTILE:
        response = api.post(f"{API}/offers/parse", json={"text": text, "today": "2026-05-06"})
        assert response.status_code == 200, response.text[:300]
