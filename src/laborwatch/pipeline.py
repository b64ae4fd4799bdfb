"""The use case the CLI (and later the API) calls: paths -> documents -> claims -> store.

`ingest_paths` reads every input, skips documents stored unchanged, extracts claims from the
rest with one Extractor, and stores each batch of documents with their claims in one
transaction, which also marks near-duplicates among them and against the store. One bad input
never stops the batch: it becomes an IngestFailure with its reason in the report, which is
also recorded in the database.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from functools import cache, partial
from typing import Protocol

import numpy as np

from laborwatch.documents import (
    DocumentResources,
    InferPublished,
    load_document_resources,
    to_document,
)
from laborwatch.errors import LaborwatchError
from laborwatch.ingest import DEFAULT_MAX_BYTES, read_inputs
from laborwatch.model import Claim, Document, IngestFailure, RawDocument, RunReport
from laborwatch.settings import BATCH_SIZE
from laborwatch.store import Store, document_changed

logger = logging.getLogger(__name__)

Progress = Callable[[str], None]  # called once per input handled, with its source
ID_DIGEST_BYTES = 16  # 128 bits: two ids of a run share a digest once in 10^26 runs of a million
MERGE_EVERY = 4096  # ids kept in a dict before they join the sorted array


class ClaimExtractor(Protocol):
    def extract_many(
        self, documents: Iterable[Document]
    ) -> Iterator[tuple[Document, list[Claim]]]: ...


def default_extractor() -> ClaimExtractor:
    """The project's Extractor over the shipped resources, built once per run."""
    from laborwatch.extract import Extractor
    from laborwatch.resources import load_resources

    extractor: ClaimExtractor = Extractor(load_resources())
    # the rule data (a quarter of a million objects, the gazetteer most) lives as long as the
    # run: the garbage collector need not walk it again at every full collection
    gc.freeze()
    return extractor


def default_infer_published(extractor: object = None) -> InferPublished:
    """Date inference from the text, with the anchor events the extractor already loaded.

    Its rules load at the first document with no date of its own: compiling the date patterns
    takes most of a second, which a corpus whose records carry their dates need not spend.
    """
    loaded = getattr(getattr(extractor, "resources", None), "anchors", None)

    @cache
    def inferrer() -> InferPublished:
        from laborwatch.extract.published import infer_published, load_anchor_events

        anchors = loaded if loaded is not None else load_anchor_events()
        return partial(infer_published, anchors=anchors)

    def infer(text: str) -> str | None:
        return inferrer()(text)

    return infer


class ReadIds:
    """The document ids read so far in one run, each with the source it was first read from.

    A run may read millions of documents, so an id is kept as a 16-byte digest in a sorted
    array, with the number of its source, rather than as a string in a dict: about 20 bytes
    an id, not 100, and each source (a file of many records, often) once.
    """

    def __init__(self, merge_every: int = MERGE_EVERY) -> None:
        self.merge_every = merge_every
        self._sources: list[str] = []
        self._numbers_of_sources: dict[str, int] = {}
        self._recent: dict[bytes, int] = {}  # digest -> source number, not yet in the arrays
        self._digests = np.empty(0, dtype=f"S{ID_DIGEST_BYTES}")
        self._numbers = np.empty(0, dtype=np.uint32)

    def __len__(self) -> int:
        return len(self._recent) + len(self._digests)

    def read(self, doc_id: str, source: str) -> str | None:
        """Note that `doc_id` was read from `source`. Returns the source it was read from
        earlier in the run (which stays its source), or None the first time."""
        digest = hashlib.blake2b(doc_id.encode("utf-8"), digest_size=ID_DIGEST_BYTES).digest()
        earlier = self._recent.get(digest)
        if earlier is None:
            earlier = self._merged_number(digest)
        if earlier is not None:
            return self._sources[earlier]
        self._recent[digest] = self._source_number(source)
        if len(self._recent) >= self.merge_every:
            self._merge()
        return None

    def _source_number(self, source: str) -> int:
        number = self._numbers_of_sources.get(source)
        if number is None:
            number = self._numbers_of_sources[source] = len(self._sources)
            self._sources.append(source)
        return number

    def _merged_number(self, digest: bytes) -> int | None:
        at = int(np.searchsorted(self._digests, digest))
        # compared as numpy values: an element read out as bytes would lose its trailing NULs
        found = (self._digests[at : at + 1] == digest).any()
        return int(self._numbers[at]) if found else None

    def _merge(self) -> None:
        digests = np.array(list(self._recent), dtype=self._digests.dtype)
        numbers = np.fromiter(self._recent.values(), np.uint32, len(self._recent))
        order = np.argsort(digests)
        digests, numbers = digests[order], numbers[order]
        at = np.searchsorted(self._digests, digests)
        self._digests = np.insert(self._digests, at, digests)
        self._numbers = np.insert(self._numbers, at, numbers)
        self._recent.clear()


