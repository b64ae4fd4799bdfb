"""RawDocument -> Document: the id rule, text normalisation, publisher, language, and the
publication date with where it came from (given > page > inferred).

Pure: the publisher table and the stop words are loaded once by `load_document_resources()`
and passed in, and date inference is a function passed in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import PurePath
from urllib.parse import urlsplit

from laborwatch.errors import InputError, ResourceError
from laborwatch.model import Document, PublishedSource, RawDocument
from laborwatch.resources import resource_path

MAX_ID_LENGTH = 200
HEAD_CHARS = 600  # datelines and by-lines sit at the start of a report
TAIL_CHARS = 2500  # closing lines, contact addresses and copyright at its end
PUBLISHER_KINDS = ("host", "email", "signature")
EMAIL = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
ENGLISH_MIN_SHARE = 0.2  # English prose runs around 40% function words; other languages near 0
LATIN_MIN_WORDS = 3
# a wire dateline names its outlet: "SEOUL, May 3, 2024 (Example Wire) - ..."
DATELINE = re.compile(
    r"^[A-Z][A-Za-z .'-]{1,40},[^\n()]{0,40}\(([A-Z][\w .&'-]{1,60})\)\s*(?:-|—|–|--)", re.MULTILINE
)

InferPublished = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class PublisherRule:
    publisher: str
    kind: str  # host, email or signature
    pattern: str
    regex: re.Pattern[str] | None = None  # compiled, for signatures
    needle: str | None = None  # a word a signature cannot match without


@dataclass(frozen=True)
class PublisherRules:
    """The publisher rules in table order, with what lets most texts skip most of them."""

    rules: tuple[PublisherRule, ...]

    def __iter__(self) -> Iterator[PublisherRule]:
        return iter(self.rules)

    @cached_property
    def hosts(self) -> tuple[PublisherRule, ...]:
        return tuple(rule for rule in self.rules if rule.kind == "host")

    @cached_property
    def by_needle(self) -> dict[str, tuple[int, ...]]:
        """The numbers of the signature rules that need each needle."""
        found: dict[str, list[int]] = {}
        for number, rule in enumerate(self.rules):
            if rule.kind == "signature" and rule.needle is not None:
                found.setdefault(rule.needle, []).append(number)
        return {needle: tuple(numbers) for needle, numbers in found.items()}

    @cached_property
    def always(self) -> frozenset[int]:
        """The numbers of the signature rules no needle can rule out."""
        return frozenset(
            number
            for number, rule in enumerate(self.rules)
            if rule.kind == "signature" and rule.needle is None
        )

    @cached_property
    def emails(self) -> frozenset[int]:
        """The numbers of the e-mail rules: only a text with an "@" may match them."""
        return frozenset(number for number, rule in enumerate(self.rules) if rule.kind == "email")

    @cached_property
    def _needles(self) -> re.Pattern[str]:
        longest_first = sorted(self.by_needle, key=len, reverse=True)
        return re.compile("|".join(re.escape(needle) for needle in longest_first))

    @cached_property
    def _within(self) -> dict[str, tuple[str, ...]]:
        """The needles each needle contains: where "NKorea" is found, "NK" is there too."""
        return {found: tuple(n for n in self.by_needle if n in found) for found in self.by_needle}

    def for_text(self, text: str) -> list[PublisherRule]:
        """The text rules that may match `text`, in table order."""
        numbers = set(self.always | self.emails if "@" in text else self.always)
        for found in set(self._needles.findall(text)):
            for needle in self._within[found]:
                numbers.update(self.by_needle[needle])
        return [self.rules[number] for number in sorted(numbers)]


@dataclass(frozen=True, slots=True)
class DocumentResources:
    publishers: PublisherRules
    english_stopwords: frozenset[bytes]  # lower-case ASCII, as `is_english` reads words


def load_document_resources() -> DocumentResources:
    publishers = load_publisher_rules(resource_path("publishers.tsv").read_text("utf-8"))
    return DocumentResources(
        publishers=publishers,
        english_stopwords=frozenset(
            word.lower().encode("ascii")
            for word in _data_lines(resource_path("english_stopwords.txt").read_text("ascii"))
        ),
    )


# capitalised words that open many sentences: useless for telling a signature is near
_COMMON_SIGNATURE_WORDS = frozenset(
    {"The", "All", "By", "Reported", "Copyright", "News", "Agency", "Press", "Radio", "Voice"}
)


def signature_needle(pattern: str) -> str | None:
    """A name, or else the "@" of an address, the pattern cannot match without: a text lacking
    it skips the regex."""
    required = _ESCAPED.sub("#", pattern)  # "\\|", "\\(": signs, not syntax
    while (shorter := _ALTERNATIVE_GROUP.sub("", required)) != required:
        required = shorter  # what an alternation offers is not required; what stands around is
    if "|" in required:
        return None  # alternatives at the top: no single word is required
    # a case-insensitive word is no plain substring test
    literal = [
        w
        for w in _REQUIRED_WORD.findall(required)
        if w[0].isupper() and w not in _COMMON_SIGNATURE_WORDS and "(?i" not in pattern
    ]
    if literal:
        return str(max(literal, key=len))
    return "@" if _REQUIRED_AT.search(_OPTIONAL_PART.sub("", required)) else None


_ESCAPED = re.compile(r"\\.")
_ALTERNATIVE_GROUP = re.compile(r"\([^()]*\|[^()]*\)[?*]?")
# a word not after a backslash (\S) and not made optional by a quantifier after it
_REQUIRED_WORD = re.compile(r"(?<![\\\w])[^\W\d_]{2,}(?![\w?*{])")
# classes and optional groups: an "@" in them is not required
_OPTIONAL_PART = re.compile(r"\[(?:\\.|[^\]\\])*\]|\([^()]*\)(?:[?*]|\{0)")
_REQUIRED_AT = re.compile(r"@(?![?*{])")


def load_publisher_rules(table: str) -> PublisherRules:
    """Rules from publishers.tsv text; ResourceError naming the line when one is malformed."""
    rules = []
    for number, line in enumerate(table.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("publisher\t"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[1] not in PUBLISHER_KINDS or not all(p.strip() for p in parts):
            raise ResourceError(f"publishers.tsv line {number}: expected publisher, kind, pattern")
        publisher, kind, pattern = (part.strip() for part in parts)
        rules.append(
            PublisherRule(
                publisher,
                kind,
                pattern.lower() if kind != "signature" else pattern,
                _compiled(pattern, number) if kind == "signature" else None,
                signature_needle(pattern) if kind == "signature" else None,
            )
        )
    return PublisherRules(tuple(rules))


def _compiled(pattern: str, number: int) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.MULTILINE)
    except re.error as error:
        raise ResourceError(f"publishers.tsv line {number}: bad pattern ({error})") from error


def _data_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


# --- the document -------------------------------------------------------------------------


def to_document(
    raw: RawDocument, resources: DocumentResources, infer_published: InferPublished
) -> Document:
    """The stored Document for `raw`; InputError when it has no usable id or text."""
    text = normalized_text(raw.text)
    if not text:
        raise InputError("the document has no text")
    published, published_source = publication(raw, text, infer_published)
    return Document(
        id=document_id(raw),
        text=text,
        source=raw.source,
        url=raw.url,
        title=normalized_text(raw.title) or None if raw.title else None,
        publisher=publisher_of(raw.url, text, resources.publishers),
        language=raw.language or detect_language(text, resources.english_stopwords),
        tags=raw.tags,
        published=published,
        published_source=published_source,
    )


def document_id(raw: RawDocument) -> str:
    """Its `id` when given, else the file name without its extension."""
    given = (raw.id or "").strip()
    identifier = given or PurePath(raw.source).stem
    if not identifier or identifier == "-":
        raise InputError("the document has no id and no file name to take one from")
    if len(identifier) > MAX_ID_LENGTH:
        raise InputError(f"document id is longer than {MAX_ID_LENGTH} characters")
    return identifier


def normalized_text(text: str) -> str:
    """NFC, Unix line ends, no surrounding white space: the text every span points into."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    if unified.isascii():  # most texts: already NFC, and no surrogate to replace
        return unified.strip()
    if not unicodedata.is_normalized("NFC", unified):  # a quick check; most texts already are
        unified = unicodedata.normalize("NFC", unified)
    # PostgreSQL stores neither NUL nor lone surrogates (which JSON "\\ud800" escapes can give)
    return unified.encode("utf-8", "replace").decode("utf-8").strip()


