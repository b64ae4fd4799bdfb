"""Events: deployment claims from different reports that describe the same real-world happening.

Two claims belong to one event when they share the category family (labour or troops), the
status family (announced, movement, presence, return), the destination country, and overlapping
times (a claim whose own time is unknown is dated by its report: up to `report_lag_days` before
publication), and one of these holds:

* they come from one sentence ("1,000 sappers and 5,000 builders"): groups of one occurrence;
* they name the same region (admin1): one place, one time, one kind of news;
* one names only the country and the other a region, and both give the same precise number;
* both name only the country, both counts are definite (exact, about or a range) and within
  `country_count_ratio` of each other. A whole country hosts many happenings at once, so a
  country-wide figure ten times another ("50,000 more expected" beside a 5,000 pledge) or a
  later plan of 2,000-3,000 is a different happening, not a contradiction. Except for stocks
  (`stock_families`, people present): every country-wide stock figure of one time counts the
  same quantity, so they always link and disagreeing ones are a contradiction.

A loose country-wide claim ("thousands", "over 10,000", "fewer than 50") never links two events
through itself: it joins at most one, the nearest in time among the country-wide events whose
counts it admits, and otherwise stays alone. Linking is transitive (union-find). Claims are never
edited: an event lists claim ids.

An event is one real-world occurrence that may count several groups (the builders and the
sappers of one pledge). A claim's group is its (sector, visa); its facet adds the region. Same
facet: the intervals must overlap (with `count_tolerance`). A narrower facet is a part of a
broader one ("350 to Moscow" inside "thousands to Russia"): the part may not exceed the whole.
Different groups (sappers and builders) never disagree. Claims that cannot both be true flag the
event as a contradiction and are split into sides, each side internally consistent.

The event's `low`-`high` is the consensus of its headline group only: the group resting on the
most independent origins (on a tie, the whole: no sector or visa; then the most claims). Every
group's own consensus is in `counts`; claims outside the headline group are `parts`.

Origins: a claim's origin is the outlet it rests on: the media outlet it is attributed to
("according to the BBC" in another paper is the BBC's claim), else the publisher of its document,
and copies (documents with `duplicate_of`) are left out altogether, so nothing counts twice.

Only claims from different origins can contradict each other: one report's several numbers are
about different things far more often than they are a slip.

Scale: claims are blocked by (category family, status family, country, year the claim's window
ends) and swept in time order, comparing each claim only with those whose window is still open
and whose region is compatible; loose claims are matched against the block's country-wide
anchors in time order.
"""

from __future__ import annotations

import hashlib
import tomllib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from laborwatch.errors import ResourceError
from laborwatch.model import Category, Claim, Document, Qualifier
from laborwatch.resolve.cluster_consensus import (
    common_window,
    conflict_sides,
    counts_agree,
    group_counts,
    group_label,
    losing_claims,
)
from laborwatch.resolve.cluster_items import ClusterItem, cluster_item
from laborwatch.resources import resource_path

DEFINITE = (Qualifier.EXACT, Qualifier.ABOUT, Qualifier.RANGE)


@dataclass(frozen=True, slots=True)
class EventRules:
    """How claims are linked into events; shipped values in resources/estimate.toml [events]."""

    count_tolerance: float = 0.1
    report_lag_days: int = 120
    window_slack_days: int = 31
    country_count_ratio: float = 1.5
    stock_families: frozenset[str] = frozenset({"presence"})
    category_families: Mapping[str, str] | None = None  # category -> family
    status_families: Mapping[str, str] | None = None  # status -> family
    media_filler_words: frozenset[str] = frozenset()

    def category_family(self, category: Category) -> str:
        return (self.category_families or {}).get(category.value, category.value)

    def status_family(self, status: str) -> str:
        return (self.status_families or {}).get(status, status)


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    category: str  # the most frequent category among its claims
    status: str  # status family: announced, movement, presence, return
    country: str | None
    region: str | None  # admin1 shared by every claim that names one
    start: str | None  # ISO dates: the common window of its claims, or their hull
    end: str | None
    low: int | None  # consensus interval of the whole (not the parts), None = open
    high: int | None
    claims: tuple[str, ...]
    documents: tuple[str, ...]
    origins: tuple[str, ...]  # independent outlets the claims rest on
    contradiction: bool = False
    sides: tuple[tuple[str, ...], ...] = ()  # claim ids on each side when counts disagree
    parts: tuple[str, ...] = ()  # claims about a narrower place, sector or visa
    outvoted: tuple[str, ...] = ()  # claims on the sides with fewer independent origins
    # every counted group: (sector or "all", visa or "any", low, high), headline first
    counts: tuple[tuple[str, str, int | None, int | None], ...] = ()


