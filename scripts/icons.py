"""Draw the app's PNG icons (the same page-of-a-ledger mark as static/icon.svg) with Pillow.

.venv/bin/python scripts/icons.py      # writes static/icons/*.png; commit them
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

RED = (198, 47, 54, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"


def draw(size: int, *, rounded: bool, safe: float) -> Image.Image:
    """The mark on a red tile; `safe` is the share of the tile the mark may use (maskable: 0.8)."""
    scale = 4  # draw big, then shrink: smooth edges
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if rounded:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 14 // 64, fill=RED)
    else:
        pen.rectangle((0, 0, big, big), fill=RED)
    unit = big * safe / 64  # the SVG's 64-unit grid, centred in the safe zone
    off = (big - 64 * unit) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return off + x * unit, off + y * unit

    pen.rectangle((*at(18, 16), *at(46, 48)), fill=WHITE)
    width = round(3 * unit)
    for y, end in ((24, 41), (31, 41), (38, 34)):
        pen.line((*at(23, y), *at(end, y)), fill=RED, width=width)
        for x in (23, end):
            cx, cy = at(x, y)
            pen.ellipse((cx - width / 2, cy - width / 2, cx + width / 2, cy + width / 2), fill=RED)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, rounded=True, safe=1.0).save(OUT / "icon-192.png", optimize=True)
    draw(512, rounded=True, safe=1.0).save(OUT / "icon-512.png", optimize=True)
    draw(512, rounded=False, safe=0.8).save(OUT / "maskable-512.png", optimize=True)
    draw(180, rounded=False, safe=0.9).convert("RGB").save(
        OUT / "apple-touch-icon.png", optimize=True
    )


if __name__ == "__main__":
    main()
