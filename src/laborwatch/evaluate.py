"""Score exported claims against a gold file, with the matching rules of CLAIMS.md.

A typed reimplementation of shared/eval/score.py: `score()` returns the same figures and
`figure_lines()` prints them the same way, so `laborwatch evaluate` and the shared scorer agree
(a test holds them to it).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from laborwatch.errors import InputError

Row = Mapping[str, Any]
KINDS = ("deployment", "money", "fx", "indicator")
FIELDS = ("status", "category", "destination", "year", "source", "per", "money_kind")
# the scorer's normalisation of attributions and place names, kept exactly as score.py has it
STOP = {"a", "an", "the", "in", "of", "from", "to", "by", "and", "reports", "report",
        "according", "said", "told", "says", "official", "officials"}  # fmt: skip
PLACE_NOISE = {"region", "oblast", "krai", "kray", "city", "the", "province", "provinces",
               "airport", "of", "russia's", "republic", "federal", "district"}  # fmt: skip
ALIASES = {"st petersburg": "saint petersburg", "st. petersburg": "saint petersburg",
           "sankt-peterburg": "saint petersburg", "petersburg": "saint petersburg",
           "russian federation": "russia", "ru": "russia", "dprk": "north korea"}  # fmt: skip


@dataclass(slots=True)
class Tally:
    counts: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in KINDS})
    full: list[int] = field(default_factory=lambda: [0, 0, 0])  # right, predicted, gold
    fields: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in FIELDS})
    troop_confusions: int = 0
    report: list[str] = field(default_factory=list)

    def field(self, name: str, ok: bool) -> bool:
        self.fields[name][0] += bool(ok)
        self.fields[name][1] += 1
        return ok

    def add(self, kind: str, tp: int, fp: int, fn: int) -> None:
        self.counts[kind][0] += tp
        self.counts[kind][1] += fp
        self.counts[kind][2] += fn


def load_gold(path: Path) -> list[dict[str, Any]]:
    try:
        docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InputError(f"cannot read the gold file {path}: {error}") from error
    if not isinstance(docs, list):
        raise InputError(f"gold file {path}: `docs` must be a list")
    return docs


# --- matching rules -----------------------------------------------------------------------


def close(a: float | None, b: float | None, tolerance: float = 0.02) -> bool:
    if a is None or b is None:
        return False
    return abs(a - b) <= tolerance * max(abs(a), abs(b), 1)


def magnitude(value: float | None) -> int | None:
    return 10 ** math.floor(math.log10(value)) if value and value > 0 else None


def place_key(name: str | None) -> str:
    if not name:
        return ""
    key = name.lower().strip()
    key = ALIASES.get(key, key)
    key = " ".join(w for w in re.split(r"[\s,]+", key) if w and w not in PLACE_NOISE)
    return ALIASES.get(key, key)


def words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in STOP}


def deployment_matches(gold: Row, predicted: Row) -> bool:
    bounds = [v for v in (predicted.get("low"), predicted.get("high")) if v is not None]
    if gold.get("anchor") is not None:
        return any(close(gold["anchor"], v) for v in bounds)
    return predicted.get("qualifier") == "vague" and any(
        magnitude(v) == gold["magnitude"] for v in bounds
    )


def destination_ok(gold: Row, predicted: Row) -> bool:
    wanted = gold.get("destination")
    listed = wanted if isinstance(wanted, list) else [wanted]
    keys = {place_key(x) for x in listed if x}
    destination = predicted.get("destination") or {}
    names = {place_key(destination.get("name")), place_key(destination.get("admin1"))}
    country_only = place_key(destination.get("name")) in ("russia", "")
    if destination.get("country") == "RU" and not destination.get("admin1") and country_only:
        names.add("russia")
    return bool(keys & names)


def years_of(predicted: Row) -> set[int]:
    when = predicted.get("when") or {}
    return {int(str(when[k])[:4]) for k in ("start", "end") if when.get(k)}


def source_ok(gold: Row, predicted: Row) -> bool:
    wanted = words(gold.get("attributed_to"))
    got = words((predicted.get("attributed_to") or {}).get("text"))
    return bool(wanted) and len(wanted & got) / len(wanted) >= 0.5


def money_matches(gold: Row, predicted: Row) -> bool:
    return (
        predicted.get("currency") == gold["currency"]
        and close(predicted.get("amount_low"), gold["amount_low"])
        and close(predicted.get("amount_high"), gold["amount_high"])
    )


def equivalent_of(gold: Row, predicted: Row) -> bool:
    return any(
        predicted.get("currency") == e["currency"]
        and close(predicted.get("amount_low"), e["amount"])
        for e in gold.get("equivalents", [])
    )


def fx_matches(gold: Row, predicted: Row) -> bool:
    if (
        predicted.get("base") == gold["base"]
        and predicted.get("quote_currency") == gold["quote_currency"]
    ):
        return close(predicted.get("rate"), gold["rate"])
    inverted = (
        predicted.get("base") == gold["quote_currency"]
        and predicted.get("quote_currency") == gold["base"]
    )
    if inverted and predicted.get("rate"):
        return close(1 / predicted["rate"], gold["rate"])
    return False


def greedy(
    gold: Sequence[Row], predicted: Sequence[Row], match: Callable[[Row, Row], bool]
) -> tuple[list[tuple[Row, Row]], list[Row], list[Row]]:
    """One-to-one matching in text order: (pairs, unmatched gold, unmatched predictions)."""
    pairs: list[tuple[Row, Row]] = []
    free = list(predicted)
    missed: list[Row] = []
    for wanted in gold:
        hit = next((p for p in free if match(wanted, p)), None)
        if hit is None:
            missed.append(wanted)
        else:
            free.remove(hit)
            pairs.append((wanted, hit))
    return pairs, missed, free


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- scoring ------------------------------------------------------------------------------


def score(
    gold: Sequence[Row], claims: Iterable[Row], documents: Iterable[Row] | None = None
) -> tuple[dict[str, Any], list[str]]:
    """(figures, report lines) for predicted `claims` (export records) against `gold` docs."""
    grouped: dict[tuple[Any, Any], list[Row]] = {}
    for claim in claims:
        grouped.setdefault((claim.get("doc"), claim.get("kind")), []).append(claim)
    by_doc = {k: sorted(v, key=lambda c: (c.get("span") or [0])[0]) for k, v in grouped.items()}
    tally = Tally()
    for doc in gold:
        _score_deployments(doc, by_doc.get((doc["doc"], "deployment"), []), tally)
        _score_money(doc, by_doc.get((doc["doc"], "money"), []), tally)
        pairs, missed, extra = greedy(
            doc.get("fx", []), by_doc.get((doc["doc"], "fx"), []), fx_matches
        )
        tally.add("fx", len(pairs), len(extra), len(missed))
        if "indicators" in doc:
            want = set(doc["indicators"])
            got = {p.get("indicator") for p in by_doc.get((doc["doc"], "indicator"), [])}
            tally.add("indicator", len(want & got), len(got - want), len(want - got))
    published = _published_figures(gold, documents)
    return _figures(tally, published), tally.report


def _score_deployments(doc: Row, predicted: list[Row], tally: Tally) -> None:
    name = doc["doc"]
    pairs, missed, extra = greedy(doc["deployments"], predicted, deployment_matches)
    tally.add("deployment", len(pairs), len(extra), len(missed))
    for wanted, got in pairs:
        bad = _field_errors(wanted, got, tally)
        tally.full[0] += not [b for b in bad if not b.startswith("source")]
        if bad:
            tally.report.append(f"  {name} field  {wanted['quote'][:60]!r}: " + "; ".join(bad))
    tally.full[1] += len(predicted)
    tally.full[2] += len(doc["deployments"])
    tally.report += [f"  {name} missed {g['quote'][:70]!r}" for g in missed]
    tally.report += [
        f"  {name} extra  {p.get('quote', '')[:70]!r} ({p.get('low')}..{p.get('high')})"
        for p in extra
    ]


def _field_errors(wanted: Row, got: Row, tally: Tally) -> list[str]:
    bad = []
    if not tally.field("status", got.get("status") == wanted["status"]):
        bad.append(f"status {got.get('status')}!={wanted['status']}")
    if not tally.field("category", got.get("category") == wanted["category"]):
        bad.append(f"category {got.get('category')}!={wanted['category']}")
        tally.troop_confusions += (got.get("category") == "troops") != (
            wanted["category"] == "troops"
        )
    if wanted.get("destination") and not tally.field("destination", destination_ok(wanted, got)):
        name = (got.get("destination") or {}).get("name")
        bad.append(f"destination {name}!={wanted['destination']}")
    if wanted.get("year") and not tally.field("year", wanted["year"] in years_of(got)):
        bad.append(f"year {sorted(years_of(got))}!={wanted['year']}")
    if wanted.get("attributed_to") and not tally.field("source", source_ok(wanted, got)):
        text = (got.get("attributed_to") or {}).get("text")
        bad.append(f"source {text!r}!={wanted['attributed_to']!r}")
    return bad


def _score_money(doc: Row, predicted: list[Row], tally: Tally) -> None:
    name = doc["doc"]
    pairs, missed, extra = greedy(doc["money"], predicted, money_matches)
    extra = [p for p in extra if not any(equivalent_of(g, p) for g in doc["money"])]
    tally.add("money", len(pairs), len(extra), len(missed))
    for wanted, got in pairs:
        tally.field("per", got.get("per") == wanted["per"])
        tally.field("money_kind", got.get("money_kind") == wanted["money_kind"])
    tally.report += [f"  {name} missed {g['quote'][:70]!r}" for g in missed]
    tally.report += [
        f"  {name} extra  {p.get('quote', '')[:70]!r} ({p.get('amount_low')} {p.get('currency')})"
        for p in extra
    ]


def _published_figures(gold: Sequence[Row], documents: Iterable[Row] | None) -> list[int]:
    counts = [0, 0, 0, 0]  # year right, year asked, month right, month asked
    if documents is None:
        return counts
    by_id = {row.get("doc"): row for row in documents}
    for doc in gold:
        want = doc.get("published")
        if not want:
            continue
        got = str((by_id.get(doc["doc"]) or {}).get("published") or "")
        counts[1] += 1
        counts[0] += got[:4] == want[:4]
        if len(want) >= 7:
            counts[3] += 1
            counts[2] += got[:7] == want[:7]
    return counts


def _figures(tally: Tally, published: list[int]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for kind, (tp, fp, fn) in tally.counts.items():
        p, r, f = prf(tp, fp, fn)
        figures[kind] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 3),
                         "recall": round(r, 3), "f1": round(f, 3)}  # fmt: skip
    right, predicted, wanted = tally.full
    p = right / predicted if predicted else 0.0
    r = right / wanted if wanted else 0.0
    f1 = round(2 * p * r / (p + r), 3) if p + r else 0.0
    figures["deployment_full"] = {
        "tp": right,
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": f1,
    }
    figures["fields"] = {
        k: (round(ok / n, 3) if n else None) for k, (ok, n) in tally.fields.items()
    }
    figures["troop_confusions"] = tally.troop_confusions
    figures["published_year"] = round(published[0] / published[1], 3) if published[1] else None
    figures["published_month"] = round(published[2] / published[3], 3) if published[3] else None
    return figures


def figure_lines(figures: Mapping[str, Any], report: Sequence[str] = ()) -> list[str]:
    """The figures as score.py prints them; `report` (per-claim notes) before the summary."""
    lines = []
    for kind in KINDS:
        x = figures[kind]
        lines.append(
            f"{kind:11} P={x['precision']:.2f} R={x['recall']:.2f} F1={x['f1']:.2f}  "
            f"(tp {x['tp']}, fp {x['fp']}, fn {x['fn']})"
        )
    x = figures["deployment_full"]
    lines.append(
        "deployment, whole claim right (number, status, category, destination, year): "
        f"P={x['precision']:.2f} R={x['recall']:.2f} F1={x['f1']:.2f}"
    )
    shown = ", ".join(f"{k} {v:.2f}" for k, v in figures["fields"].items() if v is not None)
    lines.append("fields on matched claims: " + shown)
    lines.extend(report)
    lines.append(summary_line(figures))
    return lines


def summary_line(figures: Mapping[str, Any]) -> str:
    fields = figures["fields"]
    return (
        f"SUMMARY deployment_f1={figures['deployment']['f1']:.3f} "
        f"full_f1={figures['deployment_full']['f1']:.3f} money_f1={figures['money']['f1']:.3f} "
        f"fx_f1={figures['fx']['f1']:.3f} status={fields['status']} "
        f"destination={fields['destination']} year={fields['year']} source={fields['source']} "
        f"category={fields['category']} troop_confusions={figures['troop_confusions']} "
        f"published_year={figures['published_year']}"
    )
