"""Loads the shipped data files in resources/ once, into immutable typed objects."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from laborwatch.extract.indicators import IndicatorLexicon
    from laborwatch.extract.lexicon import AttributionLexicon, DeploymentLexicon
    from laborwatch.extract.money_lexicon import MoneyLexicon
    from laborwatch.extract.published import AnchorEvents
    from laborwatch.resolve.currency import RateTable
    from laborwatch.resolve.places import Gazetteer


def resource_path(name: str) -> Path:
    """Path of a file shipped in laborwatch/resources/."""
    return Path(str(importlib_resources.files("laborwatch") / "resources" / name))


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything extraction and resolution need from data files, loaded once."""

    deployments: DeploymentLexicon
    attribution: AttributionLexicon
    gazetteer: Gazetteer
    money: MoneyLexicon
    indicators: IndicatorLexicon
    anchors: AnchorEvents
    rates: RateTable


def load_resources() -> Resources:
    # imported here: the loaders import this module for resource_path
    from laborwatch.extract.indicators import load_indicator_lexicon
    from laborwatch.extract.lexicon import load_attribution_lexicon, load_deployment_lexicon
    from laborwatch.extract.money_lexicon import load_money_lexicon
    from laborwatch.extract.published import load_anchor_events
    from laborwatch.resolve.currency import load_rate_table
    from laborwatch.resolve.gazetteer_loading import load_gazetteer

    return Resources(
        deployments=load_deployment_lexicon(),
        attribution=load_attribution_lexicon(),
        gazetteer=load_gazetteer(),
        money=load_money_lexicon(),
        indicators=load_indicator_lexicon(),
        anchors=load_anchor_events(),
        rates=load_rate_table(),
    )
