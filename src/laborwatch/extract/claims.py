"""Sentences of one document -> claims of every kind, with quote, span and attribution.

This is the document-level assembler: it walks the sentences in order, keeps what earlier
sentences settled (the last time and place, the previous claim's category and status) and calls
the per-sentence extractors. Who speaks each sentence, across quotations and paragraphs, is
settled first, by document_attribution.py.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from laborwatch.extract.attribution import AttributionFinder
from laborwatch.extract.dates import find_times, when_of_published
from laborwatch.extract.deployment_context import SentenceContext
from laborwatch.extract.deployment_places import north_korean_towns
from laborwatch.extract.deployments import DeploymentFinder
from laborwatch.extract.document_attribution import sentence_attributions
from laborwatch.extract.fx import find_rates
from laborwatch.extract.indicators import IndicatorLexicon, find_indicators
from laborwatch.extract.lexicon import forget_sentences
from laborwatch.extract.money import find_amounts
from laborwatch.extract.money_kinds import money_kinds_of
from laborwatch.extract.money_lexicon import MoneyLexicon
from laborwatch.model import (
    Amount,
    Attribution,
    Claim,
    ClaimDetails,
    ClaimKind,
    Count,
    Document,
    Money,
    Place,
    PlaceMention,
    RateSource,
    Span,
    TimeMention,
)
from laborwatch.nlp import Sentence
from laborwatch.resolve.places import Gazetteer

_HOSTS_TO_SKIP = frozenset({"KP", "KR"})
# a sentence counts as about North Koreans when one of the sentences this far back names them
_NK_WINDOW = 8


@dataclass(frozen=True, slots=True)
class Extractors:
    """The per-sentence extractors and their data, built once per run."""

    deployments: DeploymentFinder
    attribution: AttributionFinder
    gazetteer: Gazetteer
    money: MoneyLexicon
    indicators: IndicatorLexicon


def claims_of_document(
    document: Document, sentences: Sequence[Sentence], extractors: Extractors
) -> list[Claim]:
    """Every claim of one document that names North Korea (the Extractor tells, before it
    splits a document into sentences), in text order."""
    forget_sentences()
    attributions = sentence_attributions(document, sentences, extractors.attribution)
    named = [extractors.gazetteer.find(s.text, s.start) for s in sentences]
    places = [
        _outside_source(found, s, attribution)
        for found, s, attribution in zip(named, sentences, attributions, strict=True)
    ]
    context = SentenceContext(
        published=document.published,
        default_when=when_of_published(document.published),
        main_country=_main_place(places, named),
    )
    rates = [
        (index, fact, span)
        for index, s in enumerate(sentences)
        for fact, span in find_rates(s.text, s.start, document.published, extractors.money)
    ]
    rate_spans = [span for _, _, span in rates]
    names_north_korea = [
        extractors.deployments.mentions_north_korea(s.text) or _names_north_korean_place(found)
        for s, found in zip(sentences, named, strict=True)
    ]
    counts = [extractors.deployments.counts.find(s.text, s.start) for s in sentences]
    wants_time = _sentences_needing_times(sentences, counts, extractors.deployments)
    # a headline naming the country names it for the lede that follows
    if (
        names_north_korea
        and document.title
        and extractors.deployments.mentions_north_korea(document.title)
    ):
        names_north_korea[0] = True
    claims: list[Claim] = []
    hedges: list[bool] = []
    for index, sentence in enumerate(sentences):
        context.nk_nearby = any(names_north_korea[max(0, index - _NK_WINDOW) : index + 1])
        times = (
            find_times(sentence.text, sentence.start, document.published)
            if wants_time[index]
            else []
        )
        attribution = attributions[index]
        # hedging qualifies counts and sums only; most sentences have neither
        hedged = bool(
            counts[index] or extractors.money.mentions_currency(sentence.text)
        ) and extractors.deployments.is_hedged(sentence.text)
        hedges.append(hedged)
        money = list(_money_claims(document, sentence, extractors, attribution, hedged, rate_spans))
        claims.extend(
            _deployment_claims(
                document,
                sentence,
                (places[index], times, _not_sums(counts[index], money)),
                context,
                extractors,
                attribution,
                hedged,
            )
        )
        claims.extend(money)
        claims.extend(_indicator_claims(document, sentence, extractors, attribution))
        if times:
            context.previous_when = times[-1].when
    # a rate is said by whoever says the sentence, and hedged as a sum is
    claims.extend(
        _claim(
            document,
            ClaimKind.FX,
            sentences[index],
            fx,
            span,
            attributions[index],
            hedges[index],
        )
        for index, fx, span in rates
    )
    return sorted(claims, key=lambda c: (c.span.start, c.focus.start if c.focus else 0))


def _not_sums(counts: Sequence[Count], money: Sequence[Claim]) -> Sequence[Count]:
    """The counts that are not a sum of money: "5,000 yuan, of which 3,500 went to the state"
    counts no one, though "3,500 went" reads like "another 3,500 went"."""
    if not money or not counts:
        return counts
    sums = [claim.focus for claim in money if claim.focus is not None]
    return [
        count
        for count in counts
        if not any(s.start < count.span.end and count.span.start < s.end for s in sums)
    ]


def _names_north_korean_place(places: Sequence[PlaceMention]) -> bool:
    """ "Workers from Rason", "a source in North Hamgyong": a North Korean town or province
    names the country as well as its name does (the source's own place included)."""
    return bool(north_korean_towns(places))


def _sentences_needing_times(
    sentences: Sequence[Sentence], counts: Sequence[Sequence[Count]], finder: DeploymentFinder
) -> list[bool]:
    """Times matter in a sentence with a count, and in one whose time the next carries on
    ("Shortly after, ..."); resolving them elsewhere would only cost time."""
    counted = [bool(found) for found in counts]
    carried = [finder.carries_time(s.text) for s in sentences[1:]] + [False]
    return [c or k for c, k in zip(counted, carried, strict=True)]


def _deployment_claims(
    document: Document,
    sentence: Sentence,
    found: tuple[Sequence[PlaceMention], Sequence[TimeMention], Sequence[Count]],
    context: SentenceContext,
    extractors: Extractors,
    attribution: Attribution | None,
    hedged: bool,
) -> Iterator[Claim]:
    """Deployment claims of one sentence, from the places, times and counts found in it."""
    places, times, counts = found
    facts = extractors.deployments.find(
        sentence.text, sentence.start, places, times, context, sentence.organizations, counts
    )
    for fact in facts:
        yield _claim(
            document,
            ClaimKind.DEPLOYMENT,
            sentence,
            fact.deployment,
            fact.focus,
            attribution,
            hedged,
        )


_KOREAS = frozenset({"KP", "KR"})
_NATIONAL_LEVELS = ("country", "demonym")
_THE_COUNTRY = re.compile(r"\bthe\s+country\b", re.IGNORECASE)


def _outside_source(
    places: Sequence[PlaceMention], sentence: Sentence, attribution: Attribution | None
) -> Sequence[PlaceMention]:
    """The places but those that tell where the source is from, not where workers go:
    a country ("Ukraine's defence ministry said"), its adjective ("Ukrainian intelligence
    said"), a North or South Korean place ("a resident of North Hamgyong told", "officials in
    Seoul believe") inside the source's words in this sentence. "The country" of "Russian
    data show 13,000 entered the country" is the source's, so its adjective stays."""
    if attribution is None:
        return places
    at = sentence.text.find(attribution.text)
    if at < 0:  # the source was named in an earlier sentence
        return places
    start = sentence.start + at
    end = start + len(attribution.text)
    source_levels = ("country",) if _THE_COUNTRY.search(sentence.text) else _NATIONAL_LEVELS
    return [
        m
        for m in places
        if not (
            start <= m.span.start < end and (m.level in source_levels or m.place.country in _KOREAS)
        )
    ]


def _money_claims(
    document: Document,
    sentence: Sentence,
    extractors: Extractors,
    attribution: Attribution | None,
    hedged: bool,
    rate_spans: Sequence[Span],
) -> Iterator[Claim]:
    """Money claims of one sentence; a sum that is part of a stated exchange rate ("at 92
    rubles to the dollar") is the rate's, not a payment."""
    amounts = find_amounts(sentence.text, sentence.start, extractors.money)
    kinds = money_kinds_of(sentence.text, amounts, extractors.money, sentence.start)
    for amount, kind in zip(amounts, kinds, strict=True):
        if kind is None or any(r.start <= amount.span.start < r.end for r in rate_spans):
            continue
        money = Money(
            amount_low=amount.low,
            amount_high=amount.high,
            currency=amount.currency,
            per=amount.per,
            money_kind=kind,
            **_text_equivalent(amount),
        )
        yield _claim(document, ClaimKind.MONEY, sentence, money, amount.span, attribution, hedged)


def _text_equivalent(amount: Amount) -> dict[str, Any]:
    """A converted sum written beside the amount ("100,000 rubles ($1,570)") is its USD value."""
    if amount.currency == "USD":
        return {"usd_low": amount.low, "usd_high": amount.high}
    if amount.equivalent_currency != "USD" or amount.equivalent_low is None:
        return {}
    return {
        "usd_low": amount.equivalent_low,
        "usd_high": amount.equivalent_high or amount.equivalent_low,
        "usd_rate_source": RateSource.TEXT,
        "usd_rate_note": f"{amount.text!r} states its equivalent",
    }


def _indicator_claims(
    document: Document,
    sentence: Sentence,
    extractors: Extractors,
    attribution: Attribution | None,
) -> Iterator[Claim]:
    seen = set()
    spans = set()
    for fact, span in find_indicators(sentence.text, sentence.start, extractors.indicators):
        if fact.indicator in seen:
            continue
        seen.add(fact.indicator)
        # one cue may show two indicators ("confined to dormitories"): the second claim's id
        # also names its indicator, and the first keeps the id it always had
        extra = fact.indicator.value if span in spans else ""
        spans.add(span)
        yield _claim(document, ClaimKind.INDICATOR, sentence, fact, span, attribution, False, extra)


def _claim(
    document: Document,
    kind: ClaimKind,
    sentence: Sentence,
    details: ClaimDetails,
    focus: Span,
    attribution: Attribution | None,
    hedged: bool,
    extra_key: str = "",
) -> Claim:
    quote, span = _trimmed(sentence)
    key = f"{document.id}|{kind.value}|{focus.start}|{focus.end}"
    if extra_key:
        key += f"|{extra_key}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return Claim(
        id=f"{kind.value[0]}-{digest}",
        doc=document.id,
        kind=kind,
        quote=quote,
        span=span,
        details=details,
        attributed_to=attribution,
        hedged=hedged,
        focus=focus,
    )


