"""Paste a brand's message on a 390 px phone: home → read it → save as a deal, three taps."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import BROKEN_FIGURES, shot

pytestmark = pytest.mark.browser

MESSAGE = (
    "【蒲公英合作邀约】\n您好～我们是「花西子」品牌方，想邀请您合作2篇图文笔记🌸\n"
    "报价：每篇800元\n可修改1次\n发布后30天内结款\n竞品排他15天\n请于12月10日前发布"
)


def test_paste_to_a_saved_deal_in_three_taps(live_server: str, phone: Any) -> None:
    page = phone
    page.goto(live_server + "/")
    page.fill("#username", "xiaomei")
    page.fill("#password", "a long password")
    page.fill("#password_confirm", "a long password")
    page.click("button[type=submit]")
    page.wait_for_url("**/settings?welcome=1")
    page.goto(live_server + "/")

    page.click("a[href='/offers/paste']")  # tap 1
    page.wait_for_url("**/offers/paste")
    page.fill("#brief_text", MESSAGE)
    page.click("button:has-text('读取')")  # tap 2
    page.wait_for_selector("#from-message mark")
    assert page.input_value("#fee") == "1600.00"
    assert page.input_value("#brand_name") == "花西子"
    assert page.locator("#drafts textarea").count() == 2  # the counter-offer drafts
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    assert page.evaluate(BROKEN_FIGURES) == []  # every amount on one line
    shot(page, "zh-paste-checked")
    page.click("#save button[type=submit]")  # tap 3
    page.wait_for_url("**/deals/*")
    assert "花西子" in page.locator("body").inner_text()
    page.click("#brief summary")
    assert "每篇800元" in page.locator("#brief").inner_text()
    shot(page, "zh-paste-deal")
