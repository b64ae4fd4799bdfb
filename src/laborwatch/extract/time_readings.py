"""What each time pattern's match means: a `TimeReading`, the interval of an absolute date
("Sept. 13, 2023", "in June 2025", "the 1990s") or how to resolve a relative one against the
publication date ("in late January", "this spring", "four years ago", "next month", "on
Tuesday"); dateparser checks the full dates.

Apart from the pattern table (time_patterns.py), which says which reading each regex takes, and
from dates.py, which joins readings into ranges and resolves them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from laborwatch.extract.calendar_periods import (
    FULL_MONTHS,
    MONTHS,
    ORDINALS,
    WEEKDAYS,
    Interval,
    add_months,
    closest_occurrence,
    count_of,
    interval_or_none,
    month_interval,
    month_number,
    part_of_month,
    part_of_year,
    quarter_interval,
    relative_occurrence,
    season_interval,
)

_I = re.IGNORECASE

# maps (reference date, tense) to an interval, None when it cannot be resolved; tense > 0 prefers
# the future, 0 the past, < 0 allows only the past ("since May")
Resolver = Callable[[date, int], Interval | None]


@dataclass(frozen=True, slots=True)
class TimeReading:
    """A time read from a match: its span, and its interval or how to resolve it; an operator
    before it ("since", "from") or the start of a range it opens come with `op` and `text_start`."""

    start: int
    end: int
    resolve: Resolver
    relative: bool  # needs the publication date
    end_part: bool = False  # "the end of X": "before" it still includes X
    yearless: bool = False  # a month, day or season without a year: a range end can place it
    op: str | None = None
    text_start: int | None = None  # where the operator or range begins


Builder = Callable[[re.Match[str], str], TimeReading | None]


def _fixed(
    match: re.Match[str], interval: Interval | None, end_part: bool = False
) -> TimeReading | None:
    if interval is None:
        return None
    return TimeReading(match.start(), match.end(), lambda _r, _f: interval, False, end_part)


def _floating(match: re.Match[str], resolve: Resolver, end_part: bool = False) -> TimeReading:
    return TimeReading(match.start(), match.end(), resolve, True, end_part)


# the day Russia's full-scale invasion of Ukraine began (anchor_events.tsv)
_INVASION = date(2022, 2, 24)
_SINCE_AFTER_BEFORE = re.compile(r"\b(?:since|after|following|before)\s+$", _I)


def read_invasion(match: re.Match[str], text: str) -> TimeReading | None:
    """ "since the start of the war in Ukraine": that day, when a word before makes it a time
    ("workers for the war in Ukraine" names no time)."""
    if not _SINCE_AFTER_BEFORE.search(text, max(0, match.start() - 12), match.start()):
        return None
    return _fixed(match, (_INVASION, _INVASION))


def read_iso_date(match: re.Match[str], _text: str) -> TimeReading | None:
    year, month, day = int(match["year"]), int(match["mon"]), int(match["day"])
    return _fixed(match, interval_or_none(lambda: (date(year, month, day),) * 2))


def read_full_date(match: re.Match[str], _text: str) -> TimeReading | None:
    month, day = month_number(match["month"]), int(match["day"])
    if not 1 <= day <= 31:
        return None
    if match["year"]:
        parsed = _parse_full_date(match.group(0), int(match["year"]), month, day)
        return _fixed(match, None if parsed is None else (parsed, parsed))

    def resolve(ref: date, tense: int) -> Interval | None:
        return closest_occurrence(
            lambda y: interval_or_none(lambda: (date(y, month, day),) * 2), ref, tense
        )

    return replace(_floating(match, resolve), yearless=True)


# dateparser takes milliseconds a date, and a corpus repeats its few dates (datelines) a lot;
# the result depends on the written date alone (the year, month and day are read from it)
@lru_cache(maxsize=4096)
def _parse_full_date(written: str, year: int, month: int, day: int) -> date | None:
    """dateparser reads the written date; our own reading is the check and the fallback."""
    parsed = _dateparser_reading(written)
    if parsed is not None and (parsed.year, parsed.month, parsed.day) == (year, month, day):
        checked: date = parsed.date()
        return checked
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _dateparser_reading(written: str) -> datetime | None:
    reading: datetime | None = dateparser.parse(
        written.replace("Sept.", "Sep.").replace("Sept ", "Sep "),
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True},
    )
    return reading


def warm_up_dateparser() -> None:
    """Pays dateparser's one-time set-up (it builds its language and timezone data on the first
    date it reads) now, e.g. when an Extractor is built, rather than within the first document."""
    _dateparser_reading("July 15, 2025")


def read_month_year(match: re.Match[str], _text: str) -> TimeReading | None:
    year, month, part = int(match["year"]), month_number(match["month"]), match["part"]
    return _fixed(match, part_of_month(year, month, part), bool(part and "end" in part.lower()))


def _relation(match: re.Match[str]) -> str:
    """The relative word before a month or season, in lower case; "this past" is "last"."""
    rel = " ".join((match.groupdict().get("rel") or "").lower().split())
    return "last" if rel == "this past" else rel


def read_month(match: re.Match[str], text: str) -> TimeReading | None:
    word, part = match["month"], match.groupdict().get("part")
    rel = _relation(match)
    if not (word.endswith(".") or word.lower() in FULL_MONTHS):
        return None  # a bare "Jan" or "Mar" after a preposition is more often a name
    month = month_number(word)

    def make(year: int) -> Interval:
        return part_of_month(year, month, part)

    def resolve(ref: date, tense: int) -> Interval | None:
        return relative_occurrence(make, ref, tense, rel)

    found = replace(
        _floating(match, resolve, bool(part and "end" in part.lower())), yearless=not rel
    )
    if match.groupdict().get("cue"):  # the preposition is context, not part of the time
        found = replace(found, start=match.start("month"))
    return found


def read_season(match: re.Match[str], text: str) -> TimeReading | None:
    season, part = match["season"], match.groupdict().get("part")
    if match.groupdict().get("year"):
        return _fixed(match, season_interval(season, int(match["year"]), part))
    rel = _relation(match)
    if season.lower() == "fall" and re.match(r"\s+of\b", text[match.end() :]):
        return None  # "the fall of the city"

    def resolve(ref: date, tense: int) -> Interval | None:
        return relative_occurrence(lambda y: season_interval(season, y, part), ref, tense, rel)

    found = replace(_floating(match, resolve), yearless=rel in ("the", "in"))
    if rel in ("in", "the"):  # the article is context; "winter of 2023" must win over it
        found = replace(found, start=match.start("season"))
    return found


def read_quarter(match: re.Match[str], _text: str) -> TimeReading | None:
    groups = match.groupdict()
    unit = (groups.get("unit") or "q").lower()
    number = int(groups["q"]) if groups.get("q") else ORDINALS[groups["ord"].lower()]
    if groups.get("year"):
        return _fixed(match, quarter_interval(number, unit, int(groups["year"])))
    rel = (groups.get("rel") or "").lower()
    shift = {"last": -1, "next": 1}.get(rel, 0)

    def resolve(ref: date, tense: int) -> Interval | None:
        if rel:
            return quarter_interval(number, unit, ref.year + shift)
        return closest_occurrence(lambda y: quarter_interval(number, unit, y), ref, tense)

    return _floating(match, resolve)


def read_quarter_after_word(match: re.Match[str], text: str) -> TimeReading | None:
    """ "in Q4": the word is context, not part of the time."""
    found = read_quarter(match, text)
    return None if found is None else replace(found, start=match.start("unit"))


def read_first_months(match: re.Match[str], _text: str) -> TimeReading | None:
    """ "the first nine months of 2024 / of the year": January to the end of the Nth month."""
    count = count_of(match["n"])
    if not 1 <= count <= 12:
        return None

    def of_year(year: int) -> Interval:
        return date(year, 1, 1), month_interval(year, count)[1]

    if match["year"]:
        return _fixed(match, of_year(int(match["year"])))
    shift = -1 if match["rel"].lower() == "last" else 0
    return _floating(match, lambda ref, _t: of_year(ref.year + shift))


def read_year_end(match: re.Match[str], _text: str) -> TimeReading | None:
    """ "by year-end": the end of the year of publication."""
    return _floating(match, lambda ref, _t: part_of_year(ref.year, "end"), end_part=True)


_NOT_YEAR_BEFORE = re.compile(
    r"(?:resolutions?\s+(?:(?:no\.?\s*)?\d{3,4}\s*(?:,|and|&)?\s*)*|no\.|number|article|paragraph"
    r"|section|flight|route|model|code|page|#|№|\$|€|£|usd|rub|krw|kpw|eur|cny|©|\(c\)|copyright)"
    r"\s*$|[\d,.]$",
    _I,
)
# "Vision 2030", "Expo 2025": a year right after a capitalised name is part of the name
_NAME_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-zA-Z]+)\s+$")
_WORDS_BEFORE_A_YEAR = frozenset(
    {
        "in", "since", "from", "by", "until", "till", "through", "throughout", "during",
        "before", "after", "between", "and", "or", "of", "early", "late", "mid", "around",
        "circa", "as", "to", "for", "on", "at", "the", "end", "spring", "summer", "autumn",
        "fall", "winter",
    }
)  # fmt: skip
_NOT_YEAR_AFTER = re.compile(
    r"^(?:[,.]\d|\s*(?:%|percent|-year|-hour|[a-z]*workers|laborers|labourers|people|persons"
    r"|north|troops|soldiers|men\b|women|units|rubles|roubles|dollars|won\b|yuan|usd|km"
    r"|kilomet|miles|tons|tonnes|hours|households|sappers|engineers))",
    _I,
)


def _is_year(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    name = _NAME_BEFORE.search(before)
    # a capital that opens a sentence ("Then 2020") is not a name
    if name is not None and re.search(r"(?:^|[.!?:;\"“(]\s*)$", before[: name.start(1)]) is None:
        word = name.group(1).lower()
        if word not in _WORDS_BEFORE_A_YEAR and word[:3] not in MONTHS:
            return False
    return not _NOT_YEAR_BEFORE.search(before) and not _NOT_YEAR_AFTER.search(text[end : end + 14])


def read_year(match: re.Match[str], text: str) -> TimeReading | None:
    if not _is_year(text, match.start("year"), match.end("year")):
        return None
    part = match.groupdict().get("part")
    end_part = bool(part and "end" in part.lower())
    return _fixed(match, part_of_year(int(match["year"]), part), end_part)


def read_year_range(match: re.Match[str], text: str) -> TimeReading | None:
    first, second = int(match["year"]), match["year2"]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last <= first or not _is_year(text, match.start(), match.end()):
        return None
    return _fixed(match, (date(first, 1, 1), date(last, 12, 31)))


def read_decade(match: re.Match[str], _text: str) -> TimeReading | None:
    start = int(match["decade"])
    part = (match["part"] or "").lower()
    first, last = {"early": (0, 3), "mid": (3, 6), "late": (7, 9)}.get(part[:3], (0, 9))
    if part.startswith("late"):
        first, last = 7, 9
    return _fixed(match, (date(start + first, 1, 1), date(start + last, 12, 31)))


def read_ago(match: re.Match[str], _text: str) -> TimeReading | None:
    count, unit = count_of(match["n"]), match["unit"].lower()

    def resolve(ref: date, _tense: int) -> Interval | None:
        if unit in ("year", "decade"):
            year = ref.year - count * (10 if unit == "decade" else 1)
            return date(year, 1, 1), date(year, 12, 31)
        if unit == "month":
            day = add_months(ref, -count)
            return month_interval(day.year, day.month)
        day = ref - timedelta(days=count * (7 if unit == "week" else 1))
        return day, day

    return _floating(match, resolve)


def read_rolling(match: re.Match[str], _text: str) -> TimeReading | None:
    unit = match["unit"].lower()
    count = count_of(match["n"]) if match.groupdict().get("n") else 1
    plural = match.group(0).lower().endswith("s")
    if match.groupdict().get("ahead") == "next" and not (plural or match.groupdict().get("n")):
        return None  # "the next year" tells of a year after something said before
    if match.groupdict().get("recent") or (plural and not match.groupdict().get("n")):
        # "in recent months", "in the coming weeks": how far "recent" or "coming" reaches
        count = {"day": 14, "week": 6, "month": 6, "year": 5, "decade": 1}[unit]

    sign = 1 if match.groupdict().get("ahead") else -1  # "the coming months" look ahead

    def resolve(ref: date, _tense: int) -> Interval | None:
        if unit in ("year", "decade"):
            other = add_months(ref, sign * 12 * count * (10 if unit == "decade" else 1))
        elif unit == "month":
            other = add_months(ref, sign * count)
        else:
            other = ref + timedelta(days=sign * count * (7 if unit == "week" else 1))
        return min(ref, other), max(ref, other)

    return _floating(match, resolve)


def read_recently(match: re.Match[str], _text: str) -> TimeReading | None:
    return _floating(match, lambda ref, _t: (ref - timedelta(days=90), ref))


def read_now(match: re.Match[str], _text: str) -> TimeReading | None:
    shift = {"yesterday": -1, "tomorrow": 1}.get(match.group(0).lower(), 0)
    return _floating(match, lambda ref, _t: (ref + timedelta(days=shift),) * 2)


def read_unit_relative(match: re.Match[str], text: str) -> TimeReading | None:
    rel = " ".join(match["rel"].lower().split())
    part = (match.groupdict().get("part") or "").lower()
    unit = match["unit"].lower()
    if rel == "the" and not part:
        return None  # "the year" alone refers to something said before
    if rel == "next" and not part and re.search(r"\bthe\s+$", text[: match.start()], _I):
        return None  # "the next year": the year after something said before
    if rel in ("the past", "past", "the last"):
        return read_rolling(match, text)
    shift = {"last": -1, "next": 1, "the coming": 1}.get(rel, 0)

    def resolve(ref: date, _tense: int) -> Interval | None:
        if unit == "year":
            whole = (date(ref.year + shift, 1, 1), date(ref.year + shift, 12, 31))
        elif unit == "month":
            moved = add_months(ref.replace(day=1), shift)
            whole = month_interval(moved.year, moved.month)
        else:
            monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=shift)
            whole = (monday, monday + timedelta(days=6))
        if part == "earlier" and shift == 0:
            return whole[0], ref
        if part == "later" and shift == 0:
            return ref, whole[1]
        if part in ("earlier", "later") or unit == "week":
            return whole
        if unit == "year":
            return part_of_year(whole[0].year, part)
        return part_of_month(whole[0].year, whole[0].month, part)

    return _floating(match, resolve, "end" in part)


def read_weekday(match: re.Match[str], _text: str) -> TimeReading | None:
    weekday = WEEKDAYS.index(match["weekday"].lower())
    rel = (match["rel"] or "").lower()

    def resolve(ref: date, tense: int) -> Interval | None:
        forward = rel == "next" or (tense > 0 and rel != "last")
        step = (weekday - ref.weekday()) % 7 if forward else -((ref.weekday() - weekday) % 7)
        if rel == "last" and step == 0:
            step = -7
        day = ref + timedelta(days=step)
        return day, day

    return _floating(match, resolve)
