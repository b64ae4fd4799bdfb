"""Money amounts and their period, on sentences of our own wording."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laborwatch.extract.money import _atoms, find_amounts
from laborwatch.extract.money_kinds import money_kind_of
from laborwatch.extract.money_lexicon import load_money_lexicon
from laborwatch.model import MoneyKind, Per, Qualifier

LEXICON = load_money_lexicon()

AMOUNTS = [
    ("Loggers there are promised 60,000 roubles per month.", 60000, 60000, "RUB", Per.MONTH),
    ("A builder takes home ₽45,000.", 45000, 45000, "RUB", None),
    ("A mason gets 52 000 ₽ a month.", 52000, 52000, "RUB", Per.MONTH),
    ("Each labourer is paid US$700 monthly.", 700, 700, "USD", Per.MONTH),
    ("The crew was offered $650 per month.", 650, 650, "USD", Per.MONTH),
    ("They must remit RUB 30,000 each month.", 30000, 30000, "RUB", Per.MONTH),
    ("The kickback was USD 1,800 to USD 2,200.", 1800, 2200, "USD", Per.ONCE),
    ("Pay ranged from $250-$400 a month.", 250, 400, "USD", Per.MONTH),
    ("Salaries were $300 to $500 a month.", 300, 500, "USD", Per.MONTH),
    ("Salaries were between $300 and $500 per month.", 300, 500, "USD", Per.MONTH),
    ("The men earned $1,000-1,200 a month.", 1000, 1200, "USD", Per.MONTH),
    ("They earned 300 to 500 dollars a month.", 300, 500, "USD", Per.MONTH),
    ("The scheme nets the regime $1.5 million a year.", 1.5e6, 1.5e6, "USD", Per.YEAR),
    ("Labour exports bring in $500 million annually.", 5e8, 5e8, "USD", Per.YEAR),
    ("The state collected 2 billion won from them.", 2e9, 2e9, "KPW", None),
    ("A porter makes KPW 5,000 a day.", 5000, 5000, "KPW", Per.DAY),
    ("Seamstresses get 1,000 yuan each month.", 1000, 1000, "CNY", Per.MONTH),
    ("Seamstresses get CNY 2,400 monthly.", 2400, 2400, "CNY", Per.MONTH),
    ("Seamstresses get RMB 2,400 monthly.", 2400, 2400, "CNY", Per.MONTH),
    ("He was paid €200 daily.", 200, 200, "EUR", Per.DAY),
    ("Welders were paid $3.2m a year in total.", 3.2e6, 3.2e6, "USD", Per.YEAR),
    ("The quota was $1-2 million a year.", 1e6, 2e6, "USD", Per.YEAR),
    ("Each paid bribes of as much as USD 900.", 900, 900, "USD", Per.ONCE),
    ("Fishermen earned around $400 a month.", 400, 400, "USD", Per.MONTH),
    ("After a year ago's cut, wages of $300 remained.", 300, 300, "USD", None),
    ("A monthly salary of about $450 was agreed.", 450, 450, "USD", Per.MONTH),
    ("Each month, workers hand over $600 to the state.", 600, 600, "USD", Per.MONTH),
    # bare "won" priced as the South Korean won by its dollar equivalent; else North Korean
    ("Earnings reached 200 billion won (US$145 million).", 2e11, 2e11, "KRW", None),
    ("They get 2.1 million won ($1,520) a year.", 2.1e6, 2.1e6, "KRW", Per.YEAR),
    ("They get 900,000 won ($110) a year.", 9e5, 9e5, "KPW", Per.YEAR),
    ("They get 2 million North Korean won ($1,400).", 2e6, 2e6, "KPW", None),
    # "a month after" is a period when deductions follow, and not "Daily NK" after a sum
    ("They are paid 60,000 roubles a month after deductions.", 60000, 60000, "RUB", Per.MONTH),
    ("Each takes home about $200 a month after paying the state.", 200, 200, "USD", Per.MONTH),
    ("He was paid $900 a month after arriving in Kazan.", 900, 900, "USD", None),
    ("Each paid a fee of 300 dollars, a Daily NK source said.", 300, 300, "USD", None),
    # scales abbreviated with a space, as in translated wire copy
    ("The contract paid RUB 4.2 mln a year.", 4.2e6, 4.2e6, "RUB", Per.YEAR),
    ("The brigade earned 3 mln roubles in total.", 3e6, 3e6, "RUB", None),
    ("The scheme brought in 1.1 bln rubles.", 1.1e9, 1.1e9, "RUB", None),
    # a range whose second number is bare, and "from ... up to ..."
    ("Loggers get $450 to 600 a month.", 450, 600, "USD", Per.MONTH),
    (
        "The firm hands the state US$ 700 to 850 for each man every month.",
        700,
        850,
        "USD",
        Per.MONTH,
    ),
    ("Cooks were paid from $200 up to $350 a month.", 200, 350, "USD", Per.MONTH),
    ("The firm paid $400 to 300 workers.", 400, 400, "USD", None),
    # "50k", "Rbl", a currency hyphened to its sum, and dinars
    ("The welders were offered 50k rubles a month.", 5e4, 5e4, "RUB", Per.MONTH),
    ("A plasterer clears Rbl 62,000 a month.", 62000, 62000, "RUB", Per.MONTH),
    ("A plasterer clears 62,000 rbl a month.", 62000, 62000, "RUB", Per.MONTH),
    ("They were lured by a 150,000-rouble monthly wage.", 150000, 150000, "RUB", Per.MONTH),
    ("The masons earned 120 dinars a month.", 120, 120, "KWD", Per.MONTH),
    # a period word on the word for pay, further back in the clause
    ("Daily wages for the crew from Wonsan were set at 2,500 rubles.", 2500, 2500, "RUB", Per.DAY),
    ("Their annual earnings in the logging camps came to $4,000.", 4000, 4000, "USD", Per.YEAR),
    ("The annual report on the logging camps put the bill at $4,000.", 4000, 4000, "USD", None),
    ("Monthly salaries rose after 2019; a bonus of $300 was paid.", 300, 300, "USD", None),
    ("Each paid $1,000 to middlemen for the posting.", 1000, 1000, "USD", Per.ONCE),
]


@pytest.mark.parametrize(("text", "low", "high", "currency", "per"), AMOUNTS)
def test_find_amounts(text: str, low: float, high: float, currency: str, per: Per | None) -> None:
    amounts = find_amounts(text, 0, LEXICON)
    assert len(amounts) == 1, amounts
    amount = amounts[0]
    assert (amount.low, amount.high, amount.currency, amount.per) == (low, high, currency, per)
    assert text[amount.span.start : amount.span.end] == amount.text


NOT_AMOUNTS = [
    "The workers are aged 25 to 45.",
    "They work 18-hour shifts.",
    "Some 30% of the workers are women.",
    "About 40 percent of them came from Pyongyang.",
    "In 2019 the UN banned the practice.",
    "In 2019 won the award, the team celebrated.",
    "About 5,000 workers arrived in 2024.",
    "The regime earned millions of dollars from the scheme.",
    "They paid hundreds of dollars in bribes.",
    "Route 66 runs 2,400 miles.",
    "Kim met Putin on Sept. 13, 2023.",
    "Call 010-1234-5678 for details.",
    "The crew built 50k square metres of flats.",
    "The 2024-2025 season ran long.",
    "It was a 20-year contract.",
]


@pytest.mark.parametrize("text", NOT_AMOUNTS)
def test_not_amounts(text: str) -> None:
    assert find_amounts(text, 0, LEXICON) == []


def test_equivalent_is_part_of_the_amount() -> None:
    text = "Builders earn 90,000 rubles ($1,000) a month."
    [amount] = find_amounts(text, 0, LEXICON)
    assert (amount.low, amount.currency, amount.per) == (90000, "RUB", Per.MONTH)
    assert (amount.equivalent_low, amount.equivalent_currency) == (1000, "USD")
    assert amount.text == "90,000 rubles ($1,000)"


@pytest.mark.parametrize(
    ("text", "equivalent"),
    [
        ("They earn 50,000 rubles (about $550) monthly.", 550),
        ("They earn 50,000 rubles, or roughly $550, each month.", 550),
        ("They earn 50,000 rubles (US$550-600) monthly.", 550),
        ("They earn 50,000 rubles ($550 at the current rate) monthly.", 550),
        ("They earn 50,000 rubles a month, or roughly $550.", 550),
        ("They earn 50,000 rubles, about $550, a month.", 550),
    ],
)
def test_equivalent_forms(text: str, equivalent: float) -> None:
    [amount] = find_amounts(text, 0, LEXICON)
    assert amount.equivalent_low == equivalent
    assert amount.per is Per.MONTH


def test_a_sum_set_off_by_commas_is_an_equivalent_only_when_it_ends_there() -> None:
    text = "They earn 50,000 rubles, about $550 of which goes to the state."
    assert [(a.low, a.equivalent_low) for a in find_amounts(text, 0, LEXICON)] == [
        (50000, None),
        (550, None),
    ]


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("They earn $1,000 a month, of which 800 goes to the state.", [(1000, 1000), (800, 800)]),
        (
            "The pay is 90,000 rubles, but 70,000 is taken as dues.",
            [(90000, 90000), (70000, 70000)],
        ),
        ("They earn $900 a month, keeping only 100 to 200.", [(900, 900), (100, 200)]),
        (
            "The firm pays 70,000 rubles a head, of which the worker sees perhaps 20,000.",
            [(70000, 70000), (20000, 20000)],
        ),
        ("Each gets 50,000 rubles, of which the state takes 40,000.", [(5e4, 5e4), (4e4, 4e4)]),
        # a sum it is compared with
        (
            "A welder makes 120,000 rubles a month, compared with 60,000 for a cook.",
            [(120000, 120000), (60000, 60000)],
        ),
        ("Pay rose to 90,000 rubles, up from 70,000 last year.", [(9e4, 9e4), (7e4, 7e4)]),
        # no share of the sum: a part in percent, people, a year
        ("They earn $1,000 a month, of which 80 to 90 percent goes to the state.", [(1000, 1000)]),
        ("The firm paid $1 million, but 300 were sent home.", [(1e6, 1e6)]),
        ("They earn 500 dollars, but 2024 was worse.", [(500, 500)]),
        ("Of the 800 workers who earn $900, 300 left.", [(900, 900)]),
        ("The firm pays 80,000 rubles, compared with 300 workers last year.", [(8e4, 8e4)]),
        ("They earn $500 a month, up from 2019.", [(500, 500)]),
        ("It paid $2 million, against 40 percent in 2022.", [(2e6, 2e6)]),
    ],
)
def test_a_bare_number_that_is_a_share_of_the_sum_before_takes_its_currency(
    text: str, amounts: list[tuple[float, float]]
) -> None:
    found = find_amounts(text, 0, LEXICON)
    assert [(a.low, a.high) for a in found] == amounts
    assert {a.currency for a in found} == {found[0].currency}


def test_same_currency_in_parentheses_is_not_an_equivalent() -> None:
    amounts = find_amounts("They earn $800 ($600 after deductions).", 0, LEXICON)
    assert [a.low for a in amounts] == [800, 600]
    assert amounts[0].equivalent_low is None


@pytest.mark.parametrize(
    ("text", "qualifier"),
    [
        ("They paid up to USD 2,000 each.", Qualifier.AT_MOST),
        ("They earn around $800.", Qualifier.ABOUT),
        ("They earn more than $800.", Qualifier.AT_LEAST),
        ("They earn $800.", Qualifier.EXACT),
        ("They earn $800-$900.", Qualifier.RANGE),
        ("They must hand over $600.", Qualifier.EXACT),
    ],
)
def test_qualifier(text: str, qualifier: Qualifier) -> None:
    [amount] = find_amounts(text, 0, LEXICON)
    assert amount.qualifier is qualifier
    assert amount.low == amount.high or qualifier is Qualifier.RANGE


def test_offset_makes_spans_absolute() -> None:
    prefix = "Something before. "
    text = "Workers earn $800 a month."
    [amount] = find_amounts(text, len(prefix), LEXICON)
    assert (prefix + text)[amount.span.start : amount.span.end] == "$800"
    assert money_kind_of(text, amount, LEXICON, len(prefix)) is MoneyKind.WAGE_GROSS


def test_period_inherited_from_the_other_clause() -> None:
    text = (
        "Those in the first group must send RUB 40,000 a month to the state, "
        "while the others will have to send back RUB 65,000."
    )
    amounts = find_amounts(text, 0, LEXICON)
    assert [a.per for a in amounts] == [Per.MONTH, Per.MONTH]
    assert [money_kind_of(text, a, LEXICON, 0) for a in amounts] == [MoneyKind.REMITTANCE] * 2


def test_bribe_does_not_inherit_a_wage_period() -> None:
    text = "They earn $700 a month, and each paid a $1,500 bribe to get the posting."
    amounts = find_amounts(text, 0, LEXICON)
    assert [a.per for a in amounts] == [Per.MONTH, Per.ONCE]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789$€₽,.-– ()USDRBKPWaonth rublesyuan"))))
def test_amounts_never_crash_and_spans_slice(text: str) -> None:
    for amount in find_amounts(text, 7, LEXICON):
        assert ("x" * 7 + text)[amount.span.start : amount.span.end] == amount.text
        assert amount.low <= amount.high
        money_kind_of(text, amount, LEXICON, 7)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_amounts_on_any_text(text: str) -> None:
    for amount in find_amounts(text, 0, LEXICON):
        assert text[amount.span.start : amount.span.end] == amount.text
        assert amount.low <= amount.high


@pytest.mark.parametrize(
    ("text", "mentioned"),
    [
        ("Each man earns 60,000 roubles.", True),
        ("The fee was USD 500.", True),
        ("They paid ₽45,000.", True),
        ("Wages of 300 US dollars.", True),
        ("About 5,000 workers arrived in 2024.", False),
        ("The bureau sent 300 builders.", False),
    ],
)
def test_mentions_currency(text: str, mentioned: bool) -> None:
    assert LEXICON.mentions_currency(text) is mentioned


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789$€₽,.-– ()USDRBKPWaonth rublesyuan"))))
def test_amounts_are_found_only_where_a_currency_is_mentioned(text: str) -> None:
    """The cheap currency test before the patterns never hides an amount."""
    if any(atom.currency for atom in _atoms(text, LEXICON)):
        assert LEXICON.mentions_currency(text)
