"""Time expressions in a sentence, resolved against the publication date.

`find_times(text, offset, published)` finds absolute dates ("Sept. 13, 2023", "in June 2025",
"2019"), months and seasons without a year ("in late January", "this spring"), quarters and
halves, relative periods ("next month", "four years ago", "earlier this year", "recently",
"on Tuesday"), ranges ("from late March to early April", "between 2022 and 2024") and open
periods ("since 2022", "by the end of the year", "before the end of 2019").

Resolution rules:
- A publication date can be coarse (`YYYY`, `YYYY-MM`); a relative expression is resolved at the
  first and the last day the publication date allows and the two intervals are joined, so the
  result is the widest correct interval ("next month" in an article of 2024 is
  2024-02-01..2025-01-31) and never claims more precision than the date has.
- A month, day or season without a year is the occurrence closest to the publication date; the
  past is preferred (news reports what happened) unless the sentence speaks of the future before
  it ("plans to ... starting in early March"), in which case the future is preferred.
- early / mid / late of a month are days 1-10, 11-20, 21-end; of a year, Jan-Apr, May-Aug,
  Sep-Dec; "the end of" a year is Nov-Dec, "the beginning of" a year Jan-Feb.
- "since X" runs from the start of X to the end of the publication period; "until / by / up to X"
  has no start and ends with X; "before X" ends the day before X ("before the end of X": with X).
- Without a publication date, relative expressions are still mentions, with start and end None.
- Durations ("for three years", "18-hour shifts", "three-year contracts"), rates ("each year",
  "a month"), ages, counts ("5,000") and resolution numbers ("resolution 2397") are not times.

The month, weekday, season and number words are the English calendar, not domain knowledge, so
they are constants here; dateparser is used only on small full-date candidates.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from laborwatch.extract.lexicon import fold_lookalikes, words_of
from laborwatch.extract.regex import searchable
from laborwatch.model import Span, TimeMention, When

Interval = tuple[date, date]
# maps (reference date, tense) to an interval, None when it cannot be resolved; tense > 0 prefers
# the future, 0 the past, < 0 allows only the past ("since May")
Resolver = Callable[[date, int], Interval | None]

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

_M = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)(?![A-Za-z])"
)
_MONTH = rf"(?P<month>{_M})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?![\d])"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?![\d])"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_PART = r"(?P<part>early|mid-?|late|(?:the\s+)?(?:beginning|start|middle|end)\s+of(?:\s+the)?|end-)"
_SEASON = r"(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)"
_NUMBER = r"(?P<n>\d{1,2}|a\s+couple\s+of|a\s+few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|few|several)"  # noqa: E501
_UNIT = r"(?P<unit>year|month|week|day|decade)s?"
_I = re.IGNORECASE
# days a yearless date against the sentence's tense must be nearer to win: unmarked dates in news
# are past ones, marked future ("plans to ... in March") ones are coming
_AGAINST_TENSE = 150

# a digit or one of these words (in any case) must occur before a sentence is worth scanning
_DIGIT = re.compile(r"\d")
_TIME_WORDS = frozenset(
    {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        "day", "week", "month", "year", "decade", "ago", "now", "present", "recent", "lately",
        "spring", "summer", "autumn", "fall", "winter", "quarter", "half",
    }
)  # fmt: skip
_FUTURE_CUE = searchable(
    r"\b(?:will|shall|plans?|planned|planning|intends?|intended|expect(?:s|ed)?\s+to|scheduled"
    r"|set\s+to|going\s+to|starting|beginning|upcoming|aims?\s+to|would|(?:preparing|prepares"
    r"|poised|ready|due|about)\s+to)\b|'ll\b",
    _I,
)
# verbs in the past tense beside those in -ed ("arrived"; not "hundred", "need", "proceed")
_PAST_WORDS = frozenset(
    {"was", "were", "had", "did", "went", "came", "left", "sent", "took", "began", "flew", "saw"}
)
_NOT_PAST_ED = frozenset({"hundred", "red", "bed", "shed"})
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
_OPERATOR = searchable(
    r"\b(?P<op>since|until|till|through|up\s+to|up\s+until|by|before|after|from|between"
    r"|starting(?:\s+(?:in|on|from))?|beginning(?:\s+(?:in|on|from))?|as\s+of)\s+(?:the\s+)?$",
    _I,
)
_RANGE_LINK = re.compile(r"^\s*(?:to|until|till|through|thru|and|-|–|—)\s*$", _I)


@dataclass(frozen=True, slots=True)
class _Found:
    start: int
    end: int
    resolve: Resolver
    relative: bool  # needs the publication date
    end_part: bool = False  # "the end of X": "before" it still includes X
    yearless: bool = False  # a month, day or season without a year: a range end can place it
    op: str | None = None
    text_start: int | None = None  # where the operator or range begins


# --- calendar arithmetic ---------------------------------------------------------------------


def _month_interval(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _part_of_month(year: int, month: int, part: str | None) -> Interval:
    first, last = _month_interval(year, month)
    key = (part or "").lower()
    if key.startswith("early") or "beginning" in key or "start" in key:
        return first, first.replace(day=10)
    if key.startswith("mid") or "middle" in key:
        return first.replace(day=11), first.replace(day=20)
    if key.startswith(("late", "end")) or "end " in key:
        return first.replace(day=21), last
    return first, last


def _part_of_year(year: int, part: str | None) -> Interval:
    key = (part or "").lower()
    if "beginning" in key or "start" in key:
        return date(year, 1, 1), _month_interval(year, 2)[1]
    if "end" in key:
        return date(year, 11, 1), date(year, 12, 31)
    if key.startswith("early"):
        return date(year, 1, 1), date(year, 4, 30)
    if key.startswith("mid") or "middle" in key:
        return date(year, 5, 1), date(year, 8, 31)
    if key.startswith("late"):
        return date(year, 9, 1), date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)


def _closest(make: Callable[[int], Interval | None], ref: date, tense: int) -> Interval | None:
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


def _relative_occurrence(
    make: Callable[[int], Interval | None], ref: date, tense: int, rel: str
) -> Interval | None:
    """ "last X" is the latest X over before `ref`, "next X" the first X after it."""
    occurrences = [make(year) for year in range(ref.year - 2, ref.year + 3)]
    valid = [o for o in occurrences if o is not None]
    if rel == "last":
        past = [o for o in valid if o[1] < ref]
        return past[-1] if past else None
    if rel == "next":
        coming = [o for o in valid if o[0] > ref]
        return coming[0] if coming else None
    return _closest(make, ref, tense)


def _safe(build: Callable[[], Interval]) -> Interval | None:
    try:
        return build()
    except ValueError:  # a day the month does not have, or a year out of range
        return None


def _month_number(word: str) -> int:
    return MONTHS[word[:3].lower()]


def _count(word: str) -> int:
    key = " ".join(word.lower().split())
    return int(key) if key.isdigit() else NUMBER_WORDS[key]


# --- the patterns ----------------------------------------------------------------------------

Builder = Callable[[re.Match[str], str], _Found | None]


def _fixed(
    match: re.Match[str], interval: Interval | None, end_part: bool = False
) -> _Found | None:
    if interval is None:
        return None
    return _Found(match.start(), match.end(), lambda _r, _f: interval, False, end_part)


def _floating(match: re.Match[str], resolve: Resolver, end_part: bool = False) -> _Found:
    return _Found(match.start(), match.end(), resolve, True, end_part)


def _iso(match: re.Match[str], _text: str) -> _Found | None:
    year, month, day = int(match["year"]), int(match["mon"]), int(match["day"])
    return _fixed(match, _safe(lambda: (date(year, month, day),) * 2))


def _full_date(match: re.Match[str], _text: str) -> _Found | None:
    month, day = _month_number(match["month"]), int(match["day"])
    if not 1 <= day <= 31:
        return None
    if match["year"]:
        parsed = _parse_full_date(match.group(0), int(match["year"]), month, day)
        return _fixed(match, None if parsed is None else (parsed, parsed))

    def resolve(ref: date, tense: int) -> Interval | None:
        return _closest(lambda y: _safe(lambda: (date(y, month, day),) * 2), ref, tense)

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


def _month_year(match: re.Match[str], _text: str) -> _Found | None:
    year, month, part = int(match["year"]), _month_number(match["month"]), match["part"]
    return _fixed(match, _part_of_month(year, month, part), bool(part and "end" in part.lower()))


def _relation(match: re.Match[str]) -> str:
    """The relative word before a month or season, in lower case; "this past" is "last"."""
    rel = " ".join((match.groupdict().get("rel") or "").lower().split())
    return "last" if rel == "this past" else rel


def _month_alone(match: re.Match[str], text: str) -> _Found | None:
    word, part = match["month"], match.groupdict().get("part")
    rel = _relation(match)
    if not (word.endswith(".") or word.lower() in FULL_MONTHS):
        return None  # a bare "Jan" or "Mar" after a preposition is more often a name
    month = _month_number(word)

    def make(year: int) -> Interval:
        return _part_of_month(year, month, part)

    def resolve(ref: date, tense: int) -> Interval | None:
        return _relative_occurrence(make, ref, tense, rel)

    found = replace(
        _floating(match, resolve, bool(part and "end" in part.lower())), yearless=not rel
    )
    if match.groupdict().get("cue"):  # the preposition is context, not part of the time
        found = replace(found, start=match.start("month"))
    return found


def _season_interval(season: str, year: int, part: str | None) -> Interval:
    first = SEASONS[season.lower()]
    start = date(year, first, 1)
    end = _add_months(start, 3) - timedelta(days=1)
    key = (part or "").lower()
    if key.startswith("early"):
        return start, _add_months(start, 1) - timedelta(days=1)
    if key.startswith("late"):
        return _add_months(start, 2), end
    return start, end


def _season(match: re.Match[str], text: str) -> _Found | None:
    season, part = match["season"], match.groupdict().get("part")
    if match.groupdict().get("year"):
        return _fixed(match, _season_interval(season, int(match["year"]), part))
    rel = _relation(match)
    if season.lower() == "fall" and re.match(r"\s+of\b", text[match.end() :]):
        return None  # "the fall of the city"

    def resolve(ref: date, tense: int) -> Interval | None:
        return _relative_occurrence(lambda y: _season_interval(season, y, part), ref, tense, rel)

    found = replace(_floating(match, resolve), yearless=rel in ("the", "in"))
    if rel in ("in", "the"):  # the article is context; "winter of 2023" must win over it
        found = replace(found, start=match.start("season"))
    return found


def _quarter_interval(number: int, unit: str, year: int) -> Interval:
    size = 3 if unit.startswith(("quarter", "q")) else 6
    number = min(number, 12 // size)
    start = date(year, (number - 1) * size + 1, 1)
    return start, _add_months(start, size) - timedelta(days=1)


def _quarter(match: re.Match[str], _text: str) -> _Found | None:
    groups = match.groupdict()
    unit = (groups.get("unit") or "q").lower()
    number = int(groups["q"]) if groups.get("q") else ORDINALS[groups["ord"].lower()]
    if groups.get("year"):
        return _fixed(match, _quarter_interval(number, unit, int(groups["year"])))
    rel = (groups.get("rel") or "").lower()
    shift = {"last": -1, "next": 1}.get(rel, 0)

    def resolve(ref: date, tense: int) -> Interval | None:
        if rel:
            return _quarter_interval(number, unit, ref.year + shift)
        return _closest(lambda y: _quarter_interval(number, unit, y), ref, tense)

    return _floating(match, resolve)


def _quarter_after_word(match: re.Match[str], text: str) -> _Found | None:
    """ "in Q4": the word is context, not part of the time."""
    found = _quarter(match, text)
    return None if found is None else replace(found, start=match.start("unit"))


def _first_months(match: re.Match[str], _text: str) -> _Found | None:
    """ "the first nine months of 2024 / of the year": January to the end of the Nth month."""
    count = _count(match["n"])
    if not 1 <= count <= 12:
        return None

    def of_year(year: int) -> Interval:
        return date(year, 1, 1), _month_interval(year, count)[1]

    if match["year"]:
        return _fixed(match, of_year(int(match["year"])))
    shift = -1 if match["rel"].lower() == "last" else 0
    return _floating(match, lambda ref, _t: of_year(ref.year + shift))


def _year_end(match: re.Match[str], _text: str) -> _Found | None:
    """ "by year-end": the end of the year of publication."""
    return _floating(match, lambda ref, _t: _part_of_year(ref.year, "end"), end_part=True)


def _is_year(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    name = _NAME_BEFORE.search(before)
    # a capital that opens a sentence ("Then 2020") is not a name
    if name is not None and re.search(r"(?:^|[.!?:;\"“(]\s*)$", before[: name.start(1)]) is None:
        word = name.group(1).lower()
        if word not in _WORDS_BEFORE_A_YEAR and word[:3] not in MONTHS:
            return False
    return not _NOT_YEAR_BEFORE.search(before) and not _NOT_YEAR_AFTER.search(text[end : end + 14])


def _year(match: re.Match[str], text: str) -> _Found | None:
    if not _is_year(text, match.start("year"), match.end("year")):
        return None
    part = match.groupdict().get("part")
    end_part = bool(part and "end" in part.lower())
    return _fixed(match, _part_of_year(int(match["year"]), part), end_part)


def _year_range(match: re.Match[str], text: str) -> _Found | None:
    first, second = int(match["year"]), match["year2"]
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last <= first or not _is_year(text, match.start(), match.end()):
        return None
    return _fixed(match, (date(first, 1, 1), date(last, 12, 31)))


def _decade(match: re.Match[str], _text: str) -> _Found | None:
    start = int(match["decade"])
    part = (match["part"] or "").lower()
    first, last = {"early": (0, 3), "mid": (3, 6), "late": (7, 9)}.get(part[:3], (0, 9))
    if part.startswith("late"):
        first, last = 7, 9
    return _fixed(match, (date(start + first, 1, 1), date(start + last, 12, 31)))


def _ago(match: re.Match[str], _text: str) -> _Found | None:
    count, unit = _count(match["n"]), match["unit"].lower()

    def resolve(ref: date, _tense: int) -> Interval | None:
        if unit in ("year", "decade"):
            year = ref.year - count * (10 if unit == "decade" else 1)
            return date(year, 1, 1), date(year, 12, 31)
        if unit == "month":
            day = _add_months(ref, -count)
            return _month_interval(day.year, day.month)
        day = ref - timedelta(days=count * (7 if unit == "week" else 1))
        return day, day

    return _floating(match, resolve)


def _rolling(match: re.Match[str], _text: str) -> _Found | None:
    unit = match["unit"].lower()
    count = _count(match["n"]) if match.groupdict().get("n") else 1
    plural = match.group(0).lower().endswith("s")
    if match.groupdict().get("ahead") == "next" and not (plural or match.groupdict().get("n")):
        return None  # "the next year" tells of a year after something said before
    if match.groupdict().get("recent") or (plural and not match.groupdict().get("n")):
        # "in recent months", "in the coming weeks": how far "recent" or "coming" reaches
        count = {"day": 14, "week": 6, "month": 6, "year": 5, "decade": 1}[unit]

    sign = 1 if match.groupdict().get("ahead") else -1  # "the coming months" look ahead

    def resolve(ref: date, _tense: int) -> Interval | None:
        if unit in ("year", "decade"):
            other = _add_months(ref, sign * 12 * count * (10 if unit == "decade" else 1))
        elif unit == "month":
            other = _add_months(ref, sign * count)
        else:
            other = ref + timedelta(days=sign * count * (7 if unit == "week" else 1))
        return min(ref, other), max(ref, other)

    return _floating(match, resolve)


def _recently(match: re.Match[str], _text: str) -> _Found | None:
    return _floating(match, lambda ref, _t: (ref - timedelta(days=90), ref))


def _now(match: re.Match[str], _text: str) -> _Found | None:
    shift = {"yesterday": -1, "tomorrow": 1}.get(match.group(0).lower(), 0)
    return _floating(match, lambda ref, _t: (ref + timedelta(days=shift),) * 2)


def _unit_relative(match: re.Match[str], text: str) -> _Found | None:
    rel = " ".join(match["rel"].lower().split())
    part = (match.groupdict().get("part") or "").lower()
    unit = match["unit"].lower()
    if rel == "the" and not part:
        return None  # "the year" alone refers to something said before
    if rel == "next" and not part and re.search(r"\bthe\s+$", text[: match.start()], _I):
        return None  # "the next year": the year after something said before
    if rel in ("the past", "past", "the last"):
        return _rolling(match, text)
    shift = {"last": -1, "next": 1, "the coming": 1}.get(rel, 0)

    def resolve(ref: date, _tense: int) -> Interval | None:
        if unit == "year":
            whole = (date(ref.year + shift, 1, 1), date(ref.year + shift, 12, 31))
        elif unit == "month":
            moved = _add_months(ref.replace(day=1), shift)
            whole = _month_interval(moved.year, moved.month)
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
            return _part_of_year(whole[0].year, part)
        return _part_of_month(whole[0].year, whole[0].month, part)

    return _floating(match, resolve, "end" in part)


def _weekday(match: re.Match[str], _text: str) -> _Found | None:
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
_PART_WORDS = ("early", "mid", "late", "beginning", "start", "end")  # "middle" holds "mid"
_REL_WORDS = ("last", "this", "next")
_SEASON_WORDS = tuple(SEASONS)
_UNIT_WORDS = ("year", "month", "week", "day", "decade")

_PATTERNS: tuple[_Pattern, ...] = (
    _pattern(
        r"\b(?P<year>(?:19|20)\d\d)-(?P<mon>[01]\d)-(?P<day>[0-3]\d)\b",
        _iso,
        _CENTURIES,
        ("-",),
    ),
    _pattern(
        rf"(?:{_WEEKDAY},?\s+)?\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?", _full_date, _MONTH_WORDS
    ),
    _pattern(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?", _full_date, _MONTH_WORDS),
    _pattern(
        rf"\b(?:{_PART}\s*)?{_MONTH}(?:\s+of)?,?\s+{_YEAR}", _month_year, _MONTH_WORDS, _CENTURIES
    ),
    _pattern(rf"\b{_PART}\s*{_MONTH}", _month_alone, _MONTH_WORDS, _PART_WORDS),
    _pattern(
        rf"\b(?P<rel>(?i:last|this\s+past|this|next))\s+{_MONTH}",
        _month_alone,
        _MONTH_WORDS,
        _REL_WORDS,
    ),
    _pattern(
        r"\b(?P<cue>(?i:in|on|since|from|to|until|till|through|by|of|during|before|after|and"
        rf"|or|between|around|throughout))\s+{_MONTH}",
        _month_alone,
        _MONTH_WORDS,
    ),
    _pattern(
        rf"\b(?:(?P<part>early|mid-?|late)\s*)?{_SEASON}(?:\s+of)?\s+{_YEAR}",
        _season,
        _SEASON_WORDS,
        _CENTURIES,
    ),
    _pattern(
        rf"\b(?P<rel>this\s+past|this|last|next|the|in)\s+(?:(?P<part>early|late)\s+)?{_SEASON}\b",
        _season,
        _SEASON_WORDS,
        flags=_I,
    ),
    _pattern(
        r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+"
        rf"(?P<unit>quarter|half)(?:(?:\s+of)?\s+(?:{_YEAR}|(?:the\s+)?(?P<rel>this|last|next"
        r"|the|current)\s+year)|(?!\s+of\b))",
        _quarter,
        ("quarter", "half"),
        flags=_I,
    ),
    _pattern(rf"\b(?P<unit>[QH])(?P<q>[1-4])(?:\s+of)?\s+{_YEAR}", _quarter, _CENTURIES),
    # "Q4" alone only after a word that makes it a time: "in Q4", "the Q3 figures"
    _pattern(
        r"\b(?:in|during|for|by|since|until|the|of)\s+(?P<unit>Q)(?P<q>[1-4])\b",
        _quarter_after_word,
        ("q1", "q2", "q3", "q4"),
    ),
    _pattern(
        rf"\b(?:the\s+)?first\s+{_NUMBER}\s+months\s+of\s+(?:{_YEAR}|(?:the\s+)?"
        r"(?P<rel>this|last|the|current)\s+year)",
        _first_months,
        ("first",),
        ("months",),
        flags=_I,
    ),
    _pattern(r"\b(?:the\s+)?year[-\s]end\b", _year_end, ("year",), ("end",), flags=_I),
    _pattern(
        rf"\b{_YEAR}\s*(?:-|–|—|/|to|through)\s*(?P<year2>(?:19|20)?\d\d)(?![\d])",
        _year_range,
        _CENTURIES,
    ),
    _pattern(rf"\b(?:{_PART}\s*)?{_YEAR}", _year, _CENTURIES, flags=_I),
    _pattern(
        r"\b(?:the\s+)?(?:(?P<part>early|mid-?|late)\s*)?(?P<decade>(?:19|20)\d0)'?s\b",
        _decade,
        _CENTURIES,
        ("0s", "0's"),
        flags=_I,
    ),
    _pattern(rf"\b{_NUMBER}\s+{_UNIT}\s+ago\b", _ago, ("ago",), _UNIT_WORDS, flags=_I),
    _pattern(
        rf"\b(?:(?:in|over|during|for|within)\s+)?the\s+(?:(?P<ahead>coming|next)|past|last)\s+"
        rf"(?:{_NUMBER}\s+)?"
        rf"{_UNIT}",
        _rolling,
        ("coming", "next", "past", "last"),
        _UNIT_WORDS,
        flags=_I,
    ),
    _pattern(
        rf"\b(?:(?:in|over|during)\s+)?(?P<recent>recent)\s+{_UNIT}",
        _rolling,
        ("recent",),
        _UNIT_WORDS,
        flags=_I,
    ),
    _pattern(r"\b(?:recently|lately|of\s+late)\b", _recently, ("recent", "late"), flags=_I),
    _pattern(
        r"\b(?:currently|now|presently|at\s+present|at\s+the\s+moment|these\s+days|nowadays"
        r"|to\s+date|so\s+far|today|yesterday|tomorrow|at\s+this\s+time)\b",
        _now,
        # "now" is in "nowadays", "present" in "presently", "day" in "today" and "these days"
        ("currently", "now", "present", "moment", "day", "date", "far", "tomorrow", "time"),
        flags=_I,
    ),
    _pattern(
        r"\b(?:(?P<part>earlier|later|early|late|mid-?|(?:the\s+)?(?:beginning|start|middle"
        r"|end)\s+of)\s*)?(?P<rel>this|last|next|the\s+current|the\s+coming|the\s+past|past"
        r"|the\s+last|the)\s+(?P<unit>year|month|week)\b",
        _unit_relative,
        ("year", "month", "week"),
        flags=_I,
    ),
    _pattern(
        r"\b(?P<part>earlier|later)\s+in\s+(?P<rel>the)\s+(?P<unit>year|month|week)\b",
        _unit_relative,
        ("earlier", "later"),
        ("year", "month", "week"),
        flags=_I,
    ),
    _pattern(rf"\b(?:(?P<rel>last|this|next)\s+)?(?P<weekday>{_WEEKDAY})\b", _weekday, ("day",)),
)
# the word groups a time or any pattern needs; each word is looked up once per sentence
_WORD_GROUPS = frozenset({_TIME_WORDS}).union(*(pattern.needs for pattern in _PATTERNS))
_LOOKED_UP_WORDS: frozenset[str] = frozenset().union(*_WORD_GROUPS)


# --- finding, joining, resolving -------------------------------------------------------------


def find_times(text: str, offset: int, published: str | None) -> list[TimeMention]:
    """Every time expression in `text`, spans absolute (`offset` + position in `text`)."""
    folded = fold_lookalikes(text)
    groups = _word_groups_in(folded)
    if _TIME_WORDS not in groups and not _DIGIT.search(folded):
        return []
    found = _joined(folded, _with_operators(folded, _candidates(folded, groups)))
    period = period_of_published(published)
    return [_mention(text, folded, offset, item, period) for item in found]


_PUBLISHED_DATE = re.compile(r"^((?:19|20)\d\d)(?:-(\d\d)(?:-(\d\d))?)?")


# asked for once per sentence, and a corpus has few publication dates
@lru_cache(maxsize=1024)
def period_of_published(published: str | None) -> Interval | None:
    """The first and last day a publication date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) allows."""
    match = _PUBLISHED_DATE.match((published or "").strip())
    if match is None:
        return None
    year = int(match[1])
    if match[3]:
        return _safe(lambda: (date(year, int(match[2]), int(match[3])),) * 2)
    if match[2]:
        return _safe(lambda: _month_interval(year, int(match[2])))
    return date(year, 1, 1), date(year, 12, 31)


def when_of_published(published: str | None) -> When | None:
    """The interval a publication date covers, as a When without text; None when unknown."""
    period = period_of_published(published)
    if period is None:
        return None
    return When(None, period[0].isoformat(), period[1].isoformat())


def combine(mentions: Sequence[TimeMention]) -> When | None:
    """The time of a clause that names several: the narrowest closed interval (the most specific
    time the clause gives; the first one on a tie), else the first open period, else the first
    mention even unresolved; None when there is no mention."""
    if not mentions:
        return None
    closed = [m for m in mentions if m.when.start and m.when.end]
    if closed:
        return min(closed, key=lambda m: (_width(m.when), m.span.start)).when
    open_periods = [m for m in mentions if m.when.start or m.when.end]
    return (open_periods or list(mentions))[0].when


def _width(when: When) -> int:
    return (date.fromisoformat(str(when.end)) - date.fromisoformat(str(when.start))).days


def _word_groups_in(text: str) -> frozenset[frozenset[str]]:
    """The groups of `_WORD_GROUPS` with a word that occurs in `text` (folded), in any case."""
    lowered = text.lower()
    words = {word for word in _LOOKED_UP_WORDS if word in lowered}
    return frozenset(group for group in _WORD_GROUPS if not group.isdisjoint(words))


def _candidates(text: str, groups: frozenset[frozenset[str]]) -> list[_Found]:
    """Non-overlapping matches of every pattern, the longest winning where they overlap;
    `groups` are the word groups the text holds: a pattern needing another is not run."""
    found: list[_Found] = []
    for pattern in _PATTERNS:
        if not pattern.needs <= groups:
            continue
        for match in pattern.regex.finditer(text):
            item = pattern.build(match, text)
            if item is not None and item.end > item.start:
                found.append(item)
    found.sort(key=lambda f: (f.start, f.start - f.end))
    chosen: list[_Found] = []
    for item in found:
        if chosen and item.start < chosen[-1].end:
            continue
        chosen.append(item)
    return chosen


def _with_operators(text: str, found: Iterable[_Found]) -> list[_Found]:
    result = []
    for item in found:
        match = _OPERATOR.search(text[max(0, item.start - 20) : item.start])
        if match is not None:
            op = " ".join(match["op"].lower().split())
            start = item.start - (len(text[max(0, item.start - 20) : item.start]) - match.start())
            item = replace(
                item,
                op=op.split()[0] if op.startswith(("starting", "beginning")) else op,
                text_start=start,
            )
        result.append(item)
    return result


def _joined(text: str, found: list[_Found]) -> list[_Found]:
    """Ranges ("from X to Y", "between X and Y", "X-Y") become one mention."""
    result: list[_Found] = []
    index = 0
    while index < len(found):
        first = found[index]
        if index + 1 < len(found):
            second = found[index + 1]
            link = _RANGE_LINK.match(text[first.end : second.start])
            if (
                link
                and second.op is None
                and ("and" not in link.group(0).lower() or first.op == "between")
            ):
                result.append(_range(first, second))
                index += 2
                continue
        result.append(first)
        index += 1
    return result


def _range(first: _Found, second: _Found) -> _Found:
    def resolve(ref: date, tense: int) -> Interval | None:
        last = second.resolve(ref, tense)
        if last is None:
            return None
        # "from late March to early April 2023": the first end is placed before the second
        placed_by_second = first.yearless and (second.yearless or not second.relative)
        head = first.resolve(last[0], 0) if placed_by_second else first.resolve(ref, tense)
        if head is None:
            return None
        return min(head[0], last[0]), max(head[1], last[1])

    start = first.text_start if first.text_start is not None else first.start
    op = first.op if first.op not in ("from", "between") else None
    relative = second.relative or (first.relative and not first.yearless)
    return _Found(first.start, second.end, resolve, relative, op=op, text_start=start)


def _mention(
    text: str, folded: str, offset: int, item: _Found, period: Interval | None
) -> TimeMention:
    """The mention of `item`, written as in `text`, resolved as read in `folded`."""
    start = item.text_start if item.text_start is not None else item.start
    span = Span(offset + start, offset + item.end)
    written = text[start : item.end]
    interval = _resolved(folded, item, period)
    if interval is None:
        return TimeMention(written, span, When(written, None, None))
    first: date | None = interval[0]
    last: date | None = interval[1]
    if item.op == "since":
        last = period[1] if period else None
    elif item.op in ("until", "till", "through", "up to", "up until", "by"):
        first = None
    elif item.op == "before":
        first, last = None, interval[1] if item.end_part else interval[0] - timedelta(days=1)
    elif item.op == "after":
        first, last = interval[1] + timedelta(days=1), None
    elif item.op in ("from", "starting", "beginning"):
        last = None
    if first is not None and last is not None and first > last:  # "since" a time still to come
        first, last = interval
    when = When(written, first.isoformat() if first else None, last.isoformat() if last else None)
    return TimeMention(written, span, when)


def _tense(text: str, start: int) -> int:
    """1 when a future cue comes before the time ("plans to send ... in June"); -1 when the
    sentence speaks only in the past ("In June, 1,000 workers arrived"), so a yearless time is
    one already gone; else 0."""
    if _FUTURE_CUE.search(text, 0, start):
        return 1
    if _told_in_past(text) and not _FUTURE_CUE.search(text, start):
        return -1
    return 0


def _told_in_past(text: str) -> bool:
    words = words_of(text)
    return not words.isdisjoint(_PAST_WORDS) or any(
        len(w) > 3 and w.endswith("ed") and not w.endswith("eed") and w not in _NOT_PAST_ED
        for w in words
    )


def _resolved(text: str, item: _Found, period: Interval | None) -> Interval | None:
    """The item's interval; a relative one is joined over the publication period's two ends."""
    if not item.relative:
        return item.resolve(date(2000, 1, 1), 0)
    if period is None:
        return None
    tense = -1 if item.op == "since" else _tense(text, item.start)
    ends = [item.resolve(ref, tense) for ref in period]
    if ends[0] is None or ends[1] is None:
        return None
    return min(ends[0][0], ends[1][0]), max(ends[0][1], ends[1][1])
