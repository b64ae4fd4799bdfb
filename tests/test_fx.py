"""Exchange rates stated in text, on sentences of our own wording."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.extract.fx import as_of_date, find_rates
from laborwatch.extract.money_lexicon import load_money_lexicon

LEXICON = load_money_lexicon()

RATES = [
    ("As of June 9, RUB 100 equalled USD 1.10.", "RUB", "USD", 0.011, "2024-06-09"),
    ("On that day one US dollar bought 91 roubles.", "USD", "RUB", 91, None),
    ("Pay was converted at an exchange rate of 90 rubles to the dollar.", "USD", "RUB", 90, None),
    ("On the street, 1 USD = 92.5 RUB.", "USD", "RUB", 92.5, None),
    ("In April the rouble traded at 95 per dollar.", "USD", "RUB", 95, "2024-04"),
    ("A dollar fetched about 8,000 won in March 2023.", "USD", "KPW", 8000, "2023-03"),
    ("The market rate stood at 8,200 North Korean won per US dollar.", "USD", "KPW", 8200, None),
    ("The yuan was worth 1,150 won at the time.", "CNY", "KPW", 1150, None),
    ("USD/RUB 91.2 was the closing rate.", "USD", "RUB", 91.2, None),
    ("The exchange rate was 1 dollar to 88 rubles.", "USD", "RUB", 88, None),
    ("One euro equals 100 rubles.", "EUR", "RUB", 100, None),
    ("At the time, one US dollar bought about 90 Russian rubles.", "USD", "RUB", 90, None),
    ("The dollar traded at 101 rubles on Friday.", "USD", "RUB", 101, None),
    ("In May the dollar hit 110 roubles.", "USD", "RUB", 110, "2024-05"),
    ("The rouble slid 3 percent to 95 per dollar.", "USD", "RUB", 95, None),
    ("The won has fallen to 35,000 per dollar.", "USD", "KPW", 35000, None),
    ("The rouble has risen to 80 to the dollar.", "USD", "RUB", 80, None),
    ("A dollar is now worth more than 100 rubles.", "USD", "RUB", 100, None),
    # a hyphenated pair: the weaker currency per one of the stronger
    ("The won-dollar exchange rate ended the day at 1,371.2.", "USD", "KRW", 1371.2, None),
    ("The rouble-dollar rate was about 94 at the time.", "USD", "RUB", 94, None),
    ("By then the dollar-rouble rate had climbed to 102.", "USD", "RUB", 102, None),
    ("The euro-dollar rate finished at 1.09.", "EUR", "USD", 1.09, None),
    ("The won-dollar rate on the Sinuiju market reached 17,500.", "USD", "KPW", 17500, None),
    # a code pair with a verb, and "the dollar exchange rate in X"
    ("EUR/RUB closed at 99.7 after the announcement.", "EUR", "RUB", 99.7, None),
    ("The dollar exchange rate in Hyesan rose to 9,100 won.", "USD", "KPW", 9100, None),
    # bare won within the South Korean band is the South Korean won
    ("A dollar bought 1,320 won at Seoul banks.", "USD", "KRW", 1320, None),
    ("The won firmed to 1,298 per dollar in Seoul trading.", "USD", "KRW", 1298, None),
    ("One dollar fetched 1,320 North Korean won back then.", "USD", "KPW", 1320, None),
    # "costs", and four words between the rate and its verb
    ("In Hyesan a dollar now costs 23,000 won.", "USD", "KPW", 23000, None),
    (
        "The dollar exchange rate in North Korean markets reached 16,000 won.",
        "USD",
        "KPW",
        16000,
        None,
    ),
]


@pytest.mark.parametrize(("text", "base", "quote", "rate", "as_of"), RATES)
def test_find_rates(text: str, base: str, quote: str, rate: float, as_of: str | None) -> None:
    [(fx, span)] = find_rates(text, 0, "2024-06-20", LEXICON)
    assert (fx.base, fx.quote_currency, fx.as_of) == (base, quote, as_of)
    assert fx.rate == pytest.approx(rate)
    assert span.slice(text)


NOT_RATES = [
    "Workers earn 10,000 rubles ($160) monthly.",
    "They were paid $300 to $500 a month.",
    "The men receive 50,000 rubles, or about $550, a month.",
    "The trade volume rose to $2 billion.",
    "About 5,000 workers went to Russia per year.",
    "Bribes ranged from $1 to $2 thousand.",
    "The exchange rate has become a worry for traders.",
    "Converted 100 dollars to rubles at the airport.",
    "The rouble fell to 95 last week.",
    "The won has fallen to its lowest level in years.",
    "The won-dollar rate rose 11.3 won in a day.",
    "The rouble-dollar rate dropped 4 percent.",
    "USD/KRW climbed 2% this month.",
    "The visa costs 5,000 rubles.",
    "A ticket costs $300, about 27,000 rubles.",
]


@pytest.mark.parametrize("text", NOT_RATES)
def test_not_rates(text: str) -> None:
    assert find_rates(text, 0, "2024-06-20", LEXICON) == []


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("As of May 3, the rate was high.", "2024-06-01", "2024-05-03"),
        ("As of 3 May, the rate was high.", "2024-06-01", "2024-05-03"),
        ("As of December 5, the rate was high.", "2025-01-10", "2024-12-05"),
        ("As of May 3, 2022, the rate was high.", None, "2022-05-03"),
        ("As of May 3, the rate was high.", None, None),
        ("The rate was high.", "2024-06-01", None),
    ],
)
def test_as_of_date(text: str, published: str | None, expected: str | None) -> None:
    assert as_of_date(text, published) == expected


def test_offset_makes_spans_absolute() -> None:
    prefix = "Earlier text. "
    text = "1 USD = 92.5 RUB."
    [(_, span)] = find_rates(text, len(prefix), None, LEXICON)
    assert (prefix + text)[span.start : span.end] == "1 USD = 92.5 RUB"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789$=/,. USDRBKPWEaonethrublesdolarpr"))))
def test_rates_never_crash_and_spans_slice(text: str) -> None:
    for fx, span in find_rates(text, 3, "2024", LEXICON):
        assert ("abc" + text)[span.start : span.end]
        assert fx.rate > 0
        assert fx.base != fx.quote_currency


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_rates_on_any_text(text: str) -> None:
    for _, span in find_rates(text, 0, None, LEXICON):
        assert 0 <= span.start < span.end <= len(text)


def test_a_rate_said_twice_in_a_sentence_is_one_rate() -> None:
    text = "At 8,000 won per dollar, a monthly share of $100 is worth 800,000 won."
    assert [fx.rate for fx, _ in find_rates(text, 0, "2024-05", LEXICON)] == [8000]
