"""The time patterns: each regex with the reading it takes and the words every match holds,
which spare a sentence the regexes whose words it lacks; and the readings of a text, the longest
winning where matches overlap.

Apart from the readings (time_readings.py), which say what a match means, and from dates.py,
which joins and resolves them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from laborwatch.extract.calendar_periods import MONTHS, SEASONS
from laborwatch.extract.regex import searchable
from laborwatch.extract.time_readings import (
    Builder,
    TimeReading,
    read_ago,
    read_decade,
    read_first_months,
    read_full_date,
    read_invasion,
    read_iso_date,
    read_month,
    read_month_year,
    read_now,
    read_quarter,
    read_quarter_after_word,
    read_recently,
    read_rolling,
    read_season,
    read_unit_relative,
    read_weekday,
    read_year,
    read_year_end,
    read_year_range,
)

_M = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![A-Za-z])"
)
_MONTH = rf"(?P<month>{_M})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d])"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_PART = (
    r"(?P<part>early|mid-?|late|(?:the\s+)?(?:beginning|start|middle|end"
    r"|(?:final|last|closing|first|opening)\s+(?:weeks|days|months))\s+of(?:\s+the)?|end-)"
)
_SEASON = r"(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
_NUMBER = r"(?P<n>\d{1,2}|a\s+couple\s+of|a\s+few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|few|several)"  # noqa: E501
_UNIT = r"(?P<unit>year|month|week|day|decade)s?"
_I = re.IGNORECASE

# words one of which (in any case) a sentence without a digit must hold to be worth scanning
TIME_WORDS = frozenset(
    {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "day", "week", "month", "year", "decade", "ago", "now", "present", "recent", "lately",
        "spring", "summer", "autumn", "fall", "winter", "quarter", "half", "war", "invaded",
        "invasion", "attacked",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Pattern:
    regex: re.Pattern[str]
    build: Builder
    # groups of lowercase words: every match holds, in any case, a word of each group, so the
    # regex need not run over a sentence that lacks a group (most sentences lack most groups)
    needs: frozenset[frozenset[str]]


def _pattern(regex: str, build: Builder, *needs: Iterable[str], flags: int = 0) -> _Pattern:
    return _Pattern(searchable(regex, flags), build, frozenset(frozenset(g) for g in needs))


# every month name and abbreviation starts with its three letters ("Sept." with "sep")
_MONTH_WORDS = tuple(MONTHS)
_CENTURIES = ("19", "20")  # the patterns read only years 1900-2099
# "middle" holds "mid"; "weeks", "days" and "months" stand for "the final weeks of", ...
_PART_WORDS = ("early", "mid", "late", "beginning", "start", "end", "weeks", "days", "months")
_REL_WORDS = ("last", "this", "next")
_SEASON_WORDS = tuple(SEASONS)
_UNIT_WORDS = ("year", "month", "week", "day", "decade")

PATTERNS: tuple[_Pattern, ...] = (
    _pattern(
        # "since the start of the war in Ukraine", "after Russia's full-scale invasion"
        r"\b(?:(?:the\s+)?(?:start|beginning|outbreak|onset)\s+of\s+)?"
        r"(?:(?:the|Russia['’]s|Moscow['’]s)\s+(?:full[-\s]scale\s+)?"
        r"(?:war\s+(?:in|on|against|with)\s+Ukraine|invasion\s+of\s+Ukraine|Ukraine\s+war"
        # a bare "the war" only when no other war is named after it
        r"|(?:invasion|war)(?!\s+(?:in|on|of|against|with|between)\b))"
        r"(?:\s+(?:began|started|broke\s+out))?"
        r"|(?:Russia|Moscow)\s+(?:invaded|attacked)\s+Ukraine)\b",
        read_invasion,
        ("war", "invasion", "invaded", "attacked"),
        flags=_I,
    ),
    _pattern(
        r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b",
        read_iso_date,
        _CENTURIES,
        ("-",),
    ),
    _pattern(
        rf"(?:{_WEEKDAY},?\s+)?\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", read_full_date, _MONTH_WORDS
    ),
    _pattern(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?", read_full_date, _MONTH_WORDS),
    _pattern(
        rf"\b(?:{_PART}\s*)?{_MONTH}(?:\s+of)?,?\s+{_YEAR}",
        read_month_year,
        _MONTH_WORDS,
        _CENTURIES,
    ),
    _pattern(rf"\b{_PART}\s*{_MONTH}", read_month, _MONTH_WORDS, _PART_WORDS),
    _pattern(
        rf"\b(?P<rel>(?i:last|this\s+past|this|next))\s+{_MONTH}",
        read_month,
        _MONTH_WORDS,
        _REL_WORDS,
    ),
    _pattern(
        r"\b(?P<cue>(?i:in|on|since|from|to|until|till|through|by|of|during|before|after|and"
        rf"|or|between|around|throughout))\s+{_MONTH}",
        read_month,
        _MONTH_WORDS,
    ),
    # the months of a span ("in the January-September period", "the January to March
    # figures"): each is a time with no word before it, and the two are then joined into one
    _pattern(
        rf"\b{_MONTH}(?=\s*[-–—]\s*{_M}|\s+(?:to|through|until|till)\s+{_M})",
        read_month,
        _MONTH_WORDS,
    ),
    # the dash before the look-behind: the engine then skips from dash to dash, where a
    # look-behind first is tried at every position (5% of all extraction)
    _pattern(
        rf"(?P<cue>[-–—])(?<=(?:ary|rch|ril|May|une|uly|ust|ber)[-–—])\s*{_MONTH}",
        read_month,
        _MONTH_WORDS,
    ),
    _pattern(
        rf"\b(?:(?P<part>early|mid-?|late)\s*)?{_SEASON}(?:\s+of)?\s+{_YEAR}",
        read_season,
        _SEASON_WORDS,
        _CENTURIES,
    ),
    _pattern(
        rf"\b(?P<rel>this\s+past|this|last|next|the|in)\s+(?:(?P<part>early|late)\s+)?{_SEASON}\b",
        read_season,
        _SEASON_WORDS,
        flags=_I,
    ),
    _pattern(
        r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
        rf"(?P<unit>quarter|half)(?:(?:\s+of)?\s+(?:{_YEAR}|(?:the\s+)?(?P<rel>this|last|next"
        r"|the|current)\s+year)|(?!\s+of\b))",
        read_quarter,
        ("quarter", "half"),
        flags=_I,
    ),
    _pattern(rf"\b(?P<unit>[QH])(?P<q>[1-4])(?:\s+of)?\s+{_YEAR}", read_quarter, _CENTURIES),
    # "Q4" alone only after a word that makes it a time: "in Q4", "the Q3 figures"
    _pattern(
        r"\b(?:in|during|for|by|since|until|the|of)\s+(?P<unit>Q)(?P<q>[1-4])\b",
        read_quarter_after_word,
        ("q1", "q2", "q3", "q4"),
    ),
    _pattern(
        rf"\b(?:the\s+)?first\s+{_NUMBER}\s+months\s+of\s+(?:{_YEAR}|(?:the\s+)?"
        r"(?P<rel>this|last|the|current)\s+year)",
        read_first_months,
        ("first",),
        ("months",),
        flags=_I,
    ),
    _pattern(r"\b(?:the\s+)?year[-\s]end\b", read_year_end, ("year",), ("end",), flags=_I),
    _pattern(
        rf"\b{_YEAR}\s*(?:-|–|—|/|to|through)\s*(?P<year2>(?:19|20)?\d\d)(?![\d])",
        read_year_range,
        _CENTURIES,
    ),
    _pattern(rf"\b(?:{_PART}\s*)?{_YEAR}", read_year, _CENTURIES, flags=_I),
    _pattern(
        r"\b(?:the\s+)?(?:(?P<part>early|mid-?|late)\s*)?(?P<decade>(?:19|20)\d0)'?s\b",
        read_decade,
        _CENTURIES,
        ("0s", "0's"),
        flags=_I,
    ),
    _pattern(rf"\b{_NUMBER}\s+{_UNIT}\s+ago\b", read_ago, ("ago",), _UNIT_WORDS, flags=_I),
    _pattern(
        rf"\b(?:(?:in|over|during|for|within)\s+)?the\s+(?:(?P<ahead>coming|next)|past|last)\s+"
        rf"(?:{_NUMBER}\s+)?"
        # "the last days of March 2024" is a part of that month, not the days before publication
        rf"{_UNIT}\b(?!\s+of\s+(?:{_M}|(?:19|20)\d\d\b))",
        read_rolling,
        ("coming", "next", "past", "last"),
        _UNIT_WORDS,
        flags=_I,
    ),
    # "in the two years since the summit": the years up to the telling
    _pattern(
        rf"\b(?:(?:in|over|during)\s+)?the\s+{_NUMBER}\s+{_UNIT}(?=\s+since\b)",
        read_rolling,
        ("since",),
        _UNIT_WORDS,
        flags=_I,
    ),
    _pattern(
        rf"\b(?:(?:in|over|during)\s+)?(?P<recent>recent)\s+{_UNIT}",
        read_rolling,
        ("recent",),
        _UNIT_WORDS,
        flags=_I,
    ),
    # not "as of late 2019", "of late March"
    _pattern(
        rf"\b(?:recently|lately|of\s+late(?!\s+(?:(?:19|20)\d\d|{_M})))\b",
        read_recently,
        ("recent", "late"),
        flags=_I,
    ),
    _pattern(
        r"\b(?:currently|now|presently|at\s+present|at\s+the\s+moment|these\s+days|nowadays"
        r"|to\s+date|so\s+far|today|yesterday|tomorrow|at\s+this\s+time)\b",
        read_now,
        # "now" is in "nowadays", "present" in "presently", "day" in "today" and "these days"
        ("currently", "now", "present", "moment", "day", "date", "far", "tomorrow", "time"),
        flags=_I,
    ),
    _pattern(
        r"\b(?:(?P<part>earlier|later|early|late|mid-?|(?:the\s+)?(?:beginning|start|middle"
        r"|end)\s+of)\s*)?(?P<rel>this|last|next|the\s+current|the\s+coming|the\s+past|past"
        r"|the\s+last|the)\s+(?P<unit>year|month|week)\b",
        read_unit_relative,
        ("year", "month", "week"),
        flags=_I,
    ),
    _pattern(
        r"\b(?P<part>earlier|later)\s+in\s+(?P<rel>the)\s+(?P<unit>year|month|week)\b",
        read_unit_relative,
        ("earlier", "later"),
        ("year", "month", "week"),
        flags=_I,
    ),
    _pattern(
        rf"\b(?:(?P<rel>last|this|next)\s+)?(?P<weekday>{_WEEKDAY})\b", read_weekday, ("day",)
    ),
)
# the word groups a time or any pattern needs; each word is looked up once per sentence
_WORD_GROUPS = frozenset({TIME_WORDS}).union(*(pattern.needs for pattern in PATTERNS))
_LOOKED_UP_WORDS: frozenset[str] = frozenset().union(*_WORD_GROUPS)


def word_groups_in(text: str) -> frozenset[frozenset[str]]:
    """The groups of `_WORD_GROUPS` with a word that occurs in `text` (folded), in any case."""
    lowered = text.lower()
    words = {word for word in _LOOKED_UP_WORDS if word in lowered}
    return frozenset(group for group in _WORD_GROUPS if not group.isdisjoint(words))


def find_readings(text: str, groups: frozenset[frozenset[str]]) -> list[TimeReading]:
    """The readings of every pattern's matches, the longest winning where two overlap; `groups`
    are the word groups the text holds: a pattern needing another is not run."""
    found: list[TimeReading] = []
    for pattern in PATTERNS:
        if not pattern.needs <= groups:
            continue
        for match in pattern.regex.finditer(text):
            item = pattern.build(match, text)
            if item is not None and item.end > item.start:
                found.append(item)
    found.sort(key=lambda f: (f.start, f.start - f.end))
    chosen: list[TimeReading] = []
    for item in found:
        if chosen and item.start < chosen[-1].end:
            continue
        chosen.append(item)
    return chosen
