"""Publication date inferred from a document's text, when neither the record nor the page gives it.

`infer_published(text, anchors)` returns `YYYY` or `YYYY-MM` (a full date only from a dateline),
with only the precision the text supports, or None when it says nothing datable. The evidence:

- lower bounds: every explicit date or year not in a future context ("in 2024", "Sept. 13,
  2023", "since 2022"), and every mention of an anchor event (resources/anchor_events.tsv): the
  text was written after them;
- upper bounds: explicit dates in a future context ("plans for 2026", "will ... in 2025");
- the year: a relative expression ("last year", "four years ago", "last autumn") in the same
  sentence as an anchor event gives the exact year; failing that, "last year" or "N years ago"
  beside a year the sentence states ("in 2023, last year"), or the year a "this year" is
  compared with ("up from 1,200 in the same period of 2024"); failing that, an anchor event in
  an adjacent sentence; failing that, a whole year's figures ("15,000 entered Russia in 2024"),
  told once that year is over. Within a tier the most common candidate inside the bounds wins,
  the latest on a tie; "a year after" an anchor event is a lower bound a year on;
- the month: a month without a year in a past context ("reported in early April", "As of May 3")
  places the publication after it in that year; in a future context ("starting in early March")
  before it; "last month" or "earlier this month" next to a dated anchor gives the month.

A dateline ("SEOUL, May 3, 2024 (Agency) -") or a "Published: ..." line at the top is the date
itself and settles the matter. Otherwise the result is the latest lower bound, never later than
an upper bound. It has month precision when that bound comes from a yearless month, a relative
month, or an event dated to the day in the lead (the news itself); year precision otherwise.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from laborwatch.errors import ResourceError
from laborwatch.extract.calendar_periods import count_of
from laborwatch.extract.dates import find_times
from laborwatch.extract.regex import searchable
from laborwatch.model import TimeMention
from laborwatch.resources import resource_path

# two arbitrary references: a time resolved differently against them is relative
_REFERENCES = ("2000-06-15", "2010-06-15")
_LEAD_SENTENCES = 3
# a dateline's date opens its line ("WARSAW, July 4, 2016 (Agency) -", "Published: 3 May 2024")
_DATELINE_REACH = 40
_DATELINE_END = re.compile(r"\s*(?:\(|[-–—:|/]|$)|\s+(?:at\s+)?\d{1,2}[:.]\d\d")
# "2024.05.03 15:22", "2024/5/3": the year first, as Korean and Japanese sites write it
_NUMERIC_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[./](\d{1,2})[./](\d{1,2})(?!\d)")
_MONTH_WORD = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?![A-Za-z])"
)
_SENTENCE_END = re.compile(r"\n+|(?<=[.!?])[\"”’']?\s+(?=[\"“‘']?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b[A-Z][a-z]{1,3}|[A-Za-z]\.[A-Za-z]|\bNo|\bvs)\.$")


@dataclass(frozen=True, slots=True)
class AnchorEvent:
    name: str
    day: date
    precision: int  # 4, 7 or 10: the length of the date as the data file writes it
    groups: tuple[re.Pattern[str], ...]
    exclude: re.Pattern[str] | None

    def matches(self, sentence: str) -> bool:
        if self.exclude is not None and self.exclude.search(sentence):
            return False
        return all(group.search(sentence) for group in self.groups)


@dataclass(frozen=True, slots=True)
class AnchorEvents:
    events: tuple[AnchorEvent, ...]
    future_cue: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Bound:
    day: date
    month_precise: bool  # the evidence dates the publication to the month


@dataclass(slots=True)
class _Evidence:
    lower: list[_Bound] = field(default_factory=list)
    upper: list[date] = field(default_factory=list)
    years_same: list[int] = field(default_factory=list)  # from anchors in the same sentence
    years_stated: list[int] = field(default_factory=list)  # from years stated in the sentence
    years_near: list[int] = field(default_factory=list)  # from anchors in adjacent sentences
    years_counted: list[int] = field(default_factory=list)  # after a year's figures were told
    months: list[date] = field(default_factory=list)  # first days of implied publication months
    past_yearless: list[tuple[int, int, bool]] = field(default_factory=list)  # month, day, same
    future_yearless: list[tuple[int, int]] = field(default_factory=list)  # month, day


def load_anchor_events() -> AnchorEvents:
    """Anchor events and time cue words from resources/, checked row by row."""
    events = tuple(_anchor_rows("anchor_events.tsv"))
    cues = [value for kind, value in _rows("time_words.tsv", 2) if kind == "future_cue"]
    if not events or not cues:
        raise ResourceError("anchor_events.tsv or time_words.tsv has no usable rows")
    future = searchable(r"\b(?:" + "|".join(f"(?:{c})" for c in cues) + r")\b", re.IGNORECASE)
    return AnchorEvents(events, future)


def _rows(name: str, columns: int) -> Iterator[list[str]]:
    try:
        lines = resource_path(name).read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise ResourceError(f"cannot read resources/{name}: {error}") from error
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < columns or not all(c.strip() for c in cells[:2]):
            raise ResourceError(f"resources/{name}:{number}: expected {columns} columns")
        yield [c.strip() for c in cells]


def _alternatives(cell: str) -> re.Pattern[str]:
    words = [re.escape(w.strip()) for w in cell.split("|") if w.strip()]
    return searchable(r"(?<![\w])(?:" + "|".join(words) + ")", re.IGNORECASE)


def _anchor_rows(name: str) -> Iterator[AnchorEvent]:
    for cells in _rows(name, 5):
        written, title, all_of, none_of = cells[:4]
        try:
            parts = [int(p) for p in written.split("-")]
            day = date(parts[0], *[*parts[1:], 1, 1][:2])
        except (ValueError, TypeError) as error:
            raise ResourceError(f"resources/{name}: bad date {written!r}") from error
        groups = tuple(_alternatives(g) for g in all_of.split(" ; ") if g.strip())
        exclude = _alternatives(none_of) if none_of else None
        yield AnchorEvent(title, day, len(written), groups, exclude)


def infer_published(text: str, anchors: AnchorEvents) -> str | None:
    """`YYYY` or `YYYY-MM` the text supports, or None (see the module docstring); the full date
    when the text opens with a dateline ("WARSAW, July 4, 2016 (Agency) -")."""
    dateline = _dateline(text)
    if dateline is not None:
        return dateline
    sentences = _sentences(text)
    matched = [[e for e in anchors.events if e.matches(s)] for s in sentences]
    evidence = _Evidence()
    for index, sentence in enumerate(sentences):
        near = [e for i in (index - 1, index + 1) if 0 <= i < len(sentences) for e in matched[i]]
        lead = index < _LEAD_SENTENCES
        _collect(sentence, matched[index], near, lead, anchors, evidence)
    return _estimate(evidence)


def _dateline(text: str) -> str | None:
    """The date a dateline or a "Published:" line near the top of the text gives."""
    lines = [line for line in text.splitlines() if line.strip()][: _LEAD_SENTENCES + 2]
    for line in lines:
        numeric = _NUMERIC_DATE.search(line, 0, _DATELINE_REACH + 10)
        if numeric and _DATELINE_END.match(line, numeric.end()):
            year, month, day = (int(part) for part in numeric.groups())
            if _day(year, month, day) is not None:
                return f"{year:04d}-{month:02d}-{day:02d}"
        # "Thursday, 12 September 2024": the weekday is no date of its own
        mentions = [m for m in find_times(line, 0, None) if m.when.start or m.when.end]
        if not mentions:
            continue
        first = mentions[0]
        ends = _DATELINE_END.match(line, first.span.end) is not None
        opens = first.span.start <= _DATELINE_REACH and ends
        if opens and first.when.start is not None and first.when.start == first.when.end:
            return first.when.start
    return None


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.start()]
        if "\n" not in match.group(0) and _ABBREVIATION.search(piece):
            continue  # "Sept. 13", "Sergei K. Shoigu"
        sentences.append(piece)
        start = match.end()
    sentences.append(text[start:])
    return [s for s in sentences if s.strip()]


# "more than a year after the invasion", "two years into the war": written that long after
_YEARS_AFTER = re.compile(
    r"\b(?P<n>a|one|two|three|four|five|six|\d)\s+years?\s+(?:after|since|into|on\s+from)\b",
    re.IGNORECASE,
)
_NEARLY = re.compile(r"\b(?:nearly|almost|close\s+to|not\s+quite)\s+$", re.IGNORECASE)
# a year that "this year" is compared with is the year before: "up from 1,200 in the same
# period of 2024", "compared with 2024"
_BASELINE_YEAR = re.compile(
    r"\b(?:same\s+(?:period|time|months?|quarter|half)\s+(?:of|in|last)|(?:up|down)\s+from"
    r"\s+[^.;]{0,40}?\bin|compared\s+(?:with|to)(?:\s+[^.;]{0,40}?\bin)?|than\s+in)"
    r"\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_THIS_YEAR = re.compile(r"\bthis\s+year\b", re.IGNORECASE)
# a whole year's figures are told once it is over: "13,221 North Koreans entered Russia in
# 2024", "In 2023, arrivals rose to 12,000"; not a span, nor a month of it
_COUNTED = (
    r"(?:entered|arrived|came|crossed|(?:was|were)\s+issued|issued|received|admitted|totall?ed"
    r"|numbered|reached|rose|grew|fell|increased|decreased|doubled|tripled|jumped|surged|soared)"
)
_YEAR_COUNTED = re.compile(
    rf"\b{_COUNTED}\b[^.;]{{0,60}}?\b(?:in|during|throughout|over)\s+(?:the\s+whole\s+of\s+)?"
    rf"(?P<year>(?:19|20)\d\d)\b(?!\s*(?:[-–/]|and\b|to\b))"
    rf"|\b(?:in|during|throughout)\s+(?P<lead>(?:19|20)\d\d),?\s[^.;]{{0,80}}?\b{_COUNTED}\b",
    re.IGNORECASE,
)
# a number of people or money told, not a year: "13,221", "500"
_FIGURE = re.compile(r"(?<![\d,.])(?!(?:19|20)\d\d\b)\d[\d,]{2,}\b")
_MONTHS_NAMED = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s|\bquarter\b|\bhalf\b"
    r"|\bfirst\s+(?:\w+\s+)?months\b",
)
_SEASON = re.compile(r"\b(?:spring|summer|autumn|fall|winter)\b")


def _collect(
    sentence: str,
    here: list[AnchorEvent],
    near: list[AnchorEvent],
    lead: bool,
    anchors: AnchorEvents,
    evidence: _Evidence,
) -> None:
    for event in here:
        evidence.lower.append(_Bound(event.day, lead and event.precision == 10))
    if here:
        _years_after(sentence, here, evidence)
    if _THIS_YEAR.search(sentence):
        evidence.years_stated.extend(
            int(m.group("year")) + 1 for m in _BASELINE_YEAR.finditer(sentence)
        )
    elif _FIGURE.search(sentence) and not _MONTHS_NAMED.search(sentence):
        evidence.years_counted.extend(
            int(m.group("year") or m.group("lead")) + 1 for m in _YEAR_COUNTED.finditer(sentence)
        )
    absolute = find_times(sentence, 0, None)
    if not absolute:
        return
    at = [find_times(sentence, 0, reference) for reference in _REFERENCES]
    future = [_is_future(sentence, mention, anchors) for mention in absolute]
    stated = [
        int(m.when.start[:4])
        for m, ahead in zip(absolute, future, strict=True)
        if not ahead and m.when.start and m.when.end and m.when.start[:4] == m.when.end[:4]
    ]
    for plain, first, second, ahead in zip(absolute, at[0], at[1], future, strict=False):
        if plain.when.start or plain.when.end:
            _absolute(plain, ahead, lead, evidence)
        elif first.when != second.when and (first.when.start or first.when.end):
            _relative(first, _Nearby(here, near, stated), ahead, evidence)


def _years_after(sentence: str, here: list[AnchorEvent], evidence: _Evidence) -> None:
    """ "More than a year after the invasion": the text was written at least that long after
    the event of its sentence ("almost two years after": at least a year)."""
    for match in _YEARS_AFTER.finditer(sentence):
        count = count_of(match.group("n"))
        if _NEARLY.search(sentence, max(0, match.start() - 16), match.start()):
            count -= 1
        if count < 1:
            continue
        for event in here:
            later = _day(event.day.year + count, event.day.month, event.day.day)
            if later is not None:
                evidence.lower.append(_Bound(later, False))


def _is_future(sentence: str, mention: TimeMention, anchors: AnchorEvents) -> bool:
    before = sentence[max(0, mention.span.start - 60) : mention.span.start]
    return anchors.future_cue.search(before) is not None


def _absolute(mention: TimeMention, future: bool, lead: bool, evidence: _Evidence) -> None:
    start, end = mention.when.start, mention.when.end
    if future:
        if end:
            evidence.upper.append(date.fromisoformat(end))
        return
    if start:  # "until 2019", "by 2030" have no start and say nothing of when it was written
        first = date.fromisoformat(start)
        precise = end is not None and date.fromisoformat(end) - first < timedelta(days=31)
        evidence.lower.append(_Bound(first, lead and precise))


@dataclass(frozen=True, slots=True)
class _Nearby:
    """What a relative expression can be counted from."""

    here: list[AnchorEvent]  # anchor events in its sentence
    near: list[AnchorEvent]  # anchor events in the sentences before and after
    stated: list[int]  # years its sentence states ("in 2023, last year")


def _relative(mention: TimeMention, nearby: _Nearby, future: bool, evidence: _Evidence) -> None:
    """`mention` is resolved against the first reference date (mid-June 2000)."""
    reference = date.fromisoformat(_REFERENCES[0])
    start = date.fromisoformat(mention.when.start) if mention.when.start else None
    end = date.fromisoformat(mention.when.end) if mention.when.end else None
    if _MONTH_WORD.search(mention.text) and not re.search(r"\d{4}", mention.text):
        _yearless(start, end, reference, future, evidence)
        return
    if start is None or end is None:
        return
    words = mention.text.lower()
    if (
        (re.search(r"\byears?\b|\bago\b", words) or _SEASON.search(words))
        and start.year == end.year
        and "month" not in words
    ):
        offset = reference.year - start.year
        if offset >= 0:
            evidence.years_same.extend(e.day.year + offset for e in nearby.here)
            evidence.years_near.extend(e.day.year + offset for e in nearby.near)
        if offset >= 1:  # "this year" beside a stated year would speak of two different years
            evidence.years_stated.extend(year + offset for year in nearby.stated)
    elif "month" in words and (start.year, start.month) == (end.year, end.month):
        offset = (reference.year - start.year) * 12 + reference.month - start.month
        for event in nearby.here:
            if event.precision >= 7 and offset >= 0:
                index = event.day.year * 12 + event.day.month - 1 + offset
                evidence.months.append(date(index // 12, index % 12 + 1, 1))


def _yearless(
    start: date | None, end: date | None, reference: date, future: bool, evidence: _Evidence
) -> None:
    """A month or day without a year: only its month and day matter."""
    if future:
        first = start or end
        if first is not None:
            evidence.future_yearless.append((first.month, first.day))
        return
    if start is not None and (end is None or end == reference):  # "from March", "since May"
        after = start
    elif end is not None:
        after = end if start == end else end + timedelta(days=1)
    else:
        return
    last = end or start or after
    evidence.past_yearless.append((after.month, after.day, after.year != last.year))


def _estimate(evidence: _Evidence) -> str | None:
    if not evidence.lower:
        return None
    best = max(evidence.lower, key=lambda b: (b.day, b.month_precise))
    ceiling = min(evidence.upper) if evidence.upper else None
    if ceiling is not None and ceiling < best.day:
        ceiling = None  # contradicts the lower bounds: a future context misread
    year = _year(evidence, best.day.year, ceiling.year if ceiling else None)
    if year > best.day.year:
        best = _Bound(date(year, 1, 1), False)
    for month, day in evidence.future_yearless:
        before = _day(year, month, day)
        if before is not None and before < best.day:
            before = _day(year + 1, month, day)
        if before is not None and (ceiling is None or before < ceiling):
            ceiling = before
    for first in evidence.months:
        if first.year == year and first >= best.day.replace(day=1):
            best = _Bound(max(first, best.day), True)
    for month, day, next_year in evidence.past_yearless:
        after = _day(year + next_year, month, day)
        if after is not None and after >= best.day and (ceiling is None or after <= ceiling):
            best = _Bound(after, True)
    if best.month_precise:
        return f"{best.day.year:04d}-{best.day.month:02d}"
    return f"{best.day.year:04d}"


def _year(evidence: _Evidence, floor: int, ceiling: int | None) -> int:
    """The year the relative expressions agree on within the bounds, else the lower bound's."""
    tiers = (
        evidence.years_same,
        evidence.years_stated,
        evidence.years_near,
        evidence.years_counted,
    )
    for candidates in tiers:
        valid = [y for y in candidates if y >= floor and (ceiling is None or y <= ceiling)]
        if valid:
            counts = Counter(valid)
            return max(counts, key=lambda y: (counts[y], y))
    return floor


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # the 29th of February of a common year
        return None
