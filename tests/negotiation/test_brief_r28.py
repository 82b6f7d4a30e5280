"""Round 28 (after set 27): the classes of its rules, each written fresh as a creator would paste
it, with the guards where a naive form of the rule would fire wrongly."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2026, 5, 6)


def parsed(text: str) -> dict[str, object]:
    return parse_brief(text, TODAY)


# --- brand -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "[Nina | Quillo 奎洛 PR 5/2 10:00] Hi～ 想请你拍 1 条 video，fee ¥1,500\n"
            "[我 5/2 10:20] 好呀\n[Nina | Quillo 奎洛 PR 5/2 10:30] 5/30 前发就好",
            "Quillo",
        ),
        (
            "[阿青｜檀木集 市场部 5/2 10:00] 你好～想请你发1篇图文，费用900\n"
            "[我 5/2 10:20] 可以\n[阿青｜檀木集 市场部 5/2 10:30] 5月30号前发布就好",
            "檀木集",
        ),
    ],
)
def test_a_chat_label_of_a_person_then_her_company_names_the_company(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


@pytest.mark.parametrize(
    "text",
    [
        "5/6 通话记录\n对方：栖岸 市场部 阿宁\n· 图文1篇，800\n"
        "· 阿宁说喜茶前阵子也找过博主（跟这单无关）",
        "Call w/ Marlowe (soap) — notes\n- 1 reel, $300\n"
        "- Glossier ran a similar campaign last spring (not related to us)",
    ],
)
def test_a_brand_said_to_be_unrelated_is_not_the_brand(text: str) -> None:
    assert parsed(text)["brand"] in {"栖岸", "Marlowe"}


def test_unrelated_said_of_something_else_keeps_the_brand() -> None:
    text = "你好～我们是喜茶，看的是内容，跟粉丝量无关哈\n想请你发1篇图文，费用800元"
    assert parsed(text)["brand"] == "喜茶"


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "Call notes 5/6 w/ Dunmore (wool socks) — Ben & Hana, 20 min\n- 1 reel, $400\n"
            "- Hana mentioned a winter launch",
            "Dunmore",
        ),
        ("5/6 call w/ 岚屿（手工皂）— 小周\n- 1 条视频，¥2,000", "岚屿"),
    ],
)
def test_call_notes_with_a_company_name_not_the_people(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


def test_a_call_with_a_person_of_a_company_is_not_the_brand() -> None:
    text = "Call with Theo (Oakhill Candles marketing), May 6\n- 1 video, $900\n- Theo said net 30"
    assert parsed(text)["brand"] != "Theo"


def test_the_counterpart_of_a_call_with_its_department_is_the_brand() -> None:
    assert parsed("通话记录\n对方：拾味 市场部 王姐\n· 图文2篇，一共1600")["brand"] == "拾味"


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("【蒲公英合作】邀请你参与「脆脆鲨」新品推广\n笔记数量：1\n单篇报价：600元", "脆脆鲨"),
        ("【星图任务】指派任务\n任务类型：短视频 1 条\n任务报价：¥2,000", None),
    ],
)
def test_a_platform_label_in_brackets_is_not_the_brand(text: str, brand: str | None) -> None:
    assert parsed(text)["brand"] == brand


def test_a_campaign_title_after_canyu_is_still_no_brand() -> None:
    text = "邀请你参与「夏日嗦粉挑战」\n图文1篇，稿费500元\n品牌：粉掌柜"
    assert parsed(text)["brand"] == "粉掌柜"


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "【品牌招募】Birch & Bloom 桦花 春季香氛招募\n内容：1 篇图文\n稿费：¥600/篇",
            "Birch & Bloom",
        ),
        ("【品牌招募】Birch 桦花 春季香氛招募\n内容：1 篇图文\n稿费：¥600/篇", "Birch"),
    ],
)
def test_a_headers_latin_name_joined_by_and_is_whole(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


def test_a_series_called_x_and_you_is_not_the_brand() -> None:
    text = 'Hi from Mira! Our spring series is called "Mira & Me" — 1 reel, $300, by May 30.'
    assert parsed(text)["brand"] == "Mira"


def test_a_trailing_pinpai_is_not_part_of_the_name() -> None:
    assert parsed("您好，我是云朵漫游品牌市场部的小李，想邀请您发1篇图文，稿费800元")["brand"] == (
        "云朵漫游"
    )


def test_a_name_then_what_they_make_in_brackets_is_the_brand() -> None:
    text = (
        "Hey! Passing this on — Wrenfield (they make linen aprons) reached out looking for a "
        "home creator. 1 reel, $500, by May 30."
    )
    assert parsed(text)["brand"] == "Wrenfield"


# --- fee ---------------------------------------------------------------------------------------


def kinds(got: dict[str, object]) -> set[tuple[str, int]]:
    return {(d["kind"], d["quantity"]) for d in got["deliverables"] or []}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "text",
    [
        "【品牌招募】招募 30 位博主\n内容：1 篇图文\n稿费：¥300/篇\n"
        "本次 campaign 总 budget：¥9,000",
        "招募 20 位博主，1 篇图文，稿费 ¥300/篇\n这波活动总 budget 6000",
    ],
)
def test_a_campaigns_total_budget_in_mixed_words_is_not_the_fee(text: str) -> None:
    assert str(parsed(text)["fee"]) == "300.00"


def test_a_budget_for_one_creator_is_her_fee() -> None:
    text = "我们是青果，这次预算2500，就找你一位博主哈\n想要1条视频，5月30日前发布"
    assert str(parsed(text)["fee"]) == "2500.00"


def test_a_budget_with_a_range_of_places_is_shared() -> None:
    text = (
        "Brand：Lumo\n这波 campaign 总 budget 2w，招 6-8 位\n"
        "Rate：reel ¥2,000，合集 ¥800\n1 条 reel + 1 个合集"
    )
    assert str(parsed(text)["fee"]) == "2800.00"


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("可以 ¥1,200 for 1 short video，另外想加一个素材授权 30 天，+¥200", "1400.00"),
        ("视频一条 ¥2,000，另外还要加素材授权 90 天，+¥600 哈", "2600.00"),
    ],
)
def test_a_licence_added_at_a_price_is_summed_and_a_deliverable(text: str, fee: str) -> None:
    got = parsed(text)
    assert str(got["fee"]) == fee
    assert ("asset_license", 1) in kinds(got)


def test_a_licence_term_with_no_price_is_no_deliverable() -> None:
    got = parsed("视频一条 ¥2,000，另外想加素材授权 30 天，可以吗")
    assert str(got["fee"]) == "2000.00"
    assert ("asset_license", 1) not in kinds(got)


# --- deliverables ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("要一篇图文一条视频 一共给两千", {("image_note", 1), ("video_note", 1)}),
        ("想要三篇图文两条视频，一共五千", {("image_note", 3), ("video_note", 2)}),
        # a price for one written out before the count stays a price: the count is elsewhere
        ("品牌给八百一条视频，要两条", {("video_note", 2)}),
    ],
)
def test_counts_of_kinds_in_a_row_with_no_joiner(text: str, expected: set[tuple[str, int]]) -> None:
    assert kinds(parsed(text)) == expected


def test_a_count_after_a_bracket_and_a_plus_counts_the_next_kind() -> None:
    got = parsed("- 1 条 long video（露营 vlog）+ 2 篇 image notes\n- fee: ¥3,000")
    assert kinds(got) == {("video_note", 1), ("image_note", 2)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Content: 1 short video of a real mess\nPost by: Jun 30, 2026", {("video_note", 1)}),
        ("Content: 1 video for a summer sale\nPost date: Jun 30", {("video_note", 1)}),
    ],
)
def test_a_post_by_label_is_no_post(text: str, expected: set[tuple[str, int]]) -> None:
    assert kinds(parsed(text)) == expected


# --- source, commission, goods -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "TikTok Shop · Target Collaboration\n\nNimbra has invited you to a target collaboration\n"
        "Commission rate: 10%\nFixed fee: $100\nContent: 1 video",
        "【抖音电商·精选联盟】商家「麦香坊」向你发送了定向合作邀请\n佣金比例：18%\n固定服务费：¥200\n"
        "内容要求：短视频1条",
    ],
)
def test_a_shops_affiliate_invitation_is_other_and_its_commission_no_cut(text: str) -> None:
    got = parsed(text)
    assert got["source"] == "other"
    assert got["agency_cut_pct"] is None


def test_an_agencys_commission_is_still_its_cut() -> None:
    text = "我们是星禾MCN，品牌：麦香坊，图文1篇 ¥800，我们的佣金比例：20%"
    assert str(parsed(text)["agency_cut_pct"]) == "20"


@pytest.mark.parametrize(
    "text",
    [
        "宝 我这有个零食的单子 我最近太忙了 你接不接呀\n品牌叫麦香坊\n要一篇图文 给八百",
        "Hi! I'm booked all month 😩\nNimbra (they make wool throws) reached out looking for a "
        "home creator and I immediately thought of you. 1 reel, $400.",
    ],
)
def test_a_job_offered_to_a_creator_and_passed_on_is_a_referral(text: str) -> None:
    assert parsed(text)["source"] == "referral"


def test_a_brand_thinking_of_her_is_no_referral() -> None:
    text = "Hi! We're Nimbra — when we planned our launch we thought of you. 1 reel, $400."
    assert parsed(text)["source"] != "referral"


def test_her_note_of_a_call_with_a_company_is_other() -> None:
    assert parsed("5/6 call w/ 麦香坊（烘焙）— Lisa\n- 1 条视频，¥2,000")["source"] == "other"


@pytest.mark.parametrize(
    "text",
    [
        "商品：麦香吐司 12 袋 到手价 ¥39.9\n样品：可申请免费寄样\n固定服务费：¥300\n短视频1条",
        "【精选联盟】商家「麦香坊」向你发送了合作邀请\n商品：吐司 到手价 ¥39.9\n固定服务费：¥300",
    ],
)
def test_a_shop_price_with_nothing_sent_is_no_goods_value(text: str) -> None:
    assert parsed(text)["in_kind_value"] is None


def test_a_shop_price_of_goods_sent_is_their_value() -> None:
    text = "会寄一箱吐司给你，不用寄回\n商品：麦香吐司 到手价 ¥39.9\n固定服务费：¥300"
    assert str(parsed(text)["in_kind_value"]) == "39.90"


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("我是山野集品牌主理人阿木，想请你发1篇图文，800元", "山野集"),
        ("Hi 我是 Moss & Fern 品牌负责人 Ada，想请你拍1条视频，¥1,200", "Moss & Fern"),
        ("你好，我是品牌主理人阿木，想请你发1篇图文，800元", None),
    ],
)
def test_a_name_before_pinpai_and_a_role_is_the_brand(text: str, brand: str | None) -> None:
    assert parsed(text)["brand"] == brand


# --- guards found reviewing the round's rules --------------------------------------------------


def test_a_call_offered_in_a_dm_names_no_brand() -> None:
    text = "Hi! We are Lumen. Happy to hop on a call with Nora, our PR lead. 1 reel, $300"
    assert parsed(text)["brand"] == "Lumen"


def test_her_total_budget_for_one_deal_is_her_fee() -> None:
    assert str(parsed("本次合作我们给你的总预算是3000，1条视频")["fee"]) == "3000.00"


def test_a_job_offered_with_no_reason_to_pass_it_on_is_no_referral() -> None:
    # an agent offers jobs in the same words; only a creator who cannot take it passes it on
    assert parsed("宝 我这有个单子 你接不接 品牌叫毛球 图文一篇 800")["source"] != "referral"


def test_unrelated_said_of_her_earlier_job_keeps_the_brand() -> None:
    text = "我们是青禾，跟你之前接的单无关，想请你拍1条视频 1000元"
    assert parsed(text)["brand"] == "青禾"
