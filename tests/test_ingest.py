"""Reading every input form of CLAIMS.md, and a clear reason for every input that fails."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laborwatch.ingest import read_inputs
from laborwatch.ingest.text import split_tag_line, tags_of_line
from laborwatch.model import IngestFailure, PublishedSource, RawDocument

FIXTURES = Path(__file__).parent / "fixtures"


def documents(*paths: str, **options: object) -> list[RawDocument]:
    items = list(read_inputs(list(paths), **options))  # type: ignore[arg-type]
    assert all(isinstance(item, RawDocument) for item in items), items
    return [item for item in items if isinstance(item, RawDocument)]


def failures(*paths: str, **options: object) -> dict[str, str]:
    items = list(read_inputs(list(paths), **options))  # type: ignore[arg-type]
    return {item.source: item.reason for item in items if isinstance(item, IngestFailure)}


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("russia, workers", ("russia", "workers")),
        ("overseas labor, kim jong un, far east", ("overseas labor", "kim jong un", "far east")),
        ("north korea,sanctions , logging", ("north korea", "sanctions", "logging")),
        ("россия, рабочие", ("россия", "рабочие")),
        ("a single keyword", None),  # no comma: a lower-case heading, not a list
        ("Russia, Workers", None),  # capitals: not the keyword convention
        ("the workers left, and the site closed.", None),  # a sentence
        ("prices rose 5%, then fell", None),
        ("workers, " * 40, None),  # too long to be a tag line
        ("one, two,", None),  # an empty keyword
    ],
)
def test_tag_line(line: str, tags: tuple[str, ...] | None) -> None:
    assert tags_of_line(line) == tags


def test_tag_line_needs_text_after_it() -> None:
    assert split_tag_line("russia, workers\n") == ((), "russia, workers\n")
    assert split_tag_line("\n\nrussia, workers\nBody.") == (("russia", "workers"), "Body.")


@given(st.text())
def test_split_tag_line_never_crashes_and_keeps_a_suffix(text: str) -> None:
    tags, body = split_tag_line(text)
    assert text.endswith(body)
    assert all(tag == tag.strip() and tag for tag in tags)


def test_text_with_tag_line() -> None:
    (doc,) = documents(str(FIXTURES / "tagged.txt"))
    assert doc.tags == ("overseas labour", "russia", "construction")
    assert doc.text.lstrip().startswith("Officials in Khabarovsk")
    assert doc.source.endswith("tagged.txt") and doc.id is None


def test_markdown_title(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Crews in the taiga\n\nLoggers worked through the night.\n")
    (doc,) = documents(str(path))
    assert doc.title == "Crews in the taiga"
    assert doc.tags == ()


def test_html_page() -> None:
    (doc,) = documents(str(FIXTURES / "page.html"))
    assert "80 workers" in doc.text
    assert "Home" not in doc.text  # navigation is not main text
    assert doc.title == "Builders arrive in the Far East"
    assert doc.published == "2024-06-12"
    assert doc.published_source is PublishedSource.PAGE
    assert doc.url == "https://www.example-wire.test/news/builders-far-east"


def test_json_list() -> None:
    first, second = documents(str(FIXTURES / "records.json"))
    assert first.id == "rec-a" and first.tags == ("russia", "labour")
    assert first.published == "2024-05-02" and first.published_source is PublishedSource.GIVEN
    assert first.url and first.title == "Crews head north" and first.language == "en"
    assert second.id == "records-2" and second.published == "2023"


def test_json_object_takes_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "single_report.json"
    path.write_text(
        json.dumps({"text": "Twenty workers left.", "published": "2024-01-05T10:00:00Z"})
    )
    (doc,) = documents(str(path))
    assert doc.id == "single_report" and doc.published == "2024-01-05"


def test_jsonl() -> None:
    first, second = documents(str(FIXTURES / "records.jsonl"))
    assert (first.id, first.published) == ("line-1", "2024-02")
    assert second.tags == ("weather", "misc")


def test_stdin_jsonl() -> None:
    stream = io.StringIO('{"text": "From a pipe."}\n{"id": "x", "text": "Second."}\n')
    first, second = documents("-", stdin=stream)
    assert first.id == "stdin-1" and first.source == "-"
    assert second.id == "x"


def test_folder_is_read_recursively_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "deep.txt").write_text("Deep text.")
    (tmp_path / "top.md").write_text("Top text.")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    found = sorted(Path(doc.source).name for doc in documents(str(tmp_path)))
    assert found == ["deep.txt", "top.md"]


def write_bad_files(folder: Path) -> dict[str, str]:
    """Bad inputs by file name, with a word their reason must contain."""
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin1.txt").write_bytes("Caf\xe9 workers".encode("latin-1"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.md").write_text("  \n\n ")
    (folder / "no_text.json").write_text(json.dumps({"id": "n", "title": "No body"}))
    (folder / "broken.json").write_text("{not json")
    (folder / "bad_date.json").write_text(json.dumps({"text": "x", "published": "May 2024"}))
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (folder / "scalar.json").write_text("42")
    return {
        "binary.txt": "binary",
        "latin1.txt": "UTF-8",
        "empty.txt": "empty",
        "blank.md": "empty",
        "no_text.json": "`text`",
        "broken.json": "JSON",
        "bad_date.json": "published",
        "huge.txt": "limit",
        "scalar.json": "object",
    }


def test_each_bad_file_has_its_reason(tmp_path: Path) -> None:
    expected = write_bad_files(tmp_path)
    (tmp_path / "good.txt").write_text("Fine text about 30 workers.")
    items = list(read_inputs([str(tmp_path)]))
    reasons = {Path(i.source).name: i.reason for i in items if isinstance(i, IngestFailure)}
    assert set(reasons) == set(expected)
    for name, word in expected.items():
        assert word in reasons[name], (name, reasons[name])
    good = [i for i in items if isinstance(i, RawDocument)]
    assert [Path(doc.source).name for doc in good] == ["good.txt"]


def test_missing_and_unsupported_paths(tmp_path: Path) -> None:
    (tmp_path / "slides.pptx").write_bytes(b"PK")
    found = failures(str(tmp_path / "nope.txt"), str(tmp_path / "slides.pptx"))
    assert "no such file" in found[str(tmp_path / "nope.txt")]
    assert "unsupported" in found[str(tmp_path / "slides.pptx")]


def test_size_limit_is_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "medium.txt"
    path.write_text("word " * 1000)
    assert "limit" in failures(str(path), max_bytes=1000)[str(path)]
    assert documents(str(path), max_bytes=10_000)


def test_jsonl_bad_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"text": "Good one."}\nnot json\n{"title": "no text"}\n')
    items = list(read_inputs([str(path)]))
    assert [type(i).__name__ for i in items] == ["RawDocument", "IngestFailure", "IngestFailure"]
    assert items[1].source.endswith(":2")
