"""What finding deployments carries from one count to the next: `SentenceContext`, what
earlier sentences of the document settled, and `DeploymentFact`, a deployment found with the
words that name it; and `clause_bounds`, the clause of its sentence a count is read in.

Apart from the finder (deployments.py) so that the modules reading a count's people, place and
time can take both without importing the finder that imports them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from laborwatch.model import Category, Deployment, Place, Span, Status, When

_CLAUSE_SPLIT = re.compile(
    r";|,\s+(?:while|whereas|but|and\s+(?=\S+\s+(?:said|told)))\s+|\s+while\s+|\s+whereas\s+"
    r"|,\s+(?:compared\s+(?:with|to)|up\s+from|down\s+from|against)\s+"
    # what the people may yet do is no status of theirs: "sent 30,000 soldiers, who may be
    # used for construction"; a running total is a count of its own
    r"|,\s+(?:who|which)\s+(?=(?:may|might|could|would)\b)"
    r"|,\s+(?=(?:bringing|raising|taking|pushing)\s+the\s+(?:total|number)\b)"
)


@dataclass(slots=True)
class SentenceContext:
    """What earlier sentences of the document settled, for sentences that leave it open."""

    published: str | None
    default_when: When | None
    main_country: Place | None
    nk_nearby: bool = False
    previous_when: When | None = None
    previous_destination: Place | None = None
    previous_category: Category | None = None
    previous_status: Status | None = None
    sector_hint: str | None = None
    # the counts a later "of those" or "300 more" may point back to: not the baselines of a
    # comparison ("13,221 entered in 2024, compared with 1,000 in 2023. Of those, ...")
    found: list[Deployment] = field(default_factory=list)
    since_deployment: int = 99  # sentences since the last one with a deployment


@dataclass(frozen=True, slots=True)
class DeploymentFact:
    deployment: Deployment
    focus: Span  # the count and its noun
    baseline: bool = False  # the count a comparison is made with ("up from 4,000")


def clause_bounds(sentence: str, position: int) -> tuple[int, int]:
    """Where the clause holding `position` starts and ends: a count's status, place and time
    are read in its own clause ("500 arrived in May, while 300 left in June")."""
    start, end = 0, len(sentence)
    for match in _CLAUSE_SPLIT.finditer(sentence):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end