def ingest_paths(
    paths: Sequence[str],
    store: Store,
    extractor: ClaimExtractor,
    *,
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    infer_published: InferPublished | None = None,
    document_resources: DocumentResources | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunReport:
    """Ingest `paths` into `store`; returns what happened, which is also recorded as a run.

    Documents are handled in batches: one look-up of stored fingerprints and one transaction
    per batch. `force` re-extracts documents even when stored unchanged (after a rule change).
    """
    started_at = datetime.now(UTC)
    clock = time.perf_counter()
    report = RunReport()
    resources = document_resources or load_document_resources()
    infer = infer_published or default_infer_published(extractor)
    read_ids = ReadIds()
    batch: list[Document] = []
    for item in read_inputs(paths, max_bytes=max_bytes):
        if isinstance(item, IngestFailure):
            report.failures.append(item)
        else:
            document = _document_or_failure(item, resources, infer, read_ids, report)
            if document is not None:
                batch.append(document)
        if len(batch) >= batch_size:
            _ingest_batch(batch, store, extractor, force, report)
            batch = []
        if progress is not None:
            progress(item.source)
    _ingest_batch(batch, store, extractor, force, report)
    report.seconds = round(time.perf_counter() - clock, 3)
    store.record_run(report, paths, started_at)
    return report


def _document_or_failure(
    raw: RawDocument,
    resources: DocumentResources,
    infer: InferPublished,
    read_ids: ReadIds,
    report: RunReport,
) -> Document | None:
    try:
        document = to_document(raw, resources, infer)
    except LaborwatchError as error:
        report.failures.append(IngestFailure(raw.source, str(error)))
        return None
    earlier = read_ids.read(document.id, raw.source)
    if earlier is not None:
        report.failures.append(repeated_id_failure(document, earlier))
        return None
    return document


def repeated_id_failure(document: Document, earlier: str) -> IngestFailure:
    reason = f"document id {document.id!r} was already read from {earlier}"
    return IngestFailure(document.source, reason)


def _ingest_batch(
    batch: Sequence[Document],
    store: Store,
    extractor: ClaimExtractor,
    force: bool,
    report: RunReport,
) -> None:
    if not batch:
        return
    stored = {} if force else store.fingerprints([d.id for d in batch])
    changed = [d for d in batch if document_changed(d, stored)]
    report.unchanged += len(batch) - len(changed)
    extracted: list[tuple[Document, list[Claim]]] = []
    for document in changed:
        claims = _claims_or_failure(document, extractor)
        if isinstance(claims, IngestFailure):
            report.failures.append(claims)
        else:
            extracted.append((document, claims))
    try:
        store.upsert_documents_with_claims(extracted)
    except LaborwatchError:
        # the batch failed as a whole: store one by one so each failure has its own reason
        for document, claims in extracted:
            _store_one(document, claims, store, report)
        return
    report.documents += len(extracted)
    report.claims += sum(len(claims) for _, claims in extracted)


def _store_one(document: Document, claims: list[Claim], store: Store, report: RunReport) -> None:
    try:
        store.upsert_document_with_claims(document, claims)
    except LaborwatchError as error:
        report.failures.append(IngestFailure(document.source, str(error)))
        return
    report.documents += 1
    report.claims += len(claims)


def _claims_or_failure(
    document: Document, extractor: ClaimExtractor
) -> list[Claim] | IngestFailure:
    try:
        return next(iter(extractor.extract_many([document])))[1]
    except LaborwatchError as error:
        return IngestFailure(document.source, f"extraction failed: {error}")
    # a bug in one rule must not stop the batch: the document fails, the rest go on
    except Exception as error:
        logger.debug("extraction failed on %s", document.id, exc_info=True)
        return IngestFailure(document.source, f"extraction failed: {type(error).__name__}: {error}")
