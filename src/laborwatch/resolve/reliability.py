"""Admiralty-style grades: how reliable a claim's source is (A-F), how credible the claim (1-6).

Reliability comes from whom the claim is attributed to: its attribution type, or, for a media
outlet or an outlet's own unattributed reporting, the outlet's letter when the rules name it.
Credibility comes from corroboration within the claim's event: agreed with by at least
`confirmed_origins` independent origins -> 1; a single origin with a trusted letter and no hedge
-> 2; otherwise unhedged 3, hedged 4; on a side outvoted in a contradiction 5; a claim that
reports cannot corroborate (money, indicators) or a copy's claim -> 6. Every rule and weight is
in resources/reliability.toml, which users may edit.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from laborwatch.errors import ResourceError
from laborwatch.model import Claim, ClaimKind, Document
from laborwatch.resolve.cluster import Event, EventRules
from laborwatch.resolve.cluster_items import claim_origin, outlet_key
from laborwatch.resources import resource_path

LETTERS = "ABCDEF"


@dataclass(frozen=True, slots=True)
class ReliabilityRules:
    by_attribution: Mapping[str, str]
    own_reporting: str
    outlets: Mapping[str, str]  # outlet key (see cluster_items.outlet_key) -> letter
    confirmed_origins: int
    probable_letters: frozenset[str]
    weights: Mapping[str, float]  # letters and credibility digits -> weight


@dataclass(frozen=True, slots=True)
class Grade:
    claim: str
    reliability: str  # A-F
    credibility: int  # 1-6
    weight: float  # reliability weight x credibility weight, used by estimates
    reasons: tuple[str, ...] = ()

    @property
    def code(self) -> str:
        return f"{self.reliability}{self.credibility}"


def load_reliability_rules(
    text: str | None = None, event_rules: EventRules | None = None
) -> ReliabilityRules:
    """resources/reliability.toml (or `text`) as rules; ResourceError when malformed."""
    if text is None:
        text = resource_path("reliability.toml").read_text(encoding="utf-8")
    filler = (event_rules or EventRules()).media_filler_words
    try:
        data = tomllib.loads(text)
        letters = dict(data["reliability"])
        own = str(letters.pop("own_reporting", "C"))
        credibility = data.get("credibility", {})
        rules = ReliabilityRules(
            by_attribution={key: str(value) for key, value in letters.items()},
            own_reporting=own,
            outlets={outlet_key(k, filler): str(v) for k, v in data.get("outlets", {}).items()},
            confirmed_origins=int(credibility.get("confirmed_origins", 2)),
            probable_letters=frozenset(credibility.get("probable_letters", ["A", "B"])),
            weights={str(key): float(value) for key, value in data["weights"].items()},
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise ResourceError(f"reliability.toml is malformed: {error}") from None
    _check(rules)
    return rules


def _check(rules: ReliabilityRules) -> None:
    letters = [*rules.by_attribution.values(), rules.own_reporting, *rules.outlets.values()]
    wrong = sorted({letter for letter in letters if letter not in LETTERS})
    if wrong:
        raise ResourceError(f"reliability.toml: letters must be A-F, not {', '.join(wrong)}")
    missing = [key for key in [*LETTERS, *"123456"] if key not in rules.weights]
    if missing:
        raise ResourceError(f"reliability.toml [weights] lacks {', '.join(missing)}")


def grade_claims(
    claims: Sequence[Claim],
    documents: Mapping[str, Document],
    events: Sequence[Event],
    rules: ReliabilityRules,
    event_rules: EventRules | None = None,
) -> dict[str, Grade]:
    """A grade for every claim, by id."""
    event_rules = event_rules or EventRules()
    event_of = {claim_id: event for event in events for claim_id in event.claims}
    origins = {claim.id: claim_origin(claim, documents, event_rules) for claim in claims}
    grades: dict[str, Grade] = {}
    for claim in claims:
        letter, why = source_reliability(claim, documents, rules, event_rules)
        digit, because = _credibility(claim, letter, event_of.get(claim.id), origins, rules)
        weight = rules.weights[letter] * rules.weights[str(digit)]
        grades[claim.id] = Grade(claim.id, letter, digit, round(weight, 4), (why, because))
    return grades


def source_reliability(
    claim: Claim,
    documents: Mapping[str, Document],
    rules: ReliabilityRules,
    event_rules: EventRules,
) -> tuple[str, str]:
    """The letter for the claim's source, and why."""
    attribution = claim.attributed_to
    filler = event_rules.media_filler_words
    if attribution is None:
        document = documents.get(claim.doc)
        publisher = document.publisher if document else None
        letter = rules.outlets.get(outlet_key(publisher, filler)) if publisher else None
        if letter:
            return letter, f"own reporting of {publisher}, rated {letter}"
        return rules.own_reporting, "an outlet's own reporting"
    kind = attribution.type.value
    if kind == "media":
        letter = rules.outlets.get(outlet_key(attribution.text, filler))
        if letter:
            return letter, f"attributed to {attribution.text}, rated {letter}"
    letter = rules.by_attribution.get(kind, rules.by_attribution.get("unknown", "F"))
    return letter, f"attributed to {attribution.text!r} ({kind})"


def _credibility(
    claim: Claim,
    letter: str,
    event: Event | None,
    origins: Mapping[str, str],
    rules: ReliabilityRules,
) -> tuple[int, str]:
    if claim.kind is not ClaimKind.DEPLOYMENT:
        return 6, "not a count that other reports can corroborate"
    if event is None:
        return 6, "in a copy of another document"
    if claim.id in event.outvoted:
        return 5, "contradicted by claims from more independent origins"
    agreeing = {origins[c] for c in event.claims if c in origins and c not in event.outvoted}
    if len(agreeing) >= rules.confirmed_origins:
        return 1, f"confirmed by {len(agreeing)} independent origins"
    if claim.hedged:
        return 4, "single origin, reported as belief or estimate"
    if letter in rules.probable_letters:
        return 2, "single origin, reliable source, stated as fact"
    return 3, "single origin, stated as fact"
