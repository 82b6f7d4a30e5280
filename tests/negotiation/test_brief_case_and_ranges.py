"""The brief parser on characters whose lower case is not one for one, and on numbers the
ledger cannot hold (review 13b: findings 3 and 8 of the attack review of issue 13)."""

from __future__ import annotations

import sys
from datetime import date
from typing import Any

import pytest

from app.negotiation import brief
from app.negotiation.brands import find_known, fold
from app.negotiation.brief import parse_brief
from app.validation import DATE_MAX, DATE_MIN

TODAY = date(2026, 11, 29)


def _spans_point_into(text: str, parsed: dict[str, Any]) -> None:
    for name, span in parsed["spans"].items():
        assert 0 <= span["start"] <= span["end"] <= len(text), (name, span)
        assert text[span["start"] : span["end"]] == span["text"], (name, span)


def test_fold_keeps_every_character_in_its_place() -> None:
    # "İ".lower() is two characters; positions found in a lowered copy were used on the text
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert len(fold(every)) == len(every)
    assert fold("İpek ẞ ΑΣ ﬁ ＧＬＯＷ") == "ipek ß ασ ﬁ ｇｌｏｗ"


# Characters whose case or compatibility form is not one for one, next to the brand's name:
# İ (lower case is two characters), ẞ (capital sharp s), the ﬁ ligature (NFKC makes it two),
# a final sigma, full-width Latin letters and full-width digits (NFKC makes them ASCII).
AROUND = ["İ", "İİİ", "ẞ", "ﬁ", "ﬁﬁ", "ΟΔΟΣ", "ＡＢＣ", "１２３", "İﬁẞΣ１"]


@pytest.mark.parametrize("noise", AROUND)
def test_own_brand_after_characters_that_change_length(noise: str) -> None:
    text = f"{noise} 视频1条800元，{noise} 我们是Glow Lab {noise}，12月10日前发布"
    parsed = parse_brief(text, TODAY, known_brands=["Glow Lab"])
    assert parsed["brand"] == "Glow Lab"
    assert parsed["spans"]["brand"]["text"] == "Glow Lab"
    _spans_point_into(text, parsed)


@pytest.mark.parametrize("name", ["İpek Beauty", "Straẞe Lab", "ﬁne Lab", "ΟΔΟΣ Lab"])
def test_own_brand_spelled_with_such_characters_is_read_whole(name: str) -> None:
    for text in (f"1 video, $800, from {name}. Thanks", f"我们是{name}，视频1条800元"):
        parsed = parse_brief(text, TODAY, known_brands=[name])
        _spans_point_into(text, parsed)
        if name.startswith("ﬁ"):
            # NFKC reads the ligature as "fi": the name is found, cut from the text as written
            assert parsed["spans"]["brand"]["text"] == name
        else:
            assert parsed["brand"] == name


def test_full_width_brand_name_points_at_the_text_as_written() -> None:
    text = "视频１条８００元，我们是Ｇｌｏｗ Ｌａｂ，１２月１０日前发布"
    parsed = parse_brief(text, TODAY, known_brands=["Glow Lab"])
    assert parsed["brand"] == "Glow Lab"
    assert parsed["spans"]["brand"]["text"] == "Ｇｌｏｗ Ｌａｂ"
    assert parsed["fee"] == "800.00" and parsed["deadline"] == "2026-12-10"
    _spans_point_into(text, parsed)


@pytest.mark.parametrize("noise", AROUND)
@pytest.mark.parametrize("name", ["Sephora", "完美日记"])
def test_well_known_brand_after_characters_that_change_length(noise: str, name: str) -> None:
    # a Latin name is read only as a whole word ("İSephora" is one word), a Chinese one anywhere
    text = f"{noise} {noise}{' ' if name.isascii() else ''}{name} 视频1条800元"
    found = find_known(text)
    assert [m.name for m in found] == [name]
    assert text[found[0].start : found[0].end] == name


# --- percentages read whole ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("视频1条800元，平台服务费100%", "platform_fee_pct"),
        ("视频1条800元，平台服务费1000%", "platform_fee_pct"),
        ("视频1条800元，蒲公英平台收取105.5%", "platform_fee_pct"),
        ("视频1条800元，机构抽成150%", "agency_cut_pct"),
        ("视频1条800元，我们抽120个点", "agency_cut_pct"),
        ("1 video, $800, our commission is 120%", "agency_cut_pct"),
        ("1 video, $800, a 110% commission", "agency_cut_pct"),
        ("1 video, $800, agency fee 3.125%", "agency_cut_pct"),
    ],
)
def test_a_percentage_is_read_whole_or_not_at_all(text: str, field: str) -> None:
    # the lazy gap before `\d{1,2}%` took the leading digits: 100% was read as 0 %, 150% as 50 %
    parsed = parse_brief(text, TODAY)
    assert parsed[field] is None, parsed[field]
    assert field not in parsed["spans"]


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("视频1条800元，平台服务费10%", "platform_fee_pct", "10"),
        ("视频1条800元，平台服务费 5.5 %", "platform_fee_pct", "5.5"),
        ("视频1条800元，机构抽成20%", "agency_cut_pct", "20"),
        ("1 video, $800, our commission is 15%", "agency_cut_pct", "15"),
        ("1 video, $800, a 12.5% commission", "agency_cut_pct", "12.5"),
    ],
)
def test_a_percentage_under_100_is_still_read(text: str, field: str, value: str) -> None:
    assert parse_brief(text, TODAY)[field] == value


# --- a written year is kept or the date is not read -------------------------------------------
@pytest.mark.parametrize(
    "when",
    [
        "2100年1月10日前",
        "1999年12月31日前",
        "2100-01-10前",
        "2100/1/10前",
        "2100.1.10前",
        "by Jan 10, 2100",
        "by 10 January 2100",
        "due 1/10/2100",
    ],
)
def test_a_year_out_of_the_ledger_range_leaves_the_date_unread(when: str) -> None:
    # the year was dropped and the month and day read as the next such day (2027-01-10)
    parsed = parse_brief(f"视频1条800元，{when}发布", TODAY)
    assert parsed["deadline"] is None, parsed["deadline"]
    assert "deadline" not in parsed["spans"]


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2027年1月10日前", "2027-01-10"),
        ("2099年12月31日前", "2099-12-31"),
        ("by Jan 10, 2027", "2027-01-10"),
        ("due 1/10/2027", "2027-01-10"),
        ("12月10日前", "2026-12-10"),
    ],
)
def test_a_year_in_range_is_kept(when: str, expected: str) -> None:
    assert parse_brief(f"视频1条800元，{when}发布", TODAY)["deadline"] == expected


def test_the_parser_year_range_is_the_ledger_date_range() -> None:
    assert (DATE_MIN.year, DATE_MAX.year) == (brief.FIRST_YEAR, brief.LAST_YEAR)
    assert (DATE_MIN.month, DATE_MIN.day, DATE_MAX.month, DATE_MAX.day) == (1, 1, 12, 31)
