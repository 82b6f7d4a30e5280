"""Attack review of 0e9447d (a fallback name equal to the agency's whole name): the name is kept as
the brand only where the agency was read from that very place (星河MCN「澄光」精华); an agency
named by its own label ("机构：蓝鲸传播") and repeated in a bracket further on is not its brand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.negotiation.brief import parse_brief


def parse(text: str) -> dict[str, Any]:
    return parse_brief(text, date(2026, 5, 1))


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        ("机构：蓝鲸传播\n【蓝鲸传播】招募达人，图文2篇，每篇500元", "蓝鲸传播"),
        ("经纪公司：小鹿\n【小鹿】新品：小红书图文1篇，700元", "小鹿"),
        ("Agency: 拾光互娱\n【拾光互娱】new drop, 1 Xiaohongshu post, ¥900", "拾光互娱"),
        ("机构：蓝鲸传播\n#蓝鲸传播 达人招募 图文2篇 每篇500元", "蓝鲸传播"),
    ],
)
def test_the_agency_named_again_in_a_bracket_is_not_the_brand(text: str, agency: str) -> None:
    got = parse(text)
    assert got["agency"] == agency
    assert got["brand"] != agency


@pytest.mark.parametrize(
    "text",
    [
        "星河MCN「澄光」精华招募：图文2篇，每篇800元",
        "【星河MCN】「澄光」精华，图文2篇，每篇800元，机构服务费10%",
    ],
)
def test_a_name_read_as_both_at_one_place_stays_the_brand(text: str) -> None:
    got = parse(text)
    assert got["brand"] == "澄光"
    assert got["agency"] != "澄光"
