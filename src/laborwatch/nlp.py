"""The one spaCy pipeline: a blank English tokenizer, a sentencizer and an entity ruler that
marks the organisations our lexicon names (resources/deployments.toml); no model download."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language

from laborwatch.extract.lexicon import OrganizationEntry
from laborwatch.model import Organization, OrgRole

_PARAGRAPH = re.compile(r"[^\n]+")
_ORG = "ORG"


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset of text in the document
    organizations: tuple[Organization, ...] = ()  # named bodies the entity ruler found in it


def build_nlp(organizations: Sequence[OrganizationEntry] = ()) -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    if organizations:
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns(  # type: ignore[attr-defined]
            [
                {"label": _ORG, "pattern": alias, "id": f"{entry.role.value}|{entry.name}"}
                for entry in organizations
                for alias in entry.aliases
            ]
        )
    return nlp


def split_sentences(
    nlp: Language, texts: Iterable[str], batch_size: int = 64
) -> Iterator[list[Sentence]]:
    """Sentences of each text, with their offsets; paragraphs (lines) never share a sentence."""
    for text in texts:
        paragraphs = [(m.group(0), m.start()) for m in _PARAGRAPH.finditer(text)]
        sentences: list[Sentence] = []
        docs = nlp.pipe((p for p, _ in paragraphs), batch_size=batch_size)
        for doc, (_, start) in zip(docs, paragraphs, strict=True):
            for sent in doc.sents:
                bodies = tuple(
                    dict.fromkeys(
                        _organization(ent.ent_id_) for ent in sent.ents if ent.label_ == _ORG
                    )
                )
                sentences.append(Sentence(sent.text, start + sent.start_char, bodies))
        yield [s for s in sentences if s.text.strip()]


def _organization(key: str) -> Organization:
    role, _, name = key.partition("|")
    return Organization(name, OrgRole(role))