def load_event_rules(text: str | None = None) -> EventRules:
    """The [events] table of resources/estimate.toml (or of `text`)."""
    if text is None:
        text = resource_path("estimate.toml").read_text(encoding="utf-8")
    try:
        table = tomllib.loads(text).get("events", {})
        return EventRules(
            count_tolerance=float(table.get("count_tolerance", 0.1)),
            report_lag_days=int(table.get("report_lag_days", 120)),
            window_slack_days=int(table.get("window_slack_days", 31)),
            country_count_ratio=float(table.get("country_count_ratio", 1.5)),
            stock_families=frozenset(table.get("stock_families", ["presence"])),
            category_families=_inverted(table.get("category_families", {})),
            status_families=_inverted(table.get("status_families", {})),
            media_filler_words=frozenset(table.get("media_filler_words", [])),
        )
    except (tomllib.TOMLDecodeError, TypeError, ValueError, AttributeError) as error:
        raise ResourceError(f"estimate.toml [events] is malformed: {error}") from None


def _inverted(families: Mapping[str, Sequence[str]]) -> dict[str, str]:
    return {member: family for family, members in families.items() for member in members}


# --- clustering ---------------------------------------------------------------------------


def cluster_events(
    claims: Sequence[Claim], documents: Mapping[str, Document], rules: EventRules | None = None
) -> list[Event]:
    """Every deployment claim of an original document in exactly one event (maybe alone)."""
    rules = rules or EventRules()
    items = [
        item for claim in claims if (item := cluster_item(claim, documents, rules)) is not None
    ]
    parent = list(range(len(items)))
    blocks: dict[tuple[str, str, str | None, int], list[int]] = {}
    for index, item in enumerate(items):
        blocks.setdefault(item.block, []).append(index)
    for members in blocks.values():
        for first, second in _linked_pairs(items, members, rules):
            _union(parent, first, second)
        for first, second in _attached_pairs(items, members, rules):
            _union(parent, first, second)
    for first, second in _same_sentence_pairs(items):
        _union(parent, first, second)
    groups: dict[int, list[ClusterItem]] = {}
    for index, item in enumerate(items):
        groups.setdefault(_root(parent, index), []).append(item)
    events = [_event(group, rules) for group in groups.values()]
    return sorted(events, key=lambda event: (event.start or "", event.id))


def _is_anchor(item: ClusterItem, rules: EventRules) -> bool:
    """A claim that may link events through itself: a region, a definite count, or a stock."""
    return (
        item.region is not None
        or item.deployment.qualifier in DEFINITE
        or item.block[1] in rules.stock_families
    )


def _dated(item: ClusterItem) -> bool:
    return not (item.start == 0 and item.end == 0)


def _linked_pairs(
    items: Sequence[ClusterItem], members: Sequence[int], rules: EventRules
) -> Iterator[tuple[int, int]]:
    """Anchor pairs whose windows overlap (within the slack) and whose places are compatible."""
    ordered = sorted(members, key=lambda index: items[index].start)
    active: dict[str | None, list[int]] = {}
    slack = rules.window_slack_days
    for index in ordered:
        item = items[index]
        if not _dated(item) or not _is_anchor(item, rules):
            continue
        for region in list(active):
            active[region] = [
                other for other in active[region] if items[other].end + slack >= item.start
            ]
            if not active[region]:
                del active[region]
        for region, others in active.items():
            if region == item.region is None and item.block[1] in rules.stock_families:
                yield others[-1], index  # stocks of the country all link (see _country_peers)
            elif region == item.region is None:
                yield from (
                    (other, index) for other in others if _country_peers(items[other], item, rules)
                )
            elif region == item.region:
                # every open claim of one region already shares one event (each linked to all
                # those open before it), so one link joins them all
                yield others[-1], index
            elif region is None or item.region is None:
                yield from (
                    (other, index)
                    for other in others
                    if _bridges(items[other], item, rules.count_tolerance)
                )
        active.setdefault(item.region, []).append(index)


def _country_peers(first: ClusterItem, second: ClusterItem, rules: EventRules) -> bool:
    """Two country-wide counts of compatible groups, within the ratio of each other.

    Stock figures (people present) for the whole country at one time all count one quantity,
    so they are one event whatever their numbers, and disagreeing ones are a contradiction.
    """
    if first.block[1] in rules.stock_families:
        return True
    if not _groups_compatible(first, second):
        return False
    ratio = rules.country_count_ratio
    return first.low <= second.high * ratio and second.low <= first.high * ratio


