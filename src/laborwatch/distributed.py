"""Extraction on a Dask distributed cluster: many extracting workers, one writing client.

Each worker builds the Extractor once, when it joins (a worker plugin), and extracts
partitions of documents sent to it. The client is the only writer: it stores results in
batches, one transaction per batch, so the database sees a few large writes rather than
many small ones, and never two writers from one run. At most two partitions per worker are in
flight at any time, so the client's memory stays flat however many documents stream through.

The result is the one `pipeline.ingest_paths` gives: same documents, same claims, same run
record; only the order in which documents reach the store differs, and no export depends on it.
"""

from __future__ import annotations

import gc
import importlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from laborwatch import pipeline
from laborwatch.documents import (
    DocumentResources,
    InferPublished,
    load_document_resources,
    to_document,
)
from laborwatch.errors import ConfigError, LaborwatchError
from laborwatch.ingest import DEFAULT_MAX_BYTES, read_inputs
from laborwatch.model import Document, IngestFailure, RunReport
from laborwatch.pipeline import ClaimExtractor, Progress
from laborwatch.settings import BATCH_SIZE
from laborwatch.store import PreparedClaims, Store, document_changed, prepare_claims

logger = logging.getLogger(__name__)

PLUGIN_NAME = "laborwatch-extractor"
LOCAL_PREFIX = "local:"
DEFAULT_PARTITION_SIZE = 50
IN_FLIGHT_PER_WORKER = 2  # one partition computing, one queued: workers never wait on the client
YOUNGEST_GC_THRESHOLD = 10_000  # allocations between the collector's smallest runs (700 by default)
# Dask's own monitoring, for dashboards and debuggers nobody runs during a batch job: on a
# machine with as many cores as workers, the CPU it takes is taken from extraction, and what
# it keeps grows with the corpus (docs/scale.md)
QUIET_DASK = {
    # the statistical profiler wakes every 10 ms to walk the extracting thread's stack
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",  # event-loop health checks, every 20 ms
    "distributed.admin.system-monitor.interval": "2s",  # CPU and memory samples, every 0.5 s
    # at most two partitions per worker are in flight: there is no backlog to steal from
    "distributed.scheduler.work-stealing": False,
    # messages, transitions and events kept for debugging, 1,000 of each by default: the
    # client's messages to the scheduler and the scheduler's to each worker hold partitions,
    # so the client kept the last 1,000 of them, documents and all (300 MiB at 100,000)
    "distributed.admin.low-level-log-length": 10,
}

ExtractorFactory = Callable[[], ClaimExtractor]
# per document, what a worker sends back: its claims ready to store; the document itself
# stays on the client, which sent it
Extracted = PreparedClaims | IngestFailure


# --- on the workers -----------------------------------------------------------------------


class ExtractorPlugin(WorkerPlugin):
    """Builds the Extractor once per worker process, when the worker starts or joins."""

    # registering it again is a no-op: a long-lived cluster builds each extractor once
    idempotent = True

    def __init__(self, factory: ExtractorFactory) -> None:
        self.factory = factory
        self.extractor: ClaimExtractor | None = None

    def setup(self, worker: Any) -> None:
        self.extractor = self.factory()

    def teardown(self, worker: Any) -> None:
        self.extractor = None


def plugin_name(factory: ExtractorFactory) -> str:
    """One plugin per extractor factory: workers keep each built extractor across runs."""
    return f"{PLUGIN_NAME}:{factory.__module__}.{factory.__qualname__}"


def extract_partition(documents: list[Document], plugin: str) -> list[Extracted]:
    """The claims of each document of one partition, or why its extraction failed (a task)."""
    found = _distributed().get_worker().plugins.get(plugin)
    extractor = found.extractor if isinstance(found, ExtractorPlugin) else None
    if extractor is None:  # the plugin's setup failed on this worker; say so per document
        reason = "extraction failed: the extractor could not be built on this worker"
        return [IngestFailure(document.source, reason) for document in documents]
    return [extracted(document, extractor) for document in documents]


def extracted(document: Document, extractor: ClaimExtractor) -> Extracted:
    """The claims of `document` ready to store, or an IngestFailure: one bad document never
    stops its partition."""
    try:
        return prepare_claims(document, next(iter(extractor.extract_many([document])))[1])
    except LaborwatchError as error:
        return IngestFailure(document.source, f"extraction failed: {error}")
    # a bug in one rule must not stop the run: the document fails, the rest go on
    except Exception as error:
        logger.debug("extraction failed on %s", document.id, exc_info=True)
        return IngestFailure(document.source, f"extraction failed: {type(error).__name__}: {error}")


# --- on the client ------------------------------------------------------------------------


