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
they are constants (calendar_periods.py, with the calendar arithmetic); time_patterns.py holds the
regexes, time_readings.py what each match means (dateparser is used only on small full-date
candidates there); this module joins and resolves the readings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from laborwatch.extract.calendar_periods import Interval, interval_or_none, month_interval
from laborwatch.extract.lexicon import fold_lookalikes, words_of
from laborwatch.extract.regex import searchable
from laborwatch.extract.time_patterns import TIME_WORDS, find_readings, word_groups_in
from laborwatch.extract.time_readings import TimeReading
from laborwatch.model import Span, TimeMention, When

_I = re.IGNORECASE

# a digit or one of TIME_WORDS must occur before a sentence is worth scanning
_DIGIT = re.compile(r"\d")
_FUTURE_CUE = searchable(
    r"\b(?:will|shall|plans?|planned|planning|intends?|intended|expect(?:s|ed)?\s+to"
    r"|(?:is|are|be)\s+(?:\w+\s+)?expected|scheduled"
    r"|set\s+to|going\s+to|starting|beginning|upcoming|aims?\s+to|would|(?:preparing|prepares"
    r"|poised|ready|due|about)\s+to)\b|'ll\b",
    _I,
)
# verbs in the past tense beside those in -ed ("arrived"; not "hundred", "need", "proceed")
_PAST_WORDS = frozenset(
    {"was", "were", "had", "did", "went", "came", "left", "sent", "took", "began", "flew", "saw"}
)
_NOT_PAST_ED = frozenset({"hundred", "red", "bed", "shed"})
_OPERATOR = searchable(
    r"\b(?P<op>since|until|till|through|up\s+to|up\s+until|by|before|prior\s+to"
    r"|after|from|between"
    r"|starting(?:\s+(?:in|on|from))?|beginning(?:\s+(?:in|on|from))?|as\s+of)\s+(?:the\s+)?$",
    _I,
)
# operators with the sense of another, read as that one
_SAME_OPERATOR: dict[str, str] = {"prior to": "before"}
_RANGE_LINK = re.compile(r"^\s*(?:to|until|till|through|thru|and|-|–|—)\s*$", _I)


def find_times(text: str, offset: int, published: str | None) -> list[TimeMention]:
    """Every time expression in `text`, spans absolute (`offset` + position in `text`)."""
    folded = fold_lookalikes(text)
    groups = word_groups_in(folded)
    if TIME_WORDS not in groups and not _DIGIT.search(folded):
        return []
    found = _joined(folded, _with_operators(folded, find_readings(folded, groups)))
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
        return interval_or_none(lambda: (date(year, int(match[2]), int(match[3])),) * 2)
    if match[2]:
        return interval_or_none(lambda: month_interval(year, int(match[2])))
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


def _with_operators(text: str, found: Iterable[TimeReading]) -> list[TimeReading]:
    result = []
    for item in found:
        match = _OPERATOR.search(text[max(0, item.start - 20) : item.start])
        if match is not None:
            op = " ".join(match["op"].lower().split())
            op = _SAME_OPERATOR.get(op, op)
            start = item.start - (len(text[max(0, item.start - 20) : item.start]) - match.start())
            item = replace(
                item,
                op=op.split()[0] if op.startswith(("starting", "beginning")) else op,
                text_start=start,
            )
        result.append(item)
    return result


def _joined(text: str, found: list[TimeReading]) -> list[TimeReading]:
    """Ranges ("from X to Y", "between X and Y", "X-Y") become one mention."""
    result: list[TimeReading] = []
    index = 0
    while index < len(found):
        first = found[index]
        if index + 1 < len(found):
            second = found[index + 1]
            link = _RANGE_LINK.match(text[first.end : second.start])
            # the second's operator, if any, is the link itself: "from January through June"
            if link and ("and" not in link.group(0).lower() or first.op == "between"):
                result.append(_range(first, second))
                index += 2
                continue
        result.append(first)
        index += 1
    return result


def _range(first: TimeReading, second: TimeReading) -> TimeReading:
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
    return TimeReading(first.start, second.end, resolve, relative, op=op, text_start=start)


def _mention(
    text: str, folded: str, offset: int, item: TimeReading, period: Interval | None
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


def _resolved(text: str, item: TimeReading, period: Interval | None) -> Interval | None:
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
