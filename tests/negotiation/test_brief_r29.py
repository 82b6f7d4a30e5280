"""Round 29 (after set 28): the classes of its rules, each written fresh as a creator would paste
it, with the guards where a naive form of the rule would fire wrongly."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2026, 5, 6)


def parsed(text: str) -> dict[str, object]:
    return parse_brief(text, TODAY)


def kinds(text: str) -> set[tuple[str, int]]:
    got = parsed(text)
    return {(d["kind"], d["quantity"]) for d in got["deliverables"] or []}  # type: ignore[attr-defined]


# --- deliverables: a roundup or a store visit is one piece ----------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("合作内容：合集类图文笔记1篇，费用五百/篇，5月底前发", {("roundup", 1)}),
        ("想请你做一篇探店型笔记，¥700，店里的饮品我们请", {("store_visit", 1)}),
        ("探店笔记报价 ¥650 一篇，下周五前发就行", {("store_visit", 1)}),
        ("好物合集 ¥900 一篇，月底前发", {("roundup", 1)}),
    ],
)
def test_a_roundup_or_store_visit_written_as_a_note_is_one_piece(
    text: str, want: set[tuple[str, int]]
) -> None:
    assert kinds(text) == want


def test_a_store_visit_beside_a_separate_image_note_keeps_both() -> None:
    assert kinds("组合：1篇探店笔记 + 1篇产品图文，两篇一共1500，月底前发") == {
        ("store_visit", 1),
        ("image_note", 1),
    }


def test_a_total_count_after_the_pieces_is_no_further_piece() -> None:
    assert kinds("内容：合集笔记1篇 + 单品图文1篇\n稿费：两篇共1200") == {
        ("roundup", 1),
        ("image_note", 1),
    }


def test_a_price_per_piece_after_an_image_note_still_counts_it() -> None:
    assert kinds("图文笔记 ¥600 一篇，要两篇") == {("image_note", 2)}


# --- deliverables: a count per month over the months of the deal ---------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("6月、7月、8月每月各1条视频，一条一千", {("video_note", 3)}),
        ("合作月份：9月，10月和11月，每月2篇图文", {("image_note", 6)}),
        (
            "周期：7-9月，为期3个月\n内容：每月图文1篇+视频1条",
            {("image_note", 3), ("video_note", 3)},
        ),
        ("合作期：连续2个月\n形式：每月1条视频", {("video_note", 2)}),
    ],
)
def test_a_count_per_month_over_named_months_or_a_period(
    text: str, want: set[tuple[str, int]]
) -> None:
    assert kinds(text) == want


def test_a_piece_on_another_line_than_the_named_months_is_not_multiplied() -> None:
    assert kinds("1. 10月、11月、12月，每月1篇图文，一篇五百\n2. 12月额外拍1条视频，一千") == {
        ("image_note", 3),
        ("video_note", 1),
    }


def test_a_licence_in_months_above_a_monthly_count_multiplies_nothing() -> None:
    assert kinds("授权期：3个月\n每月先发1条视频看看效果") == {("video_note", 1)}


# --- brand: our product in quotes, a deal's kind -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "【蒲公英】合作邀约\n品牌：澜汐 LANXI\n合作形式：视频 ×1\n报价：¥2500\n\n品牌留言：\n"
            "你好呀～我是澜汐的小秋，想请你拍我们的「深海保湿面霜」，真实测评就好",
            "澜汐",
        ),
        (
            "哈喽～我是禾雀茶饮的运营小满，想邀请你做一篇图文，主推我们的夏季限定「荔枝冰茶」，"
            "费用1500，两周内发布",
            "禾雀",
        ),
        (
            "品牌：Orvia 欧薇\n品牌留言：这次 spring new launch 的「玫瑰精油面膜」想请你拍1条视频，"
            "fee ¥3,000",
            "Orvia",
        ),
    ],
)
def test_our_product_in_quotes_is_not_the_brand(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


def test_a_brand_introducing_itself_in_quotes_is_still_the_brand() -> None:
    text = "你好～我们是「纸上森林」，一个做手帐贴纸的小品牌，想请你做1篇图文，¥600"
    assert parsed(text)["brand"] == "纸上森林"


def test_a_deal_kind_where_a_name_could_stand_is_no_brand() -> None:
    text = (
        "💬 私信\nLumo露茉官方号：你好～我们是纯置换合作哈，没有稿费：\n"
        "· 送你一套 Lumo 香薰（价值¥199）\n· 需要1篇图文\n· 月底前发布"
    )
    assert parsed(text)["brand"] == "Lumo"


# --- source: her own first message, the label naming the channel and the time --------------------


def test_an_arrow_label_with_channel_and_time_is_her_own_first_message() -> None:
    text = (
        "[我 → Oatfield 燕麦田 小红书私信 06/03 20:15]\n"
        "你好～我是做早餐的博主，想给你们做一篇图文，报价 ¥700\n"
        "[Oatfield 燕麦田 06/04 10:02]\n可以呀，月底前发就好"
    )
    assert parsed(text)["source"] == "self_pitch"


def test_an_arrow_label_to_a_friend_who_never_speaks_is_not_her_pitch() -> None:
    text = (
        "[我 → 小美 微信 06/03 20:15]\n你帮我问问那个品牌\n"
        "[Oatfield 燕麦田 06/04 10:02]\n你好，想请你做一篇图文，¥700，月底前发"
    )
    assert parsed(text)["source"] != "self_pitch"


# --- deliverables: UGC videos and clips --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Request: 3 UGC videos for our ads, $400 total, due June 20", {("video_note", 3)}),
        ("Could you film 2 UGC clips of the mug? $90 each", {("video_note", 2)}),
    ],
)
def test_ugc_videos_and_clips_are_counted(text: str, want: set[tuple[str, int]]) -> None:
    assert kinds(text) == want


def test_a_hair_clip_is_no_video() -> None:
    assert kinds("We'll send 3 hair clips; 1 reel please, $200") == {("video_note", 1)}


# --- brand: an agency's notice line names the brand first ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "【云杉MCN｜零食通告2群】\n[云杉-小鹿 10:02]\n🍯新通告🍯 蜜岭 槐花蜂蜜\n"
        "形式：图文×1\n稿费：六百",
        "【云杉MCN｜零食通告2群】\n[云杉-小鹿 10:02]\n🍯新通告🍯 蜜岭 槐花蜂蜜礼盒\n"
        "形式：图文笔记×2（一篇开箱、一篇早餐分享）\n稿费：一篇六百，两篇一千二",
    ],
)
def test_an_agency_notice_line_names_the_brand_before_the_product(text: str) -> None:
    assert parsed(text)["brand"] == "蜜岭"


def test_a_notice_line_with_no_name_names_nothing() -> None:
    text = "[云杉-小鹿 10:02]\n新通告：本周五截止\n美食博主来～图文1篇，稿费600"
    assert parsed(text)["brand"] is None
