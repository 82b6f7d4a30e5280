"""Round 31 (after set 30): the classes of its rules, each written fresh as a creator would paste
it, with the guards where a naive form of the rule would fire wrongly."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2027, 3, 2)


def parsed(text: str) -> dict[str, object]:
    return parse_brief(text, TODAY)


# --- deadline: counted from taking the order, which happens now --------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        (
            "【蒲公英】合作邀约\n内容形式：图文笔记 1篇\n合作金额：¥800.00\n"
            "期望发布时间：接单后10天内",
            "2027-03-12",
        ),
        ("视频1条 ¥1600，下单后20天内发布就可以", "2027-03-22"),
        ("图文1篇，稿费900，接受邀约后两周内发布哦", "2027-03-16"),
        ("One Reel, $300, live within 10 days of accepting the order.", "2027-03-12"),
    ],
)
def test_a_span_counted_from_taking_the_order_runs_from_today(text: str, when: str) -> None:
    assert parsed(text)["deadline"] == when


@pytest.mark.parametrize(
    "text",
    [
        # counted from a day not yet known: the sample's arrival, the posting
        "图文1篇，稿费700，收到样品后7天内发布就行",
        "视频1条 ¥1500，发布后30天内结款",
        "One Reel, $300, live within 10 days of receiving the kit.",
    ],
)
def test_a_span_counted_from_something_else_is_no_deadline(text: str) -> None:
    assert parsed(text)["deadline"] is None


# --- deadline: 前, a space, then the posting -----------------------------------------------------


def test_a_month_end_set_apart_by_spaces_before_the_posting() -> None:
    got = parsed("Hi～ 合作费 ¥1,200，图文 1 篇\n时间上 月底前 发就可以")
    assert got["deadline"] == "2027-03-31"


def test_a_month_end_before_a_reply_is_no_deadline() -> None:
    assert parsed("图文 1 篇 ¥1,200\n有兴趣的话 月底前 回复我就行")["deadline"] is None


# --- brand: the head of a marketplace invitation's line ------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "【蒲公英】合作邀约\n啡鹿 向您发起合作\n内容形式：视频笔记 1条\n合作金额：¥1,800.00",
            "啡鹿",
        ),
        ("【蒲公英】\nMaple & Oat 向你发起了合作邀约\n图文1篇 ¥900", "Maple & Oat"),
        # the category after the name is cut as elsewhere
        (
            "【蒲公英】品牌合作邀请\n青杉户外向您发起合作\n合作形式：视频笔记×1\n合作金额：¥2,200.00",
            "青杉",
        ),
    ],
)
def test_the_name_at_the_head_of_an_invitation_line(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("我们向您发起合作邀请～\n图文1篇 ¥900", None),
        ("品牌方向您发起合作\n图文1篇 ¥900", None),
        # a quoted name is the quote's, not "品牌方「…」"
        ("【蒲公英】\n品牌方「纸鸢文创」向您发起合作\n图文1篇 ¥900", "纸鸢文创"),
    ],
)
def test_who_invites_when_it_is_no_name(text: str, brand: str | None) -> None:
    assert parsed(text)["brand"] == brand


# --- brand: a trade word glued to the name ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("您好呀～我是雁归羽绒的品牌商务阿棠，想约视频1条，费用2500", "雁归"),
        ("老师您好～我是沁夏凉席的商务小艾，想约视频3条，单条800", "沁夏"),
        ("哈喽～这边是眠山床品的商务阿柚，想邀请您拍一条vlog，费用1500", "眠山"),
    ],
)
def test_a_trade_word_after_the_name_is_cut(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


def test_a_name_that_ends_in_a_trade_not_listed_stays_whole() -> None:
    # 陶瓷 is part of 泥伴陶瓷's own name in the corpus; it is not cut
    got = parsed("你好～我是许念安，泥伴陶瓷的主理人\n想约你一篇图文，800")
    assert got["brand"] == "泥伴陶瓷"


# --- brand: her own account, a maker's description, the writer's name before her company -------


@pytest.mark.parametrize(
    "text",
    [
        "[我 03/28 22:05]\n老师好！我是户外博主「山风慢慢吹」，很喜欢松屿的登山杖\n"
        "[松屿露营 03/29 10:12]\n您好！1300可以～",
        "我是博主「山风慢慢吹」，视频一条1300",
    ],
)
def test_her_own_account_in_quotes_is_no_brand(text: str) -> None:
    assert parsed(text)["brand"] in (None, "松屿")


def test_a_quoted_name_after_we_are_is_still_the_brand() -> None:
    assert parsed("您好，我们是「森野」，做露营装备的～想约您视频1条，费用1500")["brand"] == "森野"


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "你好呀～我是陈一禾，青禾木作的主理人，我们是做手工木勺的小工作室🥄\n想约你一条视频，费用1000",
            "青禾木作",
        ),
        ("您好，我是苏晚，云栖茶舍的创始人～想约您一篇图文，稿费800", "云栖茶舍"),
    ],
)
def test_the_company_after_the_writers_own_name(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


@pytest.mark.parametrize(
    "text",
    [
        "你好～我们是做手捏陶杯的小工作室☕️ 想约你一篇图文，800",
        "你好，我是阿宁，我们家的老板让我联系你，图文1篇800",
        "你好，我是小美，一个人的小店的店主，图文1篇800",
    ],
)
def test_what_a_maker_is_or_her_own_house_is_no_name(text: str) -> None:
    assert parsed(text)["brand"] is None


# --- brand: an agency speaks for it ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "Hi 老师～ 我是 Northpeak Media 的 Coco，代表 Velloe 跟您对接一条 video 合作，报价 2k",
            "Velloe",
        ),
        (
            "Hi 老师～ 我是 Moonshot Media 的 Amy，代表 Nectaro 蜜栗 跟您对接合作码，2 条一共 3k",
            "Nectaro",
        ),
    ],
)
def test_the_brand_an_agency_represents(text: str, brand: str) -> None:
    got = parsed(text)
    assert got["brand"] == brand
    assert got["agency"] is not None


# --- brand: an agent's "X 这边想约" --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("[霜降传媒-阿秋 12/06 14:22]\n老师在吗～ 焐焐暖宝宝 这边想约一篇合作码图文", "焐焐"),
        ("[云起传媒-小夏 03/08 15:00]\n老师好～ 暖冬记 这边想约一篇图文\n费用：1200", "暖冬记"),
    ],
)
def test_a_name_set_apart_before_this_side_wants(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


@pytest.mark.parametrize(
    "text",
    ["老师好～ 我们 这边想约一篇图文 800", "宝 这边想约你一篇 800", "我这边想约一篇图文 800"],
)
def test_we_or_a_greeting_before_this_side_wants_is_no_name(text: str) -> None:
    assert parsed(text)["brand"] is None


# --- brand: a fair's stand in her notes; a Co. keeps its dot ----------------------------------


def test_a_fair_stand_at_a_lines_head_names_the_brand() -> None:
    text = "📝 4.18 上海咖啡节 备忘\n豆屿（挂耳咖啡）展位，和品牌部小周聊的：\n- 图文1篇，稿费600"
    got = parsed(text)
    assert got["brand"] == "豆屿"
    assert got["source"] == "other"


def test_a_co_before_a_new_sentence_keeps_its_dot() -> None:
    text = "Hi Nell, I'm Ana, partnerships at Corvel Candle Co. We love your videos! 1 Reel, $400."
    assert parsed(text)["brand"] == "Corvel Candle Co."


# --- source: a friend passes the job on; her notes of a call or a fair ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[小鱼 10:02]\n宝 接护肤吗！「晨屿」的商务来问我，我这周排满了，就推了你～\n"
        "[小鱼 10:03]\n她们走蒲公英下单，你后台接一下就好\n图文1篇，稿费900",
        "[Jo 4:10 PM]\nhey passing you one, I'm slammed this month 🙃 Brightfern Tea reached out\n"
        "[Jo 4:11 PM]\nthey want 1 reel, $300",
    ],
)
def test_a_job_passed_on_by_a_busy_friend(text: str) -> None:
    assert parsed(text)["source"] == "referral"


def test_a_brands_own_full_schedule_is_no_referral() -> None:
    text = "老师好，我们是鹿角巷的商务，这个月我们排期满了，下个月想约您一篇探店，费用600"
    assert parsed(text)["source"] == "brand_dm"


@pytest.mark.parametrize(
    "text",
    [
        "📞 3.14 上午 跟「木沐家居」运营 Cici 语音 备忘\n· 图文2篇，一篇1000，一共2000",
        "📝 9.21 成都糖酒会 3号馆 备忘\n蜀香坊（火锅底料）展位\n- 视频1条，稿费1800",
        "Notes: Harbour Makers Bazaar, Sun, stall 22\nLark & Loam Soap Co.\n"
        "- 2 carousel posts, $500",
    ],
)
def test_her_memo_of_a_call_or_a_fair_is_other(text: str) -> None:
    assert parsed(text)["source"] == "other"


def test_a_brands_own_memo_heading_is_its_message() -> None:
    text = "【合作备忘】我们是山栀香氛，跟老师确认下合作内容～\n内容：图文1篇\n费用：1200"
    assert parsed(text)["source"] == "brand_dm"


# --- fee: a price said to be no part of the deal; her take alone ------------------------------


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("- 视频1条，稿费1500\n- 展会价一袋¥39（我自己给猫买了两袋，跟合作没关系）", "1500.00"),
        (
            "- 1 Reel, $350\n"
            "- their minis are $8 each at the fair, I bought two (not part of the deal)",
            "350.00",
        ),
        ("- $400 for the Reel\n- fair bundle 3 for $30 (NOT my fee lol, I bought one)", "400.00"),
    ],
)
def test_a_price_said_to_be_no_part_of_the_deal_is_no_fee(text: str, fee: str) -> None:
    assert str(parsed(text)["fee"]) == fee


def test_a_fee_whose_line_says_no_such_thing_is_still_read() -> None:
    # "没关系" about something else than the deal: the fee stands
    assert str(parsed("视频1条，稿费1500（跟上次的报价没关系，这次单独算）")["fee"]) == "1500.00"


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("老师在吗～ 焐焐 这边想约一篇图文\n费用：到手1600（已经是扣完服务费给你的价）", "1600.00"),
        ("图文1篇，到手1200（已经扣过服务费了）", "1200.00"),
        # a gross said as well: the gross is the fee
        ("图文1篇，稿费2000，到手1600（已经扣完服务费了）", "2000.00"),
    ],
)
def test_her_take_alone_after_the_cut_is_the_fee(text: str, fee: str) -> None:
    assert str(parsed(text)["fee"]) == fee


def test_a_take_with_no_word_of_the_cut_is_still_no_fee() -> None:
    assert parsed("图文1篇，到手1200")["fee"] is None


# --- fee: a gift guide is her roundup, not goods -------------------------------------------------


def test_a_priced_gift_guide_spot_is_part_of_the_fee() -> None:
    got = parsed("- $400 for the Reel + $150 for the gift guide spot = $550 total, Dana said yes")
    assert str(got["fee"]) == "550.00"
    assert got["in_kind_value"] is None


def test_a_gift_with_its_value_is_still_goods() -> None:
    got = parsed("1 TikTok for $300, and we'll gift you our holiday tin set ($45) to keep.")
    assert str(got["fee"]) == "300.00"
    assert str(got["in_kind_value"]) == "45.00"


# --- an agency's group label with a dot; its staff's labels --------------------------------------


def test_an_agency_group_label_with_a_dot_names_the_agency_not_the_brand() -> None:
    text = (
        "【星河互娱·杭州探店2群】\n[星河-阿满 10:02]\n📍探店通告📍 山野烤肉（西湖银泰店）\n"
        "到店探店，出1篇图文笔记\n稿费：500/篇\n[吃货小满 10:05]\n报名+1\n"
        "[星河-阿满 10:06]\n好嘞 私你"
    )
    got = parsed(text)
    assert got["agency"] == "星河互娱"
    assert got["brand"] != "星河互娱"


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "[海棠家居-小满 10:02]\n老师好～想约一篇图文，稿费800\n[我 10:05]\n可以的\n"
            "[海棠家居-小满 10:06]\n好嘞，月底前发",
            "海棠",
        ),
        (
            "[Tundra BD - Ivy 11:02]\nhi! one reel, $300\n[Me 11:05]\nsure\n"
            "[Tundra BD - Ivy 11:06]\ngreat",
            "Tundra",
        ),
    ],
)
def test_a_brands_own_dashed_label_with_no_group_is_still_the_brand(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand
