"""Text shown as it was read: invisible direction controls made visible.

A message can carry Unicode bidirectional controls (an override, an embedding, an isolate, a
direction mark). A browser obeys them: "\u202e前日01月21\u202c" is displayed as "12月10日前",
while every program (the brief parser among them) reads the characters in their stored order
("Trojan Source"). `<bdi>`, `dir` and `unicode-bidi: plaintext` do not stop an override inside
the text, so the copy that is displayed shows each control as a visible marker instead; the
text that is stored and posted back keeps them as they are."""

from __future__ import annotations

# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM, and the Arabic letter mark.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_MARKERS = {ord(c): f"⟦U+{ord(c):04X}⟧" for c in BIDI_CONTROLS}


def has_controls(text: str) -> bool:
    return any(c in BIDI_CONTROLS for c in text)


def visible_controls(text: str) -> str:
    """The text to display: each direction control replaced by a visible ⟦U+202E⟧."""
    return text.translate(_MARKERS)