def local_cluster(workers: int) -> Any:
    """A LocalCluster of `workers` single-threaded worker processes, quiet (`QUIET_DASK`)."""
    with _dask_config().set(QUIET_DASK):
        # one thread per process: spaCy holds the GIL, so threads would only queue
        return _distributed().LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: two clusters at once must not clash
            memory_limit=0,
        )


@contextmanager
def dask_client(scheduler: str) -> Iterator[Any]:
    """A Client on `scheduler`: `local:N` starts N single-threaded worker processes here.

    The client is quiet too (`QUIET_DASK`): it keeps no long log of the partitions it sent.
    """
    dask = _distributed()
    with _dask_config().set(QUIET_DASK):
        if scheduler.startswith(LOCAL_PREFIX):
            cluster = local_cluster(_local_workers(scheduler))
            client = dask.Client(cluster)
        else:
            cluster = None
            try:
                client = dask.Client(scheduler, timeout="30s")
            except (OSError, TimeoutError, ValueError) as error:
                message = f"cannot reach the Dask scheduler {scheduler!r}: {error}"
                raise ConfigError(message) from error
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _distributed() -> Any:
    """The `distributed` package, untyped: its functions carry partial type hints only."""
    return importlib.import_module("distributed")


def _dask_config() -> Any:
    return importlib.import_module("dask.config")


def _local_workers(scheduler: str) -> int:
    count = scheduler.removeprefix(LOCAL_PREFIX)
    if not count.isdigit() or int(count) < 1:
        raise ConfigError(f"--dask {scheduler!r}: expected local:N with N a positive number")
    return int(count)


@dataclass(slots=True)
class _Writer:
    """The single writer: buffers extraction results and stores them a batch at a time."""

    store: Store
    batch_size: int
    report: RunReport
    pending: list[tuple[Document, PreparedClaims]] = field(default_factory=list)

    def add(self, document: Document, result: Extracted) -> None:
        if isinstance(result, IngestFailure):
            self.report.failures.append(result)
            return
        self.pending.append((document, result))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self.pending = self.pending, []
        if not batch:
            return
        try:
            self.store.upsert_prepared(batch)
        except LaborwatchError:
            # find the one document the database refuses; store every other one
            for document, prepared in batch:
                self._write_one(document, prepared)
            return
        self.report.documents += len(batch)
        self.report.claims += sum(len(prepared.rows) for _, prepared in batch)

    def _write_one(self, document: Document, prepared: PreparedClaims) -> None:
        try:
            self.store.upsert_prepared([(document, prepared)])
        except LaborwatchError as error:
            self.report.failures.append(IngestFailure(document.source, str(error)))
            return
        self.report.documents += 1
        self.report.claims += len(prepared.rows)


def ingest_distributed(
    documents: Iterable[Document | IngestFailure],
    store: Store,
    scheduler: str | None,
    batch_size: int = BATCH_SIZE,
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    force: bool = False,
    inputs: Sequence[str] = (),
    extractor_factory: ExtractorFactory | None = None,
    progress: Progress | None = None,
) -> RunReport:
    """Extract `documents` on the Dask cluster `scheduler` and store them; records the run.

    `scheduler` is a scheduler address, `local:N` for N worker processes started here, or
    None to extract in this process (same batching writer, no Dask).

    Failures already met while reading (IngestFailure items) are carried into the report.
    Documents stored with the same fingerprint are skipped unless `force`.
    """
    if batch_size < 1 or partition_size < 1:
        raise ConfigError("batch and partition sizes must be positive")
    started_at = datetime.now(UTC)
    clock = time.perf_counter()
    report = RunReport()
    writer = _Writer(store, batch_size, report)
    # looked up at call time, so the one place that chooses the extractor stays pipeline.py
    factory = extractor_factory or pipeline.default_extractor
    partitions = _partitions(documents, partition_size, store, force, report, progress)
    if scheduler is None:
        extractor = factory()
        for partition in partitions:
            for document in partition:
                writer.add(document, extracted(document, extractor))
    else:
        with dask_client(scheduler) as client:
            name = plugin_name(factory)
            client.register_plugin(ExtractorPlugin(factory), name=name)
            limit = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info()["workers"]))
            with _collecting_less():
                _run_partitions(client, partitions, limit, writer, name)
    writer.flush()  # every write also marked near-duplicates, batch by batch
    report.seconds = round(time.perf_counter() - clock, 3)
    store.record_run(report, inputs, started_at)
    return report


