"""The command line: exit codes, one-line errors, stdin and stdout, every command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, CliRunner
from laborwatch.errors import ConfigError
from laborwatch.settings import Settings, load_settings


def test_help(cli: CliRunner) -> None:
    result = cli("--help")
    assert result.code == 0
    for command in ("ingest", "export", "claims", "show", "summary", "evaluate", "db"):
        assert command in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("frobnicate",), 2, "No such command"),
        (("export", "everything"), 2, "everything"),
        (("export", "claims", "--format", "xml"), 2, "xml"),
        (("claims", "--min-count", "many"), 2, "--min-count"),
        (("show", "no-such-doc"), 1, "no document with id 'no-such-doc'"),
        (("evaluate", "--gold", "/no/such/gold.json"), 2, "cannot read the gold file"),
    ],
)
def test_errors_are_one_line(
    cli: CliRunner, args: tuple[str, ...], code: int, message: str
) -> None:
    result = cli(*args)
    assert result.code == code
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("laborwatch: error: "), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_bad_database_location(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("summary", db=str(tmp_path / "no" / "such" / "dir.db"))
    assert result.code == 2 and "laborwatch: error: cannot create the database" in result.stderr


def test_ingest_ok_then_unchanged(cli: CliRunner) -> None:
    first = cli("ingest", str(FIXTURES / "tagged.txt"), str(FIXTURES / "records.jsonl"))
    assert first.code == 0, first.stderr
    assert "3 document(s) stored with 2 claim(s)" in first.stderr
    again = cli("ingest", str(FIXTURES / "tagged.txt"))
    assert again.code == 0 and "1 unchanged" in again.stderr


def test_ingest_with_failures_exits_3(cli: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text("About 70 workers arrived.")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "no_text.json").write_text('{"title": "x"}')
    result = cli("ingest", str(tmp_path))
    assert result.code == 3
    assert "1 document(s) stored" in result.stderr and "2 failed" in result.stderr
    assert f"{tmp_path / 'empty.txt'}: empty file" in result.stderr
    assert "no `text`" in result.stderr
    assert cli("show", "good").code == 0


def test_ingest_stdin(cli: CliRunner) -> None:
    lines = '{"id": "p1", "text": "Nearly 15 workers came."}\n{"id": "p2", "text": "Calm."}\n'
    assert cli("ingest", "-", stdin=lines).code == 0
    records = [json.loads(line) for line in cli("export", "documents").stdout.splitlines()]
    assert [r["doc"] for r in records] == ["p1", "p2"]


def test_ingest_needs_a_path(cli: CliRunner) -> None:
    assert cli("ingest").code == 2


def test_export_to_a_file(cli: CliRunner, tmp_path: Path) -> None:
    cli("ingest", str(FIXTURES / "records.json"))
    out = tmp_path / "claims.csv"
    result = cli("export", "claims", "--format", "csv", "--out", str(out))
    assert result.code == 0 and result.stdout == ""
    assert out.read_text().splitlines()[0].startswith("id,doc,kind,quote,span")
    assert cli("export", "claims", "--out", str(tmp_path / "no" / "x.jsonl")).code == 2


def test_reading_commands(cli: CliRunner) -> None:
    cli("ingest", str(FIXTURES / "records.json"), str(FIXTURES / "tagged.txt"))
    table = cli("claims", "--min-count", "100")
    assert table.code == 0 and "300 workers" in table.stdout and "45 workers" not in table.stdout
    shown = cli("show", "rec-a")
    assert shown.code == 0 and "NK News" in shown.stdout and "2024-05-02" in shown.stdout
    summary = cli("summary")
    assert summary.code == 0
    assert "3 document(s)" in summary.stdout and "Largest deployments" in summary.stdout
    assert "Where to look next" in summary.stdout


def test_db_upgrade(cli: CliRunner) -> None:
    result = cli("db", "upgrade")
    assert result.code == 0 and "up to date" in result.stderr


def test_database_from_environment(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LABORWATCH_DB", str(tmp_path / "env.db"))
    assert cli("db", "upgrade", db=None).code == 0
    assert (tmp_path / "env.db").exists()


@pytest.mark.parametrize(
    ("env", "overrides", "expected"),
    [
        ({}, {}, Settings()),
        ({"LABORWATCH_DB": "a.db"}, {}, Settings(db="a.db")),
        ({"LABORWATCH_DB": "a.db"}, {"db": "b.db"}, Settings(db="b.db")),
        ({"LABORWATCH_DB": "a.db"}, {"db": None}, Settings(db="a.db")),
        ({"LABORWATCH_MAX_FILE_MB": "5"}, {}, Settings(max_file_mb=5.0)),
        ({"LABORWATCH_PROGRESS": "no"}, {}, Settings(progress=False)),
        ({"OTHER_DB": "x.db"}, {}, Settings()),
    ],
)
def test_settings_layers(
    env: dict[str, str], overrides: dict[str, object], expected: Settings
) -> None:
    assert load_settings(env, overrides) == expected


@pytest.mark.parametrize(
    ("env", "overrides"),
    [
        ({"LABORWATCH_MAX_FILE_MB": "lots"}, {}),
        ({"LABORWATCH_PROGRESS": "maybe"}, {}),
        ({}, {"max_file_mb": 0}),
        ({}, {"colour": "red"}),
    ],
)
def test_settings_refused(env: dict[str, str], overrides: dict[str, object]) -> None:
    with pytest.raises(ConfigError):
        load_settings(env, overrides)


def test_broken_pipe_is_quiet(tmp_path: Path) -> None:
    database = tmp_path / "pipe.db"
    lines = "".join(
        json.dumps({"id": f"r{n}", "text": f"Some {n} workers."}) + "\n" for n in range(3000)
    )
    env_python = [sys.executable, "-m", "laborwatch", "--db", str(database)]
    subprocess.run([*env_python, "db", "upgrade"], check=True, capture_output=True)
    from laborwatch.model import Document
    from laborwatch.store import open_store

    store = open_store(str(database))
    for n in range(3000):
        store.upsert_document_with_claims(Document(f"d{n:04}", lines[:40], "x.txt"), [])
    store.close()
    export = subprocess.Popen(
        [*env_python, "export", "documents"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert export.stdout is not None
    export.stdout.readline()
    export.stdout.close()
    _, err = export.communicate(timeout=60)
    assert b"Traceback" not in err and export.returncode in (0, 1)
