"""A brand is never its own agency (found on a phone screenshot of the paste page, 2026-11-30:
【星河MCN】品牌：「澄光」精华 … 机构服务费10% showed 澄光 as both the brand and the agency)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.negotiation.brief import parse_brief


def parse(text: str) -> dict[str, Any]:
    result = parse_brief(text, date(2026, 11, 30), ())
    return result if isinstance(result, dict) else result.__dict__


@pytest.mark.parametrize(
    "text",
    [
        "【星河MCN】品牌：「澄光」精华\n合作内容：小红书图文2篇，每篇800元\n"
        "12月20日前发布，可修改1次，发布后30天内结款\n机构服务费10%",
        "星河MCN：品牌「澄光」精华，图文2篇，每篇800元，机构服务费10%",
        "【星河MCN】Brand: 「澄光」\n图文2篇，每篇800元",
    ],
)
def test_the_label_beside_a_quoted_name_says_it_is_the_brand(text: str) -> None:
    got = parse(text)
    assert (got["brand"], got["agency"]) == ("澄光", "星河MCN")


@pytest.mark.parametrize(
    "text",
    [
        "【星河MCN】「澄光」精华，图文2篇，每篇800元，机构服务费10%",
        "星河MCN「澄光」精华招募：图文2篇，每篇800元",
    ],
)
def test_a_name_read_as_both_is_no_agency(text: str) -> None:
    got = parse(text)
    assert got["brand"] == "澄光"
    assert got["agency"] != got["brand"]


def test_an_agency_named_apart_from_the_brand_is_kept() -> None:
    got = parse("【星河MCN通告】品牌：澄光\n图文2篇，每篇800元\n机构服务费10%")
    assert (got["brand"], got["agency"]) == ("澄光", "星河MCN")
