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
import re
import tomllib
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from laborwatch.errors import ResourceError
from laborwatch.model import AttributionType, Category, Claim, Deployment, Document, Qualifier
from laborwatch.resources import resource_path

INFINITY = float("inf")
DEFINITE = (Qualifier.EXACT, Qualifier.ABOUT, Qualifier.RANGE)
WORD = re.compile(r"[\w]+(?:['’][\w]+)?")


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


@dataclass(frozen=True, slots=True)
class _Item:
    claim: Claim
    deployment: Deployment
    origin: str
    block: tuple[str, str, str | None, int]
    region: str | None
    sector: str | None
    visa: str | None
    start: int  # date ordinals
    end: int
    low: float
    high: float


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


# --- origins ------------------------------------------------------------------------------


def claim_origin(claim: Claim, documents: Mapping[str, Document], rules: EventRules) -> str:
    """The outlet a claim rests on: an attributed media outlet, else its document's publisher."""
    attribution = claim.attributed_to
    if attribution is not None and attribution.type is AttributionType.MEDIA:
        name = outlet_key(attribution.text, rules.media_filler_words)
        if name:
            return name
    document = documents.get(claim.doc)
    if document is not None and document.publisher:
        return outlet_key(document.publisher, rules.media_filler_words) or document.publisher
    root = document.duplicate_of if document is not None and document.duplicate_of else claim.doc
    return f"document:{root}"


def outlet_key(name: str, filler: frozenset[str]) -> str:
    """'a new BBC probe' and 'BBC' -> 'bbc': lower-case words without filler."""
    words = [word.replace("’", "'") for word in WORD.findall(name.lower())]
    words = [word.removesuffix("'s") for word in words]
    return " ".join(word for word in words if word not in filler)


# --- clustering ---------------------------------------------------------------------------


def cluster_events(
    claims: Sequence[Claim], documents: Mapping[str, Document], rules: EventRules | None = None
) -> list[Event]:
    """Every deployment claim of an original document in exactly one event (maybe alone)."""
    rules = rules or EventRules()
    items = [item for claim in claims if (item := _item(claim, documents, rules)) is not None]
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
    groups: dict[int, list[_Item]] = {}
    for index, item in enumerate(items):
        groups.setdefault(_root(parent, index), []).append(item)
    events = [_event(group, rules) for group in groups.values()]
    return sorted(events, key=lambda event: (event.start or "", event.id))


def _item(claim: Claim, documents: Mapping[str, Document], rules: EventRules) -> _Item | None:
    deployment = claim.details
    if not isinstance(deployment, Deployment):
        return None
    document = documents.get(claim.doc)
    if document is not None and document.duplicate_of:
        return None
    window = claim_window(deployment, document.published if document else None, rules)
    if window is None:
        window = (0, 0)  # undatable: links with nothing, stays an event of its own
    destination = deployment.destination
    low, high = count_bounds(deployment)
    block = (
        rules.category_family(deployment.category),
        rules.status_family(deployment.status.value),
        destination.country if destination else None,
        date.fromordinal(window[1]).year if window[1] else 0,
    )
    return _Item(
        claim=claim,
        deployment=deployment,
        origin=claim_origin(claim, documents, rules),
        block=block,
        region=destination.admin1 if destination else None,
        sector=deployment.sector,
        visa=deployment.visa,
        start=window[0],
        end=window[1],
        low=low,
        high=high,
    )


def claim_window(
    deployment: Deployment, published: str | None, rules: EventRules
) -> tuple[int, int] | None:
    """Date ordinals the claim's time covers; an undated claim reaches back from its report."""
    when = deployment.when
    if when is not None and (when.start or when.end):
        # "since 2022" runs from its start to the report; "until May" from a lag before its end
        first = parse_day(when.start or "", last=False) or _lagged(when.end, rules)
        last = parse_day(when.end or published or when.start or "", last=True)
        if first is not None and last is not None:
            return first.toordinal(), max(first, last).toordinal()
    if not published:
        return None
    first = parse_day(published, last=False)
    last = parse_day(published, last=True)
    if first is None or last is None:
        return None
    return (first - timedelta(days=rules.report_lag_days)).toordinal(), last.toordinal()