def _trimmed(sentence: Sentence) -> tuple[str, Span]:
    text = sentence.text
    left = len(text) - len(text.lstrip())
    quote = text.strip()
    return quote, Span(sentence.start + left, sentence.start + left + len(quote))


def _main_place(
    places: Sequence[Sequence[PlaceMention]], named: Sequence[Sequence[PlaceMention]]
) -> Place | None:
    """The host place the document speaks of most: 'the country' in a sentence means it.

    Mentions vote for their country and for their region; the country wins unless one of its
    regions is named more often than the country itself (a regional press release). `places`
    are the mentions outside the sources' words, `named` all of them: a place in a source's
    words ("Russia's interior ministry said") votes for a country named outside them too,
    though where a source is from alone is no host.
    """
    hosts = {m.place.country for mentions in places for m in mentions}
    voters = [m for mentions in named for m in mentions if m.place.country in hosts]
    country_votes: Counter[str] = Counter()
    region_votes: Counter[tuple[str, str]] = Counter()
    example: dict[object, Place] = {}
    for mention in voters:
        place = mention.place
        if not place.country or place.country in _HOSTS_TO_SKIP:
            continue
        country_votes[place.country] += 1
        if mention.level in ("country", "demonym"):
            example.setdefault(place.country, place)
        elif place.admin1:
            region_votes[(place.country, place.admin1)] += 1
            example.setdefault((place.country, place.admin1), place)
    if not country_votes:
        return None
    country, _ = country_votes.most_common(1)[0]
    by_name = sum(
        1 for m in voters if m.place.country == country and m.level in ("country", "demonym")
    )
    regions = [(n, key) for key, n in region_votes.items() if key[0] == country]
    if regions:
        votes, key = max(regions)
        if votes > by_name:
            return example[key]
    return example.get(country) or Place(name=country, country=country)
