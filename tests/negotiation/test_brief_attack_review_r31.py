"""Attack review of round 31 (branch r31, head 0ed91db): fresh messages on which a rule of round
31 fires where it should not, or misses a natural variant of what it was written for; hostile
pastes built from its patterns. Each case of the first part failed on r31's head."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_against_plain, worst_in_child

TODAY = date(2027, 3, 2)


def parsed(text: str) -> dict[str, object]:
    return parse_brief(text, TODAY)


# --- fee: "no part of the deal" speaks of its own amount, not of every amount on its line -----


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # the words speak of something else on the fee's line: the fee stands
        ("图文1篇 稿费800，跟合作没关系哈，你上次那篇探店笔记拍得好好看～", "800.00"),
        ("图文1篇 稿费800（跟合作没关系的题外话：我们家新出的杯子才¥39）", "800.00"),
        # another sentence's amount is the one said to be no part of the deal
        ("1 Reel, $400. The $25 parking at the studio is not part of the deal, sorry!", "400.00"),
        # "not the fee you quoted": still the fee offered
        ("1 Reel, $400 (not the fee you quoted, but it's what we have this quarter)", "400.00"),
    ],
)
def test_no_part_of_the_deal_drops_only_the_amount_it_speaks_of(text: str, fee: str) -> None:
    assert str(parsed(text)["fee"]) == fee


# --- brand: the name right before 向您发起合作, not a greeting before it ------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("老师好～山川咖啡 向您发起合作邀约，图文1篇 ¥500", "山川"),
        ("哈喽～ 我代表品牌 向您发起合作，视频1条 1500", None),
    ],
)
def test_who_invites_is_the_words_right_before_the_invitation(
    text: str, brand: str | None
) -> None:
    assert parsed(text)["brand"] == brand


# --- brand: the company after the writer's name is a name, not a clause ------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("您好，我是林夏，之前合作过的主理人，这次想再约一篇图文，稿费800", None),
        # the company's name in Latin letters
        ("你好，我是许念安，Clayful 的主理人，想约你一篇图文，800", "Clayful"),
    ],
)
def test_the_company_after_her_name_is_a_name(text: str, brand: str | None) -> None:
    assert parsed(text)["brand"] == brand


# --- brand: "X 这边想约" where X is a person addressed ----------------------------------------


def test_a_person_addressed_before_here_wants_is_no_brand() -> None:
    assert parsed("老师在吗～ 小林姐 这边想约一篇图文，¥500")["brand"] is None


# --- brand: 代表 a generic party, not a name ------------------------------------------------------


def test_speaking_for_the_company_names_no_brand() -> None:
    got = parsed("Hi 老师～ 我是星垂文化的小满，代表公司 跟您对接一下这次的结算")
    assert got["brand"] is None
    assert got["agency"] == "星垂文化"


# --- brand: a fair stand in her notes -----------------------------------------------------------


def test_a_stand_named_by_where_it_is_is_no_brand() -> None:
    text = "📝 4.18 上海咖啡节 备忘\n隔壁（卖蛋糕的）摊位 人超多\n豆屿的小周约了图文1篇，稿费600"
    assert parsed(text)["brand"] in (None, "豆屿")


def test_a_stand_with_a_latin_name() -> None:
    text = "📝 4.18 上海咖啡节 备忘\nDoyu（挂耳咖啡）展位，和品牌部小周聊的：\n- 图文1篇，稿费600"
    assert parsed(text)["brand"] == "Doyu"


# --- source: her notes' heading, not the brand's own words ------------------------------------


def test_the_brand_speaking_in_a_heading_of_a_call_record_is_its_dm() -> None:
    text = "Hi 老师～ 我们是山栀香氛，这是我们上次电话 沟通记录\n图文1篇，稿费600"
    assert parsed(text)["source"] == "brand_dm"


def test_her_memo_of_a_call_named_in_english_is_other() -> None:
    assert parsed("📞 11.16 和 Lumen 的 call 备忘\n1 reel $400")["source"] == "other"


# --- source: "sending this one your way" said by the brand of its own goods ------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hi Mia, Lumen here! Sending this one your way: our new SPF, plus $400 for 1 reel.",
        "Hi, I'm Ana from Lumen. We're sending this one your way first since you loved the last "
        "launch: 1 reel, $400.",
    ],
)
def test_the_brand_sending_its_goods_your_way_is_no_referral(text: str) -> None:
    assert parsed(text)["source"] == "brand_dm"


# --- deadline: counted from taking the order, other words -------------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("图文1篇，稿费900，接受合作后两周内发布", "2027-03-16"),
        ("One Reel, $300, live within 10 days of confirming the booking.", "2027-03-12"),
    ],
)
def test_a_span_from_accepting_in_other_words_runs_from_today(text: str, when: str) -> None:
    assert parsed(text)["deadline"] == when
