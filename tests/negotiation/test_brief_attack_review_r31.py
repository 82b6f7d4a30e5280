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


# --- fee: her take after the cut, in other words ----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "图文1篇，实收1600（已扣平台服务费）",
        "图文1篇\n到手：1600（服务费已经扣掉了）",
        "图文1篇，您到手1,600元（平台抽成已扣除）",
    ],
)
def test_her_take_said_in_other_words_is_the_fee(text: str) -> None:
    assert str(parsed(text)["fee"]) == "1600.00"


# --- brand: the name right before 向您发起合作, not a greeting before it ------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("老师好～山川咖啡 向您发起合作邀约，图文1篇 ¥500", "山川"),
        ("哈喽～ 我代表品牌 向您发起合作，视频1条 1500", None),
    ],
)
def test_who_invites_is_the_words_right_before_the_invitation(text: str, brand: str | None) -> None:
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


# --- brand: what a maker is, then its name --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("我们是做手捏陶杯的小工作室泥伴～想约您一篇图文，稿费500", "泥伴"),
        ("我们是做宠物零食的新品牌毛孩食堂，想约您一篇图文", "毛孩食堂"),
    ],
)
def test_the_name_after_what_the_maker_is(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


# --- brand: "X 这边想约" where X is a person addressed ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "老师在吗～ 小林姐 这边想约一篇图文，¥500",
        # a branch of a brand not named
        "老师好～ 上海门店 这边想约一篇探店图文，¥500",
    ],
)
def test_a_person_addressed_or_a_branch_before_here_wants_is_no_brand(text: str) -> None:
    assert parsed(text)["brand"] is None


@pytest.mark.xfail(
    strict=True,
    reason="not fixed: a bare Latin given name before 这边想约 reads as a brand (Lumen 这边想约 is "
    "one); the parser holds no list of given names to tell them apart",
)
def test_a_given_name_before_here_wants_is_no_brand() -> None:
    assert parsed("你好～ Amy 这边想约一篇图文 ¥400")["brand"] is None


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


@pytest.mark.parametrize(
    "text",
    [
        "Hi 老师～ 我们是山栀香氛，这是我们上次电话 沟通记录\n图文1篇，稿费600",
        # the brand's recap of a call: a heading, then the brand greeting her
        "📞 11.16 电话 备忘\n老师好～我是山栀香氛的 Vivian，整理一下今天电话里聊的：\n"
        "图文1篇，稿费1200",
    ],
)
def test_the_brand_speaking_in_or_under_a_call_records_heading_is_its_dm(text: str) -> None:
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


# --- hostile pastes aimed at round 31's patterns and this review's -------------------------

HOSTILE_R31 = [
    # NOT_THE_DEAL: every amount bracketed and said to be no part of the deal, or one clause
    kept(fill("¥39（跟合作没关系）$8 (not part of the deal) 稿费800，跟合作没关系的 ")),
    kept(fill("$1 $2 $3 $4 $5 $6 $7 $8 $9 (NOT my fee lol ( ( ( not the fee you ")),
    # the take after the cut, and many of them
    kept(fill("到手１６００（已经是扣完服务费给你的价）到手1200（已经扣过服务费了） ")),
    # a marketplace's invitation line after line, greetings before it
    kept(fill("老师好～山川咖啡 向您发起合作邀约\n哈喽～ 我代表品牌 向您发起合作\n")),
    kept(mix("啡鹿 啡鹿 啡鹿 啡鹿 ", "～ ～ ～ ～ 向您发起了")),
    # a name before 这边想约, the company after her name, a fair's stand
    kept(fill("老师在吗～ 小林姐 这边想约 焐焐暖宝宝 这边 ")),
    kept(fill("我是林夏，之前合作过的主理人 我是许念安 Clayful 的主理人，")),
    kept(fill("隔壁（卖蛋糕的）摊位\nDoyu（挂耳咖啡）展位\n豆屿（")),
    kept(fill("代表公司 跟您对接 代表 Nectaro 蜜栗 跟您对接 代表")),
    # her notes' heading: one long first line with no 备忘 at its end
    kept(fill("📞 11.16 和 Lumen 的 call 电话 展会 Zoom meeting 我们 ")),
    # order-relative spans, 前 and spaces
    kept(fill("接单后15天内 下单后 接受合作后两周内 within 10 days of confirming the booking ")),
    kept(fill("月底前  发 前 前  前  post ")),
    # the agency's group label and its staff's labels
    kept(fill("【橙子互娱·成都美食探店3群】[橙子-小柠 14:02]\n")),
    # referral words in the first lines, and the brand's own
    kept(fill("We're sending this one your way: our passing you one I'm 我这周排满了，就推了你 ")),
    kept(
        fill(
            "图文1篇\x00¥500\x00接单后\ud800１５天内\udfff "
            "到手９９９９９９９９９９９９（扣完服务费）"
        )
    ),
]


def test_adversarial_pastes_for_round_31_rules_finish() -> None:
    texts = chosen(HOSTILE_R31)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for round 31: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_round_31_pastes_cost_like_plain_text() -> None:
    worst, plain = worst_against_plain(chosen(HOSTILE_R31))
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)


@pytest.mark.parametrize(
    "text",
    [
        "图文1篇 稿费８００\x00（跟合作没关系）\ud800 $25 parking is not part of the deal",
        "老师好～山川咖啡 向您发起合作邀约\x00\n接单后１５天内发布，到手１６００（已经扣完服务费）",
        "📞 11.16 和 Lumen 的 call 备忘\n\udfff1 reel $400, live within 10 days of confirming the "
        "booking 9999-12-31",
        "📝 4.18 上海咖啡节 备忘\nDoyu（挂耳咖啡）展位\n"
        "我是许念安，Clayful 的主理人\x00 小林姐 这边想约",
        "视频1条，到手9999999999999999999999（已扣完平台服务费），9999年12月31日前 发布",
        "Sending this one your way: our new SPF 🎁 ＄４００，接受合作后两周内发布\ud800",
    ],
)
def test_spans_are_the_texts_own_characters(text: str) -> None:
    got = parse_brief(text, TODAY)
    for field, span in got["spans"].items():  # type: ignore[union-attr]
        assert text[span["start"] : span["end"]] == span["text"], field


@pytest.mark.parametrize(
    "text",
    [
        "到手" + "９" * 40 + "（已经扣完服务费）",
        "¥" + "9" * 30 + "（跟合作没关系）",
        "接单后" + "9" * 30 + "天内发布",
        "within 99999999999 days of accepting the order",
        "9999年12月31日前  发布，接单后15天内",
    ],
)
def test_huge_numbers_and_far_years_never_raise(text: str) -> None:
    got = parse_brief(text, TODAY)
    assert got["deadline"] is None or str(got["deadline"]) <= "9999-12-31"
