"""Attack review of round 30 (merge 8120090) and of the holiday merge (c6a9824): fresh messages
where a new rule fires where it should not, or a holiday is read at the wrong day. Each case
failed on main at 8120090."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_against_plain, worst_in_child

TODAY = date(2026, 11, 16)
SUMMER = date(2026, 8, 1)


def kinds(text: str) -> set[tuple[str, int]]:
    got = parse_brief(text, TODAY)
    return {(d["kind"], d["quantity"]) for d in got["deliverables"] or []}  # type: ignore[attr-defined]


# --- holidays --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        # 前后 is "around" the holiday, not "before" it: the day named, as 'by Christmas'
        ("图文1篇800元，国庆前后发都可以", "2026-10-01"),
        ("视频1条1200，双11前后发布就行～", "2026-11-11"),
        ("图文1篇，800，元旦前后发", "2027-01-01"),
        # before the holiday's days off: its eve, as 国庆前
        ("图文1篇800元，国庆假期前发", "2026-09-30"),
        ("图文1篇800元，国庆长假前发哈", "2026-09-30"),
        # a count of days or weeks before it: that many days before the holiday
        ("视频1条，1500，圣诞前一周发", "2026-12-18"),
        ("视频1条，1500，国庆前三天发出来", "2026-09-28"),
        ("1 reel $300, post 2 days before Christmas", "2026-12-23"),
        ("1 reel $300, please have it live a week before Christmas 🎄", "2026-12-18"),
        # a holiday with its year: that year's
        ("1 reel $300, post before Christmas 2027", "2027-12-24"),
        ("视频1条1200，2027年国庆前发布", "2027-09-30"),
    ],
)
def test_holiday_deadlines_around_before_and_with_a_year(text: str, deadline: str) -> None:
    assert parse_brief(text, SUMMER)["deadline"] == deadline


@pytest.mark.parametrize(
    "text", ["图文1篇 ¥500，2000年元旦前发", "1 reel $300, post before New Year's Day 2000"]
)
def test_a_holidays_eve_outside_the_ledgers_years_is_no_date(text: str) -> None:
    # 1999-12-31: the ledger holds 2000-2099 only, as for a date written with such a year
    assert parse_brief(text, SUMMER)["deadline"] is None


@pytest.mark.parametrize(
    "text",
    ["视频1条，预算2000 国庆前发", "视频1条，预算 2027 国庆前发出来就行"],
)
def test_an_amount_beside_a_holiday_is_no_year(text: str) -> None:
    # guard for the year read beside a holiday: money there is not its year
    assert parse_brief(text, SUMMER)["deadline"] == "2026-09-30"


# --- payment at posting: not where it is refused ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # the money is not sent on the day of the shoot: no 0 days
        ("探店视频1条 ¥2000，到店拍摄那天我们不转账的哈，统一走流程", None),
        ("视频1条 ¥1500，发布即结款不太现实，我们财务流程走下来一般要等一阵", None),
        ("直播1场 坑位费3000，当天没法转账，财务那边要走审批", None),
    ],
)
def test_payment_on_the_day_refused_is_no_zero_days(text: str, days: int | None) -> None:
    assert parse_brief(text, TODAY)["payment_days"] == days


# --- a count per week: only the deal's pieces ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the brand boosts the one video weekly: still one video
        ("这1条视频我们会每周加热一次，持续4周，费用¥3000", {("video_note", 1)}),
        # the creators they look for post weekly; the deal is one note
        (
            "招募要求：近期每周至少更新2篇笔记，连续4周不断更～合作内容：图文1篇，¥500",
            {("image_note", 1)},
        ),
        # the total said before the schedule
        ("4 TikToks total — one a week for four weeks, $1,600", {("video_note", 4)}),
        # a piece after the weekly one, across a plus: once
        ("1 IG story a week for 3 weeks + 1 reel, $900 total", {("video_note", 1), ("other", 3)}),
    ],
)
def test_a_weekly_schedule_multiplies_only_the_pieces_it_counts(
    text: str, want: set[tuple[str, int]]
) -> None:
    assert kinds(text) == want


# --- a bound about something else ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "测评视频1条 ¥1800，拍完样机最迟12月10日寄回给我们～",
        "视频1条¥2000，收到货后尽快拍，合同最晚11月25日签回",
        "1 reel $500, post whenever works for you. Invoices need to reach us no later than "
        "Dec 20 to be paid this year",
    ],
)
def test_a_bound_on_returning_goods_a_contract_or_an_invoice_is_no_deadline(text: str) -> None:
    assert parse_brief(text, TODAY)["deadline"] is None


# --- a group label that is no agency's -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "【新闻传播 考研交流群】有个护肤品牌在招学生博主，图文1篇¥300，私信群主",
        "【体育娱乐 球迷群】转：运动饮料品牌找体育博主，视频1条 ¥800",
    ],
)
def test_a_study_or_fan_group_label_names_no_agency(text: str) -> None:
    assert parse_brief(text, TODAY)["agency"] is None


# --- the brand's own people asked for creators -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Hi! I'm Dana from Lowtide Kombucha 👋 Our agency asked me for creator recs and you were "
        "the first name on my list. 2 TikToks, $800",
        "Hi Mia, our founder asked me for creator recommendations and I sent her your profile — "
        "we'd love 1 reel, $500. I'm Jess, marketing at Hushwick",
    ],
)
def test_the_brand_asked_for_creators_inside_the_brand_is_its_own_dm(text: str) -> None:
    assert parse_brief(text, TODAY)["source"] == "brand_dm"


# --- call-notes headings and 'X 这边' --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        # the heading names a person, the company comes after "re:"
        (
            "call notes — Sam Lee (Tue 3/17) re: Hushwick spring launch. 1 reel + 2 stories, "
            "$1,200",
            None,
        ),
        # the heading names the kind of call, the company after "with"
        ("Zoom — Kickoff (Thu 4/2) with Brightloop. 1 reel $600", "Brightloop"),
        ("Meeting notes: Q3 Planning (Mon 6/1) — 2 TikToks, $800", None),
        # a platform's shop
        ("Call notes — TikTok Shop (Mon 6/1) w/ Dana. 2 TikToks $800", None),
        # a person and her role, not the brand's category
        ("Amy 财务这边跟你确认下开票信息哈，发布后30天结", None),
        ("Coco 法务这边确认一下合同条款，视频1条 ¥2000", None),
        ("Leo 拍摄这边想确认下档期～ 视频1条 ¥1500", None),
        ("TikTok 小店这边想约你直播1场，坑位费2000", None),
    ],
)
def test_call_headings_and_here_phrases_name_no_person_or_platform(
    text: str, brand: str | None
) -> None:
    assert parse_brief(text, TODAY)["brand"] == brand


@pytest.mark.parametrize(
    ("text", "full", "cut"),
    [
        (
            "同仁堂市场部电话沟通 11/20\n- 同仁堂想推新品枸杞原浆，视频1条\n- 报价3000",
            "同仁堂",
            "仁堂",
        ),
        (
            "和路雪品牌部通话记录\n· 和路雪夏季新品冰淇淋，图文2篇 ¥2400\n· 12月10日前发",
            "和路雪",
            "路雪",
        ),
    ],
)
def test_a_brand_starting_with_a_preposition_named_again_is_not_cut(
    text: str, full: str, cut: str
) -> None:
    # 同/和 are the name's own first character when the text names the company with them again
    # (和路雪 is read as no brand at all, as before round 30: unread, not cut)
    assert parse_brief(text, TODAY)["brand"] in (full, None)
    assert parse_brief(text, TODAY)["brand"] != cut


# --- second round ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Cindy 姐姐这边确认一下哈～ 视频1条 ¥1500，月底前发",
        "Jason 老板这边想确认下档期，图文1篇 ¥800",
        "Hi～ Amy 小姐姐这边跟你确认下：视频1条 ¥2000",
    ],
)
def test_a_name_and_how_she_is_addressed_before_here_is_no_brand(text: str) -> None:
    # 姐姐, 老板, 小姐姐: a person addressed, not the brand's category (Corvina 泳装这边)
    assert parse_brief(text, TODAY)["brand"] is None


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        # before the holiday is when nothing may go up: no limit at its eve
        ("1 reel $400. Please don't post before Christmas — it's a New Year campaign", {None}),
        ("图文1篇¥600，国庆前不要发，国庆后再发", {None}),
        # (a week after 双11 is the limit; unread is no wrong value)
        ("视频1条1000，双11前别发，双11之后一周内发", {None, "2026-11-18"}),
    ],
)
def test_a_holiday_before_which_nothing_may_go_up_is_no_limit(
    text: str, allowed: set[str | None]
) -> None:
    assert parse_brief(text, SUMMER)["deadline"] in allowed


@pytest.mark.parametrize(
    "text",
    [
        "1 image post + 1 story, A$250. No rush on timing, but before Christmas would be amazing!",
        "1 reel $180, no deadline really, maybe before christmas?",
    ],
)
def test_a_no_in_another_clause_leaves_before_christmas_the_limit(text: str) -> None:
    # guard: the "no" is about the rush or a deadline, in the clause before the comma
    assert parse_brief(text, SUMMER)["deadline"] == "2026-12-24"


# --- hostile pastes aimed at round 30's patterns and this review's --------------------------

HOSTILE_R30 = [
    kept(fill("每周1条视频，连续4周 one TikTok a week for six weeks 4 TikToks total — + 1 reel ")),
    kept(fill("每周每周加热 weekly weekly for 招募要求：每周至少 连续连续 ")),
    kept(fill("收到样品后尽快发布，不晚于2026年10月20日，最迟12月10日寄回 no later than Dec 20 ")),
    kept(mix("June 3–9 Aug 14-20 Sept 1st–7th ", "Jun 1-2-3-4-5-6-7-8-9-")),
    kept(fill("usage 6 mo 3 mos 1mo2mo ")),
    kept(mix("【星芒互娱 KOL 群】【新闻传播 考研交流群】", "【星芒互娱 【【[[互娱 ")),
    kept(fill("我档期满了接不了，转给你 Our agency asked me for creator recs ")),
    kept(fill("¥700 月底前 $5 月底 ")),
    kept(
        mix(
            "call notes — Hushwick (Tue 3/17) w/ Sam ",
            "Call notes — Aa Bb Cc (",
            "跟晒暖电器市场部通话记录 同仁堂市场部电话沟通 ",
        )
    ),
    kept(fill("Corvina 泳装这边 Cindy 姐姐这边 Aa 这边 ")),
    kept(
        fill(
            "国庆前三天 2027年国庆前后 2 days before Christmas 2027 国庆假期前 国庆前不要发 "
            "don't post before Christmas before before "
        )
    ),
    kept(fill("发布即结款不太现实 那天我们不转账 当天当天当天 ")),
    kept(fill("图文1篇\x00¥500\x00视频1条\ud800国庆前\udfff")),
]


def test_adversarial_pastes_for_round_30_rules_finish() -> None:
    texts = chosen(HOSTILE_R30)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for round 30: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_round_30_pastes_cost_like_plain_text() -> None:
    worst, plain = worst_against_plain(chosen(HOSTILE_R30))
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)


@pytest.mark.parametrize(
    "text",
    [
        "国庆前三天\x00视频1条¥500，2027年国庆前后发，\ud800每周1条，连续4周",
        "call notes — Hushwick (Tue 3/17) w/ Sam\x00 1 reel $500 before Christmas 2027\udfff",
        "【星芒互娱 KOL 群】\n我档期满了接不了 转给你～ ¥700 月底前发 Amy 姐姐这边 usage 6 mo",
        "１ reel ＄３００，post ２ days before Christmas；最迟１２月２０日寄回",
    ],
)
def test_spans_are_the_texts_own_characters(text: str) -> None:
    got = parse_brief(text, TODAY)
    for field, span in got["spans"].items():  # type: ignore[union-attr]
        assert text[span["start"] : span["end"]] == span["text"], field
