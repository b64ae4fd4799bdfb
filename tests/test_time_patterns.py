"""The time patterns' word groups: a pattern skipped for a sentence lacking its words could not
have matched there."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.extract.lexicon import fold_lookalikes
from laborwatch.extract.time_patterns import PATTERNS, word_groups_in

_WORDY = st.sampled_from(
    ["in ", "May ", "Sept. ", "3, ", "2024 ", "1990s ", "mid-", "late ", "March ", "since ", "to ",
     "last ", "this ", "year ", "months ", "ago ", "two ", "the ", "end ", "of ", "spring ",
     "fall ", "Tuesday ", "2019-2021 ", "Q3 ", "quarter ", "half ", "now", "adays ", "so far ",
     "recent", "ly ", "at ", "time ", "earlier ", "week ", "- ", ", ", "past ", "first ",
     "nine ", "year-end ", "Q4 "]
)  # fmt: skip
# how a case-insensitive regex may find a word written: in any case, with "ı" or "İ" for an "i",
# "ſ" for an "s"
_SPELLINGS = st.sampled_from(
    [
        str.lower,
        str.upper,
        str.title,
        lambda text: text.replace("i", "\u0131"),
        lambda text: text.upper().replace("I", "\u0130"),
        lambda text: text.replace("s", "\u017f"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDY, max_size=12).map("".join), _SPELLINGS)
def test_a_pattern_skipped_for_its_words_cannot_match(
    text: str, spelling: Callable[[str], str]
) -> None:
    text = spelling(text)
    groups = word_groups_in(fold_lookalikes(text))
    for pattern in PATTERNS:
        if not pattern.needs <= groups:
            assert pattern.regex.search(text) is None, pattern.regex.pattern
