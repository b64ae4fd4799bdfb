"""Review: versions of a claim and the effective claim a reviewer's decisions leave.

A reviewer accepts, corrects or rejects a claim. Every decision is a new version that records
who, when and why; the extracted claim itself is never edited, so the original is always there
to compare against. A correction stores the full set of overrides relative to the original
(contract field names), so the effective claim is the original with the latest correction's
overrides applied, and a rejected claim has no effective value at all.

Pure functions: no database, no clock (the caller passes `when`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from laborwatch.errors import InputError
from laborwatch.model import (
    Attribution,
    AttributionType,
    Category,
    Claim,
    Deployment,
    Fx,
    Indicator,
    IndicatorFact,
    Money,
    MoneyKind,
    Organization,
    OrgRole,
    Per,
    Place,
    Qualifier,
    RateSource,
    Status,
    When,
)
from laborwatch.store.review import ClaimVersion, Decision, ReviewState

__all__ = [
    "ClaimVersion",
    "Decision",
    "ReviewState",
    "apply_changes",
    "correctable_fields",
    "current_changes",
    "effective_claim",
    "latest_version",
    "next_version",
    "review_state",
    "reviewed_claims",
]

# Evidence is what the claim was extracted from; correcting it would make the claim point at a
# sentence the document does not contain, so these stay as extracted.
FIXED_FIELDS = frozenset({"id", "doc", "kind", "quote", "span"})


# --- parsing one corrected value -----------------------------------------------------------


def _optional(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def parse_or_none(value: Any) -> Any:
        return None if value is None or value == "" else parse(value)

    return parse_or_none


def _integer(value: Any) -> int:
    if isinstance(value, bool):
        raise InputError(f"not a whole number: {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise InputError(f"not a whole number: {value!r}") from error
    if not number.is_integer() or number < 0:
        raise InputError(f"not a whole, non-negative number: {value!r}")
    return int(number)


def _number(value: Any) -> float:
    if isinstance(value, bool):
        raise InputError(f"not a number: {value!r}")
    try:
        number = float(value)
    except (TypeError, ValueError) as error:
        raise InputError(f"not a number: {value!r}") from error
    if number != number or number in (float("inf"), float("-inf")):
        raise InputError(f"not a finite number: {value!r}")
    return number


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"not a non-empty string: {value!r}")
    return value.strip()


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"true", "false"}:
        return value.lower() == "true"
    raise InputError(f"not true or false: {value!r}")


def _choice(enum: type[StrEnum]) -> Callable[[Any], Any]:
    def parse_choice(value: Any) -> Any:
        try:
            return enum(value)
        except ValueError as error:
            allowed = ", ".join(member.value for member in enum)
            raise InputError(f"{value!r} is not one of: {allowed}") from error

    return parse_choice


def _place(value: Any) -> Place:
    if isinstance(value, str):
        return Place(name=_text(value))
    if not isinstance(value, Mapping):
        raise InputError(f"not a place: {value!r}")
    return Place(
        name=_text(value.get("name")),
        admin1=_optional(_text)(value.get("admin1")),
        country=_optional(_text)(value.get("country")),
        lat=_optional(_number)(value.get("lat")),
        lon=_optional(_number)(value.get("lon")),
        geonames_id=_optional(_integer)(value.get("geonames_id")),
    )


def _when(value: Any) -> When:
    if not isinstance(value, Mapping):
        raise InputError(f"not a time: {value!r}")
    return When(
        text=_optional(_text)(value.get("text")),
        start=_optional(_text)(value.get("start")),
        end=_optional(_text)(value.get("end")),
    )


def _attribution(value: Any) -> Attribution:
    if not isinstance(value, Mapping):
        raise InputError(f"not an attribution: {value!r}")
    kind = _choice(AttributionType)(value.get("type", "unknown"))
    return Attribution(text=_text(value.get("text")), type=kind)


def _organizations(value: Any) -> tuple[Organization, ...]:
    if not isinstance(value, list):
        raise InputError(f"not a list of organizations: {value!r}")
    organizations = []
    for item in value:
        if not isinstance(item, Mapping):
            raise InputError(f"not an organization: {item!r}")
        role = _choice(OrgRole)(item.get("role", "other"))
        organizations.append(Organization(name=_text(item.get("name")), role=role))
    return tuple(organizations)


def _currency(value: Any) -> str:
    code = _text(value).upper()
    if len(code) != 3 or not code.isalpha():
        raise InputError(f"not an ISO 4217 currency code: {value!r}")
    return code


# Contract field name -> parser, per claim details type; the same names the export uses.
DETAIL_PARSERS: dict[type, dict[str, Callable[[Any], Any]]] = {
    Deployment: {
        "low": _optional(_integer),
        "high": _optional(_integer),
        "qualifier": _choice(Qualifier),
        "category": _choice(Category),
        "status": _choice(Status),
        "destination": _optional(_place),
        "origin": _optional(_place),
        "when": _optional(_when),
        "sector": _optional(_text),
        "visa": _optional(_text),
        "transport": _optional(_text),
        "organizations": _organizations,
    },
    Money: {
        "amount_low": _number,
        "amount_high": _number,
        "currency": _currency,
        "per": _optional(_choice(Per)),
        "money_kind": _choice(MoneyKind),
        "usd_low": _optional(_number),
        "usd_high": _optional(_number),
        "usd_rate_source": _optional(_choice(RateSource)),
    },
    Fx: {
        "base": _currency,
        "quote_currency": _currency,
        "rate": _number,
        "as_of": _optional(_text),
    },
    IndicatorFact: {"indicator": _choice(Indicator)},
}

CLAIM_PARSERS: dict[str, Callable[[Any], Any]] = {
    "attributed_to": _optional(_attribution),
    "hedged": _boolean,
}


def correctable_fields(claim: Claim) -> list[str]:
    """The contract fields a reviewer may correct on this claim, in display order."""
    return [*DETAIL_PARSERS[type(claim.details)], *CLAIM_PARSERS]


def apply_changes(claim: Claim, changes: Mapping[str, Any]) -> Claim:
    """The claim with `changes` (contract field names -> new values) applied; raises InputError."""
    fixed = sorted(FIXED_FIELDS & set(changes))
    if fixed:
        raise InputError(f"evidence fields cannot be corrected: {', '.join(fixed)}")
    detail_parsers = DETAIL_PARSERS[type(claim.details)]
    unknown = sorted(set(changes) - set(detail_parsers) - set(CLAIM_PARSERS))
    if unknown:
        raise InputError(f"no such field on a {claim.kind} claim: {', '.join(unknown)}")
    detail_values = {
        name: detail_parsers[name](value)
        for name, value in changes.items()
        if name in detail_parsers
    }
    claim_values = {
        name: CLAIM_PARSERS[name](value) for name, value in changes.items() if name in CLAIM_PARSERS
    }
    details = dataclasses.replace(claim.details, **detail_values)
    _check_bounds(details)
    return dataclasses.replace(claim, details=details, **claim_values)


def _check_bounds(details: object) -> None:
    low = getattr(details, "low", getattr(details, "amount_low", None))
    high = getattr(details, "high", getattr(details, "amount_high", None))
    if low is not None and high is not None and low > high:
        raise InputError(f"low bound {low} is above high bound {high}")


# --- versions ------------------------------------------------------------------------------


def latest_version(versions: Iterable[ClaimVersion]) -> ClaimVersion | None:
    ordered = sorted(versions, key=lambda version: version.version)
    return ordered[-1] if ordered else None


def review_state(versions: Iterable[ClaimVersion]) -> ReviewState:
    latest = latest_version(versions)
    if latest is None:
        return ReviewState.UNREVIEWED
    if latest.decision is Decision.REJECT:
        return ReviewState.REJECTED
    return ReviewState.CORRECTED if latest.changes else ReviewState.ACCEPTED


def current_changes(versions: Iterable[ClaimVersion]) -> dict[str, Any]:
    """The overrides in force: those of the latest version (each version holds them all)."""
    latest = latest_version(versions)
    return dict(latest.changes) if latest is not None else {}


def effective_claim(original: Claim, versions: Sequence[ClaimVersion]) -> Claim | None:
    """The claim as reviewed: None when rejected, else the original with overrides applied."""
    if review_state(versions) is ReviewState.REJECTED:
        return None
    return apply_changes(original, current_changes(versions))


def next_version(
    original: Claim,
    versions: Sequence[ClaimVersion],
    decision: Decision,
    *,
    reviewer: str,
    reason: str,
    when: str,
    changes: Mapping[str, Any] | None = None,
) -> ClaimVersion:
    """The version a decision creates; a correction is checked by applying it to the original."""
    if not reviewer.strip():
        raise InputError("a review needs the reviewer's name")
    carried = current_changes(versions)
    if decision is Decision.CORRECT:
        if not changes:
            raise InputError("a correction needs at least one changed field")
        carried = {**carried, **changes}
        apply_changes(original, carried)
    elif changes:
        raise InputError(f"only a correction carries changed fields, not {decision}")
    if decision is Decision.REJECT and not reason.strip():
        raise InputError("a rejection needs a reason")
    latest = latest_version(versions)
    return ClaimVersion(
        claim_id=original.id,
        version=(latest.version + 1) if latest else 1,
        decision=decision,
        reviewer=reviewer.strip(),
        reason=reason.strip(),
        created_at=when,
        changes=carried,  # a rejection keeps them, so a later acceptance restores them
    )


def reviewed_claims(
    claims: Iterable[Claim], versions: Mapping[str, Sequence[ClaimVersion]]
) -> list[Claim]:
    """The claims as reviewed, for estimates and exports: corrections applied, rejections out.

    `versions` maps claim id -> its versions (`ReviewStore.all_versions()`).
    """
    effective = (effective_claim(claim, versions.get(claim.id, ())) for claim in claims)
    return [claim for claim in effective if claim is not None]
