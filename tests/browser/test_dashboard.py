"""The dashboard and a deal page on demo data, at phone width, in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.demo import DEMO_PASSWORD
from tests.browser.conftest import demo_serving, shot
from tests.conftest import Databases

pytestmark = pytest.mark.browser


def _sign_in(page: Any, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#username", "demo")
    page.fill("#password", DEMO_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(base + "/")


@pytest.fixture(scope="module")
def demo_site(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One demo ledger for both languages: the test only reads it."""
    with demo_serving(databases, tmp_path_factory.mktemp("dash"), deals=120, seed=11) as url:
        yield url


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_dashboard_reads_at_phone_width(demo_site: str, phone: Any, locale: str) -> None:
    live_server = demo_site
    page = phone
    _sign_in(page, live_server)
    # The language is kept on the account: chosen each time, whichever test ran first.
    page.click(f"form.lang button[value={locale}]")
    page.wait_for_load_state()
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
