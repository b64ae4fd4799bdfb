"""Loads the shipped data files in resources/ once, into immutable typed objects."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path


def resource_path(name: str) -> Path:
    """Path of a file shipped in laborwatch/resources/."""
    return Path(str(importlib_resources.files("laborwatch") / "resources" / name))


@dataclass(frozen=True, slots=True)
class Resources:
    """Everything extraction and resolution need from data files, loaded once."""


def load_resources() -> Resources:
    return Resources()
