"""The kind of payment money amounts are, on sentences of our own wording and the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from laborwatch.extract.money import find_amounts
from laborwatch.extract.money_kinds import money_kind_of, money_kinds_of
from laborwatch.extract.money_lexicon import load_money_lexicon
from laborwatch.model import MoneyKind, Per

LEXICON = load_money_lexicon()
SEEDS = Path("/work/shared/seeds")


KINDS = [
    ("Each builder earns about $900 a month.", MoneyKind.WAGE_GROSS),
    ("The loggers were promised 60,000 roubles per month.", MoneyKind.WAGE_GROSS),
    ("Seamstresses are paid 1,500 yuan a month.", MoneyKind.WAGE_GROSS),
    ("Chinese factories pay the women 1,000 yuan each month.", MoneyKind.WAGE_GROSS),
    ("His salary was $700 a month.", MoneyKind.WAGE_GROSS),
    ("After deductions, a welder takes home only $120.", MoneyKind.WAGE_NET),
    ("However, the men receive only 15,000 rubles ($190) a month.", MoneyKind.WAGE_NET),
    ("A builder is left with barely $90 each month.", MoneyKind.WAGE_NET),
    ("Workers keep just $150 after the state takes its cut.", MoneyKind.WAGE_NET),
    ("Each man must pay $500 a month in loyalty fees.", MoneyKind.REMITTANCE),
    # fees, to a broker or for the posting, are charges, not bribes (as "recruitment fee")
    ("Workers pay a fee of $300 to the broker before they leave.", MoneyKind.OTHER),
    ("Applicants paid a dispatch fee of $500.", MoneyKind.OTHER),
    ("Each worker pays $1,500 upfront to the broker.", MoneyKind.OTHER),
    ("The broker himself earns $2,000 a month.", MoneyKind.WAGE_GROSS),
    ("The team's plan quota is $20,000 a month.", MoneyKind.REMITTANCE),
    ("Every worker has to send $400 a month to Pyongyang.", MoneyKind.REMITTANCE),
    ("They remit RUB 50,000 each month as party funds.", MoneyKind.REMITTANCE),
    ("Of that, 120,000 rubles goes to the North Korean company.", MoneyKind.REMITTANCE),
    ("The builder pays the North Korean side 2.7 million rubles a month.", MoneyKind.REMITTANCE),
    ("Another 40,000 rubles went to party loyalty funds.", MoneyKind.REMITTANCE),
    ("Applicants paid bribes of $1,000 to officials.", MoneyKind.BRIBE),
    ("Applicants handed officials $500 to be selected for jobs abroad.", MoneyKind.BRIBE),
    ("Families paid USD 3,000 for a chance to go to Russia.", MoneyKind.BRIBE),
    ("The workforce earns the regime $300 million a year.", MoneyKind.REVENUE),
    ("North Korea is thought to make $500 million a year from the labourers.", MoneyKind.REVENUE),
    ("Overseas labour generates some $200 million for Pyongyang.", MoneyKind.REVENUE),
    ("Revenue from the workers reached $120 million.", MoneyKind.REVENUE),
    ("A worker in the group sends $200 home to his family.", MoneyKind.OTHER),
    ("They are paid 60,000 roubles a month after deductions.", MoneyKind.WAGE_NET),
    # the state and its agents, however they are named
    ("Contractors wire $2,000 per worker each month to a DPRK trading firm.", MoneyKind.REMITTANCE),
    ("Every labourer gives 30,000 rubles a month to the Workers' Party.", MoneyKind.REMITTANCE),
    ("Some 800,000 yuan was sent to the North Korean embassy in Beijing.", MoneyKind.REMITTANCE),
    ("The site wired $90,000 to an account held by a North Korean company.", MoneyKind.REMITTANCE),
    (
        "Officials put the regime's yearly earnings from the scheme at $400 million.",
        MoneyKind.REVENUE,
    ),
    # net pay named after the sum
    ("The loggers make 70,000 rubles a month after taxes.", MoneyKind.WAGE_NET),
    ("Of that sum, the men themselves get about $90.", MoneyKind.WAGE_NET),
    ("I rarely had more than 40 dollars in my own hands.", MoneyKind.WAGE_NET),
    ("The welders themselves got roughly $150 a month.", MoneyKind.WAGE_NET),
    # what the sum is named before it wins over what it is spent on
    ("The men get a daily allowance of 250 rubles for meals and soap.", MoneyKind.WAGE_GROSS),
    ("Each had a monthly stipend of $60 for food.", MoneyKind.WAGE_GROSS),
    # the state's take is also collected "from each worker", however far the sum stands
    ("Minders collect about ¥1,200 from every worker each month.", MoneyKind.REMITTANCE),
    (
        "The arrangement produced between USD 0.9 billion and USD 1.4 billion for the regime.",
        MoneyKind.REVENUE,
    ),
    ("Each crew owes a monthly plan of 900 dollars.", MoneyKind.REMITTANCE),
    # another nationality in the clause does not hide the pay of North Koreans
    ("North Korean masons earn 50,000 rubles, half what Russian masons get.", MoneyKind.WAGE_GROSS),
    ("Russian contractors pay the workers $600 a month.", MoneyKind.WAGE_GROSS),
]


SHARED_SENTENCE_KINDS = [
    # ", of which" opens a clause of its own: the share's cue does not type the whole
    (
        "Each worker brings in $9,000 a month, of which about $6,000 is handed over to the state.",
        [MoneyKind.OTHER, MoneyKind.REMITTANCE],
    ),
    (
        "The monthly wage is 2,000 yuan, of which the DPRK firm keeps 1,400 yuan.",
        [MoneyKind.WAGE_GROSS, MoneyKind.REMITTANCE],
    ),
    # ", which then gives the worker": the middleman's hand-out is the net pay
    (
        "A farm pays $700 per head to a DPRK firm, which then gives each man about $150.",
        [MoneyKind.REMITTANCE, MoneyKind.WAGE_NET],
    ),
    ("The loggers earn 50,000 rubles, which is about $550.", [MoneyKind.WAGE_GROSS] * 2),
    (
        "Each worker is thought to bring in $3,000 a month, of which $2,400 goes to Pyongyang.",
        [MoneyKind.OTHER, MoneyKind.REMITTANCE],
    ),
    # a cue nearer to an earlier amount is that amount's
    (
        "From a stated salary of $800, some $500 was withheld as loyalty payments.",
        [MoneyKind.WAGE_GROSS, MoneyKind.REMITTANCE],
    ),
    (
        "Their earnings of $700 a month shrink by $400 collected for the plan.",
        [MoneyKind.WAGE_GROSS, MoneyKind.REMITTANCE],
    ),
    (
        "They earn $700 to $1,000 a month, of which they keep about $150.",
        [MoneyKind.WAGE_GROSS, MoneyKind.WAGE_NET],
    ),
    # a net cue right after the first sum, nearer to the second, is the second's
    (
        "A worker earns $800 monthly, keeping only $100 of it.",
        [MoneyKind.WAGE_GROSS, MoneyKind.WAGE_NET],
    ),
    # "DPRK IT workers earned": the workers earn, not the state
    (
        "DPRK IT workers earned $3,000 a month each, generating $600 million for the DPRK.",
        [MoneyKind.WAGE_GROSS, MoneyKind.REVENUE],
    ),
    # what is left after the dues are paid is net pay
    (
        "They expect to make $150 a month after paying their loyalty fees.",
        [MoneyKind.WAGE_NET],
    ),
    # "trading companies" are who takes the pay, not trade
    (
        "They earn $800 a month, but trading companies take most, leaving workers with $100.",
        [MoneyKind.WAGE_GROSS, MoneyKind.WAGE_NET],
    ),
    # a sum compared with the one before, in a clause of no cue, is of its kind
    (
        "A welder can make 120,000 rubles a month, compared with 60,000 for a cook.",
        [MoneyKind.WAGE_GROSS, MoneyKind.WAGE_GROSS],
    ),
    (
        "The firm pays the North Korean company 70,000 rubles, of which the worker sees 20,000.",
        [MoneyKind.REMITTANCE, MoneyKind.WAGE_NET],
    ),
    # ... but a cue is shared when the later amount has none of its own
    (
        "Party dues run from $50 for cooks to $120 for foremen.",
        [MoneyKind.REMITTANCE, MoneyKind.REMITTANCE],
    ),
]


@pytest.mark.parametrize(("text", "kinds"), SHARED_SENTENCE_KINDS)
def test_kinds_of_amounts_sharing_a_sentence(text: str, kinds: list[MoneyKind]) -> None:
    amounts = find_amounts(text, 0, LEXICON)
    assert money_kinds_of(text, amounts, LEXICON) == kinds


def test_compared_pay_of_other_workers_is_no_claim() -> None:
    text = "The North Korean welders make $650 a month, compared with $1,400 for local welders."
    amounts = find_amounts(text, 0, LEXICON)
    kinds = [money_kind_of(text, a, LEXICON) for a in amounts]
    assert kinds == [MoneyKind.WAGE_GROSS, None]


@pytest.mark.parametrize(("text", "kind"), KINDS)
def test_money_kind(text: str, kind: MoneyKind) -> None:
    amounts = find_amounts(text, 0, LEXICON)
    assert amounts, text
    assert money_kind_of(text, amounts[0], LEXICON) is kind


NOT_PAYMENTS = [
    "Bilateral trading reached $40 million last year.",
    "The two countries' trade reached $2.5 billion last year.",
    "Pyongyang bought oil worth $300 million.",
    "Moscow sent $50 million in humanitarian aid.",
    "The firm was fined $1.2 million for hiring North Koreans.",
    "A kilogram of rice costs 5,000 won at the market.",
    "The arms deal is valued at $1 billion.",
    "The region's budget is 4 billion rubles.",
    "The stadium is backed by a $2bn investment.",
    "Hackers stole $600 million in cryptocurrency.",
    "Bilateral exports rose to $30 million.",
    "As of March 1, RUB 100 was equal to USD 1.10.",
    "Flights cost about $400 per ticket.",
    "The average monthly salary in the region is 75,000 rubles.",
    "The average salary in Primorye in July was 82,500 rubles.",
    "Russia's average monthly wage reached 89,000 roubles in 2024.",
    "The minimum wage is 10,030 won per hour.",
    "Per capita income was 1.72 million won.",
    # the pay of workers who are not North Korean, given for comparison
    "Uzbek plasterers at the same site take home about 95,000 rubles a month.",
    "Labourers from Tajikistan, by contrast, are paid $700 monthly.",
    "Local staff at the plant get around 3,500 yuan.",
    "The city spent $2 million for food and fuel.",
]


@pytest.mark.parametrize("text", NOT_PAYMENTS)
def test_not_payments(text: str) -> None:
    amounts = find_amounts(text, 0, LEXICON)
    assert amounts, text
    assert all(money_kind_of(text, a, LEXICON) is None for a in amounts)


def test_seed_money_sentences() -> None:
    """The real reports (read at run time, never copied) yield their gold amounts and kinds."""
    if not SEEDS.exists():
        pytest.skip("shared seeds not available")
    found = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for sentence in _sentences(text):
            for amount in find_amounts(sentence, 0, LEXICON):
                kind = money_kind_of(sentence, amount, LEXICON)
                if kind is not None:
                    found.append((amount.low, amount.high, amount.currency, amount.per, kind))
    assert (100000, 100000, "RUB", Per.MONTH, MoneyKind.WAGE_GROSS) in found
    assert (10000, 10000, "RUB", Per.MONTH, MoneyKind.WAGE_NET) in found
    assert (70000, 70000, "RUB", Per.MONTH, MoneyKind.REMITTANCE) in found
    assert (3500, 4000, "USD", Per.ONCE, MoneyKind.BRIBE) in found
    assert (100, 200, "USD", Per.MONTH, MoneyKind.WAGE_NET) in found
    assert len(found) == 9


def _sentences(text: str) -> list[str]:
    import re

    return [s for s in re.split(r"(?<=[.!?”])\s+", text) if s.strip()]
