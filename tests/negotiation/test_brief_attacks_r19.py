"""Round 19 (after set 18): hostile 20,000-character pastes aimed at the last-resort brand
(fallback_brand), parsed in a child process with a hard timeout.

The fallback runs only when no rule found a brand, so each paste holds no listed or introduced
name. Aimed at: Latin Title-Case runs (FALLBACK_LATIN) by the thousand, each distinct so none is
skipped as already seen, with the word-count, mail-domain/handle and speaker-label checks
(speaks_only) run for each; accents and '&'/'Co.' in runs; timed chat labels
(FALLBACK_LABEL_TIME); persons after greetings (SIGN_OFF_BEFORE, FALLBACK_PERSON_BEFORE);
Chinese names in 【】, hashtags and runs before a category word (FALLBACK_ZH,
CATEGORY_WORD_ZH). With the cap of 400 candidates lifted, the run of 5,000 distinct three-letter
names took 1.81 s in the child against 0.25 s capped: under the 2 s bar, so that variant did not
make this test fail.
"""

from __future__ import annotations

import itertools
import string

from app.negotiation.brief import MAX_CHARS
from tests.negotiation.hostile import chosen, fill, kept, mix, worst_in_child

_LETTERS = string.ascii_letters + "àáâãäåæçèéêëìíîïðñòóôõöøùúûüýþ"
# 5,000 distinct names, one a line: every one is a candidate of its own
_DISTINCT = "\n".join("Q" + a + b for a, b in itertools.product(_LETTERS, repeat=2))[:MAX_CHARS]
_DISTINCT_RUNS = " ".join(
    "Qz" + "".join(p) for p in itertools.product(string.ascii_lowercase, repeat=3)
)[:MAX_CHARS]
_ZH = "一二三四五六七八九十甲乙丙丁"

HOSTILE_R19 = [
    kept(_DISTINCT),
    kept(_DISTINCT_RUNS),
    # Title-Case runs with '&' and 'Co.', accents, greetings and sign-offs before names
    kept(mix("Copper Fern Candles & Moss Co. ", "Élodie Brûlé Sève ", "Hi Sam, Cheers, Olivia ")),
    # chat labels: a speaker by the thousand, and timed labels never closed
    kept(mix("\n[Vivian] hi ", "[Sonisle Ivy 11:20] ", "\n[Sonisle Ivy 11:2")),
    # handles, mail domains and hashtags
    kept(fill("fernly_care a@b.co #FernlyHome ")),
    # Chinese: hashtags before a product word, names in 【】, runs before a category word
    kept(mix("#澜途扫地机器人 ", "【澜途·共创计划】", "，山茶里护肤，", "#懒人清洁 @禾语官方号 ")),
    kept(
        ("".join("【" + a + b + "】" for a, b in itertools.product(_ZH, repeat=2)) * 40)[:MAX_CHARS]
    ),
    fill("【澜途"),
]


def test_adversarial_pastes_for_the_fallback_brand_finish() -> None:
    texts = chosen(HOSTILE_R19)  # one per rule; bench.hostile_pastes parses all
    seconds, head = worst_in_child(texts)
    print(f"worst of {len(texts)} hostile pastes for the fallback brand: {seconds:.3f} s {head!r}")
    assert seconds < 2, (seconds, head)


def test_a_long_run_of_word_characters_is_read_once() -> None:
    """The fallback brand's search for a mail address started again at every character of a
    run of word characters with no @ in it and ran to the run's end each time: quadratic, 0.91 s
    of CPU for 20,000 x's and 1.6 s for 'a1' x 10,000 (most of the worst hostile pastes' time).
    Read from the run's start only, they take about 0.1 and 0.5 s."""
    seconds, head = worst_in_child(["x" * MAX_CHARS, "元" * MAX_CHARS])
    print(f"worst of two 20,000-character runs: {seconds:.3f} s {head!r}")
    assert seconds < 0.5, (seconds, head)


def test_many_names_beside_many_handles_are_not_quadratic() -> None:
    """Each of up to 400 candidate names cleaned the whole run of hashtags and handles again
    (found by the last attack review): 400 names and '#_' to the limit took 0.55-0.61 s of CPU,
    tripling when the length doubled. Cleaned once, it takes about 0.2 s."""
    stems = itertools.islice(itertools.product(string.ascii_lowercase[1:], repeat=3), 400)
    names = ",".join("K" + "".join(stem) for stem in stems) + ","
    seconds, head = worst_in_child([(names + "#_" * MAX_CHARS)[:MAX_CHARS]])
    print(f"400 names beside handles: {seconds:.3f} s")
    assert seconds < 0.4, (seconds, head)