def _lagged(end: str | None, rules: EventRules) -> date | None:
    day = parse_day(end or "", last=False)
    return day - timedelta(days=rules.report_lag_days) if day else None


def parse_day(text: str, *, last: bool) -> date | None:
    """'2025', '2025-06' or '2025-06-17' -> the first (or last) day it covers."""
    parts = text[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
        if len(parts) > 2:
            return date(year, month, int(parts[2]))
        if not last:
            return date(year, month, 1)
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return following - timedelta(days=1)
    except (ValueError, IndexError):
        return None


def count_bounds(deployment: Deployment) -> tuple[float, float]:
    """What the count rules out: open bounds stay open (0 or infinity) for agreement tests."""
    low = float(deployment.low) if deployment.low is not None else None
    high = float(deployment.high) if deployment.high is not None else None
    if deployment.qualifier is Qualifier.AT_MOST or low is None:
        return 0.0, high if high is not None else INFINITY
    if deployment.qualifier is Qualifier.AT_LEAST or high is None:
        return low, INFINITY
    return low, high


def _is_anchor(item: _Item, rules: EventRules) -> bool:
    """A claim that may link events through itself: a region, a definite count, or a stock."""
    return (
        item.region is not None
        or item.deployment.qualifier in DEFINITE
        or item.block[1] in rules.stock_families
    )


def _dated(item: _Item) -> bool:
    return not (item.start == 0 and item.end == 0)


def _linked_pairs(
    items: Sequence[_Item], members: Sequence[int], rules: EventRules
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


def _country_peers(first: _Item, second: _Item, rules: EventRules) -> bool:
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


def _groups_compatible(first: _Item, second: _Item) -> bool:
    pairs = ((first.sector, second.sector), (first.visa, second.visa))
    return all(one is None or other is None or one == other for one, other in pairs)


def _attached_pairs(
    items: Sequence[_Item], members: Sequence[int], rules: EventRules
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


def _overlap(first: _Item, second: _Item, tolerance: float) -> bool:
    return first.low <= second.high * (1 + tolerance) and second.low <= first.high * (1 + tolerance)


def _same_sentence_pairs(items: Sequence[_Item]) -> Iterator[tuple[int, int]]:
    """Claims of one sentence in one block: the groups of one occurrence."""
    first_of: dict[tuple[object, ...], int] = {}
    for index, item in enumerate(items):
        span = item.claim.span
        key = (item.block, item.claim.doc, span.start, span.end)
        if key in first_of:
            yield first_of[key], index
        else:
            first_of[key] = index


def _bridges(first: _Item, second: _Item, tolerance: float) -> bool:
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


def _event(group: Sequence[_Item], rules: EventRules) -> Event:
    group = sorted(group, key=lambda item: item.claim.id)
    tolerance = rules.count_tolerance
    conflicts = {
        (first.claim.id, second.claim.id)
        for position, first in enumerate(group)
        for second in group[position + 1 :]
        if first.origin != second.origin and not counts_agree(first, second, tolerance)
    }
    sides = _sides(group, conflicts)
    losing = _losing_claims(group, sides)
    counted = _group_counts(group, losing)
    headline = counted[0][:2] if counted else ("all", "any")
    parts = tuple(item.claim.id for item in group if _group_label(item) != headline)
    low, high = counted[0][2:] if counted else (None, None)
    start, end = _common_window(group)
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


def _group_label(item: _Item) -> tuple[str, str]:
    return item.sector or "all", item.visa or "any"


def _group_counts(
    group: Sequence[_Item], losing: set[str]
) -> list[tuple[str, str, int | None, int | None]]:
    """Each counted group's consensus, the headline first: the one with most origins, the whole
    (no sector or visa) on a tie.

    Within a group, claims narrower than another member (a region inside the country) and
    outvoted claims do not shape the consensus unless nothing else is left.
    """
    groups: dict[tuple[str, str], list[_Item]] = {}
    for item in group:
        groups.setdefault(_group_label(item), []).append(item)

    def rank(label: tuple[str, str]) -> tuple[int, bool, int, float, tuple[str, str]]:
        members = groups[label]
        trusted = [item for item in members if item.claim.id not in losing] or members
        return (
            -len({item.origin for item in trusted}),
            label != ("all", "any"),
            -len(trusted),
            -max(item.low for item in trusted),
            label,
        )

    counted = []
    for label in sorted(groups, key=rank):
        members = groups[label]
        kept = [item for item in members if item.claim.id not in losing] or members
        wholes = [item for item in kept if not _is_part(item, kept)] or kept
        counted.append((*label, *_consensus(wholes)))
    return counted


def counts_agree(first: _Item, second: _Item, tolerance: float) -> bool:
    """Whether both counts can be true, given how their facets nest."""
    if _narrower(first, second):
        return first.low <= second.high * (1 + tolerance)
    if _narrower(second, first):
        return second.low <= first.high * (1 + tolerance)
    if _facet(first) != _facet(second):
        return True
    return first.low <= second.high * (1 + tolerance) and second.low <= first.high * (1 + tolerance)


def _facet(item: _Item) -> tuple[str | None, str | None, str | None]:
    return item.region, item.sector, item.visa


def _narrower(first: _Item, second: _Item) -> bool:
    """`first` is about a part of what `second` is about (a region, sector or visa more)."""
    pairs = list(zip(_facet(first), _facet(second), strict=True))
    refines = all(broad is None or broad == narrow for narrow, broad in pairs)
    return refines and any(narrow is not None and broad is None for narrow, broad in pairs)


def _is_part(item: _Item, group: Sequence[_Item]) -> bool:
    return any(_narrower(item, other) for other in group if other is not item)


def _sides(group: Sequence[_Item], conflicts: set[tuple[str, str]]) -> tuple[tuple[str, ...], ...]:
    """Claims in a conflict split greedily, precise counts first, into consistent sides."""
    if not conflicts:
        return ()
    involved = {claim for pair in conflicts for claim in pair}
    by_id = {item.claim.id: item for item in group}
    ordered = sorted(involved, key=lambda claim: (_width(by_id[claim]), claim))
    sides: list[list[str]] = []
    for claim in ordered:
        for side in sides:
            if not any(
                (claim, other) in conflicts or (other, claim) in conflicts for other in side
            ):
                side.append(claim)
                break
        else:
            sides.append([claim])
    return tuple(tuple(sorted(side)) for side in sides)


def _width(item: _Item) -> float:
    return item.high - item.low


def _losing_claims(group: Sequence[_Item], sides: tuple[tuple[str, ...], ...]) -> set[str]:
    """Claims on every side but the one resting on the most independent origins (no tie)."""
    if not sides:
        return set()
    origin = {item.claim.id: item.origin for item in group}

    def strength(side: tuple[str, ...]) -> tuple[int, int]:
        return len({origin[claim] for claim in side}), len(side)

    ranked = sorted(sides, key=strength, reverse=True)
    if strength(ranked[0]) == strength(ranked[1]):
        return set()  # a tie: nothing says which side is wrong
    return {claim for side in ranked[1:] for claim in side}


def _consensus(items: Sequence[_Item]) -> tuple[int | None, int | None]:
    """Intersection of the intervals, or their hull when they do not all meet."""
    low = max(item.low for item in items)
    high = min(item.high for item in items)
    if low > high:
        low = min(item.low for item in items)
        high = max(item.high for item in items)
    return (int(low) if low > 0 else None), (int(high) if high != INFINITY else None)


def _common_window(group: Sequence[_Item]) -> tuple[str | None, str | None]:
    dated = [item for item in group if item.start or item.end]
    if not dated:
        return None, None
    start = max(item.start for item in dated)
    end = min(item.end for item in dated)
    if start > end:
        start = min(item.start for item in dated)
        end = max(item.end for item in dated)
    return date.fromordinal(start).isoformat(), date.fromordinal(end).isoformat()
