"""Every page of a demo ledger at 320, 360 and 390 px: no sideways scroll, tap targets ≥ 44 px,
figures on one line, words whole.

The everyday suite checks the two ends, 320 and 390 px (a page too wide for a phone is too wide
at 320 first; a media query that shrinks taps at the wider end shows at 390); `python -m
bench.widths` (called by .ci/run) checks all three, KOCLEDGER_WIDTHS=all.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest

from app.demo import DEMO_PASSWORD
from app.ledger.pages import PART_PAGE_SIZE
from tests.browser.conftest import BROKEN_FIGURES, BROKEN_WORDS, demo_serving
from tests.conftest import CSRF, Databases
from tests.html import hrefs, parse

pytestmark = pytest.mark.browser

# Pages reached only by a form post, or that download a file rather than show a page.
SKIP = re.compile(r"(/export|\.(csv|xlsx|json|zip)(\?|$)|/backup|/logout|/download)")
MAX_PAGES = 60
ALL_WIDTHS = (320, 360, 390)
# Each width is a relayout and an evaluate per page, about a third of the test's time.
WIDTHS = ALL_WIDTHS if os.environ.get("KOCLEDGER_WIDTHS") == "all" else (320, 390)

# One call per page and width (each evaluate is a round trip to Chromium): what is wider than
# the viewport (unless a scrolling or clipping parent holds it), and tap targets under 44 px.
LAYOUT = """() => {
  const w = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= w + 0.5) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return false;
    }
    return true;
  }).slice(0, 3).map(el => el.tagName + '#' + el.id + '.' + el.className + ' ' +
                        Math.round(el.getBoundingClientRect().right));
  const small = [...document.querySelectorAll(
      'main a.button, main button, main select, main textarea,' +
      'main input:not([type=hidden]):not([type=checkbox]):not([type=radio]),' +
      'nav.tabbar a, main summary.button')]
    .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 &&
                    getComputedStyle(el).visibility !== 'hidden' && r.height < 43.5; })
    .slice(0, 3).map(el => el.tagName + ' ' +
                     (el.textContent || el.name || '').trim().slice(0, 30) + ' ' +
                     Math.round(el.getBoundingClientRect().height));
  return {scroll: document.documentElement.scrollWidth, inner: w, wide, small};
}"""


def _pattern(path: str) -> str:
    return re.sub(r"/\d+", "/N", path)


@pytest.fixture(scope="module")
def demo_site(databases: Databases, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo ledger served once for both languages (read only, but for one deal's work
    entries: _a_long_deal)."""
    with demo_serving(databases, tmp_path_factory.mktemp("widths"), deals=40, seed=5) as url:
        yield url


def _signed_in(browser: Any, base: str, locale: str) -> Any:
    """A context signed in as the demo account, in `locale`, and its page."""
    context = browser.new_context(
        viewport={"width": WIDTHS[-1], "height": 760},
        locale=locale,
        extra_http_headers={"Accept-Language": locale},
    )
    page = context.new_page()
    page.goto(base + "/login")
    page.fill("#username", "demo")
    page.fill("#password", DEMO_PASSWORD)
    page.click("form.stack button[type=submit]")
    page.wait_for_url(base + "/")
    # The account's language is kept on the server: set it each time, whichever test ran first.
    page.click(f"form.lang button[value={locale}]")
    page.wait_for_load_state()
    return page


def _a_long_deal(client: httpx.Client) -> str:
    """A deal given more work entries than its section shows and than a page of its full list
    holds, so the crawl meets the "Show all" link, the full list and its pager (the only
    writes to the demo site)."""
    deal = re.search(r'href="(/deals/\d+)"', client.get("/deals").text)
    assert deal is not None
    token = CSRF.search(client.get(deal.group(1)).text)
    assert token is not None
    for day in range(PART_PAGE_SIZE + 1):
        logged = client.post(
            deal.group(1) + "/parts/work",
            data={
                "csrf_token": token.group(1),
                "activity": "editing",
                "minutes": "15",
                "worked_on": f"2026-01-{day % 28 + 1:02d}",
            },
        )
        assert logged.status_code == 303, logged.text
    return deal.group(1)


@pytest.fixture(scope="module")
def site_paths(demo_site: str) -> list[str]:
    """Every distinct page reachable by a link from home (one per URL shape), in order. Walked
    over plain HTTP: every page is reachable without JavaScript, and loading each in Chromium
    only to read its links doubled the test's time."""
    with httpx.Client(base_url=demo_site, timeout=30) as client:
        token = CSRF.search(client.get("/login").text)
        assert token is not None
        signed = client.post(
            "/login",
            data={"username": "demo", "password": DEMO_PASSWORD, "csrf_token": token.group(1)},
        )
        assert signed.status_code == 303, signed.text
        long_deal = _a_long_deal(client)
        seen: dict[str, str] = {}
        queue = [
            long_deal,
            "/",
            "/deals/new",
            "/work/new",
            "/payments/new",
            "/offers/new",
            "/settings",
        ]
        while queue and len(seen) < MAX_PAGES:
            path = queue.pop(0)
            if _pattern(path.split("?")[0]) in seen or SKIP.search(path):
                continue
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response.headers.get(
                "content-type", ""
            ):
                continue
            seen[_pattern(path.split("?")[0])] = path
            for href in hrefs(parse(response)):
                parts = urlsplit(urljoin(demo_site + path, href))
                if demo_site.endswith(parts.netloc) and parts.path.startswith("/"):
                    target = parts.path + (("?" + parts.query) if parts.query else "")
                    if _pattern(parts.path) not in seen and not SKIP.search(target):
                        queue.append(target)
    # The long deal's "Show all" link led to its full list (a page of it, with the pager).
    assert _pattern(long_deal + "/parts/work") in seen, sorted(seen)
    return list(seen.values())


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_no_sideways_scroll_and_big_taps_on_every_page(
    demo_site: str, site_paths: list[str], browser: Any, locale: str
) -> None:
    base, paths = demo_site, site_paths
    problems: list[str] = []
    page = _signed_in(browser, base, locale)
    for path in paths:
        page.goto(base + path)
        # Each width on the same loaded page: the viewport changes and the page lays itself
        # out again (media queries included), as it would loaded at that width.
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 760})
            result = page.evaluate(LAYOUT)
            if result["scroll"] > result["inner"]:
                problems.append(
                    f"{width}px {path}: scrollWidth {result['scroll']} {result['wide']}"
                )
            if result["small"]:
                problems.append(f"{width}px {path}: small tap targets {result['small']}")
            broken = page.evaluate(BROKEN_FIGURES)
            if broken:
                problems.append(f"{width}px {path}: figures broken over lines {broken}")
            broken = page.evaluate(BROKEN_WORDS)
            if broken:
                problems.append(f"{width}px {path}: words broken inside {broken}")
    page.context.close()
    assert len(paths) >= 15, paths
    assert problems == [], "\n".join(problems)
