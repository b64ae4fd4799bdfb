"""End to end in Debian's Chromium, driven by Playwright, against a real uvicorn server.

Screenshots of every page go to test-output/screenshots/. Skipped (with the reason) only when
/usr/bin/chromium is absent: `scripts/ensure-chromium.sh` installs it.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desk_fixtures import TOY_ANALYSIS, sample_store
from laborwatch.store.review import ReviewStore
from laborwatch.web import DeskOptions, create_app
from laborwatch.web.auth import new_token, token_hash

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="needs Debian's chromium at /usr/bin/chromium (scripts/ensure-chromium.sh)",
)
playwright_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("e2e")
    store = sample_store(folder)
    app = create_app(object(), store, DeskOptions(analysis=TOY_ANALYSIS))
    token = new_token()
    ReviewStore(store.engine).add_token(
        "e2e-reviewer", token_hash(token), "2025-01-01T00:00:00+00:00"
    )
    with Server(app) as base:
        yield base, token


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.errors = []  # console errors and uncaught exceptions
    opened.on(
        "console", lambda message: message.type == "error" and opened.errors.append(message.text)
    )
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    yield opened
    context.close()


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("path", "name", "ready"),
    [
        ("/", "overview", "#by-year"),
        ("/map", "map", ".leaflet-interactive"),
        ("/timeline", "timeline", "#events"),
        ("/claims", "claims", "#claims-table"),
        ("/documents", "documents", "#documents-table"),
        ("/documents/a1", "document", "mark.hl"),
        ("/review", "review", "form.decision"),
    ],
)
def test_every_page_loads_without_console_errors(
    site: tuple[str, str], page: Any, path: str, name: str, ready: str
) -> None:
    base, _ = site
    response = page.goto(base + path)
    assert response.status == 200
    page.wait_for_selector(ready)
    page.wait_for_load_state("networkidle")
    _shot(page, name)
    assert page.errors == []


def test_map_draws_countries_and_lists_claims_on_click(site: tuple[str, str], page: Any) -> None:
    base, _ = site
    page.goto(base + "/map")
    page.wait_for_load_state("networkidle")
    assert page.locator("path.leaflet-interactive").count() > 50  # country outlines and points
    page.locator("path.leaflet-interactive[stroke='#8c2d04']").first.click(force=True)
    page.wait_for_selector("#place-claims li")
    assert page.locator("#place-claims li").count() >= 1
    assert page.errors == []


def test_a_filter_narrows_the_table(site: tuple[str, str], page: Any) -> None:
    base, _ = site
    page.goto(base + "/claims")
    everything = page.locator("#claims-table tbody tr").count()
    page.select_option("#filter-kind", "money")
    page.click("#claim-filters button[type=submit]")
    page.wait_for_url("**kind=money**")
    assert 0 < page.locator("#claims-table tbody tr").count() < everything
    assert "kind=money" in (page.get_attribute("#csv-download", "href") or "")


def test_a_document_shows_its_highlighted_spans(site: tuple[str, str], page: Any) -> None:
    base, _ = site
    page.goto(base + "/documents/a1")
    kinds = page.eval_on_selector_all("mark.hl", "marks => marks.map(m => m.className)")
    assert any("kind-deployment" in kind for kind in kinds)
    assert any("kind-money" in kind for kind in kinds)
    assert any("kind-indicator" in kind for kind in kinds)
    assert page.locator("mark.hl.focus").count() >= 3
    assert page.locator(".claim-card").count() == 3


def test_injected_script_does_not_run(site: tuple[str, str], page: Any) -> None:
    base, _ = site
    page.goto(base + "/documents/x9")
    page.wait_for_load_state("networkidle")
    _shot(page, "hostile-document")
    assert page.evaluate("window.__pwned === undefined")
    assert "<script>window.__pwned = true</script>" in page.inner_text("#document-text")
    assert page.locator("#document-text img").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.errors == []


def test_review_round_trip_changes_claim_and_estimate(site: tuple[str, str], page: Any) -> None:
    base, token = site
    page.goto(base + "/")
    before = page.inner_text(".cards")
    page.goto(base + "/review?claim=a1-d1")
    page.fill("#token", token)
    page.click("#token-form button")
    form = page.locator("form.decision[data-claim='a1-d1']")
    form.locator("summary").click()
    form.locator("input[data-field='low']").fill("700")
    form.locator("input[data-field='high']").fill("700")
    form.locator("input.reason").fill("the text gives 700")
    form.locator("button.save-correction").click()
    page.wait_for_selector("form.decision[data-claim='a1-d1'] .result:has-text('Saved')")
    _shot(page, "review-saved")
    page.goto(base + "/review?claim=a1-d1")
    assert "700 workers" in page.inner_text(".claim-card")
    assert "e2e-reviewer" in (page.text_content(".claim-card details") or "")
    page.goto(base + "/")
    after = page.inner_text(".cards")
    assert before != after and "700" in after
    assert page.errors == []


def test_the_report_opens_from_a_file_url(site: tuple[str, str], page: Any, tmp_path: Path) -> None:
    from laborwatch.report import write_report

    store = sample_store(tmp_path)
    out = tmp_path / "report.html"
    write_report(object(), store, out, analysis=TOY_ANALYSIS, generated="2025-01-01")
    page.route("http://**", lambda route: route.abort())  # prove it needs no network
    page.route("https://**", lambda route: route.abort())
    page.goto(out.as_uri())
    page.wait_for_selector("body[data-ready='true']")
    _shot(page, "report")
    assert page.locator("#map path.leaflet-interactive").count() > 50
    assert page.locator("#by-year").count() == 1
    assert page.evaluate("window.__pwned === undefined")
    assert page.errors == []