@contextmanager
def _collecting_less() -> Iterator[None]:
    """For the block, the garbage collector skips every object alive at its start and runs
    less often; afterwards its thresholds are restored and every object is collectable again.

    The client's Dask scheduler, Dask client and store live as long as the run, and full
    collections walked them again and again: a sixth of the writer's CPU, which on a machine
    with as many cores as workers is taken from extraction.
    """
    gc.collect()
    gc.freeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNGEST_GC_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _run_partitions(
    client: Any, partitions: Iterator[list[Document]], limit: int, writer: _Writer, plugin: str
) -> None:
    """Submit partitions, keeping at most `limit` in flight, and write results as they come."""
    wait = _distributed().wait
    in_flight: dict[Any, list[Document]] = {}  # future -> its partition, to name lost documents
    for partition in partitions:
        in_flight[client.submit(extract_partition, partition, plugin, pure=False)] = partition
        if len(in_flight) >= limit:
            _collect(wait(list(in_flight), return_when="FIRST_COMPLETED").done, in_flight, writer)
    while in_flight:
        _collect(wait(list(in_flight), return_when="FIRST_COMPLETED").done, in_flight, writer)
        # all is read: what is stored while the workers finish is not left to store after them
        writer.flush()


def _collect(done: Iterable[Any], in_flight: dict[Any, list[Document]], writer: _Writer) -> None:
    """Write the results of the finished futures and forget them."""
    for future in done:
        partition = in_flight.pop(future)
        try:
            results = future.result()
        # a partition whose workers kept dying (KilledWorker) or that could not be sent: its
        # documents fail with the reason, the run goes on
        except Exception as error:
            reason = f"extraction failed on the cluster: {type(error).__name__}: {error}"
            results = [IngestFailure(document.source, reason) for document in partition]
        for document, result in zip(partition, results, strict=True):
            writer.add(document, result)
        future.release()


def _partitions(
    items: Iterable[Document | IngestFailure],
    size: int,
    store: Store,
    force: bool,
    report: RunReport,
    progress: Progress | None,
) -> Iterator[list[Document]]:
    """Partitions of the documents that need extracting, checked against the store per chunk."""
    read_ids = pipeline.ReadIds()
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        fresh = _fresh(chunk, read_ids, report)
        stored = {} if force else store.fingerprints([d.id for d in fresh])
        changed = [d for d in fresh if document_changed(d, stored)]
        report.unchanged += len(fresh) - len(changed)
        if progress is not None:
            for item in chunk:
                progress(item.source)
        if changed:
            yield changed


def _fresh(
    chunk: Sequence[Document | IngestFailure], read_ids: pipeline.ReadIds, report: RunReport
) -> list[Document]:
    """The documents of `chunk` not already read in this run; the rest become failures."""
    fresh: list[Document] = []
    for item in chunk:
        if isinstance(item, IngestFailure):
            report.failures.append(item)
        elif (earlier := read_ids.read(item.id, item.source)) is not None:
            report.failures.append(pipeline.repeated_id_failure(item, earlier))
        else:
            fresh.append(item)
    return fresh


def read_documents(
    paths: Sequence[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    infer_published: InferPublished | None = None,
    document_resources: DocumentResources | None = None,
) -> Iterator[Document | IngestFailure]:
    """Every document in `paths` as `pipeline.ingest_paths` reads it, or why it failed."""
    resources = document_resources or load_document_resources()
    infer = infer_published or pipeline.default_infer_published()
    for item in read_inputs(paths, max_bytes=max_bytes):
        if isinstance(item, IngestFailure):
            yield item
            continue
        try:
            yield to_document(item, resources, infer)
        except LaborwatchError as error:
            yield IngestFailure(item.source, str(error))


def ingest_paths_distributed(
    paths: Sequence[str],
    store: Store,
    scheduler: str | None,
    batch_size: int = BATCH_SIZE,
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    force: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    infer_published: InferPublished | None = None,
    extractor_factory: ExtractorFactory | None = None,
) -> RunReport:
    """`laborwatch ingest --dask`: `pipeline.ingest_paths`, with extraction on the cluster."""
    documents = read_documents(paths, max_bytes=max_bytes, infer_published=infer_published)
    return ingest_distributed(
        documents,
        store,
        scheduler,
        batch_size,
        partition_size=partition_size,
        force=force,
        inputs=paths,
        extractor_factory=extractor_factory,
        progress=progress,
    )


def reextract_distributed(
    store: Store,
    scheduler: str | None,
    batch_size: int = BATCH_SIZE,
    *,
    progress: Progress | None = None,
    extractor_factory: ExtractorFactory | None = None,
) -> RunReport:
    """`laborwatch reextract`: extract every stored document again, after a rule change.

    Claim ids depend only on the document and the claim's place in it, so reviewer decisions
    (kept by claim id, apart from the claims) still apply to the claims found again.
    """
    return ingest_distributed(
        store.iter_documents(),
        store,
        scheduler,
        batch_size,
        force=True,
        inputs=["(stored documents)"],
        extractor_factory=extractor_factory,
        progress=progress,
    )
