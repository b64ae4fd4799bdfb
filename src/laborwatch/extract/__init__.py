"""Extraction: pure functions from a document's text to claims.

`Extractor(resources)` builds the spaCy pipeline and the rule sets once; `extract(document)`
returns the claims of one document, `extract_many(documents)` does the same for a stream.
Documents that never mention North Korea are skipped before any tokenising.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from laborwatch.extract.extractor import Extractor


def __getattr__(name: str) -> Any:
    # imported lazily so that a single extractor module can be imported on its own
    if name == "Extractor":
        from laborwatch.extract.extractor import Extractor

        return Extractor
    raise AttributeError(name)


__all__ = ["Extractor"]
