"""What a pattern's matches can start with, and the searches that use it: a guarded pattern
finds exactly what the pattern finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.extract.indicators import load_indicator_lexicon
from laborwatch.extract.money_lexicon import load_money_lexicon
from laborwatch.extract.regex import required_word, searchable, starts_of


@pytest.mark.parametrize(
    ("pattern", "width", "expected"),
    [
        ("cramped", 2, {"cr"}),
        (r"(?<![\w])(?:harsh|horrific)\s+conditions", 2, {"ha", "ho"}),
        (r"(?:1[2-9]|twelve)[- ]hours?", 1, {"1", "t"}),
        (r"(?:1[2-9]|twelve)[- ]hours?", 2, {f"1{d}" for d in "23456789"} | {"tw"}),
        (r"n['’]t\s+allowed", 2, {"n'", "n’"}),
        (r"[^a]bc", 2, None),  # a negated class can start with almost anything
        (r"[\w-]*infested", 2, None),
        (r"(?:seven|7)\s+days", 2, {"se", "7"}),  # each alternative as wide as it can be told
        (r"(?:most|\d+\s*%)\s+of", 4, {"most"} | set("0123456789")),
        (r"ab+c", 4, {"ab"}),  # a repeated element ends what can be told
        (r"(?:the\s+)?state", 1, {"t", "s"}),
        (r"(?:the\s+)?(?:north\s+|nk\s+)?state", 2, {"th", "no", "nk", "st"}),
        (r"(?:a\s+)?state", 2, {"a ", "st"}),  # white space is told as a space
        (r"(?:a\s*)?state", 2, {"a", "st"}),
        (r"(?:the\s+)?", 2, None),  # nothing after the optional group: it can match nothing
        (r"[\w-]*infested", 1, None),
        (r"\b(?:early|late)\b", 1, {"e", "l"}),  # a word boundary is zero-width
        (r"(?<![\w-])\bmid-(?=\d)", 2, {"mi"}),
        (r"(?P<vague>(?!))|(?P<digits>\d+)", 1, set("0123456789")),  # (?!) never matches
        (r"(?i:last|next)\s+week", 1, {"l", "n"}),
        (r",?\s+while|;", 1, {",", " ", ";"}),
        (r",?while", 1, {",", "w"}),  # an optional first element, or what follows it
        (r"[0-3]?\d\s+May", 1, set("0123456789")),
        (r"(?=\d)(?:\d+)", 1, set("0123456789")),
        (r"(?P=name)x", 1, None),  # a back-reference test is no plain group
        (r"\s*or\s+more", 1, {" ", "o"}),
        (r".ab", 1, None),
    ],
)
def test_starts_of(pattern: str, width: int, expected: set[str] | None) -> None:
    found = starts_of(pattern, width)
    assert (set(found) if found is not None else None) == expected


@pytest.mark.parametrize(
    ("pattern", "word"),
    [
        (r"[\w-]*infested", "infested"),
        (r"(?:the\s+)?state", "state"),  # an optional group requires nothing
        (r"(?!never)banned", "banned"),  # a look-ahead requires nothing
        (r"days?\s+off", "off"),  # "days" is optional as written
        (r"(?:seven|7)\s+days", "days"),
        (r"foo|bar", None),
        (r"=", None),
    ],
)
def test_required_word(pattern: str, word: str | None) -> None:
    assert required_word(pattern) == word


GUARD = re.compile(r"^\(\?=\(\?i:\[(?:\\.|[^\]\\])+\]\)\)\(\?:(?P<pattern>.*)\)$", re.DOTALL)


def unguarded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern as written, from one `searchable` compiled."""
    guard = GUARD.match(pattern.pattern)
    return re.compile(guard["pattern"], pattern.flags) if guard else pattern


SAMPLES = [
    r"\b(?:early|late|mid-?)\s+(?P<year>(?:19|20)\d\d)\b",
    r"(?<![\w-])(?:no|little)\s+(?:food|water)(?![\w-])",
    r"(?:the\s+)?(?:north\s+)?state|regime",
    r",?\s+while|;",
    r"(?P<vague>(?!))|(?<![\w.])(?P<digits>\d{1,3}(?:,\d{3})+|\d+)",
    r"(?:workforce|group|batch)\s+of\s*$",
    r"(?i:last|next)\s+(?:week|month)",
]


@pytest.mark.parametrize("pattern", SAMPLES)
def test_searchable_finds_what_the_pattern_finds(pattern: str) -> None:
    text = (
        "In early 2024, the state said 1,200 people, no food; a group of 30 came while mid- "
        "1999 LAST Week and next month NO  FOOD, little\u00a0water, Regime , while"
    )
    plain = re.compile(pattern, re.IGNORECASE)
    guarded = searchable(pattern, re.IGNORECASE)
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert [m.groupdict() for m in guarded.finditer(text)] == [
        m.groupdict() for m in plain.finditer(text)
    ]


def test_searchable_guards_only_what_it_can_tell() -> None:
    assert searchable(r"\bnow\b").pattern != r"\bnow\b"
    assert searchable(r"\s*now").pattern == r"\s*now"  # starts with white space: any of many
    assert searchable(r"a b", re.VERBOSE).pattern == "a b"  # white space is no literal there
    assert searchable(r"(?i)now").pattern == "(?i)now"  # global flags must stay first
    assert searchable(r"now|then").match("then")  # the guard covers every alternative


def _lexicon_patterns() -> list[re.Pattern[str]]:
    indicators, money = load_indicator_lexicon(), load_money_lexicon()
    return [
        indicators.worker.pattern,
        indicators.labour.pattern,
        indicators.pronoun.pattern,
        indicators.other_people.pattern,
        indicators.negation,
        money.once,
        money.worker,
        money.not_period,
        money.period_before,
        money.qualifier_before,
    ]


@pytest.mark.parametrize("pattern", _lexicon_patterns(), ids=lambda p: p.pattern[:30])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_every_match_of_a_lexicon_pattern_passes_its_guard(
    pattern: re.Pattern[str], data: st.DataObject
) -> None:
    """Texts made to match the pattern as written (the lexicons' own, in any white space and
    case) are matched by the guarded pattern, at the same place."""
    plain = unguarded(pattern)
    text = data.draw(st.from_regex(plain, fullmatch=True))
    assert pattern.fullmatch(text)


_INDICATOR_LEXICON = load_indicator_lexicon()


@pytest.mark.parametrize("name", ["worker", "labour", "pronoun", "other_people"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_mention_is_found_past_its_word_test(name: str, data: st.DataObject) -> None:
    """Texts made to match a gate's pattern pass the look for its words before the pattern."""
    mention = getattr(_INDICATOR_LEXICON, name)
    text = data.draw(st.from_regex(unguarded(mention.pattern), fullmatch=False))
    assert mention.found_in(text)
