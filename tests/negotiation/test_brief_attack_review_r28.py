"""A hostile review of round 28's rules: fresh messages where a round-28 rule gave a wrong value
that main before the merge (73bd249^1) got right or left null. Each expects the right value, or
null where the message gives no safe one."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2026, 6, 1)


def parsed(text: str) -> dict[str, object]:
    return parse_brief(text, TODAY)


# --- brand -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "right"),
    [
        # a person after "call w/", her company and role after a comma or a dash
        (
            "Call w/ Priya, Brightloop marketing\n- 2 reels + 1 story\n- $1,200 total\n"
            "- post by 6/20",
            (None, "Brightloop"),
        ),
        (
            "6/3 call w/ Dana — Kelpie Snacks founder\n- 1 TikTok, $600\n- net 30",
            (None, "Kelpie Snacks"),
        ),
    ],
)
def test_a_person_the_call_was_with_is_no_brand(text: str, right: tuple[str | None, ...]) -> None:
    assert parsed(text)["brand"] in right


def test_a_person_the_call_was_with_then_her_company_in_brackets_is_no_brand() -> None:
    got = parsed("6/3 meeting w/ 小林（栖云茶舍市场部）\n- 1条视频 2000")
    assert got["brand"] in (None, "栖云茶舍")


def test_a_counterpart_called_by_a_word_of_address_is_no_brand() -> None:
    got = parsed("通话记录 6/3\n对方：王姐 市场部，栖云茶舍\n- 1条视频 2000\n- 月底前发")
    assert got["brand"] in (None, "栖云茶舍")


def test_a_quote_before_new_product_words_is_not_the_brand_when_the_brand_is_labelled() -> None:
    got = parsed("邀请你参与「夏日冰川」新品推广，品牌：冰川泉，1条视频，预算3000")
    assert got["brand"] == "冰川泉"


def test_a_project_called_a_name_said_to_be_a_brand_names_the_brand() -> None:
    text = (
        'Hey! Our new project is called "Halden" — a clean skincare brand launching in July. '
        "We'd love 1 reel for $900."
    )
    assert parsed(text)["brand"] == "Halden"


def test_a_friend_who_makes_things_is_no_brand() -> None:
    text = (
        "My friend Dana (who make candles too) said you might like this. Lumen Labs wants 1 reel "
        "for $500."
    )
    assert parsed(text)["brand"] == "Lumen Labs"


def test_two_brands_joined_by_and_for_a_joint_product_are_not_one_name() -> None:
    got = parsed("【品牌联名招募】Oatly & Kiehl 联名体验\n招募10位博主\n每位1条视频，稿费1000")
    assert got["brand"] in (None, "Oatly")


# --- fee ---------------------------------------------------------------------------------------


def test_a_total_budget_in_mixed_words_to_one_creator_is_her_fee() -> None:
    got = parsed("你好～这次 collab 总 budget 3000，想请你拍1条视频，我们是栖云茶舍")
    assert got["fee"] == "3000.00"


@pytest.mark.parametrize(
    ("text", "right"),
    [
        (
            "¥1,500 for 1 short video；另外想加一个素材授权 30 天的话 +¥300，不加也行，你定。"
            "我们是栖云茶舍",
            (None, "1500.00"),
        ),
        (
            "Hi, Pebble Loom here. $800 for 1 reel. We could also add usage rights for 30 days, "
            "+$200, but no need if you'd rather not.",
            (None, "800.00"),
        ),
    ],
)
def test_an_optional_licence_is_not_summed_into_the_fee(
    text: str, right: tuple[str | None, ...]
) -> None:
    got = parsed(text)
    assert got["fee"] in right
    assert {"kind": "asset_license", "quantity": 1} not in got["deliverables"]  # type: ignore[operator]


# --- source and commission ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "抖音电商达人你好！我是喵满分的商务小林，想邀请你合作1条视频，一口价2000，寄样品给你",
        "TikTok Shop creators wanted! Hi, I'm Jess from Glowbar. We'd love 1 TikTok video for "
        "$400 + free product.",
        "Hi! Free for a call with Dana (our founder) this week? We're Kelpie Snacks and we'd love "
        "1 TikTok for $600.",
        "Hi Mia! So many creators reached out after our launch, but for this campaign I "
        "immediately thought of you. We're Lumen Labs — 1 reel for $700?",
    ],
)
def test_a_brands_own_message_is_its_dm(text: str) -> None:
    assert parsed(text)["source"] == "brand_dm"


def test_an_agencys_invitation_keeps_its_commission() -> None:
    text = (
        "Hi! Brightloop has invited you to a collab via our agency Northstar. $1,000 for 2 reels, "
        "our commission 15%."
    )
    assert parsed(text)["agency_cut_pct"] == "15"


@pytest.mark.parametrize(
    "text",
    [
        "我这有个美妆的单子，看你档期合不合适，你接不接？1条视频 3000",
        "我这有个美妆的单子，品牌方档期急，你接不接？1条视频 3000",
    ],
)
def test_a_job_offered_with_her_or_the_brands_schedule_is_no_referral(text: str) -> None:
    # the schedule is the reader's or the brand's, not the writer's reason to pass it on
    assert parsed(text)["source"] != "referral"