def publication(
    raw: RawDocument, text: str, infer_published: InferPublished
) -> tuple[str | None, PublishedSource | None]:
    """The publication date and its source: given by the record > the page > the text."""
    if raw.published:
        return raw.published, raw.published_source or PublishedSource.GIVEN
    inferred = infer_published(text)
    return (inferred, PublishedSource.INFERRED) if inferred else (None, None)


def publisher_of(url: str | None, text: str, rules: PublisherRules) -> str | None:
    """The outlet: from the URL host, else an e-mail domain or a closing line in the text."""
    host = url_host(url)
    if host:
        for rule in rules.hosts:
            if _same_or_subdomain(host, rule.pattern):
                return rule.publisher
    short = len(text) <= HEAD_CHARS + TAIL_CHARS
    ends = text if short else text[:HEAD_CHARS] + "\n" + text[-TAIL_CHARS:]
    # cheap tests first: most texts carry no e-mail address and no known signature
    domains = {m.group(1).lower() for m in EMAIL.finditer(ends)} if "@" in ends else set()
    for rule in rules.for_text(ends):
        if rule.kind == "email":
            if domains and any(_same_or_subdomain(d, rule.pattern) for d in domains):
                return rule.publisher
        elif rule.regex is not None and rule.regex.search(ends):
            return rule.publisher
    head = text[:HEAD_CHARS]
    dateline = DATELINE.search(head) if "(" in head else None  # "CITY, date (Outlet) -"
    return host or (dateline.group(1).strip() if dateline else None)


