"""Screenshots of the main pages at 390 px in both languages for the README (docs/screenshots/),
from a local demo instance on 127.0.0.1, through Debian's Chromium; palette PNGs, kept small.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: bench/ is beside it, not installed

from bench.live import chromium, demo_instance  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PAGES = {
    "home": "/",
    "deals": "/deals",
    "deal": "/deals/{deal}",
    "new-deal": "/deals/new",
    "log-work": "/work/new",
    "dashboard": "/dashboard",
    "remind": "/deals/{late}/remind",
}


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    with demo_instance(deals=80) as demo, chromium() as browser:
        client, base, cookie = demo.client, demo.base, demo.cookie
        deals = re.findall(r'href="/deals/(\d+)"', client.get("/deals?status=paid").text)
        late = ""
        for status in ("delivered", "disputed"):
            for candidate in re.findall(
                r'href="/deals/(\d+)"', client.get(f"/deals?status={status}").text
            ):
                if f"/deals/{candidate}/remind" in client.get(f"/deals/{candidate}").text:
                    late = candidate
                    break
            if late:
                break
        for lang in ("zh-CN", "en"):
            demo.language(lang)
            for scheme, names in (("light", list(PAGES)), ("dark", ["home", "deal"])):
                context = browser.new_context(
                    viewport={"width": 390, "height": 844},
                    device_scale_factor=1,
                    color_scheme=scheme,
                )
                context.add_cookies([{"name": "koc_session", "value": cookie, "url": base}])
                page = context.new_page()
                for name in names:
                    path = PAGES[name]
                    if "{late}" in path and not late:
                        continue
                    page.goto(base + path.replace("{deal}", deals[0]).replace("{late}", late))
                    page.wait_for_timeout(300)
                    png = page.screenshot(full_page=False)
                    image = Image.open(io.BytesIO(png)).convert("RGB")
                    image = image.quantize(colors=96, method=Image.Quantize.MEDIANCUT)
                    suffix = "" if scheme == "light" else "-dark"
                    image.save(OUT / f"{lang}-{name}{suffix}.png", optimize=True)
                context.close()
    for file in sorted(OUT.glob("*.png")):
        print(f"{file.name:28} {file.stat().st_size / 1024:6.1f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