def _groups_compatible(first: ClusterItem, second: ClusterItem) -> bool:
    pairs = ((first.sector, second.sector), (first.visa, second.visa))
    return all(one is None or other is None or one == other for one, other in pairs)


def _attached_pairs(
    items: Sequence[ClusterItem], members: Sequence[int], rules: EventRules
) -> Iterator[tuple[int, int]]:
    """Each loose country-wide claim with the nearest country-wide anchor whose count it admits."""
    slack = rules.window_slack_days
    tolerance = rules.count_tolerance
    anchors = sorted(
        (
            i
            for i in members
            if _dated(items[i]) and items[i].region is None and _is_anchor(items[i], rules)
        ),
        key=lambda index: items[index].start,
    )
    starts = [items[index].start for index in anchors]
    for index in members:
        item = items[index]
        if not _dated(item) or _is_anchor(item, rules):
            continue
        stop = bisect_right(starts, item.end + slack)
        candidates = [
            other
            for other in anchors[:stop]
            if items[other].end + slack >= item.start
            and _groups_compatible(items[other], item)
            and _overlap(items[other], item, tolerance)
        ]
        if candidates:
            nearest = min(candidates, key=lambda o: (abs(items[o].start - item.start), o))
            yield nearest, index


def _overlap(first: ClusterItem, second: ClusterItem, tolerance: float) -> bool:
    return first.low <= second.high * (1 + tolerance) and second.low <= first.high * (1 + tolerance)


def _same_sentence_pairs(items: Sequence[ClusterItem]) -> Iterator[tuple[int, int]]:
    """Claims of one sentence in one block: the groups of one occurrence."""
    first_of: dict[tuple[object, ...], int] = {}
    for index, item in enumerate(items):
        span = item.claim.span
        key = (item.block, item.claim.doc, span.start, span.end)
        if key in first_of:
            yield first_of[key], index
        else:
            first_of[key] = index


def _bridges(first: ClusterItem, second: ClusterItem, tolerance: float) -> bool:
    """A country-wide claim joins a regional one only on the same precise number.

    Otherwise one vague country-wide figure ("thousands were sent to Russia") would chain every
    regional event of its months into one.
    """
    precise = (Qualifier.EXACT, Qualifier.ABOUT)
    if first.deployment.qualifier not in precise or second.deployment.qualifier not in precise:
        return False
    if (first.sector, first.visa) != (second.sector, second.visa):
        return False
    return first.low <= second.high * (1 + tolerance) and second.low <= first.high * (1 + tolerance)


def _root(parent: list[int], node: int) -> int:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _union(parent: list[int], first: int, second: int) -> None:
    parent[_root(parent, second)] = _root(parent, first)


# --- one event ----------------------------------------------------------------------------


def _event(group: Sequence[ClusterItem], rules: EventRules) -> Event:
    group = sorted(group, key=lambda item: item.claim.id)
    tolerance = rules.count_tolerance
    conflicts = {
        (first.claim.id, second.claim.id)
        for position, first in enumerate(group)
        for second in group[position + 1 :]
        if first.origin != second.origin and not counts_agree(first, second, tolerance)
    }
    sides = conflict_sides(group, conflicts)
    losing = losing_claims(group, sides)
    counted = group_counts(group, losing)
    headline = counted[0][:2] if counted else ("all", "any")
    parts = tuple(item.claim.id for item in group if group_label(item) != headline)
    low, high = counted[0][2:] if counted else (None, None)
    start, end = common_window(group)
    regions = {item.region for item in group if item.region}
    categories = Counter(item.deployment.category.value for item in group)
    return Event(
        id="ev-" + hashlib.sha1("|".join(i.claim.id for i in group).encode()).hexdigest()[:12],
        category=min(categories, key=lambda name: (-categories[name], name)),
        status=group[0].block[1],
        country=group[0].block[2],
        region=regions.pop() if len(regions) == 1 else None,
        start=start,
        end=end,
        low=low,
        high=high,
        claims=tuple(item.claim.id for item in group),
        documents=tuple(sorted({item.claim.doc for item in group})),
        origins=tuple(sorted({item.origin for item in group})),
        contradiction=bool(conflicts),
        sides=sides,
        parts=parts,
        outvoted=tuple(sorted(losing)),
        counts=tuple(counted),
    )
