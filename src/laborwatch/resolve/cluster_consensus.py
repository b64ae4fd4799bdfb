"""What the claims of one event say together: whether two counts can both be true given how
their facets nest, the consistent sides of a contradiction and the outvoted ones, each group's
consensus with the headline group first, and the window the claims share.

Apart from cluster.py, which decides which claims form one event and assembles the `Event`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from laborwatch.resolve.cluster_items import INFINITY, ClusterItem


def group_label(item: ClusterItem) -> tuple[str, str]:
    """The group a claim counts: (sector or "all", visa or "any")."""
    return item.sector or "all", item.visa or "any"


def group_counts(
    group: Sequence[ClusterItem], losing: set[str]
) -> list[tuple[str, str, int | None, int | None]]:
    """Each counted group's consensus, the headline first: the one with most origins, the whole
    (no sector or visa) on a tie.

    Within a group, claims narrower than another member (a region inside the country) and
    outvoted claims do not shape the consensus unless nothing else is left.
    """
    groups: dict[tuple[str, str], list[ClusterItem]] = {}
    for item in group:
        groups.setdefault(group_label(item), []).append(item)

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


def counts_agree(first: ClusterItem, second: ClusterItem, tolerance: float) -> bool:
    """Whether both counts can be true, given how their facets nest."""
    if _narrower(first, second):
        return first.low <= second.high * (1 + tolerance)
    if _narrower(second, first):
        return second.low <= first.high * (1 + tolerance)
    if _facet(first) != _facet(second):
        return True
    return first.low <= second.high * (1 + tolerance) and second.low <= first.high * (1 + tolerance)


def _facet(item: ClusterItem) -> tuple[str | None, str | None, str | None]:
    return item.region, item.sector, item.visa


def _narrower(first: ClusterItem, second: ClusterItem) -> bool:
    """`first` is about a part of what `second` is about (a region, sector or visa more)."""
    pairs = list(zip(_facet(first), _facet(second), strict=True))
    refines = all(broad is None or broad == narrow for narrow, broad in pairs)
    return refines and any(narrow is not None and broad is None for narrow, broad in pairs)


def _is_part(item: ClusterItem, group: Sequence[ClusterItem]) -> bool:
    return any(_narrower(item, other) for other in group if other is not item)


def conflict_sides(
    group: Sequence[ClusterItem], conflicts: set[tuple[str, str]]
) -> tuple[tuple[str, ...], ...]:
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


def _width(item: ClusterItem) -> float:
    return item.high - item.low


def losing_claims(group: Sequence[ClusterItem], sides: tuple[tuple[str, ...], ...]) -> set[str]:
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


def _consensus(items: Sequence[ClusterItem]) -> tuple[int | None, int | None]:
    """Intersection of the intervals, or their hull when they do not all meet."""
    low = max(item.low for item in items)
    high = min(item.high for item in items)
    if low > high:
        low = min(item.low for item in items)
        high = max(item.high for item in items)
    return (int(low) if low > 0 else None), (int(high) if high != INFINITY else None)


def common_window(group: Sequence[ClusterItem]) -> tuple[str | None, str | None]:
    dated = [item for item in group if item.start or item.end]
    if not dated:
        return None, None
    start = max(item.start for item in dated)
    end = min(item.end for item in dated)
    if start > end:
        start = min(item.start for item in dated)
        end = max(item.end for item in dated)
    return date.fromordinal(start).isoformat(), date.fromordinal(end).isoformat()
