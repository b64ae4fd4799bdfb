"""Reading inputs: `read_inputs(paths)` yields one RawDocument per document found, or an
IngestFailure with a reason for every input that cannot be read; it never raises for a file.

Dispatch is by suffix (see CLAIMS.md, "Input documents"); folders are read recursively, and
`-` is JSON Lines on stdin.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from laborwatch.errors import InputError
from laborwatch.ingest.html import read_html
from laborwatch.ingest.records import read_json, read_jsonl
from laborwatch.ingest.text import read_text
from laborwatch.model import IngestFailure, RawDocument

__all__ = ["SUFFIXES", "input_files", "read_file", "read_inputs"]

SUFFIXES = (".txt", ".md", ".html", ".htm", ".json", ".jsonl")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SNIFF_BYTES = 8192
STDIN = "-"

Item = RawDocument | IngestFailure


def read_inputs(
    paths: Iterable[str], *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: TextIO | None = None
) -> Iterator[Item]:
    """Every document in `paths` (files, folders, or `-`), in order, or why it failed."""
    for given in paths:
        if given == STDIN:
            yield from _read_stdin(stdin if stdin is not None else sys.stdin)
            continue
        files = input_files(given)
        if isinstance(files, IngestFailure):
            yield files
            continue
        for path in files:
            yield from read_file(path, max_bytes=max_bytes)


def input_files(given: str) -> list[Path] | IngestFailure:
    """The readable files `given` names: itself, or every supported file under a folder."""
    path = Path(given)
    if path.is_dir():
        found = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix.lower() in SUFFIXES and not _hidden(p, path)
        )
        if not found:
            return IngestFailure(given, f"no {', '.join(SUFFIXES)} files in this folder")
        return found
    if not path.exists():
        return IngestFailure(given, "no such file or folder")
    if path.suffix.lower() not in SUFFIXES:
        suffix = path.suffix or "(none)"
        return IngestFailure(
            given, f"unsupported file type {suffix}; expected one of {', '.join(SUFFIXES)}"
        )
    return [path]


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The documents in one file, or one IngestFailure saying why it cannot be read."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        text = read_checked(path, max_bytes)
        if suffix in (".txt", ".md"):
            yield read_text(source, text, markdown=suffix == ".md")
        elif suffix in (".html", ".htm"):
            yield read_html(source, text)
        elif suffix == ".json":
            yield from read_json(source, path.stem, text)
        else:
            yield from read_jsonl(source, path.stem, iter(text.splitlines()))
    except InputError as error:
        yield IngestFailure(source, str(error))


def read_checked(path: Path, max_bytes: int) -> str:
    """The file's text; InputError when it is too large, empty, binary or not UTF-8."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit; not read"
            )
        if size == 0:
            raise InputError("empty file")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"cannot read the file: {error.strerror or error}") from error
    return decoded(data)


def decoded(data: bytes) -> str:
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError("binary file (it holds NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = data[error.start]
        raise InputError(f"not valid UTF-8 (byte 0x{bad:02x} at offset {error.start})") from error
    if not text.strip():
        raise InputError("empty file (only white space)")
    return text


def _read_stdin(stream: TextIO) -> Iterator[Item]:
    try:
        lines = list(stream)
    except UnicodeDecodeError as error:
        yield IngestFailure(STDIN, f"standard input is not valid UTF-8 ({error.reason})")
        return
    yield from read_jsonl(STDIN, "stdin", iter(lines))


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
