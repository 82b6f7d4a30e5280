"""Attack review of round 33's brand rules (0e107ad..13a11ae: generic_name, a goods word trimmed
where the short name is written alone, a Chinese name repeated at clause starts as the last
resort, 跟X的小周聊了一下 in her notes of a call): fresh messages on which a rule picks a wrong
brand or drops a right one; hostile pastes built from its patterns. Each case failed at 13a11ae
(run against that commit's app/) but the guards (test_the_rules_of_round_33_still_name_the_brand,
test_a_brand_with_a_generic_word_is_kept), the xfails and the hostile pastes."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import generic_name, parse_brief
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_against_plain, worst_in_child

TODAY = date(2027, 3, 2)


def brand(text: str) -> object:
    return parse_brief(text, TODAY)["brand"]


# --- the repeated clause-start name: a person, a word of address, a platform, a day, a place ---


@pytest.mark.parametrize(
    "text",
    [
        # a word of address or a pet name
        "宝宝在吗～有个合作\n宝宝这个视频1条 1000元\n宝宝月底前发哦",
        "亲，在吗\n亲亲有个合作，图文1篇 500元\n亲亲月底前发",
        "美美你好\n美美这边有个视频 1000元\n美美月底前发",
        "老师好，想约一条视频\n老师这边报价多少\n老师月底前发可以吗 1000元",
        # a person, a boss, a friend
        "小林这边想约你\n小林说视频1条 1000元\n小林月底前要",
        "老板说有个合作\n老板视频1条 1000元\n老板月底前要",
        "闺蜜介绍的合作\n闺蜜说视频1条 1000元\n闺蜜月底前",
        # a platform, a day, a place
        "抖音这边有个合作\n抖音视频1条 1000元\n抖音月底前发布",
        "视频号这边有个合作\n视频号1条 1000元\n视频号月底前发",
        "直播间这边有个合作\n直播间1场 1000元\n直播间月底前",
        "明天有个合作\n明天视频1条 1000元\n明天发",
        "上海店开业想请你\n上海店视频1条 1000元\n上海店月底前",
        "朝阳区这边新开的店\n朝阳区视频1条 1000元\n朝阳区月底前",
        # her own account
        "我的账号小鹿日记想接\n小鹿日记视频1条 1000元\n小鹿日记月底前",
        # more of each: a greeting, a kin, a platform's nickname, a shop, a weekday, a branch
        "嗨嗨在吗\n嗨嗨有个合作 视频1条 1000元\n嗨嗨月底前",
        "姐姐在吗～\n姐姐有个合作 视频1条 1000元\n姐姐月底前发",
        "小红薯这边有个合作\n小红薯图文1篇 500元\n小红薯月底前发",
        "淘宝店想找你\n淘宝店视频1条 1000元\n淘宝店月底前发",
        "周五有个合作\n周五视频1条 1000元\n周五前发",
        "杭州西湖这边新开的\n西湖店视频1条 1000\n西湖店月底前",
        "星图这边有个合作\n星图视频1条 1000元\n星图月底前",
        "下午有个合作\n下午视频1条 1000元\n下午发",
        # four characters of a longer product's name
        "稿费1000元\n黄皮柠檬茶这款想找你\n黄皮柠檬茶视频1条\n黄皮柠檬茶月底前",
    ],
)
def test_a_repeated_person_platform_day_or_place_is_no_brand(text: str) -> None:
    assert brand(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "📞 通话速记\n跟妈妈的小姐妹聊了一下：视频1条 2000元",
        "跟公司的小周聊了：视频1条 2000元，4月10日前",
        "和抖音的小周聊了：视频1条 2000元",
        "跟对面的小周聊了一下：视频1条 2000元",
        "跟隔壁的小周聊了一下：视频1条 2000元",
        "跟老板的小周聊了一下：视频1条 2000元",
        "跟同事的小周聊了一下：视频1条 2000元",
        "跟学校的小周聊了一下：视频1条 2000元",
        "跟群里的小周聊了一下：视频1条 2000元",
        "跟小区的小周聊了一下：视频1条 2000元",
        "跟小美的小周聊了一下：视频1条 2000元",
        "跟朋友的小周聊了一下：视频1条 2000元",
        "跟前台的小周聊了一下：视频1条 2000元",
        "跟今天的小周聊了一下：视频1条 2000元",
        "跟星图的小周聊了一下：视频1条 2000元",
        "跟店里的小周聊了一下：视频1条 2000元",
    ],
)
def test_whose_person_she_talked_to_is_no_brand_when_kin_place_or_platform(text: str) -> None:
    assert brand(text) is None


def test_the_rules_of_round_33_still_name_the_brand() -> None:
    # the guards: r33's own snippets
    assert brand("跟雾岚的小林聊了：视频1条 2000元，4月10日前") == "雾岚"
    text = "在吗～有个新品想找你\n苔原家的，苔原今年刚做香氛\n图文一篇700元，月底前发\n苔原结款快"
    assert brand(text) == "苔原"
    assert brand("我们是青釉茶具，想约一条视频，稿费1500元\n青釉这边发布后10天内结款") == "青釉"


# --- the trimmed goods word: only where the short name stands for the company ------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the short name is part of another word, a colour
        (
            "我们是青釉茶具，想约一条视频，稿费1500元\n青釉色的杯子很好看，发布后10天结款",
            "青釉茶具",
        ),
        # the short name is a place, a common word
        (
            "Hi, Kate from Oatridge Granola. One Reel $400 by Apr 2.\n"
            "We ship from Oatridge, Vermont.",
            "Oatridge Granola",
        ),
        (
            "Hi, Kate from Pine Candles here. One Reel $400 by Apr 2. "
            "The pine scent is our best seller. Pine trees everywhere.",
            "Pine Candles",
        ),
    ],
)
def test_a_goods_word_stays_where_the_short_name_is_another_word(text: str, want: str) -> None:
    assert brand(text) == want


# --- generic words inside a real brand's name -------------------------------------------------


def test_a_maker_kind_after_generic_words_is_a_name() -> None:
    assert generic_name("新品研究所") is False
    assert generic_name("通告工作室") is False
    assert generic_name("新品黄皮柠檬茶") is True  # the guard: r33's product name


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("我们是招募社，想找你拍一条视频，费用1500元，3月20号前发", "招募社"),
        ("你好，我们是广场咖啡，想请你来探店拍一条视频，费用1000元，月底前发", "广场咖啡"),
        (
            "Hi! This is Mia from Official Goods Co. We'd love one Reel for $400 by Apr 2.",
            "Official Goods Co.",
        ),
    ],
)
def test_a_brand_with_a_generic_word_is_kept(text: str, want: str) -> None:
    assert brand(text) == want


@pytest.mark.xfail(
    strict=True,
    reason="新品研究所 is dropped before generic_name too (None at 9eb0ec2): a 新品 lead reads as "
    "a product everywhere in find_names; not fixed in time",
)
def test_a_brand_starting_with_xinpin_is_named() -> None:
    text = "你好，我们是新品研究所，想约一篇图文，稿费800元，月底前发布\n新品研究所结款快"
    assert brand(text) == "新品研究所"


@pytest.mark.xfail(
    strict=True,
    reason="a place's own name (三里屯) repeated at clause starts is taken as the brand: no "
    "gazetteer of districts",
)
def test_a_district_repeated_at_clause_starts_is_no_brand() -> None:
    assert brand("三里屯新开的店\n三里屯视频1条 1000元\n三里屯月底前") is None


@pytest.mark.xfail(
    strict=True,
    reason="合作社咖啡 is cut to 合作社 (so at 9eb0ec2 too): the coffee word is read as the trade",
)
def test_a_cafe_named_after_a_cooperative_keeps_its_whole_name() -> None:
    assert brand("你好，我们是合作社咖啡，想请你来探店，视频1条 1000元") == "合作社咖啡"


@pytest.mark.xfail(
    strict=True,
    reason="a chat label 暖盏茶器： over one line gives no brand (so at 9eb0ec2 too)",
)
def test_a_one_line_chat_label_with_a_goods_word_is_the_brand() -> None:
    assert brand("暖盏茶器：想约一条视频 1500元\n暖盏这边月底前结款") == "暖盏"


@pytest.mark.xfail(
    strict=True,
    reason="好物清单 is all generic words and no maker's kind; None at 9eb0ec2 too",
)
def test_a_brand_made_of_list_words_is_named() -> None:
    assert brand("你好，我是好物清单的小林，想约一篇图文 600元 3月底前发") == "好物清单"


@pytest.mark.xfail(
    strict=True,
    reason="跟X的小周 with X an agency gives up; the brand named later (栖禾的视频) is not read",
)
def test_the_brand_after_an_agency_person_in_call_notes() -> None:
    assert brand("跟麦浪传媒的小周聊了：栖禾的视频1条 2000元") == "栖禾"


# --- hostile pastes aimed at round 33's rules -------------------------------------------------

HOSTILE_R33 = [
    kept(fill("橘野，")),
    kept(fill("橘野家的，橘野今年刚做洗护\n橘野结款快，")),
    kept(fill("宝宝，亲亲，美美，上海店，")),
    kept(fill("跟雾岚的小林聊了一下：")),
    fill("跟雾岚雾岚的小"),
    kept(fill("我们是青釉茶具，青釉这边，青釉色，")),
    kept(fill("Oatridge Granola Oatridge, Pine Candles pine ")),
    mix("新品新品新品", "招募广场通告", "Official Collab Notice "),
    fill("A"),
    kept(fill("我的账号小鹿日记\n小鹿日记，")),
    kept(fill("橘野\x00，\ud800橘野\udfff，跟\x00的小周聊")),
]


def test_adversarial_pastes_for_round_33_rules_finish() -> None:
    texts = chosen(HOSTILE_R33)
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for round 33: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_round_33_pastes_cost_like_plain_text() -> None:
    worst, plain = worst_against_plain(chosen(HOSTILE_R33))
    print(f"round 33 worst {worst[0]:.3f} s {worst[1]!r}, plain {plain:.3f} s")
    assert worst[0] < 6 * max(plain, 0.05), (worst, plain)
