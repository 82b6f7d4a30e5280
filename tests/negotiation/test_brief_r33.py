"""Round 33 (issue 13's brand classes): a brand candidate vetted against heading, notice, notes
and slogan words; a goods word trimmed off a name written alone elsewhere; a name repeated at the
start of clauses as the last resort; the company of the person in her notes of a call. Each
snippet is written fresh, with guards where a naive form of the rule would fire wrongly."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import generic_name, parse_brief

TODAY = date(2027, 3, 2)


def brand(text: str) -> object:
    return parse_brief(text, TODAY)["brand"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a slogan or a notice's heading over the name
        ("焕新补水 招募\n沐棠 新品精华 图文1篇 600元 月底前发布\n沐棠官方会转发", "沐棠"),
        # a goods word after the name, the name alone elsewhere
        ("我们是青釉茶具，想约一条视频，稿费1500元\n青釉这边发布后10天内结款", "青釉"),
        (
            "Hi Lou, Kate from Hollowmere Candles here! One Reel, $400, by Apr 2.\n"
            "Hollowmere pays net 15.",
            "Hollowmere",
        ),
        # a name starting clauses again and again, no cue before it
        (
            "在吗～有个新品想找你\n苔原家的，苔原今年刚做香氛\n图文一篇700元，月底前发\n苔原结款快",
            "苔原",
        ),
        # the company of the person she talked to, in her notes of a call
        ("📞 通话速记\n跟雾岚的小林聊了：视频1条 2000元，4月10日前", "雾岚"),
    ],
)
def test_brand_r33(text: str, want: str) -> None:
    assert brand(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the name never written without its goods word: it stays whole
        (
            "木岫茶器：你好呀，想请你拍一条视频，费用1500\n我：好的\n木岫茶器：3月20号前发",
            "木岫茶器",
        ),
        # the speaker of a chat label, heading lines again and again, is no name
        (
            "表姐-同事 09:10\n有个牌子在找人拍视频\n我 09:11\n啥牌子\n"
            "表姐-同事 09:12\n视频1条 1500元",
            None,
        ),
        # a heading word taken for no name: a new product's name is no brand
        ("招募\n新品青柑普洱 招募美食博主\n图文1篇 500元 月底前发布", None),
    ],
)
def test_brand_r33_guards(text: str, want: str | None) -> None:
    assert brand(text) == want


@pytest.mark.parametrize(
    ("name", "generic"),
    [
        ("Official", True),
        ("Recruitment", True),
        ("Official Collab Notice", True),
        ("招募广场", True),
        ("电话记录", True),
        ("换季修护", True),
        ("新品黄皮柠檬茶", True),
        ("Pinebrook", False),
        ("溪禾", False),
        ("合作社咖啡", False),
    ],
)
def test_generic_name(name: str, generic: bool) -> None:
    assert generic_name(name) is generic
