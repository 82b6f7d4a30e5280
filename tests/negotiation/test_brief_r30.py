"""Round 30 (after set 29): the classes of its rules, each written fresh as a creator would paste
it, with the guards where a naive form of the rule would fire wrongly."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2026, 5, 6)


def parsed(text: str) -> dict[str, object]:
    return parse_brief(text, TODAY)


# --- payment: paid as the post goes up or on the day; a platform's days after a comma ------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("图文1篇，稿费1200，发布即付款，月底前发", 0),
        ("探店笔记一篇¥500，来店当天我们直接转账给你，下周五前发", 0),
        ("拍摄那天我们当场结清，视频1条¥1500", 0),
        ("One Reel, $300, and we pay you on the spot once it is live.", 0),
        ("【蒲公英】订单金额：¥900.00\n备注：发布后平台自动结算，约5天", 5),
        ("视频1条，稿费2000，笔记发布后由平台统一结算，一般14天", 14),
    ],
)
def test_paid_at_posting_on_the_day_or_after_a_platforms_days(text: str, days: int) -> None:
    assert parsed(text)["payment_days"] == days


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # the posting day and the payment in different clauses
        ("视频1条，费用1800，发布当天记得@我们官方号哦，款项在发布后15天内结清", 15),
        # days after a settlement that are not its own
        ("图文1篇，稿费900，走平台结算，3天内请确认收货", None),
    ],
)
def test_a_posting_day_or_days_after_a_settlement_that_are_not_the_payments(
    text: str, days: int | None
) -> None:
    assert parsed(text)["payment_days"] == days


# --- deliverables: a count per week over a number of weeks ---------------------------------------


def kinds(text: str) -> set[tuple[str, int]]:
    got = parsed(text)
    return {(d["kind"], d["quantity"]) for d in got["deliverables"] or []}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "want", "fee"),
    [
        ("你好～想做个打卡系列：每周发1条视频，连续4周，一条1500", {("video_note", 4)}, "6000.00"),
        ("One TikTok a week for six weeks, $250 per video.", {("video_note", 6)}, "1500.00"),
        ("合作形式：连续3周，每周1篇图文，一篇500", {("image_note", 3)}, "1500.00"),
        ("内容：每周1条视频，连续3周，共3条\n稿费：每条¥900", {("video_note", 3)}, "2700.00"),
    ],
)
def test_a_count_per_week_over_weeks(text: str, want: set[tuple[str, int]], fee: str) -> None:
    assert kinds(text) == want
    assert str(parsed(text)["fee"]) == fee


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the weeks are for reporting data, not for posting; the video is counted before them
        ("想请你拍1条视频，费用2200，发布后每周给我们同步一次数据，连续4周", {("video_note", 1)}),
        # the brackets spell out the count said before them
        ("内容：image note ×3（每周一篇，连续三周）\n单价：¥600/篇", {("image_note", 3)}),
    ],
)
def test_weeks_that_multiply_no_piece(text: str, want: set[tuple[str, int]]) -> None:
    assert kinds(text) == want


# --- deadline: a bound alone in its clause after one about getting the goods ---------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("图文1篇，稿费500\n发布要求：收到产品后尽快发布，不晚于2026年6月20日", date(2026, 6, 20)),
        ("视频1条¥1500，拿到样品之后再拍就行，最迟5月28日", date(2026, 5, 28)),
        ("寄样后安排拍摄，最晚6月3日", date(2026, 6, 3)),
        ("One Reel, $400. Shoot once the box arrives, no later than June 12.", date(2026, 6, 12)),
    ],
)
def test_a_bound_after_a_clause_about_the_goods_is_the_deadline(text: str, when: date) -> None:
    assert parsed(text)["deadline"] == when.isoformat()


def test_a_bound_on_signing_up_is_no_deadline() -> None:
    text = "【招募】图文1篇，稿费400\n报名最晚5月18日，入选后另行通知发布时间"
    assert parsed(text)["deadline"] is None


# --- usage: months written "mo" in her notes -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("call notes w/ Pinecrest\n- 1 TikTok, $900\n- usage: 6 mo organic", 180),
        ("Two posts, $350 each. Usage rights: 12 mo on our website.", 365),
        ("- 1 reel $700\n- licensing 3 mos, their channels only", 90),
    ],
)
def test_usage_in_months_written_mo(text: str, days: int) -> None:
    assert parsed(text)["usage_rights_days"] == days


def test_a_word_starting_with_mo_is_no_month() -> None:
    text = "- 1 reel $700\n- usage: 2 more reposts on their site"
    assert parsed(text)["usage_rights_days"] is None


# --- agency: its chat group named in the label over the notice -----------------------------------


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("【青橙互娱 达人通告群】\n品牌：露溪\n图文1篇，稿费¥900\n青橙抽佣15%", "青橙互娱"),
        ("[米粒娱乐｜美妆通告2群]\n品牌：栀栀\n视频1条 ¥1500", "米粒娱乐"),
        ("【星河传播·探店群】\n品牌：炭语烤肉\n探店笔记1篇，¥500，月底前发", "星河传播"),
    ],
)
def test_an_agencys_group_label_names_the_agency(text: str, agency: str) -> None:
    assert parsed(text)["agency"] == agency


def test_a_fans_group_with_no_separator_names_no_agency() -> None:
    assert parsed("【追剧娱乐群】\n阿宁：有个品牌找图文1篇，¥600，谁要？")["agency"] is None


# --- source: a job the writer cannot take, passed to you; your name given when asked -------------


@pytest.mark.parametrize(
    "text",
    [
        "姐妹 有个单子我接不了 推给你～ 品牌会在蒲公英上给你发邀约 图文1篇 ¥700",
        "[宠物博主群]\n阿青：我家狗粮囤太多了接不动了 谁要🙋 纯置换 图文1篇",
        "hey! Fernleaf asked me for creator recs and I gave them your name 🙈 brief: 1 Reel, $500",
    ],
)
def test_a_job_passed_on_by_the_writer_is_a_referral(text: str) -> None:
    assert parsed(text)["source"] == "referral"


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # the brand itself invites passing it on
        (
            "你好～我们是沐禾，想请你拍1条视频，¥1500。如果档期满了就跟我们说，谁接都行我们不急",
            "brand_dm",
        ),
        # a 蒲公英 order, with the busy creator far below the writer's first lines
        (
            "【蒲公英】合作邀约\n品牌：青屿\n合作形式：图文笔记 ×1\n报价：¥1800\n"
            + "内容要求：真实使用分享，需出现产品细节和使用前后对比，不少于6张图。" * 8
            + "\n备注：如档期满了请直接拒单，我接不了的单会转给你们",
            "pgy_invite",
        ),
    ],
)
def test_passing_on_said_by_the_brand_or_far_down_is_no_referral(text: str, source: str) -> None:
    assert parsed(text)["source"] == source


# --- fee: a marked amount right before a date word ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("图文1篇 ¥700 月底前发", "700.00"),
        ("One Reel $450 月底前 post 就行", "450.00"),
        ("视频1条 ¥1,500 年底前发", "1500.00"),
    ],
)
def test_a_marked_amount_before_a_date_word_is_the_fee(text: str, fee: str) -> None:
    assert str(parsed(text)["fee"]) == fee


def test_a_bare_number_before_a_date_word_is_the_date() -> None:
    got = parsed("稿费 800，11 月底前发")
    assert (str(got["fee"]), got["deadline"]) == ("800.00", "2026-11-30")


# --- brand: the company her call was with, a preposition glued before it --------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("4/16 跟拾穗米业市场部电话沟通（对方：陈经理）\n- 视频1条，2500", ("拾穗", "拾穗米业")),
        ("10.3 跟暖屿电器品牌部通话记录\n- 图文2篇，每篇800", ("暖屿",)),
        ("6/2 与青禾商务部语音沟通\n- 探店笔记1篇 ¥600", ("青禾",)),
    ],
)
def test_a_preposition_before_the_company_of_a_call_is_not_the_name(
    text: str, brand: tuple[str, ...]
) -> None:
    assert parsed(text)["brand"] in brand


def test_a_name_starting_with_gen_outside_a_call_keeps_it() -> None:
    text = "跟屁虫童装市场部 小林：妈妈你好～想邀请你拍1条穿搭视频，费用1500"
    assert parsed(text)["brand"] in ("跟屁虫", "跟屁虫童装")


# --- brand: her call notes headed with the company after a dash or a bar -------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("call notes — Pinecrest (Thu 4/9) w/ Dana + Theo\n- 1 TikTok, $900", "Pinecrest"),
        (
            "Call notes | Lowtide Kombucha (Mon 6/1) with Dana, Theo\n- 2 TikToks, $400 each",
            "Lowtide Kombucha",
        ),
        ("Meeting recap: Marrowby (5/12), Sofie + Jun\n- 1 Reel $650", "Marrowby"),
    ],
)
def test_the_company_heading_her_call_notes_is_the_brand(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


def test_a_weekday_heading_her_call_notes_is_not_the_brand() -> None:
    text = "call notes — Friday (7/3) w/ Mia from Fernleaf Tea\n- 1 Reel, $500"
    assert parsed(text)["brand"] != "Friday"


# --- deliverables: the notes just counted, broken down one by one after a comma -------------------


@pytest.mark.parametrize(
    ("text", "want", "fee"),
    [
        (
            "• 2 篇图文，一篇开箱，一篇睡了一周的真实感受\n• 每篇 ¥900",
            {("image_note", 2)},
            "1800.00",
        ),
        ("两篇笔记：一篇测评，一篇教程，每篇700", {("image_note", 2)}, "1400.00"),
        (
            "合作内容：3篇图文，一篇开箱，一篇穿搭，一篇好物分享\n报价：每篇 ¥500",
            {("image_note", 3)},
            "1500.00",
        ),
    ],
)
def test_notes_broken_down_after_their_count(
    text: str, want: set[tuple[str, int]], fee: str
) -> None:
    assert kinds(text) == want
    assert str(parsed(text)["fee"]) == fee


def test_a_single_note_after_another_kinds_count_is_one_more() -> None:
    assert kinds("内容：视频2条，一篇图文\n费用：共¥3000") == {("video_note", 2), ("image_note", 1)}


# --- source: her own praise of the product in her pitch is no referral ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[我 → 栗木家居 小红书私信 03/02] 你好～我是家居博主阿澄，用你们的边柜一年了，真心推荐！"
        "想问问有没有合作机会\n[栗木家居 03/03] 可以的～ 视频1条，费用1800",
        "[我 → 青禾 私信 6/1] Hi～我是做早餐的博主，一直在吃你们的燕麦，强烈推荐！可以合作吗？"
        "\n[青禾 6/2] 可以呀，图文1篇 ¥800",
    ],
)
def test_her_own_praise_in_her_pitch_is_a_self_pitch(text: str) -> None:
    assert parsed(text)["source"] == "self_pitch"


def test_a_friend_recommending_a_job_is_still_a_referral() -> None:
    text = "[小满 19:20] 宝 推荐你一个单子！品牌是栗木家居，拍1条视频，1800，要的话我把对接人推你"
    assert parsed(text)["source"] == "referral"


# --- deadline: a window written month, day, dash, day ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("1 Reel + 1 static post, $600. Posts live between May 10–18. Net 15.", "2026-05-18"),
        ("1 TikTok, $400 flat\nPosting window: Aug 14-20", "2026-08-20"),
        ("One carousel, $350, to go live Sept 1st–7th.", "2026-09-07"),
    ],
)
def test_a_window_of_days_ends_on_its_last_day(text: str, when: str) -> None:
    assert parsed(text)["deadline"] == when


def test_a_count_after_a_dash_is_no_last_day() -> None:
    assert parsed("Post by June 12 - 2 Reels, $800 total")["deadline"] == "2026-06-12"


# --- brand: a Latin name, its category word, then 这边 ----------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "Hi 亲～ Maren 家居这边 confirm 一下合作\n✅ 1 条视频，客厅 or 卧室拍\n✅ fee ¥1,800",
            "Maren",
        ),
        ("Hello～ Lumi 香薰这边跟你确认下：图文1篇，在浴室或卧室拍，¥900", "Lumi"),
        ("Hi～ Corvo 泳装这边确认下，1条视频 海边 or 泳池拍，¥2000", "Corvo"),
    ],
)
def test_a_latin_name_and_its_category_before_zhebian_is_the_brand(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


def test_a_person_and_her_department_before_zhebian_is_not_the_brand() -> None:
    assert parsed("Hi～ Amy 市场部这边确认下合作：图文1篇，¥800，月底前发")["brand"] is None
