"""What kind of payment an amount is: `money_kind_of` and `money_kinds_of` read the kind cues
of its clause (wage, net wage, remittance, bribe, revenue, or none), the cue nearest the amount
and not another amount's, and set aside the pay of other workers and sums named as trade or aid.

Apart from money.py: finding an amount does not need its kind, and the kind rules (which cue
belongs to which amount) are their own body of reasoning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from laborwatch.extract.money_lexicon import MoneyLexicon
from laborwatch.model import Amount, MoneyKind, Span

# what may sit between an amount and the noun that says what it is ("$300 million in aid")
_HEAD_NOUN_GAP = re.compile(r"\s*(?:(?:in|of|for|worth|from|on|the|its|their|a|an)\s+){1,3}$", re.I)
# between a payment's name and its sum: "a stipend of $50", "salary: $50", "wage was $50"
_PAYMENT_NAMED_GAP = re.compile(r"\s*(?:of|:|is|was|were|are|stood\s+at)?\s*", re.IGNORECASE)
_KIND_ORDER = ("bribe", "remittance", "revenue", "wage_net", "wage_gross", "other", "none")


def clause_bounds(text: str, span: Span, lexicon: MoneyLexicon) -> tuple[int, int]:
    """[start, end) of the clause of `text` holding `span` (relative offsets)."""
    start, end = 0, len(text)
    for match in lexicon.clause_break.finditer(text):
        if match.end() <= span.start:
            start = match.end()
        elif match.start() >= span.end:
            end = match.start()
            break
    return start, end


def money_kind_of(
    text: str, amount: Amount, lexicon: MoneyLexicon, offset: int | None = None
) -> MoneyKind | None:
    """The kind of payment `amount` is in its sentence `text`, or None when it is no payment
    connected to workers. Pass the sentence's `offset` when the amount's span is absolute;
    without it the amount is located by its text."""
    return money_kinds_of(text, [amount], lexicon, offset)[0]


def money_kinds_of(
    text: str, amounts: Sequence[Amount], lexicon: MoneyLexicon, offset: int | None = None
) -> list[MoneyKind | None]:
    """`money_kind_of` each of the amounts of one sentence, its cues found once; a cue nearer
    to another of the amounts is that amount's, unless this one has no other."""
    if not amounts:
        return []
    cues = _kind_cues(text, lexicon)
    spans = [_relative_span(text, amount, offset) for amount in amounts]
    placed = [span for span in spans if span is not None]
    return [None if span is None else _kind(text, span, placed, lexicon, cues) for span in spans]


def _kind(
    text: str,
    span: Span,
    spans: list[Span],
    lexicon: MoneyLexicon,
    cues: list[tuple[int, int, str]],
) -> MoneyKind | None:
    """The kind of the amount at `span`, among the amounts at `spans` of the same sentence."""
    if _head_noun_is_none(text, span, cues):
        return None
    clause_start, clause_end = clause_bounds(text, span, lexicon)
    if _pays_other_workers(text, clause_start, clause_end, lexicon):
        return None
    own = [c for c in cues if clause_start <= c[0] and c[1] <= clause_end]
    others = [s for s in spans if s != span]
    chosen = (
        _nearest(_not_owned(own, span, others), span)
        or _nearest(own, span)
        or _nearest(_not_owned(cues, span, others), span)
        # a clause of no cue of its own is about the sum before ("120,000 rubles a month,
        # compared with 60,000 for a labourer"), even if that sum stands nearer the cue
        or (_nearest([c for c in cues if c[1] <= span.start], span) if not own else None)
    )
    if chosen is None and lexicon.worker.search(text):
        return MoneyKind.OTHER
    chosen = chosen or _nearest(cues, span)
    if chosen is None:
        return None
    kind = chosen[2]
    if kind == "none":
        return None
    if kind == "wage_gross" and any(
        c[2] == "wage_net" and (c[1] <= span.start or c[0] - span.end <= _NET_AFTER)
        for c in _not_owned(own or cues, span, others)
    ):
        return MoneyKind.WAGE_NET  # "after deductions, they earn ...", "$600 a month net"
    return MoneyKind(kind)


def _pays_other_workers(text: str, start: int, end: int, lexicon: MoneyLexicon) -> bool:
    """Whether the clause speaks of the pay of others ("Russian bricklayers earn ...", "...,
    compared with 120,000 rubles for local workers"), a comparison rather than a claim."""
    return bool(
        lexicon.other_workers.search(text, start, end)
        and not lexicon.north_koreans.search(text, start, end)
    )


def _relative_span(text: str, amount: Amount, offset: int | None) -> Span | None:
    if offset is not None:
        span = Span(amount.span.start - offset, amount.span.end - offset)
        if 0 <= span.start <= span.end <= len(text):
            return span
    found = text.find(amount.text)
    if found < 0:
        return None
    return Span(found, found + len(amount.text))


def _kind_cues(text: str, lexicon: MoneyLexicon) -> list[tuple[int, int, str]]:
    """Every kind cue of the sentence as (start, end, kind), cues inside a longer one dropped."""
    found = [(m.start(), m.end(), lexicon.kind_of_cue[i]) for i, m in lexicon.kinds.matches(text)]
    return [
        cue
        for cue in found
        if not any(
            o is not cue and o[0] <= cue[0] and cue[1] <= o[1] and o[1] - o[0] > cue[1] - cue[0]
            for o in found
        )
    ]


# how far after an amount a net cue still qualifies it: past its period ("a month after
# deductions"), not into the next clause
_NET_AFTER = 25


def _nearest(cues: list[tuple[int, int, str]], span: Span) -> tuple[int, int, str] | None:
    if not cues:
        return None
    return min(cues, key=lambda cue: (_gap(cue, span), _KIND_ORDER.index(cue[2])))


def _not_owned(
    cues: list[tuple[int, int, str]], span: Span, others: list[Span]
) -> list[tuple[int, int, str]]:
    """The cues no other amount of the sentence stands nearer to: in "a salary of $600, of
    which $450 was deducted for the plan", "salary" is the $600's and "plan" the $450's."""
    return [c for c in cues if not any(_gap(c, o) < _gap(c, span) for o in others)]


def _gap(cue: tuple[int, int, str], span: Span) -> int:
    if cue[1] <= span.start:
        return span.start - cue[1]
    if cue[0] >= span.end:
        return cue[0] - span.end
    return 0


def _head_noun_is_none(text: str, span: Span, cues: list[tuple[int, int, str]]) -> bool:
    """ "$300 million in aid", "$2 billion of trade": the noun after the sum says what it is,
    unless a payment named right before it does ("an allowance of $5 for food")."""
    if any(
        kind != "none" and end <= span.start and _PAYMENT_NAMED_GAP.fullmatch(text, end, span.start)
        for _, end, kind in cues
    ):
        return False
    for start, _, kind in cues:
        if kind == "none" and span.end <= start <= span.end + 20:
            gap = text[span.end : start]
            if _HEAD_NOUN_GAP.fullmatch(gap + " ") or not gap.strip():
                return True
    return False
