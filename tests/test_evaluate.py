"""`laborwatch evaluate` gives the figures of shared/eval/score.py, on the same inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import FIXTURES, SHARED_GOLD, SHARED_SCORER, CliRunner
from laborwatch.evaluate import (
    deployment_matches,
    destination_ok,
    figure_lines,
    load_gold,
    place_key,
    score,
    source_ok,
)
from laborwatch.export import claim_from_record
from laborwatch.model import Document, PublishedSource
from laborwatch.store import open_store

GOLD = FIXTURES / "eval.gold.json"
CLAIMS = FIXTURES / "eval.claims.jsonl"
DOCUMENTS = FIXTURES / "eval.documents.jsonl"
needs_scorer = pytest.mark.skipif(not SHARED_SCORER.exists(), reason="shared scorer not here")


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def shared_scorer(*args: str) -> str:
    command = [sys.executable, str(SHARED_SCORER), *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def shared_figures(*args: str) -> Any:
    """score.py --json: the JSON, without the SUMMARY line it prints after it."""
    text = shared_scorer(*args, "--json")
    return json.loads(text[: text.rindex("SUMMARY")])


def test_figures_on_the_fixture() -> None:
    figures, report = score(load_gold(GOLD), jsonl(CLAIMS), jsonl(DOCUMENTS))
    assert figures["deployment"] == {
        "tp": 4,
        "fp": 1,
        "fn": 0,
        "precision": 0.8,
        "recall": 1.0,
        "f1": 0.889,
    }
    assert figures["fx"]["tp"] == 1 and figures["money"]["fp"] == 0  # the $ equivalent is no extra
    assert figures["troop_confusions"] == 1 and figures["published_year"] == 0.5
    assert any("extra  '30,000 flats'" in line for line in report)


@needs_scorer
def test_same_figures_and_lines_as_the_shared_scorer() -> None:
    files = ["--gold", str(GOLD), "--claims", str(CLAIMS), "--documents", str(DOCUMENTS)]
    figures, report = score(load_gold(GOLD), jsonl(CLAIMS), jsonl(DOCUMENTS))
    assert figures == shared_figures(*files)
    assert figure_lines(figures, report) == shared_scorer(*files, "--verbose").splitlines()


@needs_scorer
def test_cli_evaluate_equals_the_shared_scorer(
    cli: CliRunner, cli_database: str, tmp_path: Path
) -> None:
    store = open_store(cli_database)
    claims = [claim_from_record(record) for record in jsonl(CLAIMS)]
    for record in jsonl(DOCUMENTS):
        document = Document(
            record["doc"],
            "x" * 400,
            f"{record['doc']}.txt",
            published=record["published"],
            published_source=PublishedSource(record["published_source"]),
        )
        store.upsert_document_with_claims(document, [c for c in claims if c.doc == document.id])
    store.close()
    (tmp_path / "c.jsonl").write_text(cli("export", "claims").stdout)
    (tmp_path / "d.jsonl").write_text(cli("export", "documents").stdout)
    files = [
        "--gold",
        str(GOLD),
        "--claims",
        str(tmp_path / "c.jsonl"),
        "--documents",
        str(tmp_path / "d.jsonl"),
    ]
    ours = cli("evaluate", "--gold", str(GOLD), "--verbose")
    assert ours.code == 0
    assert ours.stdout.splitlines() == shared_scorer(*files, "--verbose").splitlines()
    as_json = cli("evaluate", "--gold", str(GOLD), "--json")
    assert json.loads(as_json.stdout) == shared_figures(*files)


@pytest.mark.skipif(not SHARED_GOLD.exists(), reason="shared gold not here")
def test_the_shared_gold_file_loads() -> None:
    figures, _ = score(load_gold(SHARED_GOLD), [], [])
    assert figures["deployment"]["tp"] == 0 and figures["deployment"]["fn"] > 0


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("St. Petersburg", "saint petersburg"),
        ("Kursk Oblast", "kursk"),
        ("Primorsky Krai", "primorsky"),
        ("Russian Federation", "russia"),
        ("Vladivostok Airport", "vladivostok"),
        (None, ""),
        ("Amur", "amur"),
    ],
)
def test_place_key(name: str | None, key: str) -> None:
    assert place_key(name) == key


@pytest.mark.parametrize(
    ("gold", "predicted", "matches"),
    [
        ({"anchor": 500}, {"low": 505, "high": 505}, True),
        ({"anchor": 500}, {"low": None, "high": 500}, True),
        ({"anchor": 500}, {"low": 520, "high": 520}, False),  # over 2% away
        ({"anchor": None, "magnitude": 100}, {"low": 200, "high": 999, "qualifier": "vague"}, True),
        (
            {"anchor": None, "magnitude": 100},
            {"low": 300, "high": 300, "qualifier": "about"},
            False,
        ),
        (
            {"anchor": None, "magnitude": 1000},
            {"low": 200, "high": 999, "qualifier": "vague"},
            False,
        ),
    ],
)
def test_deployment_matches(gold: dict[str, Any], predicted: dict[str, Any], matches: bool) -> None:
    assert deployment_matches(gold, predicted) is matches


@pytest.mark.parametrize(
    ("gold", "destination", "ok"),
    [
        ("Russia", {"name": "Russia", "admin1": None, "country": "RU"}, True),
        (["Moscow", "Russia"], {"name": "Moscow", "admin1": "Moscow", "country": "RU"}, True),
        ("Amur Oblast", {"name": "Svobodny", "admin1": "Amur Oblast", "country": "RU"}, True),
        ("Russia", {"name": "Svobodny", "admin1": "Amur Oblast", "country": "RU"}, False),
        ("Vladivostok", None, False),
    ],
)
def test_destination_ok(gold: Any, destination: dict[str, Any] | None, ok: bool) -> None:
    assert destination_ok({"destination": gold}, {"destination": destination}) is ok


@pytest.mark.parametrize(
    ("gold", "predicted", "ok"),
    [
        ("Daily NK source in Russia", "a Daily NK source in Russia", True),
        ("the spy agency in Seoul", "the spy agency", True),
        ("South Korea's spy agency", "the spy agency", False),  # 2 of 5 words
        ("reporting partner in North Korea", "officials", False),
        ("the source", None, False),
    ],
)
def test_source_ok(gold: str, predicted: str | None, ok: bool) -> None:
    attributed = {"text": predicted, "type": "unknown"} if predicted else None
    assert source_ok({"attributed_to": gold}, {"attributed_to": attributed}) is ok
