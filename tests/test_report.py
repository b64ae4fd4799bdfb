"""The self-contained HTML report: inlined assets, no network, every figure cited, escaped."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from desk_fixtures import TOY_ANALYSIS, sample_store
from laborwatch.errors import InputError
from laborwatch.report import csp_hash, json_for_script, script_safe, write_report
from laborwatch.store.review import ReviewStore
from laborwatch.web.auth import token_hash
from laborwatch.web.commands import is_loopback, register


@pytest.fixture(scope="module")
def report_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("report")
    out = folder / "report.html"
    write_report(object(), sample_store(folder), out, analysis=TOY_ANALYSIS, generated="2025-01-01")
    return out.read_text(encoding="utf-8")


def test_report_loads_nothing_from_outside(report_html: str) -> None:
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=\"(?!data:)", report_html)
    assert "sourceMappingURL" not in report_html
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', report_html)
    assert policy is not None and "default-src 'none'" in html.unescape(policy.group(1))
    assert "connect-src" not in policy.group(1)  # so fetch() to anywhere is refused


def test_every_inline_script_is_allowed_by_hash(report_html: str) -> None:
    found = re.search(r'content="([^"]+)"', report_html)
    assert found is not None
    policy = html.unescape(found.group(1))
    scripts = re.findall(r"<script>(.*?)</script>", report_html, flags=re.DOTALL)
    assert len(scripts) >= 4  # leaflet, topojson-client, chart.js, the report's own
    for code in scripts:
        assert csp_hash(code) in policy


@pytest.mark.parametrize(
    "cited",
    [
        "Officials said roughly 400 laborers",  # headline inflow 2024
        "Another account put the number near Kazan",  # headline stock 2023
        "https://example.org/a1",
        "Example Wire, 2024-03-10",
        "Harbor Times, 2023-11-02",
    ],
)
def test_headline_figures_carry_quote_outlet_date_and_url(report_html: str, cited: str) -> None:
    headline_part = report_html.split("<h2>Stock and inflow by year</h2>")[0]
    assert cited in headline_part


@pytest.mark.parametrize(
    "section", ["Headline estimates", "Stock and inflow by year", "Where reports place them",
                "Events", "Contradictions", "All claims"],
)  # fmt: skip
def test_report_has_each_section(report_html: str, section: str) -> None:
    assert f"<h2>{section}</h2>" in report_html


def test_article_markup_is_text_in_the_report(report_html: str) -> None:
    assert "<script>window.__pwned" not in report_html
    assert "&lt;script&gt;window.__pwned = true&lt;/script&gt;" in report_html
    assert 'href="javascript:' not in report_html


@pytest.mark.parametrize(
    ("code", "forbidden"),
    [
        ("var s = '</script><script>x()</script>';", "</script"),
        ("a <!-- b", "<!--"),
        ("1 < 2", None),
    ],
)
def test_inlined_code_cannot_close_its_element(code: str, forbidden: str | None) -> None:
    safe = script_safe(code)
    if forbidden is None:
        assert safe == code
    else:
        assert forbidden not in safe


def test_inlined_json_is_inert() -> None:
    text = json_for_script({"quote": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text


def test_report_without_front_end_assets_still_has_tables(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    write_report(object(), sample_store(tmp_path), out, analysis=TOY_ANALYSIS,
                 assets_dir=tmp_path / "none", generated="2025-01-01")  # fmt: skip
    html = out.read_text(encoding="utf-8")
    assert "npm ci" in html and "<h2>All claims</h2>" in html and "<script>" not in html


def test_unwritable_destination_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        write_report(object(), sample_store(tmp_path), tmp_path / "missing" / "r.html",
                     analysis=TOY_ANALYSIS)  # fmt: skip


def _cli() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root() -> None:
        """A stand-in for the project CLI's root: settings come from the environment."""

    register(app)
    return app


def test_report_command_writes_the_file(tmp_path: Path) -> None:
    sample_store(tmp_path)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(
        _cli(), ["report", "--out", str(out)], env={"LABORWATCH_DB": str(tmp_path / "desk.db")}
    )
    assert result.exit_code == 0, result.output
    assert "<h2>All claims</h2>" in out.read_text(encoding="utf-8")


def test_token_create_prints_a_token_that_authorises(tmp_path: Path) -> None:
    store = sample_store(tmp_path)
    env = {"LABORWATCH_DB": str(tmp_path / "desk.db")}
    result = CliRunner().invoke(_cli(), ["token", "create", "ana"], env=env)
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    assert token.startswith("lw_")
    assert ReviewStore(store.engine).token_name(token_hash(token)) == "ana"
    again = CliRunner().invoke(_cli(), ["token", "create", "ana"], env=env)
    assert again.exit_code != 0  # names are unique


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False),
     ("192.168.1.5", False), ("desk.example.org", False)],
)  # fmt: skip
def test_reads_are_open_only_on_loopback_by_default(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback
