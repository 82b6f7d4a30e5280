"""Attack review of round 29: messages where a round-29 rule gave a wrong value that the parser
before the merge (2d3c7ac^1) got right or left null."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2026, 5, 6)


def kinds(text: str) -> set[tuple[str, int]]:
    got = parse_brief(text, TODAY)
    return {(d["kind"], d["quantity"]) for d in got["deliverables"] or []}  # type: ignore[attr-defined]


# --- named months: a count per month only in the clause 每月 opens ---------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the months are when activities run, the count is this one order's
        ("3月、4月、5月每月的活动都会有，这次先发图文2篇，¥1000", {("image_note", 2)}),
        ("我们的投放时间是3月、4月，每月预算有限，这次图文1篇 ¥500", {("image_note", 1)}),
        # the video after the comma is one, said for January alone
        ("11月、12月每月各1篇图文，1月再加1条视频", {("image_note", 2), ("video_note", 1)}),
    ],
)
def test_named_months_multiply_only_the_clause_after_per_month(
    text: str, want: set[tuple[str, int]]
) -> None:
    assert kinds(text) == want


# --- a long arrow label is hers only when she opens ------------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # she answers the brand's earlier DM: the brand wrote first
        (
            "[我 → 禾满面包 小红书私信 05/12 09:30]\n我：您好～收到你们的私信啦\n"
            "禾满面包：那就图文一篇 ¥500",
            "brand_dm",
        ),
        # a friend passes a brand on: not her pitch
        ("[我 → 小林 微信 05/12 09:30]\n小林：这个品牌找你，图文一篇500\n我：好的", None),
    ],
)
def test_a_long_arrow_label_is_not_her_pitch_when_she_answers_or_a_friend_refers(
    text: str, want: str | None
) -> None:
    assert parse_brief(text, TODAY)["source"] == want


def test_a_long_arrow_label_opening_her_pitch_stays_self_pitch() -> None:
    text = (
        "[我 → 禾满面包 小红书私信 05/12 09:30]\n我：你好，我是做烘焙内容的博主，想和你们合作\n"
        "禾满面包：那就图文一篇 ¥500"
    )
    assert parse_brief(text, TODAY)["source"] == "self_pitch"


# --- an agency's notice: the agency posting, or a label naming the brand ---------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the agency posts for the brand: the name after 代发 is the brand
        ("新通告 鹿鸣 代发：栗暮 糖炒板栗礼盒 图文1篇 ¥500", "栗暮"),
        # a brand label later in the notice names the brand
        ("新通告 栗暮\n品牌：山野咖啡 图文1篇 ¥500", "山野"),
    ],
)
def test_a_notice_name_yields_to_the_agency_posting_or_a_brand_label(text: str, want: str) -> None:
    assert parse_brief(text, TODAY)["brand"] == want
