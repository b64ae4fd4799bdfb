"""Benchmark: cluster synthetic deployment claims at 10k, 30k and 100k; print time and peak memory.

Run: PYTHONPATH=src .venv/bin/python benchmarks/cluster.py [sizes...]
The claims are random but shaped like real reporting: a few dozen destination countries, a
handful of regions each, one in five claims naming only the country, counts from tens to tens of
thousands, times within 2015-2026. Growth should stay near linear (blocking + time sweep).
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc

from laborwatch.model import (
    Category,
    Claim,
    ClaimKind,
    Deployment,
    Document,
    Place,
    Qualifier,
    Span,
    Status,
    When,
)
from laborwatch.resolve.cluster import EventRules, cluster_events

COUNTRIES = [f"C{number:02d}" for number in range(30)]
REGIONS_PER_COUNTRY = 8
DEFAULT_SIZES = (10_000, 30_000, 100_000)


def synthetic(size: int, seed: int = 7) -> tuple[list[Claim], dict[str, Document]]:
    rng = random.Random(seed)
    documents: dict[str, Document] = {}
    claims: list[Claim] = []
    for number in range(size):
        doc = f"d{number // 4}"
        if doc not in documents:
            day = f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            documents[doc] = Document(doc, "", doc, publisher=f"outlet {rng.randint(0, 200)}",
                                      published=day)  # fmt: skip
        country = rng.choice(COUNTRIES)
        region = None if rng.random() < 0.2 else f"{country}-R{rng.randrange(REGIONS_PER_COUNTRY)}"
        count = int(10 ** rng.uniform(1, 4.5))
        qualifier = rng.choice(list(Qualifier))
        year = int(documents[doc].published[:4])  # type: ignore[index]
        when = None if rng.random() < 0.6 else When("that year", f"{year}-01-01", f"{year}-12-31")
        details = Deployment(
            count, count if qualifier is not Qualifier.AT_LEAST else None, qualifier,
            rng.choice(list(Category)), rng.choice(list(Status)),
            Place(region or country, admin1=region, country=country), when=when,
        )  # fmt: skip
        claims.append(Claim(f"c{number}", doc, ClaimKind.DEPLOYMENT, "q", Span(0, 1), details))
    return claims, documents


def measure(size: int) -> tuple[float, float, int]:
    claims, documents = synthetic(size)
    tracemalloc.start()
    started = time.perf_counter()
    events = cluster_events(claims, documents, EventRules())
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak / 2**20, len(events)


def main(argv: list[str]) -> int:
    sizes = [int(arg) for arg in argv] or list(DEFAULT_SIZES)
    print(f"{'claims':>8} {'seconds':>8} {'peak MiB':>9} {'events':>8} {'us/claim':>9}")
    for size in sizes:
        seconds, mebibytes, events = measure(size)
        per_claim = seconds / size * 1e6
        print(f"{size:>8} {seconds:>8.2f} {mebibytes:>9.1f} {events:>8} {per_claim:>9.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
