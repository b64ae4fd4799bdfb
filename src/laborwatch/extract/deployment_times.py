"""When a count's people were where the sentence puts them: the time nearest the count in its
clause, the time of the sentence before that the sentence carries on ("Shortly after, ..."),
none for a habitual statement, the publication date for the rest, and a comparison's
baseline time ("up from 4,000 a year earlier").

Apart from the finder (deployments.py), and from dates.py, which finds and resolves the time
mentions these choose among.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from laborwatch.extract.deployment_context import SentenceContext
from laborwatch.extract.regex import searchable
from laborwatch.model import Deployment, TimeMention, When

_HABITUAL = searchable(
    r"\b(?:previously|in\s+the\s+past|(?<!be\s)(?<!been\s)(?<!being\s)used\s+to|each\s+year|every\s+year|annually|"
    r"historically|formerly|once\s+had|before\s+the|in\s+earlier\s+years)\b",
    re.IGNORECASE,
)
CARRY_TIME = re.compile(
    r"^\W*(?:shortly|soon|immediately|not\s+long)\s+(?:after|afterwards?|thereafter)|"
    r"^\W*(?:afterwards?|later|then|thereafter|at\s+the\s+time|that\s+year|the\s+same\s+year)\b|"
    r"^\W*when\s+(?:I|we|they|he|she)\s+\w+",
    re.IGNORECASE,
)
# a time across a comma from a count belongs to it only when no time is nearer by this much
_ACROSS_COMMA = 50
_YEAR_BEFORE = searchable(
    r"\b(?:a|one)\s+year\s+(?:earlier|before|prior)\b|\bthe\s+(?:previous|prior|preceding)\s+year\b"
    r"|\bthe\s+year\s+before\b",
    re.IGNORECASE,
)


def count_when(
    sentence: str,
    offset: int,
    clause: tuple[int, int],
    people: tuple[int, int],
    times: Sequence[TimeMention],
    context: SentenceContext,
    compared: Deployment | None,
    antecedent: Deployment | None,
) -> When | None:
    """The baseline's time for a count compared with an earlier one, else the count's own, else
    its antecedent's, else the sentence's default."""
    if compared is not None:
        return _baseline_when(sentence, offset, clause, times, compared.when)
    when = _find_when(sentence, offset, clause, people, times, context)
    return when or (antecedent.when if antecedent else None) or _default_when(sentence, context)


def _find_when(
    sentence: str,
    offset: int,
    clause: tuple[int, int],
    count: tuple[int, int],
    times: Sequence[TimeMention],
    context: SentenceContext,
) -> When | None:
    """The time the sentence gives for this count: in its clause, or before it."""
    usable = [t for t in times if t.span.start - offset < clause[1]]
    if usable:
        in_clause = [t for t in usable if t.span.start - offset >= clause[0]] or usable
        nearest = min(in_clause, key=lambda t: _gap(sentence, t, count, offset))
        return nearest.when
    if CARRY_TIME.search(sentence) and context.previous_when is not None:
        return context.previous_when
    return None


def _default_when(sentence: str, context: SentenceContext) -> When | None:
    """No time given: a habitual statement has none; others speak of the publication date."""
    return None if _HABITUAL.search(sentence) else context.default_when


def _gap(sentence: str, time: TimeMention, count: tuple[int, int], offset: int) -> int:
    """How far a time stands from a count and the words naming its people. A comma between
    them puts the time in another phrase ("in November, and 3,000 more in January"); at an
    equal distance the time after is the count's ("from 4,000 in 2022 to 13,000 in 2024")."""
    start, end = time.span.start - offset, time.span.end - offset
    if start >= count[1]:
        between, distance = sentence[count[1] : start], start - count[1]
    elif end <= count[0]:
        between, distance = sentence[end : count[0]], count[0] - end + 1
    else:
        return 0
    return distance + (_ACROSS_COMMA if "," in between or ";" in between else 0)


def _baseline_when(
    sentence: str,
    offset: int,
    clause: tuple[int, int],
    times: Sequence[TimeMention],
    compared: When | None,
) -> When | None:
    """A baseline's own time: in its clause, or "a year earlier" than the count compared; the
    count's time is not the baseline's."""
    for time in times:
        if clause[0] <= time.span.start - offset < clause[1]:
            return time.when
    said = _YEAR_BEFORE.search(sentence, clause[0], clause[1])
    if said is None or compared is None or compared.start is None or compared.end is None:
        return None
    return When(said.group(0), _year_earlier(compared.start), _year_earlier(compared.end))


def _year_earlier(iso: str) -> str:
    year = int(iso[:4]) - 1
    rest = iso[4:]
    return f"{year}{'-02-28' if rest == '-02-29' else rest}"
