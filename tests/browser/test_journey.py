"""The first-run journey in real Chromium at 390×844 in zh-CN, with htmx doing its part."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def test_first_run_to_a_logged_deal(live_server: str, phone: Any) -> None:
    page = phone
    page.goto(live_server + "/")
    assert page.url.endswith("/setup")
    assert page.locator("h1").inner_text() == "欢迎使用合作账本"
    shot(page, "zh-setup")
    page.fill("#username", "xiaomei")
    page.fill("#password", "a long password")
    page.fill("#password_confirm", "a long password")
    page.click("button[type=submit]")
    page.wait_for_url("**/settings?welcome=1")

    page.goto(live_server + "/deals/new")
    page.fill("#title", "冷萃咖啡视频笔记")
    page.fill("#brand_name", "三顿半")
    page.select_option("#status", "contracted")
    page.click("details.more summary")
    page.fill("#agreed_fee", "3,000")
    shot(page, "zh-deal-form")
    page.locator("button:has-text('保存合作')").first.click()
    page.wait_for_url("**/deals/*")
    deal_url = page.url

    deliverables = page.locator("#section-deliverables")
    deliverables.locator("summary").click()
    deliverables.locator("select[name=kind]").select_option("video_note")
    deliverables.locator("details button[type=submit]").click()
    page.locator("#section-deliverables li", has_text="视频笔记").wait_for()

    for activity, minutes in (("shooting", "120"), ("editing", "90")):
        work = page.locator("#section-work")
        work.locator("summary").click()
        work.locator("select[name=activity]").select_option(activity)
        work.locator("input[name=minutes]").fill(minutes)
        work.locator("details button[type=submit]").click()
        expect(page.locator("#section-work .count")).to_have_text(
            "1" if activity == "shooting" else "2"
        )
    assert "2 小时" in page.locator("#section-work").inner_text()

    payments = page.locator("#section-payments")
    payments.locator("summary").click()
    payments.locator("input[name=gross]").fill("3000")
    payments.locator("input[name=platform_fee]").fill("300")
    payments.locator("input[name=tax_withheld]").fill("9999")
    payments.locator("details button[type=submit]").click()
    page.locator("#section-payments .error").wait_for()
    assert "手续费和税费合计不能超过税前金额" in page.locator("#section-payments").inner_text()
    assert page.locator("#section-payments input[name=gross]").input_value() == "3000"
    page.locator("#section-payments input[name=tax_withheld]").fill("440")
    page.locator("#section-payments details button[type=submit]").click()
    page.locator("#section-payments li", has_text="¥2,260.00").wait_for()
    assert page.url == deal_url  # htmx swapped the sections in place
    shot(page, "zh-deal")

    page.click("nav.tabbar >> text=合作")
    page.wait_for_url("**/deals")
    assert "冷萃咖啡视频笔记" in page.locator("#deal-rows").inner_text()
    assert "¥3,000.00" in page.locator("#deal-rows").inner_text()
    shot(page, "zh-deals")


def test_a_dm_lead_from_a_new_brand_in_three_taps(live_server: str, phone: Any) -> None:
    """From home: tap "new deal", type the title and the brand, tap save. No brand page."""
    import time

    page = phone
    page.goto(live_server + "/")
    page.fill("#username", "xiaomei")
    page.fill("#password", "a long password")
    page.fill("#password_confirm", "a long password")
    page.click("button[type=submit]")
    page.wait_for_url("**/settings?welcome=1")
    page.goto(live_server + "/")
    started = time.monotonic()
    taps = 0
    page.click("main a[href='/deals/new']")
    taps += 1
    page.wait_for_url("**/deals/new")
    page.fill("#title", "私信询价：春季新品")
    page.fill("#brand_name", "花西子")
    page.locator("button:has-text('保存合作')").first.click()
    taps += 1
    page.wait_for_url("**/deals/*")
    elapsed = time.monotonic() - started
    assert taps <= 3 and elapsed <= 10, (taps, elapsed)
    text = page.locator("main").inner_text()
    assert "私信询价：春季新品" in text and "花西子" in text
    assert "品牌私信" in text or "线索" in text
