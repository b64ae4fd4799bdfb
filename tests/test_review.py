"""Review logic: versions, corrections of any field, the effective claim, the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_fixtures import sample_corpus, sample_store
from laborwatch.errors import InputError
from laborwatch.model import Category, Claim, Deployment, Money, Place, Status
from laborwatch.store.review import ReviewStore
from laborwatch.web.desk import Desk
from laborwatch.web.review import (
    ClaimVersion,
    Decision,
    ReviewState,
    apply_changes,
    effective_claim,
    next_version,
    review_state,
    reviewed_claims,
)

CLAIMS = {claim.id: claim for claim in sample_corpus()[1]}
DEPLOYMENT = CLAIMS["a1-d1"]
MONEY = CLAIMS["a1-m1"]
INDICATOR = CLAIMS["a1-i1"]
WHEN = "2025-01-02T03:04:05+00:00"


@pytest.mark.parametrize(
    ("claim", "changes", "field", "expected"),
    [
        (DEPLOYMENT, {"low": "350", "high": 450}, "low", 350),
        (DEPLOYMENT, {"status": "dispatched"}, "status", Status.DISPATCHED),
        (DEPLOYMENT, {"category": "military_workers"}, "category", Category.MILITARY_WORKERS),
        (DEPLOYMENT, {"destination": "Nakhodka"}, "destination", Place("Nakhodka")),
        (
            DEPLOYMENT,
            {"destination": {"name": "Ussuriysk", "country": "RU"}},
            "destination",
            Place("Ussuriysk", country="RU"),
        ),
        (DEPLOYMENT, {"destination": None}, "destination", None),
        (DEPLOYMENT, {"sector": "logging"}, "sector", "logging"),
        (
            MONEY,
            {"currency": "usd", "amount_low": "1000.5", "amount_high": 1000.5},
            "currency",
            "USD",
        ),
        (MONEY, {"per": "year"}, "per", "year"),
        (INDICATOR, {"indicator": "isolation"}, "indicator", "isolation"),
    ],
)
def test_corrections_change_the_named_field(
    claim: Claim, changes: dict[str, Any], field: str, expected: Any
) -> None:
    assert getattr(apply_changes(claim, changes).details, field) == expected


@pytest.mark.parametrize(
    ("claim", "changes"),
    [
        (DEPLOYMENT, {"quote": "something else"}),  # evidence is fixed
        (DEPLOYMENT, {"span": [0, 3]}),
        (DEPLOYMENT, {"amount_low": 5}),  # a money field on a deployment
        (DEPLOYMENT, {"low": "many"}),
        (DEPLOYMENT, {"low": -4}),
        (DEPLOYMENT, {"low": 500, "high": 100}),
        (DEPLOYMENT, {"status": "teleported"}),
        (DEPLOYMENT, {"destination": 7}),
        (DEPLOYMENT, {"hedged": "perhaps"}),
        (MONEY, {"currency": "dollars"}),
        (MONEY, {"amount_low": float("nan")}),
        (INDICATOR, {"indicator": "bad_weather"}),
    ],
)
def test_bad_corrections_are_refused(claim: Claim, changes: dict[str, Any]) -> None:
    with pytest.raises(InputError):
        apply_changes(claim, changes)


def test_claim_level_fields_can_be_corrected() -> None:
    corrected = apply_changes(
        DEPLOYMENT, {"hedged": True, "attributed_to": {"text": "a trader", "type": "testimony"}}
    )
    assert corrected.hedged is True
    assert corrected.attributed_to is not None and corrected.attributed_to.text == "a trader"
    assert corrected.quote == DEPLOYMENT.quote and corrected.span == DEPLOYMENT.span


def _decide(
    versions: list[ClaimVersion], decision: Decision, reason: str = "checked", **changes: Any
) -> list[ClaimVersion]:
    version = next_version(DEPLOYMENT, versions, decision, reviewer="ana", reason=reason,
                           when=WHEN, changes=changes or None)  # fmt: skip
    return [*versions, version]


def test_versions_accumulate_and_the_original_is_kept() -> None:
    versions = _decide([], Decision.CORRECT, low=350, high=350)
    versions = _decide(versions, Decision.CORRECT, status="dispatched")
    effective = effective_claim(DEPLOYMENT, versions)
    assert isinstance(effective, Claim) and isinstance(effective.details, Deployment)
    assert (effective.details.low, effective.details.status) == (350, Status.DISPATCHED)
    assert isinstance(DEPLOYMENT.details, Deployment) and DEPLOYMENT.details.low == 400
    assert [version.version for version in versions] == [1, 2]
    assert review_state(versions) is ReviewState.CORRECTED


@pytest.mark.parametrize(
    ("decisions", "state", "kept"),
    [
        ([], ReviewState.UNREVIEWED, True),
        ([Decision.ACCEPT], ReviewState.ACCEPTED, True),
        ([Decision.REJECT], ReviewState.REJECTED, False),
        ([Decision.REJECT, Decision.ACCEPT], ReviewState.ACCEPTED, True),
        ([Decision.ACCEPT, Decision.REJECT], ReviewState.REJECTED, False),
    ],
)
def test_latest_decision_wins(decisions: list[Decision], state: ReviewState, kept: bool) -> None:
    versions: list[ClaimVersion] = []
    for decision in decisions:
        versions = _decide(versions, decision)
    assert review_state(versions) is state
    assert (effective_claim(DEPLOYMENT, versions) is not None) is kept


def test_rejection_keeps_corrections_for_a_later_acceptance() -> None:
    versions = _decide([], Decision.CORRECT, low=10, high=10)
    versions = _decide(versions, Decision.REJECT, reason="duplicate")
    versions = _decide(versions, Decision.ACCEPT)
    effective = effective_claim(DEPLOYMENT, versions)
    assert effective is not None and getattr(effective.details, "low", None) == 10


@pytest.mark.parametrize(
    ("decision", "reviewer", "reason", "changes"),
    [
        (Decision.REJECT, "ana", "", None),  # a rejection needs a reason
        (Decision.CORRECT, "ana", "fix", None),  # a correction needs changes
        (Decision.ACCEPT, "ana", "", {"low": 3}),  # only corrections carry changes
        (Decision.ACCEPT, "  ", "", None),  # someone must be named
    ],
)
def test_incomplete_decisions_are_refused(
    decision: Decision, reviewer: str, reason: str, changes: dict[str, Any] | None
) -> None:
    with pytest.raises(InputError):
        next_version(DEPLOYMENT, [], decision, reviewer=reviewer, reason=reason, when=WHEN,
                     changes=changes)  # fmt: skip


def test_review_store_round_trip_and_audit(tmp_path: Path) -> None:
    store = sample_store(tmp_path)
    reviews = ReviewStore(store.engine)
    reviews.create_tables()
    desk = Desk(store, reviews, __import__("desk_fixtures").TOY_ANALYSIS)
    desk.review("a1-d1", Decision.CORRECT, reviewer="ana", reason="count is 350", when=WHEN,
                changes={"low": 350, "high": 350})  # fmt: skip
    reviewed = desk.review("a1-d1", Decision.ACCEPT, reviewer="ben", reason="", when=WHEN)
    assert [(v.reviewer, v.decision) for v in reviewed.versions] == [
        ("ana", Decision.CORRECT),
        ("ben", Decision.ACCEPT),
    ]
    assert reviewed.versions[0].reason == "count is 350"
    assert getattr(reviewed.current.details, "low", None) == 350
    assert getattr(reviewed.original.details, "low", None) == 400
    assert ReviewStore(store.engine).versions("a1-d1") == list(reviewed.versions)


def test_tokens_are_stored_hashed(tmp_path: Path) -> None:
    reviews = ReviewStore(sample_store(tmp_path).engine)
    reviews.create_tables()
    reviews.add_token("ana", "f" * 64, WHEN)
    assert reviews.token_name("f" * 64) == "ana"
    assert reviews.token_name("e" * 64) is None
    with pytest.raises(InputError):
        reviews.add_token("ana", "d" * 64, WHEN)


@given(
    st.dictionaries(
        st.sampled_from(["low", "high", "status", "destination", "hedged", "x"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=8), st.booleans()),
    )
)
def test_any_correction_either_applies_or_is_an_input_error(changes: dict[str, Any]) -> None:
    try:
        corrected = apply_changes(DEPLOYMENT, changes)
    except InputError:
        return
    assert (
        corrected.span.slice(next(d for d in sample_corpus()[0] if d.id == corrected.doc).text)
        == corrected.quote
    )
    assert isinstance(MONEY.details, Money)


def test_reviewed_claims_apply_corrections_and_drop_rejections() -> None:
    corrected = _decide([], Decision.CORRECT, low=5, high=5)
    rejected = [
        next_version(MONEY, [], Decision.REJECT, reviewer="ana", reason="not a wage", when=WHEN)
    ]
    result = reviewed_claims(CLAIMS.values(), {"a1-d1": corrected, "a1-m1": rejected})
    by_id = {claim.id: claim for claim in result}
    assert "a1-m1" not in by_id and len(by_id) == len(CLAIMS) - 1
    assert getattr(by_id["a1-d1"].details, "low", None) == 5
    assert by_id["b2-d1"] == CLAIMS["b2-d1"]
