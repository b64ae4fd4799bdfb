"""Periods of the English calendar as date intervals: the month, weekday, season and number
words, a month or year and its early / mid / late part, seasons, quarters and halves, and the
occurrence of a yearless period nearest a reference date.

The words are the English calendar, not domain knowledge, so they are constants here. Apart from
time_readings.py, which reads matched text into these periods, and dates.py, which resolves them
against the publication date: this part knows nothing of text.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

Interval = tuple[date, date]

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
FULL_MONTHS = frozenset(calendar.month_name[1:]) | {"Sept"}
FULL_MONTHS = frozenset(name.lower() for name in FULL_MONTHS)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}  # first month
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "a couple of": 2, "a few": 3, "few": 3, "several": 3,
}  # fmt: skip
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
ORDINALS |= {"fourth": 4, "4th": 4, "last": 4}

# days a yearless date against the sentence's tense must be nearer to win: unmarked dates in news
# are past ones, marked future ("plans to ... in March") ones are coming
_AGAINST_TENSE = 150


def month_interval(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# "the final weeks of" is the end of a period, "the first months of" its beginning
_TAIL_OPENERS = ("final ", "last ", "closing ")
_HEAD_OPENERS = ("first ", "opening ")


def _part_key(part: str | None) -> str:
    """The part as the words below tell it: "the final weeks of" reads as "end of", "the
    first months of" as "early" (months are a longer stretch than weeks or days)."""
    key = " ".join((part or "").lower().split()).removeprefix("the ")
    if key.startswith(_TAIL_OPENERS):
        return "late" if "months" in key else "end of"
    if key.startswith(_HEAD_OPENERS):
        return "early" if "months" in key else "beginning of"
    return key


def part_of_month(year: int, month: int, part: str | None) -> Interval:
    first, last = month_interval(year, month)
    key = _part_key(part)
    if key.startswith("early") or "beginning" in key or "start" in key:
        return first, first.replace(day=10)
    if key.startswith("mid") or "middle" in key:
        return first.replace(day=11), first.replace(day=20)
    if key.startswith(("late", "end")) or "end " in key:
        return first.replace(day=21), last
    return first, last


def part_of_year(year: int, part: str | None) -> Interval:
    key = _part_key(part)
    if "beginning" in key or "start" in key:
        return date(year, 1, 1), month_interval(year, 2)[1]
    if "end" in key:
        return date(year, 11, 1), date(year, 12, 31)
    if key.startswith("early"):
        return date(year, 1, 1), date(year, 4, 30)
    if key.startswith("mid") or "middle" in key:
        return date(year, 5, 1), date(year, 8, 31)
    if key.startswith("late"):
        return date(year, 9, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


def closest_occurrence(
    make: Callable[[int], Interval | None], ref: date, tense: int
) -> Interval | None:
    """The occurrence of a yearless period nearest `ref`, the preferred direction winning ties."""
    best: tuple[int, Interval] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        interval = make(year)
        if interval is None or (tense < 0 and interval[0] > ref):
            continue
        if interval[1] < ref:
            distance = (ref - interval[1]).days + (_AGAINST_TENSE if tense > 0 else 0)
        elif interval[0] > ref:
            distance = (interval[0] - ref).days + (0 if tense > 0 else _AGAINST_TENSE)
        else:
            distance = 0
        if best is None or distance < best[0]:
            best = (distance, interval)
    return best[1] if best else None


def relative_occurrence(
    make: Callable[[int], Interval | None], ref: date, tense: int, rel: str
) -> Interval | None:
    """ "last X" is the latest X over before `ref`, "next X" the first X after it, "this X"
    the X of `ref`'s year even when last year's is nearer ("this autumn", said in March)."""
    occurrences = [make(year) for year in range(ref.year - 2, ref.year + 3)]
    valid = [o for o in occurrences if o is not None]
    if rel == "this":
        # a winter spans two years: of the two touching `ref`'s year, the nearer; and what is
        # told as past ("were seen this spring", said in February) cannot be still to come
        this_year = [o for o in valid if o[0].year <= ref.year <= o[1].year]
        if len(this_year) == 1 and not (tense < 0 and this_year[0][0] > ref):
            return this_year[0]
    if rel == "last":
        past = [o for o in valid if o[1] < ref]
        return past[-1] if past else None
    if rel == "next":
        coming = [o for o in valid if o[0] > ref]
        return coming[0] if coming else None
    return closest_occurrence(make, ref, tense)


def interval_or_none(build: Callable[[], Interval]) -> Interval | None:
    try:
        return build()
    except ValueError:  # a day the month does not have, or a year out of range
        return None


def month_number(word: str) -> int:
    return MONTHS[word[:3].lower()]


def count_of(word: str) -> int:
    key = " ".join(word.lower().split())
    return int(key) if key.isdigit() else NUMBER_WORDS[key]


def season_interval(season: str, year: int, part: str | None) -> Interval:
    first = SEASONS[season.lower()]
    start = date(year, first, 1)
    end = add_months(start, 3) - timedelta(days=1)
    key = (part or "").lower()
    if key.startswith("early"):
        return start, add_months(start, 1) - timedelta(days=1)
    if key.startswith("late"):
        return add_months(start, 2), end
    return start, end


def quarter_interval(number: int, unit: str, year: int) -> Interval:
    size = 3 if unit.startswith(("quarter", "q")) else 6
    number = min(number, 12 // size)
    start = date(year, (number - 1) * size + 1, 1)
    return start, add_months(start, size) - timedelta(days=1)
