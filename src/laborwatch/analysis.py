"""From stored claims to answers: the reviewed claims of a store, clustered, graded, estimated.

The one orchestration of the resolve and estimate stages that the CLI uses; each stage is a pure
function, this module only reads the store once and passes values along.
"""

from __future__ import annotations

from dataclasses import dataclass

from laborwatch.estimate import Estimates, estimate
from laborwatch.estimate_rules import load_estimate_rules
from laborwatch.model import Claim, Document
from laborwatch.resolve.cluster import Event, cluster_events, load_event_rules
from laborwatch.resolve.reliability import Grade, grade_claims, load_reliability_rules
from laborwatch.store import Store
from laborwatch.store.review import ReviewStore
from laborwatch.web.review import reviewed_claims


@dataclass(frozen=True, slots=True)
class Analysis:
    claims: list[Claim]  # as reviewed: corrections applied, rejections left out
    documents: dict[str, Document]
    events: list[Event]
    grades: dict[str, Grade]
    estimates: Estimates


def analyse_store(store: Store, country: str = "RU", seed: int = 0) -> Analysis:
    """Events, grades and estimates for `country` from everything the store holds."""
    claims = reviewed_claims(store.claims(), ReviewStore(store.engine).all_versions())
    documents = {document.id: document for document in store.documents()}
    event_rules = load_event_rules()
    events = cluster_events(claims, documents, event_rules)
    grades = grade_claims(
        claims, documents, events, load_reliability_rules(event_rules=event_rules), event_rules
    )
    estimates = estimate(
        claims, documents, events, grades, country=country, seed=seed, rules=load_estimate_rules()
    )
    return Analysis(claims, documents, events, grades, estimates)
