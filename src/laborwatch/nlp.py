"""The one spaCy pipeline: a blank English tokenizer and a sentencizer; no model download."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language

_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # offset of text in the document


def build_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
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
            sentences.extend(Sentence(sent.text, start + sent.start_char) for sent in doc.sents)
        yield [s for s in sentences if s.text.strip()]
