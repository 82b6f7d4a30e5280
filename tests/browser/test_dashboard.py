"""The dashboard and a deal page on demo data, at phone width, in both languages."""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import Session

from app import clock
from app.db import make_engine
from app.demo import DEMO_PASSWORD, fill_demo
from app.settings import Settings
from tests.browser.conftest import shot

pytestmark = pytest.mark.browser


def _sign_in(page: Any, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#username", "demo")
    page.fill("#password", DEMO_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(base + "/")


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_dashboard_reads_at_phone_width(
    live_server: str, phone: Any, locale: str, live_settings: Settings
) -> None:
    engine = make_engine(live_settings)
    with Session(engine) as db:
        fill_demo(db, username="demo", deals=120, seed=11, now=clock.utcnow())
    engine.dispose()
    page = phone
    _sign_in(page, live_server)
    if locale == "en":
        page.click("form.lang button[value=en]")
    page.goto(live_server + "/dashboard?period=12m")
    heading = "What you really earn" if locale == "en" else "你真正赚了多少"
    assert page.locator("h1").inner_text() == heading
    assert page.locator("svg.chart").count() >= 3
    shot(page, f"{locale}-dashboard")
    page.goto(live_server + "/deals?status=paid")
    page.locator("#deal-rows a.row").first.click()
    page.locator("#economics").wait_for()
    shot(page, f"{locale}-deal-economics")
    page.goto(live_server + "/")
    shot(page, f"{locale}-home")
