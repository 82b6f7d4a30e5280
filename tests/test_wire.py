"""On the wire: compressed pages with a CSRF token masked afresh each time (BREACH), static
files fingerprinted and kept a year, the service worker and the offline page."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from app.web import assets
from app.web.core import mask_token, unmask_token
from tests.conftest import CSRF, csrf_of, sign_in

GZIP = {"Accept-Encoding": "gzip"}


def test_pages_are_compressed_and_the_token_differs_every_time(
    client: TestClient, user: Any
) -> None:
    sign_in(client)
    first = client.get("/", headers=GZIP)
    second = client.get("/", headers=GZIP)
    assert first.headers["content-encoding"] == "gzip"
    assert int(first.headers["content-length"]) < len(first.text) / 2
    one = CSRF.search(first.text)
    two = CSRF.search(second.text)
    assert one and two and one.group(1) != two.group(1)
    assert unmask_token(one.group(1)) == unmask_token(two.group(1)) is not None
    # Both masked forms work; the bare secret, a tampered one and garbage do not.
    secret = unmask_token(one.group(1))
    assert secret is not None
    for token, ok in (
        (one.group(1), True),
        (two.group(1), True),
        (secret, False),
        (one.group(1)[:-4] + "AAAA", False),
        ("%%%", False),
        ("", False),
        ("A" * 300, False),
    ):
        response = client.post("/lang", data={"csrf_token": token, "locale": "en", "next": "/"})
        assert (response.status_code == 303) is ok, (token, response.status_code)


def test_mask_round_trip() -> None:
    for secret in ("abc", "x" * 43):
        masked = {mask_token(secret) for _ in range(20)}
        assert len(masked) == 20
        assert {unmask_token(m) for m in masked} == {secret}


def test_static_files_are_fingerprinted_and_immutable(client: TestClient, user: Any) -> None:
    sign_in(client)
    page = client.get("/").text
    links = re.findall(r'(?:href|src)="(/static/[^"]+\?v=[0-9a-f]{12})"', page)
    assert {link.split("?")[0] for link in links} >= {
        "/static/app.css",
        "/static/app.js",
        "/static/vendor/htmx-2.0.11.min.js",
    }
    for link in links:
        response = client.get(link, headers=GZIP)
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    script = client.get(assets.static_url("vendor/htmx-2.0.11.min.js"), headers=GZIP)
    assert script.headers["content-encoding"] == "gzip"
    assert int(script.headers["content-length"]) < 25_000
    # A stale or missing hash is not kept a year; nor is a path outside static/.
    stale = client.get("/static/app.css?v=000000000000")
    assert stale.headers["cache-control"] == "no-cache"
    assert client.get("/static/app.css").headers["cache-control"] == "no-cache"
    assert client.get("/static/../app/main.py?v=000000000000").status_code == 404


def test_service_worker_and_offline_page(client: TestClient) -> None:
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["cache-control"] == "no-cache"
    assert assets.static_url("app.js") in worker.text and "/offline/zh-CN" in worker.text
    zh = client.get("/offline/zh-CN")
    en = client.get("/offline/en")
    assert zh.status_code == en.status_code == 200
    assert 'lang="zh-Hans"' in zh.text and "没有网络" in zh.text
    assert 'lang="en"' in en.text and "No connection" in en.text
    for page in (zh, en):
        assert 'name="csrf_token"' not in page.text and "X-CSRF-Token" not in page.text
    assert client.get("/offline/xx").status_code == 200
    manifest = client.get("/static/manifest.webmanifest").json()
    sizes = {(i["sizes"], i.get("purpose", "any")) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    assert manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_csrf_token_endpoint(client: TestClient, user: Any) -> None:
    assert client.get("/csrf-token").status_code == 403
    sign_in(client)
    token = client.get("/csrf-token").json()["token"]
    assert client.post("/lang", data={"csrf_token": token, "locale": "en"}).status_code == 303


def test_pages_with_a_lasting_secret_are_not_compressed(client: TestClient, user: Any) -> None:
    sign_in(client)
    token = csrf_of(client, "/settings")
    # The calendar address is shown once, on the answer to making it (only its hash is kept).
    page = client.post(
        "/settings/calendar?imported=chosen-text",
        data={"csrf_token": token, "action": "renew"},
        headers=GZIP,
    )
    assert "/calendar/" in page.text
    assert page.headers.get("content-encoding") in (None, "identity")
    assert client.get("/deals", headers=GZIP).headers["content-encoding"] == "gzip"
