"""Extraction on Dask: the exports equal those of the single-process path, whatever the cluster.

One LocalCluster with two worker processes serves the module; `ingest_distributed` reaches it
by its address, as `laborwatch ingest --dask tcp://...` would. The `local:N` form is checked
once on its own.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import dask.config
import pytest

from conftest import SEEDS, CountingExtractor
from laborwatch.distributed import (
    QUIET_DASK,
    YOUNGEST_GC_THRESHOLD,
    _collecting_less,
    _local_workers,
    dask_client,
    ingest_distributed,
    ingest_paths_distributed,
    read_documents,
    reextract_distributed,
)
from laborwatch.errors import ConfigError
from laborwatch.export import document_record
from laborwatch.model import Claim, Document, IngestFailure, RunReport
from laborwatch.pipeline import ingest_paths
from laborwatch.store import Store, open_store

distributed = pytest.importorskip("distributed")

# reports of our own wording: some with counts, one without, one whose extraction crashes
REPORTS = {
    "a.txt": "Officials said 300 workers left for the Far East and 45 workers stayed behind.",
    "b.txt": "A local paper counted 1,200 workers on three building sites.",
    "c.txt": "Nothing in this note gives a number of people.",
    "d.txt": "The crew of 80 workers arrived by train; boom, the rule set crashed here.",
    "e.md": "Another 60 workers were expected before winter.",
    "sub/a.txt": "A second file whose name repeats an earlier id: 5 workers.",
}


class CrashingExtractor(CountingExtractor):
    """The stand-in extractor, except that it raises on documents saying `boom`."""

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        for document in documents:
            if "boom" in document.text:
                raise RuntimeError("a rule crashed")
            yield from super().extract_many([document])


def no_date(text: str) -> str | None:
    return None


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    yield cluster.scheduler_address
    cluster.close()


@pytest.fixture
def corpus(tmp_path: Path) -> list[str]:
    folder = tmp_path / "corpus"
    for name, text in REPORTS.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    paths = [str(folder)]
    return [*paths, str(SEEDS)] if SEEDS.is_dir() else paths


def exports(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    return store.claim_records(), [document_record(d) for d in store.documents()]


def summary(report: RunReport) -> tuple[int, int, int, list[tuple[str, str]]]:
    failures = sorted((Path(f.source).name, f.reason) for f in report.failures)
    return report.documents, report.unchanged, report.claims, failures


def single_process(paths: list[str], location: str) -> tuple[Store, RunReport]:
    store = open_store(location)
    report = ingest_paths(paths, store, CrashingExtractor(), infer_published=no_date)
    return store, report


def test_dask_ingest_equals_the_single_process_ingest(
    scheduler: str, corpus: list[str], tmp_path: Path
) -> None:
    expected_store, expected = single_process(corpus, str(tmp_path / "single.db"))
    store = open_store(str(tmp_path / "dask.db"))
    report = ingest_paths_distributed(
        corpus,
        store,
        scheduler,
        batch_size=3,
        partition_size=2,
        infer_published=no_date,
        extractor_factory=CrashingExtractor,
    )
    assert summary(report) == summary(expected)
    assert exports(store) == exports(expected_store)
    assert any("extraction failed" in f.reason for f in report.failures)
    assert len(store.runs()) == 1


def test_a_second_dask_ingest_skips_unchanged_documents(
    scheduler: str, corpus: list[str], tmp_path: Path
) -> None:
    store = open_store(str(tmp_path / "dask.db"))
    first = ingest_paths_distributed(
        corpus, store, scheduler, infer_published=no_date, extractor_factory=CountingExtractor
    )
    again = ingest_paths_distributed(
        corpus, store, scheduler, infer_published=no_date, extractor_factory=CountingExtractor
    )
    assert again.documents == 0 and again.unchanged == first.documents


def test_in_process_batches_equal_the_single_process_ingest(
    corpus: list[str], tmp_path: Path
) -> None:
    expected_store, expected = single_process(corpus, str(tmp_path / "single.db"))
    store = open_store(str(tmp_path / "batched.db"))
    report = ingest_paths_distributed(
        corpus,
        store,
        None,
        batch_size=2,
        infer_published=no_date,
        extractor_factory=CrashingExtractor,
    )
    assert summary(report) == summary(expected)
    assert exports(store) == exports(expected_store)


def test_reextract_replaces_claims_and_keeps_reviews(scheduler: str, tmp_path: Path) -> None:
    from laborwatch.store.review import ClaimVersion, Decision, ReviewStore

    store = open_store(str(tmp_path / "re.db"))
    documents = [
        Document(id=f"r{n}", text=f"Some {n}0 workers.", source=f"r{n}.txt") for n in (1, 2)
    ]
    ingest_distributed(documents, store, None, extractor_factory=CountingExtractor)
    reviews = ReviewStore(store.engine)
    decision = ClaimVersion("r1:1", 1, Decision.ACCEPT, "tester", "checked", "2025-01-01T00:00:00Z")
    reviews.add_version(decision)
    report = reextract_distributed(store, scheduler, extractor_factory=CountingExtractor)
    assert (report.documents, report.claims, report.unchanged) == (2, 2, 0)
    assert [r["id"] for r in store.claim_records()] == ["r1:1", "r2:1"]
    assert reviews.versions("r1:1") == [decision]


def test_local_scheduler_spec(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "local.db"))
    documents = [Document(id="l1", text="About 70 workers left.", source="l1.txt")]
    report = ingest_distributed(documents, store, "local:1", extractor_factory=CountingExtractor)
    assert (report.documents, report.claims) == (1, 1)


def test_the_collector_skips_the_run_s_long_lived_objects_then_is_restored() -> None:
    thresholds = gc.get_threshold()
    with pytest.raises(RuntimeError), _collecting_less():
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == YOUNGEST_GC_THRESHOLD
        raise RuntimeError("the run failed")
    assert (gc.get_threshold(), gc.get_freeze_count()) == (thresholds, 0)


def quiet_settings() -> dict[str, Any]:
    return {key: dask.config.get(key) for key in QUIET_DASK}


def test_local_clusters_leave_dask_monitoring_quiet() -> None:
    with dask_client("local:1") as client:
        assert list(client.run(quiet_settings).values()) == [QUIET_DASK]
    assert quiet_settings() != QUIET_DASK  # the calling process keeps its own settings


def test_dask_keeps_few_messages_for_debugging(scheduler: str) -> None:
    # each message to the scheduler, and from it to a worker, may hold a partition's documents
    kept = QUIET_DASK["distributed.admin.low-level-log-length"]
    with dask_client(scheduler) as client:
        assert client.scheduler_comm.recent_message_log.maxlen == kept
    with dask_client("local:1") as client:
        to_workers = client.cluster.scheduler.stream_comms.values()
        assert [comm.recent_message_log.maxlen for comm in to_workers] == [kept]


@pytest.mark.parametrize("spec", ["local:0", "local:", "local:two", "local:-1"])
def test_bad_local_specs_are_config_errors(spec: str) -> None:
    with pytest.raises(ConfigError):
        _local_workers(spec)


@pytest.mark.parametrize(("spec", "workers"), [("local:1", 1), ("local:8", 8)])
def test_good_local_specs(spec: str, workers: int) -> None:
    assert _local_workers(spec) == workers


def test_bad_sizes_are_config_errors(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "x.db"))
    with pytest.raises(ConfigError):
        ingest_distributed([], store, None, batch_size=0)


def test_read_failures_travel_into_the_report(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   ")
    items = list(read_documents([str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")]))
    assert all(isinstance(item, IngestFailure) for item in items) and len(items) == 2


def test_cli_ingest_on_dask_then_reextract(cli: Any, scheduler: str, corpus: list[str]) -> None:
    first = cli("ingest", "--dask", scheduler, "--batch-size", "2", *corpus)
    assert first.code == 3 and "stored with" in first.stderr  # sub/a.txt repeats an id
    exported = cli("export", "claims")
    again = cli("reextract")
    assert again.code == 0 and "0 unchanged" in again.stderr
    assert cli("export", "claims").stdout == exported.stdout


@pytest.mark.parametrize("spec", ["local:0", "local:x"])
def test_cli_refuses_bad_local_specs(cli: Any, spec: str) -> None:
    result = cli("reextract", "--dask", spec)
    assert result.code != 0 and "local:N" in result.stderr
