"""The Extractor: the spaCy pipeline and the rule sets, built once, applied per document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from laborwatch.extract.attribution import AttributionFinder
from laborwatch.extract.claims import Extractors, claims_of_document
from laborwatch.extract.deployments import DeploymentFinder
from laborwatch.extract.time_readings import warm_up_dateparser
from laborwatch.model import Claim, Document
from laborwatch.nlp import build_nlp, split_sentences
from laborwatch.resolve.currency import convert_claims
from laborwatch.resources import Resources


class Extractor:
    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self.nlp = build_nlp(resources.deployments.organizations)
        self.extractors = Extractors(
            deployments=DeploymentFinder(resources.deployments),
            attribution=AttributionFinder(resources.attribution),
            gazetteer=resources.gazetteer,
            money=resources.money,
            indicators=resources.indicators,
        )
        warm_up_dateparser()  # its one-time set-up belongs to start-up, not to a document

    def extract(self, document: Document) -> list[Claim]:
        return next(self.extract_many([document]))[1]

    def extract_many(self, documents: Iterable[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        for document in documents:
            if not self._names_north_korea(document):
                yield document, []
                continue
            sentences = next(split_sentences(self.nlp, [document.text]))
            claims = claims_of_document(document, sentences, self.extractors)
            yield document, convert_claims(claims, {document.id: document}, self.resources.rates)

    def _names_north_korea(self, document: Document) -> bool:
        """Whether the text or the headline names North Korea: no claim is about it otherwise."""
        names = self.extractors.deployments.mentions_north_korea
        return names(document.text) or bool(document.title and names(document.title))
