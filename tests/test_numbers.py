"""Counts and their qualifiers, on sentences of our own wording."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborwatch.extract.lexicon import load_deployment_lexicon
from laborwatch.extract.numbers import CountParser
from laborwatch.model import Qualifier

PARSER = CountParser(load_deployment_lexicon())

CASES = [
    ("Some 700 labourers arrived.", 700, 700, "about"),
    ("about 500 workers", 500, 500, "about"),
    ("roughly 1,200 builders", 1200, 1200, "about"),
    ("an estimated 3,000 loggers", 3000, 3000, "about"),
    ("up to 10,000 workers", None, 10000, "at_most"),
    ("as many as 15,000 people", None, 15000, "at_most"),
    ("fewer than 80 women", None, 80, "at_most"),
    ("less than 100 went north", None, 100, "at_most"),
    ("at least 600 men", 600, None, "at_least"),
    ("more than 2,500 workers", 2500, None, "at_least"),
    ("over 10,000 labourers", 10000, None, "at_least"),
    ("upwards of 4,000 workers", 4000, None, "at_least"),
    # the longer qualifier wins over the one inside it
    ("no fewer than 1,000 workers", 1000, None, "at_least"),
    ("no less than 800 men", 800, None, "at_least"),
    ("not more than 300 workers", None, 300, "at_most"),
    ("1,500 or more workers", 1500, None, "at_least"),
    ("between 2,000 and 3,000 workers", 2000, 3000, "range"),
    ("3,000-4,000 workers", 3000, 4000, "range"),
    ("from 400 to 600 sappers", 400, 600, "range"),
    ("3 to 5 thousand workers", 3000, 5000, "range"),
    ("several thousand to 10,000 people", 3000, 10000, "range"),
    ("dozens of cooks", 24, 99, "vague"),
    ("hundreds of nurses", 200, 999, "vague"),
    ("several hundred loggers", 300, 999, "vague"),
    ("thousands of builders", 2000, 9999, "vague"),
    ("several thousand workers", 3000, 9999, "vague"),
    ("tens of thousands of labourers", 20000, 99999, "vague"),
    ("five hundred workers", 500, 500, "exact"),
    ("around two dozen workers", 24, 24, "about"),
    ("some 15 000 workers", 15000, 15000, "about"),
    ("some 15\u00a0000 workers", 15000, 15000, "about"),
    ("in 2024 500 workers", 500, 500, "exact"),
    ("two thousand three hundred people", 2300, 2300, "exact"),
    ("a thousand workers", 1000, 1000, "exact"),
    ("twenty-five welders", 25, 25, "exact"),
    ("1.5 million people", 1_500_000, 1_500_000, "exact"),
    ("12k workers", 12000, 12000, "exact"),
    ("a couple of thousand labourers", 2000, 2000, "exact"),
    ("a couple hundred cooks", 200, 200, "exact"),
    ("half a million people", 500000, 500000, "exact"),
    ("half a dozen welders", 6, 6, "exact"),
    # a bound after the number is firmer than an approximation before it
    ("an estimated 2,500-plus loggers", 2500, None, "at_least"),
    ("roughly 800 or more welders", 800, None, "at_least"),
    ("about 300 or so nurses", 300, 300, "about"),
    # letters a case-insensitive pattern reads as ASCII ones are read so in the value too
    ("ſeven hundred workers", 700, 700, "exact"),
    ("Several thouſand workers", 3000, 9999, "vague"),
]


@pytest.mark.parametrize(("text", "low", "high", "qualifier"), CASES)
def test_count_bounds_and_qualifier(
    text: str, low: int | None, high: int | None, qualifier: str
) -> None:
    counts = PARSER.find(text)
    assert counts, text
    first = counts[0]
    assert (first.low, first.high, first.qualifier.value) == (low, high, qualifier)


NOT_COUNTS = [
    "In 2024 the programme grew.",
    "It cost $800 a month.",
    "One of them spoke.",
    "They left in 2019 and returned in 2023.",
    "The price was €300.",
    "No number here at all.",
    "A few of them, many of the others.",  # words of vague phrases, but no phrase
]


@pytest.mark.parametrize("text", NOT_COUNTS)
def test_no_count(text: str) -> None:
    assert PARSER.find(text) == []


def test_two_counts_in_one_clause() -> None:
    counts = PARSER.find("2,000 builders and 300 sappers left")
    assert [(c.low, c.high) for c in counts] == [(2000, 2000), (300, 300)]


@pytest.mark.parametrize(
    "text", ["The crews grew from 300 to 1,200.", "Their number fell from about 900 to 400."]
)
def test_a_change_from_one_count_to_another_is_no_range(text: str) -> None:
    assert [c.qualifier for c in PARSER.find(text)] != [Qualifier.RANGE]
    assert len(PARSER.find(text)) == 2


@given(st.text(max_size=300), st.integers(min_value=0, max_value=10_000))
def test_spans_slice_to_text(text: str, offset: int) -> None:
    for count in PARSER.find(text, offset):
        assert text[count.span.start - offset : count.span.end - offset] == count.text
        if count.low is not None and count.high is not None:
            assert count.low <= count.high
