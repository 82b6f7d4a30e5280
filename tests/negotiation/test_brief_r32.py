"""Round 32 (after set 31): the classes of its rules, each written fresh as a creator would paste
it, with the guards where a naive form of the rule would fire wrongly."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2027, 3, 2)


def parsed(text: str, today: date = TODAY) -> dict[str, object]:
    return parse_brief(text, today)


# --- deadline: holidays whose day moves, lunar ones from a table, others by their rule ---------


@pytest.mark.parametrize(
    ("text", "today", "when"),
    [
        ("图文1篇，稿费800，端午前发布就好", date(2027, 5, 10), "2027-06-08"),
        ("视频1条 ¥1500，中秋节之前发出来哈", date(2026, 9, 1), "2026-09-24"),
        ("图文1篇 600元，清明前发", date(2027, 3, 16), "2027-04-04"),
        ("七夕之前想发一条视频笔记，fee ¥2,000", date(2026, 7, 20), "2026-08-18"),
        ("年货开箱图文1篇，稿费600，春节前发布", date(2026, 12, 15), "2027-02-05"),
        ("视频1条，1200元，除夕前发", date(2027, 1, 10), "2027-02-04"),
        ("One Reel, $350. Could it go live before Mother's Day?", date(2027, 4, 12), "2027-05-08"),
        ("One Reel, $350, live before Father’s Day please", date(2026, 5, 20), "2026-06-20"),
        ("2 TikTok videos, $250 each, up by Thanksgiving.", date(2027, 10, 28), "2027-11-25"),
        ("One carousel post, $200, live before Black Friday.", date(2026, 10, 1), "2026-11-26"),
        # past this year's day: next year's
        ("图文1篇，稿费800，中秋前发", date(2026, 10, 1), "2027-09-14"),
        # an English 'before' over a Chinese holiday with the verb glued on
        ("视频1条 ¥3,500\ntimeline: before 国庆发布就行～", date(2027, 9, 3), "2027-09-30"),
    ],
)
def test_a_moving_holiday_is_read_for_its_year(text: str, today: date, when: str) -> None:
    assert parsed(text, today)["deadline"] == when


@pytest.mark.parametrize(
    ("text", "today"),
    [
        # the holiday as the occasion, not a limit
        ("想为中秋礼盒做一篇图文推荐，稿费500", date(2026, 9, 1)),
        ("这次中秋预算比较紧，图文1篇 300", date(2026, 9, 1)),
        # after it: no limit
        ("图文1篇，稿费800，端午之后再发", date(2027, 5, 10)),
        # a year past the table: no day known, no guess
        ("图文1篇，稿费800，2031年端午前发布", date(2027, 5, 10)),
    ],
)
def test_a_moving_holiday_as_the_occasion_or_out_of_range_is_no_deadline(
    text: str, today: date
) -> None:
    assert parsed(text, today)["deadline"] is None


@pytest.mark.parametrize(
    ("text", "today", "when"),
    [
        ("图文2篇，每篇700，母亲节以前发", date(2027, 4, 6), "2027-05-08"),
        ("视频1条 ¥900，国庆以前发出来", date(2027, 9, 1), "2027-09-30"),
    ],
)
def test_a_holiday_with_yiqian_is_its_eve(text: str, today: date, when: str) -> None:
    assert parsed(text, today)["deadline"] == when


# --- deliverables: 之前 of a limit before the verb of posting is no earlier post ---------------


@pytest.mark.parametrize(
    ("text", "kind", "quantity"),
    [
        ("七夕之前想发一条视频笔记，fee ¥2,000", "video_note", 1),
        ("月底之前要发两篇图文，每篇500", "image_note", 2),
        ("12月20日之前发布一条视频，1500元", "video_note", 1),
    ],
)
def test_a_limit_before_the_count_keeps_the_count(text: str, kind: str, quantity: int) -> None:
    assert parsed(text)["deliverables"] == [{"kind": kind, "quantity": quantity}]


@pytest.mark.parametrize(
    "text",
    [
        "看了你之前发布的一条视频，这次想请你发图文1篇，800",
        "之前发的一条视频数据很好，这次图文1篇 800",
    ],
)
def test_an_earlier_post_is_still_not_counted(text: str) -> None:
    assert parsed(text)["deliverables"] == [{"kind": "image_note", "quantity": 1}]


# --- brand: a quoted product or slogan beside the name; a quoted title of words apart ----------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "老师好～我们是栖月，做手工香薰的🕯️ 这次想寄一只「晚风白茶」香薰蜡烛（价值¥128）给你，"
            "图文1篇，纯置换",
            "栖月",
        ),
        ("招募｜禾木「一夜好眠」乳胶枕 试睡官🛏️\n视频笔记1条，稿费800元", "禾木"),
        ("我们是橘野，做小家电的～ 寄一台「轻风」挂脖风扇给你，视频1条，稿费600", "橘野"),
        (
            "恭喜！您报名的「青柚 便携榨汁杯 夏日招募」已被品牌选中🎉\n您的报价：¥900\n"
            "内容形式：图文笔记1篇",
            "青柚",
        ),
    ],
)
def test_a_quoted_product_gives_way_to_the_name(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        # the quote is the name: a shop's kind after it, the writer naming herself
        ("博主你好～我们是「一隅」花店，在长沙，想请你拍一条视频，800元", "一隅"),
        ("你好，我们是莫干山「云栖半舍」民宿，想邀请你来住两晚，图文1篇", "云栖半舍"),
        ("主题：「青瓷」茶器 × 小红书图文合作\n图文1篇，稿费1000", "青瓷"),
        # a quote before a noun and no other name: still the name
        ("「禾叶」粽子礼盒推广：图文1篇，稿费900元，端午前发", "禾叶"),
    ],
)
def test_a_quoted_name_before_a_noun_stays_the_name(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


# --- source: her own code and a commission on what it sells is a co_code deal ------------------


@pytest.mark.parametrize(
    "text",
    [
        "One Reel, flat fee $150. Your personal code SAMPLANS gives followers 15% off, and you "
        "earn 20% commission on every sale made with it.",
        "- One Reel, $120\n- Your own code PRIYA10 gives your followers 10% off, and you get 15% "
        "commission on every order placed with it",
        "图文1篇，坑位费300元\n给你一个专属优惠码，粉丝下单用码立减10元，每单你拿12%佣金",
    ],
)
def test_her_code_and_commission_is_a_co_code_deal(text: str) -> None:
    got = parsed(text)
    assert got["source"] == "co_code"
    assert got["agency_cut_pct"] is None


@pytest.mark.parametrize(
    ("text", "source", "cut"),
    [
        # a code for her followers and no commission: the brand's DM
        (
            "Hi Leo! Sam from Brightfold here. One TikTok video for $250, and we'll give your "
            "followers a 15% discount code too.",
            "brand_dm",
            None,
        ),
        # the agency's commission stays its cut
        (
            "Hi! Maya from Bloom Talent here. One Reel for Lumen, $500; our commission is 20%.",
            "agency_group",
            "20",
        ),
    ],
)
def test_a_follower_code_or_an_agency_commission_is_no_co_code(
    text: str, source: str, cut: str | None
) -> None:
    got = parsed(text)
    assert (got["source"], got["agency_cut_pct"]) == (source, cut)


# --- source and brand: her own notes of a call or a fair ----------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "☎️ call w/ Fernleaf 蕨叶 (tea) 4/2 周五，跟 marketing Amy\n"
            "- 要 2 条 video，each ¥1,200",
            "Fernleaf",
        ),
        (
            "📞 call w/ Noctra 诺可 (sleep mask) 10/11 Mon\n- 1 场 live + 1 条 video, RMB 900",
            "Noctra",
        ),
        (
            "6/12 广州美博会 速记📝\n栖岸（做身体乳的，展位3A-08）\n对接：品牌部 小陈\n"
            "- 图文1篇，稿费800",
            "栖岸",
        ),
        (
            "5/7 上海户外展 速记✍️\n汐礁（做冲浪泳衣的，展位B2-116）\n- 图文2篇 每篇一千\n"
            "- 她说正常合作都是走蒲公英下单",
            "汐礁",
        ),
    ],
)
def test_her_notes_of_a_call_or_fair_are_other_with_the_maker(text: str, brand: str) -> None:
    got = parsed(text)
    assert (got["source"], got["brand"]) == ("other", brand)


@pytest.mark.parametrize(
    "text",
    [
        # a brand offering a call in its DM, a brand's own quick note: no notes of hers
        "Hi! ☎️ Happy to hop on a call with you next week. We're Fernleaf, one Reel for $300.",
        "【速记】我们是栖岸，做身体乳的～ 想请您发一篇图文，稿费800",
    ],
)
def test_a_brand_mentioning_a_call_or_a_memo_is_no_notes(text: str) -> None:
    assert parsed(text)["source"] != "other"


# --- source and brand: a marketplace's mail that a brand booked her -----------------------------

HIRED = (
    "From: Brandlink <notifications@brandlink.io>\nSubject: Congrats, Morrow Tea hired you!\n\n"
    'Hi Ana,\n\nMorrow Tea has accepted your proposal for "Cold Brew Season".\n\n'
    "• 1 Instagram Reel\n• Fee: $250.00\n"
    "• Brandlink service fee (10%): deducted from your payout\n• Revisions included: 2\n\n"
    "— The Brandlink team"
)
ESCROW = (
    "From: Gigloom <no-reply@gigloom.com>\nSubject: You've been hired by Saltleaf!\n\n"
    "• 1 TikTok video\n• Video fee: $300.00\n• Gigloom service fee (12%): deducted\n"
    "Funds are held in escrow and released 5 days after delivery.\n— The Gigloom team"
)


@pytest.mark.parametrize(
    ("text", "brand", "pct"), [(HIRED, "Morrow Tea", "10"), (ESCROW, "Saltleaf", "12")]
)
def test_a_marketplace_mail_relays_the_brand(text: str, brand: str, pct: str) -> None:
    got = parsed(text)
    assert (got["source"], got["brand"], got["platform_fee_pct"]) == ("other", brand, pct)


def test_a_brand_accepting_her_pitch_itself_stays_the_brand() -> None:
    text = (
        "Hi Ana! Thanks for your pitch. We've accepted your proposal: one Reel for $250, "
        "live by June 30.\nBest, Mia @ Brightfold"
    )
    got = parsed(text)
    assert got["brand"] == "Brightfold"
    assert got["source"] != "other"


@pytest.mark.parametrize(
    ("label", "n"),
    [("Revisions included: 1", 1), ("Revision rounds: 2", 2), ("Revisions allowed: 3", 3)],
)
def test_a_revision_label_with_a_word_after_the_noun(label: str, n: int) -> None:
    assert parsed(f"1 Reel, $300\n{label}\nLive by May 3")["included_revision_rounds"] == n


# --- source: her own pitch under a thread's header or copied into her notes; a job forwarded ----


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "[Instagram DMs]\nMe (Mar 2): Hi Copper & Clay! I'd love to feature your mugs. My rate "
            "is $180 per Reel.\nCopper & Clay (Mar 4): Hi! $180 works for one Reel.",
            "Copper & Clay",
        ),
        (
            "[邮件整理]\n5/3 我写给眠舍的合作邮件：\n"
            "您好，我是家居博主，很喜欢你们的亚麻床品，想做一篇图文推荐，报价800元～\n"
            "5/6 眠舍 回复：\n你好！800可以的",
            "眠舍",
        ),
        (
            "9/1 我发给芽见的自荐邮件：\n您好，想为中秋礼盒做一篇图文推荐，报价600元\n"
            "9/3 芽见 市场部 回复：\n可以给500稿费",
            "芽见",
        ),
    ],
)
def test_her_own_first_message_is_a_self_pitch(text: str, brand: str) -> None:
    got = parsed(text)
    assert (got["source"], got["brand"]) == ("self_pitch", brand)


@pytest.mark.parametrize(
    "text",
    [
        # a friend passes on what the brand sent
        "[阿琳] 宝！forward 个 job 给你 😘\n"
        "[阿琳] 【Fwd】Hi 阿琳，我们是 Lumio，想找博主拍 1 条视频，¥1,500",
        "[Karen] 囡囡！forward 個 job 俾你 😘\n"
        "[Karen] 我哋係 Mirrowe，2 條 short video，HK$1,900 each",
    ],
)
def test_a_job_forwarded_to_her_is_a_referral(text: str) -> None:
    assert parsed(text)["source"] == "referral"


def test_a_friend_copying_the_brand_mail_she_got_is_no_self_pitch() -> None:
    # the brand's mail to her friend, not her own
    text = (
        "[小满] 宝 品牌发给我的邮件：\n您好，我们是栖木，想找博主发一篇图文，800元\n"
        "[小满] 我接不了 推给你"
    )
    assert parsed(text)["source"] == "referral"


# --- fee: a part added later in a thread with a plus is added to the fee ------------------------


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        (
            "Mia, May 4: One Reel about our oat milk soap, $400, live by May 30.\n"
            "Me: Sounds lovely!\n"
            "Mia, May 6: Quick add: could we also get usage on our site for 60 days? Usage +$100.",
            "500.00",
        ),
        (
            "蒲公英招募：1 video note，fee ¥800/人，平台下单\n[截图 2]\n"
            "[品牌 · Joy] 想问能不能 extra 加一篇图文 recipe card？图文 +¥500，一起在蒲公英下单",
            "1300.00",
        ),
    ],
)
def test_a_plus_later_in_a_thread_adds_to_the_fee(text: str, fee: str) -> None:
    assert parsed(text)["fee"] == fee


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # what the plus adds is no fee: a bonus on a result, an optional licence
        ("One Reel, $400.\nLater: +$100 if it hits 50k views.", "400.00"),
        ("视频1条 ¥1500\n授权 30 天 +¥300，不加也行", "1500.00"),
    ],
)
def test_a_plus_for_a_bonus_or_an_option_is_not_added(text: str, fee: str) -> None:
    assert parsed(text)["fee"] == fee


# --- brand: 我是X的小Y; a notice headed "New brief" ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("你好呀～我是栖麦的小周🌾 关注你好久了\n想邀请你做个推广：图文笔记2篇，每篇800", "栖麦"),
        ("哈喽～我是木槿的阿宁，想请你发一篇图文，稿费700", "木槿"),
        (
            "[青橙MCN 美食KOC群]\n[Coco 商务 10:02]\n📢 New brief｜禾谷 Hegu 燕麦奶\n"
            "✅ 1 video note\n✅ fee 900\n[我 10:30]\n报名～\n[Coco 商务 11:00]\n@我 ok 定你了",
            "禾谷",
        ),
        (
            "[New gig] Saltmarsh Coffee - Spring Roast Launch\nWe need 1 image post. Fee: USD 200",
            "Saltmarsh Coffee",
        ),
    ],
)
def test_the_name_before_a_nickname_or_after_new_brief(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


@pytest.mark.parametrize(
    "text",
    [
        # her own fandom, not a staff member's nickname
        "我是你的小粉丝！想请你发一篇图文，稿费700",
        "我是你们的小编，想请你发一篇图文，稿费700",
    ],
)
def test_a_fan_or_an_editor_gives_no_name(text: str) -> None:
    assert parsed(text)["brand"] is None


# --- deliverables: a word ending in "a" before the kind is no count "a" -------------------------


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("1 carousel + 3 IG stories, £450 all in. Don't let her talk you into extra stories!", 3),
        ("1 Reel and 2 IG stories, $500. If we ever want extra stories we'll pay separately.", 2),
    ],
)
def test_extra_stories_is_no_new_count(text: str, other: int) -> None:
    got = parsed(text)["deliverables"]
    assert isinstance(got, list)
    assert {d["kind"]: d["quantity"] for d in got}["other"] == other


def test_a_story_counted_with_a_still_counts_one() -> None:
    got = parsed("One Reel plus a story on launch day, $400")["deliverables"]
    assert isinstance(got, list)
    assert {d["kind"]: d["quantity"] for d in got} == {"video_note": 1, "other": 1}


# --- fee: the reply over a chain quoted with '>'; a bullet after a line break is no range; -----
# --- 'up from' is no floor ----------------------------------------------------------------------

REPLY_OVER_QUOTES = (
    "Subject: Re: Re: Collab idea\n\nHi Mei,\n\nOk, we can do $350! To confirm:\n"
    "- 1 TikTok video\n- $350 flat\n- live by June 12\n\nBest,\nOlive\n\n"
    "> On May 20, Mei wrote:\n> Could you meet me at $350?\n> On May 19, Olive wrote:\n"
    "> $450 is above our budget, could you do $300?\n> On May 18, Mei wrote:\n> My rate is $450."
)


def test_the_reply_over_a_chain_quoted_with_angles_holds_the_fee() -> None:
    got = parsed(REPLY_OVER_QUOTES)
    assert (got["fee"], got["fee_is_floor"]) == ("350.00", False)


def test_a_bullet_on_the_next_line_is_no_range() -> None:
    text = "- 1 Reel, £350\n- plus a licence for the raw footage, +£150\n- £500 in total\n"
    got = parsed(text)
    assert (got["fee"], got["fee_is_floor"]) == ("500.00", False)


def test_a_range_on_one_line_is_still_a_range() -> None:
    got = parsed("1 Reel, budget £350 - £500 depending on reach")
    assert got["fee"] is not None


def test_a_raise_up_from_a_figure_is_no_floor() -> None:
    got = parsed("We can do $350 for the video (up from $250). Live by June 1.")
    assert (got["fee"], got["fee_is_floor"]) == ("350.00", False)


def test_rates_from_a_figure_stay_a_floor() -> None:
    assert parsed("One Reel, rates from $250, live by June 1.")["fee_is_floor"] is True


# --- agency: X互娱 named in the text; a group label of a trade; 代理品牌【X】 ---------------------


@pytest.mark.parametrize(
    ("text", "brand", "agency"),
    [
        (
            "星河互娱这边有个新通告～\n品牌：「澄光」精华\n图文1篇，稿费800\n机构抽成10%",
            "澄光",
            "星河互娱",
        ),
        (
            "【橙子娱乐·美妆3群】\n@所有人 新通告\n品牌：橙子\n内容：图文1篇\n费用：600\n"
            "机构服务费10%",
            "橙子",
            "橙子娱乐",
        ),
        (
            "您好～我们是青禾传媒，代理品牌【拾光】的达人合作\n想请您发图文1篇，稿费800",
            "拾光",
            "青禾传媒",
        ),
    ],
)
def test_an_agency_and_the_brand_it_acts_for(text: str, brand: str, agency: str) -> None:
    got = parsed(text)
    assert (got["brand"], got["agency"], got["source"]) == (brand, agency, "agency_group")


@pytest.mark.parametrize(
    "text",
    [
        # a fans' group, a game company's name: no agency
        "【体育娱乐 球迷群】\n品牌：青瓷\n图文1篇 800",
        "我们是互娱科技的市场部，图文1篇 800",
    ],
)
def test_a_fans_group_or_a_bare_word_is_no_agency(text: str) -> None:
    assert parsed(text)["agency"] is None


# --- an agency's chat label over its own cut is no marketplace's header -------------------------


def test_an_agency_chat_label_over_its_cut() -> None:
    text = (
        "[青禾传媒-小鱼] 宝 有个单子问问你接不接\n[青禾传媒-小鱼] 品牌：暖柿\n"
        "[青禾传媒-小鱼] 图文1篇，稿费600\n[青禾传媒-小鱼] 结算：发布后10天内，我们收15%服务费"
    )
    got = parsed(text)
    assert (got["source"], got["agency_cut_pct"], got["platform_fee_pct"]) == (
        "agency_group",
        "15",
        None,
    )


def test_a_marketplace_header_keeps_its_share() -> None:
    text = "[Brandlink] New order from Fernleaf\n1 Reel, $300\nBrandlink charges 10% on payouts"
    got = parsed(text)
    assert (got["source"], got["platform_fee_pct"]) == ("other", "10")


# --- brand: a chat's speaker label of a company and a person, heading two lines or more ---------


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        (
            "[栖屿 小满] 你好～想约一条视频，800可以吗？\n[我] 可以的～\n"
            "[栖屿 小满] 好嘞 月底前发哈",
            "栖屿",
        ),
        (
            "茶岛-阿七 14:02\n您好～想请您发一篇图文，报价多少呀\n我 14:10\n600～\n"
            "茶岛-阿七 14:20\n可以 那就600",
            "茶岛",
        ),
        ("[我] 你好～图文 1000 一篇\n[蔓岛 小鹿] 能 800 吗？\n[我] 行\n[蔓岛 小鹿] 太好啦", "蔓岛"),
    ],
)
def test_a_company_and_person_label_names_the_company(text: str, brand: str) -> None:
    assert parsed(text)["brand"] == brand


@pytest.mark.parametrize(
    "text",
    [
        # once only; a friend's label; the Latin spelling after the name is no person
        "[栖屿 小满] 你好～想约一条视频，800可以吗？\n[我] 可以的～",
        "[阿琳 小号] 宝 有个单子 视频1条 800\n[我] 好呀\n[阿琳 小号] 我把要求发你",
    ],
)
def test_a_label_said_once_or_a_persons_second_account_gives_no_company(text: str) -> None:
    assert parsed(text)["brand"] is None


def test_a_latin_spelling_in_the_label_is_no_person() -> None:
    text = (
        "[我] 请问是 Lumi 露米的品牌方吗？video ¥1,500\n"
        "[露米 Lumi · Ada] 你好！budget 1.2k 可以吗？\n[露米 Lumi · Ada] OK 1.3k deal！"
    )
    assert parsed(text)["brand"] == "Lumi"


@pytest.mark.parametrize(
    "text",
    [
        # a WeChat remark: how she knows the person, then the person (attack review r25's class)
        "大学同学-小美 10:12\n你不是做家居的吗，视频1条 2000元\n我 10:40\n哪个品牌？\n"
        "大学同学-小美 10:45\n苔原香氛",
        "[同事 小美] 有个单子 视频1条 2000元\n[我] 好\n[同事 小美] 苔原香氛找你",
        # a place in her notes, not a maker
        "📝 4.18 上海咖啡节 备忘\n隔壁（卖蛋糕的）摊位 人超多\n图文1篇，稿费600",
    ],
)
def test_a_remark_or_a_place_is_no_company(text: str) -> None:
    assert parsed(text)["brand"] in (None, "苔原")


# --- deliverables and usage: a footage licence line; the brand a marketplace says hired her ----

ORDER = (
    "From: Gigloom <no-reply@gigloom.com>\nSubject: You've been hired by Saltleaf!\n\n"
    "• 2 TikTok videos\n• Footage licence, 60 days\n• Video fee: $200.00 each\n"
    "• Footage licence: $80.00\n• Order total: $480.00\n— The Gigloom team"
)


def test_a_priced_footage_licence_line_is_a_deliverable_and_its_days_the_usage() -> None:
    got = parsed(ORDER)
    assert got["deliverables"] == [
        {"kind": "video_note", "quantity": 2},
        {"kind": "asset_license", "quantity": 1},
    ]
    assert (got["usage_rights_days"], got["brand"], got["fee"]) == (60, "Saltleaf", "480.00")


def test_a_licence_for_a_term_alone_is_usage_not_a_deliverable() -> None:
    got = parsed("One Reel, $300. Usage licence for 90 days included.")
    assert got["deliverables"] == [{"kind": "video_note", "quantity": 1}]
    assert got["usage_rights_days"] == 90


def test_we_hired_you_names_no_brand() -> None:
    assert parsed("We hired you last spring and loved it! One Reel, $300?")["brand"] is None


def test_the_reply_signs_above_the_quoted_chain() -> None:
    assert parsed(REPLY_OVER_QUOTES.replace("Olive\n", "Olive, Marrow & Moss\n"))["brand"] == (
        "Marrow & Moss"
    )


# --- deliverables: a store visit's or a roundup's format in brackets, its count after ----------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("合作内容：探店笔记（图文）1篇，需带定位\n合作费用：¥900", "store_visit"),
        ("合作内容：开学季文具合集笔记（图文）1篇\n合作费用：一千二（¥1,200）", "roundup"),
    ],
)
def test_a_format_in_brackets_is_no_second_piece(text: str, kind: str) -> None:
    assert parsed(text)["deliverables"] == [{"kind": kind, "quantity": 1}]


def test_a_store_visit_and_a_separate_note_stay_two() -> None:
    got = parsed("1篇探店笔记 + 1篇产品图文，两篇一共1500")["deliverables"]
    assert isinstance(got, list)
    assert {d["kind"]: d["quantity"] for d in got} == {"store_visit": 1, "image_note": 1}
