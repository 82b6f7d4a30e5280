"""Round 29 (after set 28): the classes of its rules, each written fresh as a creator would paste
it, with the guards where a naive form of the rule would fire wrongly."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief

TODAY = date(2026, 5, 6)


def parsed(text: str) -> dict[str, object]:
    return parse_brief(text, TODAY)


def kinds(text: str) -> set[tuple[str, int]]:
    got = parsed(text)
    return {(d["kind"], d["quantity"]) for d in got["deliverables"] or []}  # type: ignore[attr-defined]


# --- deliverables: a roundup or a store visit is one piece ----------------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("合作内容：合集类图文笔记1篇，费用五百/篇，5月底前发", {("roundup", 1)}),
        ("想请你做一篇探店型笔记，¥700，店里的饮品我们请", {("store_visit", 1)}),
        ("探店笔记报价 ¥650 一篇，下周五前发就行", {("store_visit", 1)}),
        ("好物合集 ¥900 一篇，月底前发", {("roundup", 1)}),
    ],
)
def test_a_roundup_or_store_visit_written_as_a_note_is_one_piece(
    text: str, want: set[tuple[str, int]]
) -> None:
    assert kinds(text) == want


def test_a_store_visit_beside_a_separate_image_note_keeps_both() -> None:
    assert kinds("组合：1篇探店笔记 + 1篇产品图文，两篇一共1500，月底前发") == {
        ("store_visit", 1),
        ("image_note", 1),
    }


def test_a_total_count_after_the_pieces_is_no_further_piece() -> None:
    assert kinds("内容：合集笔记1篇 + 单品图文1篇\n稿费：两篇共1200") == {
        ("roundup", 1),
        ("image_note", 1),
    }


def test_a_price_per_piece_after_an_image_note_still_counts_it() -> None:
    assert kinds("图文笔记 ¥600 一篇，要两篇") == {("image_note", 2)}


# --- deliverables: a count per month over the months of the deal ---------------------------------


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("6月、7月、8月每月各1条视频，一条一千", {("video_note", 3)}),
        ("合作月份：9月，10月和11月，每月2篇图文", {("image_note", 6)}),
        (
            "周期：7-9月，为期3个月\n内容：每月图文1篇+视频1条",
            {("image_note", 3), ("video_note", 3)},
        ),
        ("合作期：连续2个月\n形式：每月1条视频", {("video_note", 2)}),
    ],
)
def test_a_count_per_month_over_named_months_or_a_period(
    text: str, want: set[tuple[str, int]]
) -> None:
    assert kinds(text) == want


def test_a_piece_on_another_line_than_the_named_months_is_not_multiplied() -> None:
    assert kinds("1. 10月、11月、12月，每月1篇图文，一篇五百\n2. 12月额外拍1条视频，一千") == {
        ("image_note", 3),
        ("video_note", 1),
    }


def test_a_licence_in_months_above_a_monthly_count_multiplies_nothing() -> None:
    assert kinds("授权期：3个月\n每月先发1条视频看看效果") == {("video_note", 1)}
