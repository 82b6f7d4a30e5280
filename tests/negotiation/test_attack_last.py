"""Attack review of 8160285 (DATE_AFTER_COMMA; 以后/之后/大促 in NOT_MONEY_AFTER).

Each message below read its fee right at 4ab94d8 and reads a wrong or no fee after 8160285:
the comma rule takes any three digits before 前/后/节/当天/期间/活动/之后/以后 as a date, so a
Chinese keyboard's thousands comma (3，800) is split whenever a time word follows the amount,
and a figure followed by 以后/之后/大促 is no longer money even when it is the fee."""

from __future__ import annotations

from datetime import date

import pytest

from app.negotiation.brief import parse_brief


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # a wrong fee (the thousands are lost)
        ("费用3，800当天支付，图文一篇", "3800.00"),
        ("一口价1，200节前发，小红书图文一篇", "1200.00"),
        ("报价1，500节后发布", "1500.00"),
        # no fee at all
        ("你好，这边是澄光护肤，想邀请您做一篇小红书图文，稿费5，000当天结清，可以吗？", "5000.00"),
        ("稿费6，000活动期间发布", "6000.00"),
        ("报价8，000期间不接同类品牌", "8000.00"),
        ("稿费2，500以后每月结算", "2500.00"),
        ("预算5000大促期间发布，小红书视频一条", "5000.00"),
        ("这次预算3000以后有机会再加", "3000.00"),
    ],
)
def test_a_thousands_comma_or_fee_before_a_time_word_is_still_the_fee(text: str, fee: str) -> None:
    assert parse_brief(text, date(2026, 5, 1), ())["fee"] == fee
