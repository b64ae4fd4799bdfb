"""Phrase look-ups: the first-word test never hides a match the plain pattern finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.extract.lexicon import (
    Phrases,
    PhraseTable,
    forget_sentences,
    lowered,
    phrase_pattern,
    words_of,
)

CUES = ["were sent", "dispatched", "so-called", "don't", "24-hour", "naïve", "$ sign"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Hundreds Were  Sent to Tomsk.", ["Were  Sent"]),
        ("They were dispatched; the so-called brigades left.", ["dispatched", "so-called"]),
        ("Don't count the 24-hour shifts.", ["Don't", "24-hour"]),
        ("A naïve reading.", ["naïve"]),
        ("The $ sign.", ["$ sign"]),
        ("Nobody was resent or undispatched.", []),  # inside other words: no match
        ("They were sent-off early.", []),  # glued by a hyphen: no match
        ("", []),
    ],
)
def test_phrases_find_what_the_pattern_finds(text: str, found: list[str]) -> None:
    phrases = Phrases(CUES)
    assert [m.group(0) for m in phrases.finditer(text)] == found
    assert (phrases.search(text) is not None) == bool(found)


def test_phrases_know_their_first_words() -> None:
    assert Phrases(["were sent", "dispatched"]).first_words == {"were", "dispatched"}
    assert Phrases(["were sent", "$ sign"]).first_words is None  # a sign: searched everywhere


_WORDS = st.sampled_from(["sent", "were", "send", "so", "called", "a", "Sent", "-", "don't", "4"])
_TEXT = st.lists(
    st.one_of(_WORDS, st.sampled_from([" ", "  ", ", ", "-", ".", "\n"])), max_size=14
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    phrases=st.lists(
        st.lists(_WORDS, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=5
    ),
    text=_TEXT,
    start=st.integers(0, 20),
)
def test_phrases_equal_the_plain_pattern(phrases: list[str], text: str, start: int) -> None:
    plain = re.compile(phrase_pattern(phrases), re.IGNORECASE)
    expected = [m.span() for m in plain.finditer(text, start, len(text))]
    assert [m.span() for m in Phrases(phrases).finditer(text, start)] == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Seven ſent", {"seven", "sent"}),  # the long s reads as "s", as an IGNORECASE regex has it
        ("İstanbul, Dıyarbakır", {"istanbul", "diyarbakir"}),
        ("naïve 24-hour", {"na", "ve", "24", "hour"}),
    ],
)
def test_words_of_reads_letters_as_a_case_insensitive_pattern_does(
    text: str, words: set[str]
) -> None:
    assert words_of(text) == words


@settings(max_examples=300)
@given(st.text(alphabet=st.characters(blacklist_categories=())))
def test_words_of_are_the_ascii_letter_and_digit_runs(text: str) -> None:
    """The byte split finds the runs [a-z0-9]+ finds, lone surrogates and all."""
    forget_sentences()
    assert words_of(text) == frozenset(re.findall(r"[a-z0-9]+", lowered(text)))


@pytest.mark.parametrize("text", ["They were ſent home.", "İn all, WERE SENT.", "x were sent"])
def test_phrases_match_folded_letters_like_the_plain_pattern(text: str) -> None:
    plain = re.compile(phrase_pattern(CUES), re.IGNORECASE)
    assert [m.span() for m in Phrases(CUES).finditer(text)] == [
        m.span() for m in plain.finditer(text)
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("They build roads and later fish.", "construction"),  # the earliest named wins
        ("Fishing crews, then builders.", "fishing"),
        ("Logging camps.", None),
        ("", None),
    ],
)
def test_phrase_table_names_the_key_named_first(text: str, key: str | None) -> None:
    table = PhraseTable(
        {"fishing": ["fish", "fishing crews"], "construction": ["build", "builders"]}
    )
    assert table.first_key(text) == key


def test_sentence_caches_last_one_document() -> None:
    """Kept for the passes over one document only: a corpus that repeats a sentence in another
    document reads it again."""
    words_of("Four hundred loggers were sent to Tynda.")
    assert words_of.cache_info().currsize > 0
    forget_sentences()
    assert words_of.cache_info().currsize == 0
    assert words_of("Four hundred loggers were sent to Tynda.") >= {"loggers", "tynda"}