def url_host(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def _same_or_subdomain(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


# --- language -----------------------------------------------------------------------------

SCRIPT_LANGUAGES = (
    # characters of a script, and the language its text most likely is
    (re.compile("[\uac00-\ud7af\u1100-\u11ff]"), "ko"),  # Hangul
    (re.compile("[\u3040-\u30ff]"), "ja"),  # Hiragana and Katakana
    (re.compile("[\u0400-\u04ff]"), "ru"),  # Cyrillic
    (re.compile("[\u4e00-\u9fff]"), "zh"),  # CJK ideographs: Chinese unless kana says Japanese
)
# one character class: an alternation of classes is tried class by class at every character
OTHER_SCRIPTS = re.compile(
    "[" + "".join(pattern.pattern[1:-1] for pattern, _ in SCRIPT_LANGUAGES) + "]"
)
LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
# enough text to tell the script, and English by its function words (some 130 words, of which
# English has about 50, other languages next to none); reading more only costs time. Most
# English prose shows it in the first 400 characters; headings and lists may need 800
LANGUAGE_SAMPLE = 4000
STOPWORD_SAMPLES = (400, 800)


def detect_language(text: str, english_stopwords: frozenset[bytes]) -> str | None:
    """ISO 639-1 code from the dominant script, and for Latin script from English stop words."""
    sample = text[:LANGUAGE_SAMPLE]
    if sample.isascii() or not OTHER_SCRIPTS.search(sample):  # Latin script ("São Paulo", "€")
        return "en" if is_english(sample, english_stopwords) else None
    counts = {language: len(pattern.findall(sample)) for pattern, language in SCRIPT_LANGUAGES}
    if counts["ja"] and counts["zh"]:
        counts["ja"] += counts.pop("zh")
    script, script_count = max(counts.items(), key=lambda item: item[1])
    if script_count > len(LATIN.findall(sample)):
        return script
    return "en" if is_english(sample, english_stopwords) else None


# every byte but an ASCII letter ends a word, and upper case is made lower: words are runs of
# a-z, found by bytes.translate and split, which need no Python work per character or match
_ONLY_LETTERS = bytes(c | 32 if 65 <= c <= 90 or 97 <= c <= 122 else 32 for c in range(256))


def is_english(text: str, english_stopwords: frozenset[bytes]) -> bool:
    first, second = STOPWORD_SAMPLES
    if _english_share(text[:first], english_stopwords) >= ENGLISH_MIN_SHARE:
        return True
    if len(text) <= first:  # the second sample would be the first again
        return False
    return _english_share(text[:second], english_stopwords) >= ENGLISH_MIN_SHARE


def _english_share(sample: str, english_stopwords: frozenset[bytes]) -> float:
    """The share of English function words among the words of `sample`; 0 for a few words."""
    words = sample.encode("ascii", "replace").translate(_ONLY_LETTERS).split()
    if len(words) < LATIN_MIN_WORDS:
        return 0.0
    return sum(map(english_stopwords.__contains__, words)) / len(words)
