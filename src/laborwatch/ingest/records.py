"""JSON and JSON Lines records: `text` (required), and optional `id`, `url`, `title`,
`published`, `language`, `tags`.

A file holding one record gives its document the file's name as id when the record has none;
records in a list or in JSON Lines get `<file name>-<position>` (1-based) instead, so ids stay
unique and stable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from laborwatch.errors import InputError
from laborwatch.model import IngestFailure, PublishedSource, RawDocument

PUBLISHED = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ISO_TIMESTAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{2}:\d{2}")


def read_json(source: str, stem: str, text: str) -> Iterator[RawDocument | IngestFailure]:
    """The records of a `.json` file: one object, or a list of objects."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON (line {error.lineno}: {error.msg})") from error
    if isinstance(value, dict):
        yield _record_or_failure(source, value, stem, None)
    elif isinstance(value, list):
        if not value:
            raise InputError("the JSON list holds no records")
        single = len(value) == 1
        for position, item in enumerate(value, 1):
            yield _record_or_failure(source, item, stem, None if single else position)
    else:
        raise InputError("JSON must be an object or a list of objects")


def read_jsonl(
    source: str, stem: str, lines: Iterator[str]
) -> Iterator[RawDocument | IngestFailure]:
    """The records of JSON Lines: one object per non-empty line."""
    found = False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        found = True
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield IngestFailure(f"{source}:{number}", f"not valid JSON ({error.msg})")
            continue
        yield _record_or_failure(source, value, stem, number, where=f"{source}:{number}")
    if not found:
        yield IngestFailure(source, "no records (the input is empty)")


def _record_or_failure(
    source: str, value: Any, stem: str, position: int | None, where: str | None = None
) -> RawDocument | IngestFailure:
    place = where or (source if position is None else f"{source}#{position}")
    try:
        return record_document(source, value, stem if position is None else f"{stem}-{position}")
    except InputError as error:
        return IngestFailure(place, str(error))


def record_document(source: str, value: Any, default_id: str) -> RawDocument:
    """A RawDocument from one record; InputError naming the field when it is not usable."""
    if not isinstance(value, Mapping):
        raise InputError("a record must be a JSON object")
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("record has no `text` (a non-empty string is required)")
    published = _published(value.get("published"))
    return RawDocument(
        source=source,
        text=text,
        id=_optional_string(value, "id") or default_id,
        url=_optional_string(value, "url"),
        title=_optional_string(value, "title"),
        published=published,
        published_source=PublishedSource.GIVEN if published else None,
        language=(_optional_string(value, "language") or "").lower() or None,
        tags=_tags(value.get("tags")),
    )


def _optional_string(value: Mapping[str, Any], name: str) -> str | None:
    field = value.get(name)
    if field is None:
        return None
    if isinstance(field, int | float) and not isinstance(field, bool) and name == "id":
        return str(field)
    if not isinstance(field, str):
        raise InputError(f"`{name}` must be a string")
    return field.strip() or None


def _published(value: Any) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    timestamp = ISO_TIMESTAMP.match(text)
    if timestamp:
        text = timestamp.group(1)
    if not PUBLISHED.match(text) or not _plausible_date(text):
        raise InputError(f"`published` must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return text


def _plausible_date(text: str) -> bool:
    parts = [int(part) for part in text.split("-")]
    month_ok = len(parts) < 2 or 1 <= parts[1] <= 12
    day_ok = len(parts) < 3 or 1 <= parts[2] <= 31
    return month_ok and day_ok


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        items = value
    else:
        raise InputError("`tags` must be a list of strings or a comma-separated string")
    return tuple(dict.fromkeys(item.strip() for item in items if item.strip()))
