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
from tests.negotiation.hostile import chosen, fill, kept, mix, seconds_in_child, worst_in_child

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
    (found by the last attack review): 400 names and '#_' to the limit took 0.55-0.61 s of CPU
    on a quiet machine, tripling when the length doubled; cleaned once, about 0.2 s. Timed
    against the same handles beside as many characters that are no names, in the same child:
    1.3-2.1 times as long once cleaned, 3.5-5.6 times with a cleaning per name (bb80ea7, load
    about 2: an absolute bar of 0.4 s failed the fixed code there too)."""
    stems = itertools.islice(itertools.product(string.ascii_lowercase[1:], repeat=3), 400)
    names = ",".join("K" + "".join(stem) for stem in stems) + ","
    plain = "x," * (len(names) // 2)
    seconds, alone = seconds_in_child(
        [(names + "#_" * MAX_CHARS)[:MAX_CHARS], (plain + "#_" * MAX_CHARS)[:MAX_CHARS]]
    )
    print(f"400 names beside handles: {seconds:.3f} s, handles alone {alone:.3f} s")
    assert seconds < 3 * alone, (seconds, alone)
