"""Attack review of round 32 (branch r32 at 4dbed91): fresh messages on which a rule of round 32
fires where it should not, or misses a natural variant of what it was written for; hostile
pastes built from its patterns. Each case of the first part failed at 4dbed91 (run against that
commit's app/)."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import LUNAR_TABLE, holiday_day, parse_brief
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_against_plain, worst_in_child

TODAY = date(2027, 3, 2)


def parsed(text: str, today: date = TODAY) -> dict[str, object]:
    return parse_brief(text, today)


# --- deadline: a holiday's year said beside it, in digits or words ----------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # a comma or a stop after the Latin year: still its year, not this year's holiday
        ("One Reel, $300. Please post before Mother's Day 2029, thanks!", "2029-05-12"),
        ("1 TikTok $250, live before Mother's Day 2029.", "2029-05-12"),
        ("Post before Chinese New Year 2029, 2 Reels $800", "2029-02-12"),
        ("One Reel $400, post before Christmas 2031, thank you", "2031-12-24"),
        # 明年: next year's holiday, not this year's
        ("图文1篇，稿费800，明年端午前发布就行", "2028-05-27"),
        ("视频1条 1500元，明年国庆前发", "2028-09-30"),
    ],
)
def test_a_holidays_year_said_beside_it_is_its_year(text: str, when: str) -> None:
    assert str(parsed(text)["deadline"]) == when


@pytest.mark.parametrize(
    "text",
    [
        # a year the ledger cannot hold, or that the table does not know: no day, not a guess
        "图文1篇 800元，9999年中秋前发布",
        "图文1篇 800元，9999年国庆前发布",
        "1 Reel $300, post before Christmas 9999, please",
        "图文1篇 800元，1999年国庆前发布",
    ],
)
def test_a_year_out_of_reach_gives_no_holiday_day(text: str) -> None:
    assert parsed(text)["deadline"] is None


def test_cyber_monday_is_the_monday_after_thanksgiving_not_next_monday() -> None:
    # Thanksgiving 2027 is Nov 25; Cyber Monday Nov 29, its eve Nov 28 (not Mar 8, next Monday)
    assert str(parsed("1 Reel $300, please post before Cyber Monday")["deadline"]) == "2027-11-28"
    assert str(parsed("2 TikToks $500, live by Cyber Monday 🛒")["deadline"]) == "2027-11-29"


def test_a_moving_holiday_at_the_calendars_end_never_raises() -> None:
    # today 9999-12-31: next year's Thanksgiving would be in year 10000
    got = parse_brief("1 Reel $300, post by Thanksgiving", date(9999, 12, 31))
    assert got["deadline"] is None


@pytest.mark.parametrize(
    ("text", "when"),
    [
        # Canada's Thanksgiving is the second Monday of October (Oct 11, 2027), not the US one
        ("1 Reel $300, post before Canadian Thanksgiving", "2027-10-10"),
        ("1 Reel $300, post by Canadian Thanksgiving 2028", "2028-10-09"),
        # the UK's Mother's Day is in March, Canada's Thanksgiving in October: no US day
        ("1 Reel $300, post before UK Mother's Day", None),
        ("1 Reel $300, post before Thanksgiving (Canada)", None),
    ],
)
def test_another_countrys_holiday_is_not_the_us_day(text: str, when: str | None) -> None:
    got = parsed(text)["deadline"]
    assert (str(got) if got else None) == when


# the lunar table against lunardate and lunarcalendar (both agreed, 2024–2030): a year outside
# the table gives no day
@pytest.mark.parametrize(
    ("name", "year", "when"),
    [
        ("春节", 2031, None),
        ("除夕", 2023, None),
        ("中秋", 9999, None),
        ("七夕", 2030, "2030-08-05"),
        ("除夕", 2028, "2028-01-25"),
        ("清明", 2026, "2026-04-05"),
        ("cyber monday", 2027, "2027-11-29"),
        ("cyber monday", 2028, "2028-11-27"),
    ],
)
def test_holiday_days_from_the_table_or_none(name: str, year: int, when: str | None) -> None:
    got = holiday_day(name, year)
    assert (str(got) if got else None) == when


def test_the_lunar_table_holds_only_2024_to_2030() -> None:
    assert all(set(days) == set(range(2024, 2031)) for days in LUNAR_TABLE.values())


# --- brand: 我是X的小Y where X is a job or a team, not a company -------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "你好，我是负责对接的小周～想约一篇图文，800",
        "你好呀，我是客服的小七～我们想找你拍一条视频 1500",
        "Hi～我是客服的Amy！图文1篇 600",
    ],
)
def test_a_job_before_her_nickname_is_no_brand(text: str) -> None:
    assert parsed(text)["brand"] is None


# --- brand: a 'New job | …' notice's English title is no name ---------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("📢 New job | Urgent Casting\n2 TikToks, $300 each, due Apr 2", None),
        ("New campaign TBC - details soon\n1 Reel $400", None),
        # a platform or a shop's place after the header
        ("New gig｜TikTok Shop affiliate\n1 video $200", None),
        ("New brief｜Instagram Reels only\n1 Reel $300", None),
        ("New job - Amazon Storefront\n1 video $200", None),
        ("New brief｜杭州西湖 店\n探店图文1篇 800", None),
        # a name of words joined with '&'
        ("📢 New brief｜Aster & Oak Candles\n1 Reel + 2 stories, $450", "Aster & Oak Candles"),
    ],
)
def test_a_notices_english_title_is_no_name(text: str, brand: str | None) -> None:
    assert parsed(text)["brand"] == brand


# --- source: 'hired you' of a hire gone by is no marketplace's mail ----------------------------


def test_a_past_hire_in_a_brands_dm_is_no_marketplace_mail() -> None:
    got = parsed(
        "Hi Sam! Our founder hired you last year for a product shoot and loved it. "
        "We're Lumen Goods — could you do 1 Reel for $300?"
    )
    assert got["source"] == "brand_dm"


# --- source: a call asked for in a brand's DM is no note of a call ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "🎉 call w/ Mia (our founder) tomorrow? We're Lumen, 1 Reel $300",
        "📞 Call with Jonah (my co-founder) this week? We're Pinefold — 1 TikTok, $350",
    ],
)
def test_a_call_asked_for_under_an_emoji_is_the_brands_dm(text: str) -> None:
    assert parsed(text)["source"] == "brand_dm"


# --- brand: a person with what she does in brackets is no maker --------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("小鱼（做博主的，粉丝3万）推荐你给我们，我们是栖岸，图文1篇 800", "栖岸"),
        ("老板（做茶的，人很好说话）说想约你，图文1篇 800", None),
    ],
)
def test_a_person_with_what_she_does_in_brackets_is_no_maker(text: str, brand: str | None) -> None:
    assert parsed(text)["brand"] == brand


# --- source: a code for her followers and the agency's commission is no co_code deal -----------


@pytest.mark.parametrize(
    "text",
    [
        "Your discount code LUMI15 gives followers 15% off. Our agency takes 20% commission.\n"
        "1 Reel $300",
        "专属优惠码给粉丝9折，我们机构抽佣金20%，图文1篇 800",
    ],
)
def test_a_follower_code_beside_the_agencys_commission_is_no_co_code(text: str) -> None:
    got = parsed(text)
    assert got["source"] != "co_code"
    assert got["agency_cut_pct"] == "20"


# --- fee: a plus later in a thread that adds nothing -------------------------------------------


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # a phone's country code
        ("图文1篇 800\n[品牌] 有问题随时联系我 +86 138 0013 8000", "800.00"),
        # her own ask, then the brand's 再加 without a currency: the brand's total is her ask
        ("图文1篇 800\n[我] 能加到1000吗\n[品牌] 再加200可以", "1000.00"),
    ],
)
def test_a_later_plus_that_is_no_added_part_leaves_the_fee(text: str, fee: str) -> None:
    assert str(parsed(text)["fee"]) == fee


# --- deadline: a holiday gone by, a place named for one after 'before' --------------------------


@pytest.mark.parametrize(
    "text",
    [
        # last year's, the last one: no limit on this year's
        "图文1篇 800，去年七夕以前我们合作过一次，这次时间你定",
        "图文1篇 800\n上次中秋以前的那篇数据很好，这次也随你安排",
        # a place named for the holiday after 'before', a longer word
        "图文1篇 800，before 五一广场店开业就好",
        "1 Reel $300, post any time before Halloweenfest ends",
    ],
)
def test_a_holiday_gone_by_or_a_place_gives_no_deadline(text: str) -> None:
    assert parsed(text)["deadline"] is None


# --- source: 我发给你的消息 is the brand's own message, not her pitch ----------------------------


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("我发给你的消息你看到了吗？我们是芽见，图文1篇 800", "brand_dm"),
        ("你好，昨天我发给您的合作邮件收到了吗？我们是芽见，想约图文1篇 800", "brand_dm"),
        ("Hi～上周我发给你的私信可能被折叠了，我们是芽见，图文1篇 800", "brand_dm"),
    ],
)
def test_the_brand_asking_about_its_own_message_is_its_dm(text: str, source: str) -> None:
    assert parsed(text)["source"] == source


# --- revisions: a span of days after a revision label is no count ------------------------------


def test_a_span_of_days_after_a_revision_label_is_no_count() -> None:
    got = parsed("1 Reel, $300\nRevision rounds: 10 business days turnaround")
    assert got["included_revision_rounds"] is None


# --- brand: the maker glued before a quoted product with 家 -------------------------------------


def test_the_maker_with_jia_before_a_quoted_product() -> None:
    assert parsed("栖月家「晚风白茶」香薰蜡烛，视频1条 1200")["brand"] == "栖月"


# --- brand: 我是X家的小Y names X ----------------------------------------------------------------


def test_her_nickname_after_the_name_with_jia() -> None:
    assert parsed("你好，我是木槿家的小禾～想约你一篇图文 800")["brand"] == "木槿"


# --- fee: a marketplace's share and her payout after it are no fee ------------------------------


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        (
            "You have been hired by Corvo Coffee!\n1 Reel, $400\nGigHub service fee (10%): -$40",
            "400.00",
        ),
        (
            "From: Gigloom <no-reply@gigloom.com>\nYou've been hired by Saltleaf!\n"
            "• 1 TikTok video\n• Video fee: $300.00\n• Gigloom service fee (12%): $36.00\n"
            "• You receive: $264.00",
            "300.00",
        ),
    ],
)
def test_a_marketplaces_share_and_her_payout_are_no_fee(text: str, fee: str) -> None:
    got = parsed(text)
    assert str(got["fee"]) == fee
    assert got["source"] == "other"


# --- fee: sales made and a cost the brand pays itself, later in a thread ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "1 Reel $400\nBrand: btw your last post got +$2,000 in sales for us!",
        "图文1篇，稿费¥400\n[我] 好的\n[品牌] 运费另加¥20由我们出",
    ],
)
def test_sales_or_a_cost_the_brand_pays_is_no_fee(text: str) -> None:
    assert str(parsed(text)["fee"]) == "400.00"


# --- deliverables: 之前/以前 after a subject, not a day, counts a past post ----------------------


@pytest.mark.parametrize(
    "text",
    [
        "我们之前拍2条视频效果很好，这次约图文1篇 800",
        "以前上线3条视频都爆了，这次想约图文1篇 800",
    ],
)
def test_a_past_post_after_a_subject_is_not_counted(text: str) -> None:
    assert parsed(text)["deliverables"] == [{"kind": "image_note", "quantity": 1}]


# --- cases found and not fixed ------------------------------------------------------------------


# (a strict xfail at 4dbed91, where the robot sender's domain was read as the brand; passes
# since r32's marketplace rules of 64c5a0b read the brand the mail says hired her)
def test_a_marketplace_robots_domain_is_no_brand() -> None:
    got = parsed(
        "From: Loomly <no-reply@loomly.co>\nGreat news! Pebble Pine has accepted your bid.\n"
        "• 2 TikToks\n• Fee: $500\n• Loomly fee (15%): deducted"
    )
    assert got["brand"] != "Loomly"


@pytest.mark.xfail(
    strict=True,
    reason="'a few' is read as the count 'a' (one story); pre-existing, next to round 32's "
    "'extra stories' rule",
)
def test_a_few_stories_is_no_count_of_one() -> None:
    kinds = parsed("1 Reel + a few stories, $400")["deliverables"]
    assert isinstance(kinds, list)
    assert {"kind": "other", "quantity": 1} not in kinds


# --- hostile pastes aimed at round 32's patterns and this review's -------------------------

HOSTILE_R32 = [
    # holidays: every moving name, eves, 'before', years beside them, full-width digits, 9999
    kept(fill("端午前 七夕之前 中秋以前 春节 除夕前 元宵 清明节前 before Mother's Day 9999 ")),
    kept(
        fill(
            "before 国庆发布 Black Friday Cyber Monday Thanksgiving 2031, "
            "明年端午前 ９９９９年中秋前 "
        )
    ),
    mix("Mother’s Day ", "mid-autumn festival before ", "农历新年 lunar new year 2029, "),
    kept(fill("去年七夕以前 上次中秋以前 before 五一广场店 before halloweenween 今年 明年 ")),
    # quotes glued to nouns, a name before a quote, quoted titles of words
    kept(fill("禾木「一夜好眠」乳胶枕「雪松与苔藓」香薰蜡烛「暖昼 桌面暖风机 冬季招募」栖月家「")),
    mix("「", "」小夜灯", "招募｜禾木「"),
    fill("「A 」B「C D E F G H」"),
    # 我是X的小Y, New brief headers
    kept(fill("我是木槿的小禾～我是负责对接的小周🌾我是木槿家的小禾我是的阿的小的")),
    kept(fill("\n📢 New brief｜Aster & Oak Candle Saltmarsh Coffee New gig New job Urgent ")),
    mix("New brief ", "A B C D E F G ", "[New gig] "),
    # self pitch, referral, marketplace, call notes, personal codes
    kept(
        fill("[DM thread, Instagram]\nMe (Nov 12): 9/1 我发给芽见的自荐邮件：forward 个 job 给你 ")
    ),
    kept(
        fill(
            "From: X <no-reply@ hired you has accepted your proposal held in escrow "
            "service fee (12%) "
        )
    ),
    kept(
        fill("☎️ call w/ Fernleaf 蕨叶 (tea) 📞 call with 栖岸（做身体乳的，5/7 上海户外展 速记✍️ ")
    ),
    kept(fill("Your personal code SAM you earn 20% commission 专属优惠码 每单你拿12%佣金 ")),
    mix("your code ", "commission ", "专属码", "佣金"),
    # '+ amount' add-ons far apart, extra stories, revision labels
    kept(fill("图文1篇 ¥800\n[品牌] 图文 +¥500 Usage +$100 另加¥20 再加200 +86 138 ")),
    kept(mix("+", "＋", "+¥1 ")),
    kept(fill("1 Reel + 3 IG stories extra stories extra video a stories Revision rounds: 1 ")),
    # a quoted chain: 2,000 '>' lines
    kept(("Sounds good, 1 Reel $300\n" + "> On May 20, Mei wrote:\n" * 2000)[:20_000]),
    fill("> > > > >\n"),
    # NUL, lone surrogates, full-width digits, year 9999
    kept(fill("端午\x00前\ud800 图文１篇 ¥８００\udfff 9999年七夕前 New brief\x00Aster ")),
]


def test_adversarial_pastes_for_round_32_rules_finish() -> None:
    texts = chosen(HOSTILE_R32)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for round 32: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_round_32_pastes_cost_like_plain_text() -> None:
    worst, plain = worst_against_plain(chosen(HOSTILE_R32))
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)


# --- fee: an add-on she asks for later in a thread is not agreed --------------------------------


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("图文1篇 ¥800\n[我] 那授权的话 +¥200 行吗？\n[品牌] 不好意思，预算就这么多哈", "800.00"),
        (
            "1 Reel, $500\nMe: could we do +$100 for usage rights?\nBrand: sorry, budget is fixed",
            "500.00",
        ),
        ("视频1条 ¥1500\n[我] 加急的话 +¥300？\n[品牌] 不用加急，正常排期就好", "1500.00"),
    ],
)
def test_an_add_on_asked_for_later_is_not_the_fee(text: str, fee: str) -> None:
    assert str(parsed(text)["fee"]) == fee
