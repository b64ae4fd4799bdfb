"""Publication date inferred from a document's text (stub: the dates work fills it in)."""

from __future__ import annotations


def infer_published(text: str) -> str | None:
    """`YYYY`, `YYYY-MM` or `YYYY-MM-DD` with only the precision the text supports, or None."""
    return None
