"""The one spaCy pipeline: a blank English tokenizer, a sentencizer and a phrase matcher that
marks the organisations our lexicon names (resources/deployments.toml); no model download."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from laborwatch.extract.lexicon import OrganizationEntry
from laborwatch.model import Organization, OrgRole

_PARAGRAPH = re.compile(r"[^\n]+")
_ORG = "ORG"
_ORGANIZATIONS = "laborwatch_organizations"


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset of text in the document
    organizations: tuple[Organization, ...] = ()  # named bodies the entity ruler found in it


def build_nlp(organizations: Sequence[OrganizationEntry] = ()) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    if organizations:
        marker: OrganizationMarker = nlp.add_pipe(_ORGANIZATIONS)  # type: ignore[assignment]
        for entry in organizations:
            marker.add(entry, [nlp.make_doc(alias) for alias in entry.aliases])
    return nlp


class OrganizationMarker:
    """Marks the bodies the lexicon names as ORG entities whose id is "role|name".

    What spaCy's EntityRuler does with phrase patterns, without its cost on text that names
    none (most sentences): it only touches the Doc when the PhraseMatcher finds something.
    """

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")

    def add(self, entry: OrganizationEntry, aliases: list[Doc]) -> None:
        self.matcher.add(f"{entry.role.value}|{entry.name}", aliases)

    def __call__(self, doc: Doc) -> Doc:
        matches = self.matcher(doc)
        if matches:
            strings = doc.vocab.strings
            spans = [Span(doc, s, e, label=_ORG, span_id=strings[key]) for key, s, e in matches]
            doc.ents = filter_spans(spans)  # the longest of overlapping names wins
        return doc


@Language.factory(_ORGANIZATIONS)
def _make_organization_marker(nlp: Language, name: str) -> OrganizationMarker:
    return OrganizationMarker(nlp)


def split_sentences(
    nlp: Language, texts: Iterable[str], batch_size: int = 64
) -> Iterator[list[Sentence]]:
    """Sentences of each text, with their offsets; paragraphs (lines) never share a sentence."""
    for text in texts:
        paragraphs = [(m.group(0), m.start()) for m in _PARAGRAPH.finditer(text)]
        sentences: list[Sentence] = []
        docs = nlp.pipe((p for p, _ in paragraphs), batch_size=batch_size)
        for doc, (paragraph, start) in zip(docs, paragraphs, strict=True):
            named = [(ent.start_char, _organization(ent.id_)) for ent in doc.ents]
            for sent in doc.sents:
                first, end = sent.start_char, sent.end_char
                bodies = tuple(dict.fromkeys(o for at, o in named if first <= at < end))
                sentences.append(Sentence(paragraph[first:end], start + first, bodies))
        yield [s for s in sentences if s.text.strip()]


def _organization(key: str) -> Organization:
    role, _, name = key.partition("|")
    return Organization(name, OrgRole(role))
