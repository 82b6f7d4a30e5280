"""A brand's message full of markup, pasted on the phone: shown, marked and saved, never run."""

from __future__ import annotations

from typing import Any

import pytest

from app.web.visible import visible_controls
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser

# Every payload sits where the parser reads a field from (brand in 「」, fee, due date, revisions,
# agency cut), so each one ends up inside a <mark>, in the form's values, in the drafts'
# <textarea>, in the hidden brief_text and on the deal page. The fee span and the unit price
# overlap; \u202e (right-to-left override) sits inside the date.
MESSAGE = (
    '我们是「"><img src=x onerror=window.__xss=1>」，视频1条，每条'
    "<script>window.__xss=1</script>800元 {{7*7}} javascript:window.__xss=1 "
    "\u202e12月10日前发布\u202c，可修改1次</textarea><iframe src=javascript:window.__xss=1>"
    '\n\'><svg onload=window.__xss=1> 机构抽成10% " autofocus onfocus="window.__xss=1'
)
HOSTILE = "main script, main img[src=x], main iframe, main [onerror], main [onload], main [onfocus]"


def _nothing_ran(page: Any, where: str) -> None:
    assert page.evaluate("window.__xss === undefined"), where
    assert page.locator(HOSTILE).count() == 0, where
    assert page.locator("a[href^='javascript:']").count() == 0, where


def test_pasted_markup_is_shown_not_run(live_server: str, phone: Any) -> None:
    page = phone
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(live_server + "/")
    page.fill("#username", "xiaomei")
    page.fill("#password", "a long password")
    page.fill("#password_confirm", "a long password")
    page.click("button[type=submit]")
    page.wait_for_url("**/settings?welcome=1")
    page.goto(live_server + "/offers/paste")
    page.fill("#brief_text", MESSAGE)
    page.click("#paste button[type=submit]")
    page.wait_for_selector("#from-message mark")
    _nothing_ran(page, "read")
    source = page.locator("#from-message .brief-source")
    marks = source.locator("mark")
    # the message comes back as text, every character of it, marks and all; the direction
    # control is shown as a visible marker, not obeyed (review 13)
    shown = source.evaluate(
        "el => [...el.childNodes].map(n => n.nodeType === 3 ? n.textContent :"
        " n.firstChild.textContent).join('')"
    )
    assert shown == visible_controls(MESSAGE) and "⟦U+202E⟧" in shown
    assert marks.count() >= 3
    assert page.input_value("#brand_name") == '"><img src=x onerror=window.__xss=1>'
    assert page.input_value("input[name=brief_text]") == MESSAGE
    assert page.locator("#drafts textarea").count() == 2
    shot(page, "zh-paste-xss-read")
    page.click("button:has-text('算一算')")  # check again: the hidden fields ride along
    page.wait_for_selector("#save")
    _nothing_ran(page, "checked again")
    assert page.input_value("input[name=brief_text]") == MESSAGE
    page.click("#save button[type=submit]")
    page.wait_for_url("**/deals/*")
    _nothing_ran(page, "deal")
    page.click("#brief summary")
    assert page.locator("#brief pre").inner_text() == visible_controls(MESSAGE)
    # the edit form holds the message as it is stored, as text
    deal_url = page.url
    page.goto(deal_url + "/edit")
    _nothing_ran(page, "edit")
    assert page.input_value("#brief_text") == MESSAGE
    # saved as a browser posts it (CR LF line breaks), with the agreed fee typed: kept exactly
    page.fill("#agreed_fee", "1800")
    page.locator("details.more button[type=submit]").click()
    page.wait_for_url(deal_url)
    _nothing_ran(page, "edited")
    page.click("#brief summary")
    assert page.locator("#brief pre").inner_text() == visible_controls(MESSAGE)
    for path in ("/", "/deals", "/brands", "/agencies"):
        page.goto(live_server + path)
        _nothing_ran(page, path)
    shot(page, "zh-paste-xss-deal")
    assert dialogs == []
