"""The REST API in-process: envelopes, filters, review with tokens, one error shape, schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from desk_fixtures import TOY_ANALYSIS, sample_store
from laborwatch.store import open_store
from laborwatch.store.review import ReviewStore
from laborwatch.web import DeskOptions, create_app, host_name
from laborwatch.web.auth import new_token, token_hash
from laborwatch.web.desk import EMPTY_ANALYSIS, Desk
from laborwatch.web.views import highlight_segments, safe_url

WHEN = "2025-01-01T00:00:00+00:00"


def _app_with_token(folder: Path, **options: Any) -> tuple[TestClient, str]:
    store = sample_store(folder)
    app = create_app(object(), store, DeskOptions(analysis=TOY_ANALYSIS, **options))
    token = new_token()
    ReviewStore(store.engine).add_token("ana", token_hash(token), WHEN)
    return TestClient(app), token


@pytest.fixture
def client_and_token(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    client, token = _app_with_token(tmp_path)
    with client:
        yield client, token


@pytest.fixture
def client(client_and_token: tuple[TestClient, str]) -> TestClient:
    return client_and_token[0]


def test_create_app_is_a_factory_with_nothing_at_import() -> None:
    import laborwatch.web as web

    assert not any(type(value).__name__ == "FastAPI" for value in vars(web).values())


@pytest.mark.parametrize(
    ("query", "expected_ids"),
    [
        ("", {"a1-d1", "a1-m1", "a1-i1", "b2-d1", "b2-d2", "x9-d1"}),
        ("kind=deployment", {"a1-d1", "b2-d1", "b2-d2", "x9-d1"}),
        ("kind=money", {"a1-m1"}),
        ("status=present", {"b2-d1", "b2-d2"}),
        ("place=moscow", {"b2-d1"}),
        ("country=RU&kind=deployment", {"a1-d1", "b2-d1", "b2-d2", "x9-d1"}),
        ("year=2022", {"b2-d1"}),
        ("q=passports", {"a1-i1"}),
        ("doc=b2", {"b2-d1", "b2-d2"}),
        ("category=troops", set()),  # nothing matches: an empty page, not an error
        ("place=Atlantis", set()),
        ("review=rejected", set()),
    ],
)
def test_claim_filters(client: TestClient, query: str, expected_ids: set[str]) -> None:
    body = client.get(f"/api/claims?{query}").json()
    assert body["ok"] is True
    assert {row["id"] for row in body["claims"]} == expected_ids
    assert body["total"] == len(expected_ids)


def test_sort_and_paging(client: TestClient) -> None:
    body = client.get("/api/claims?kind=deployment&sort=-low&limit=2&offset=0").json()
    assert [row["id"] for row in body["claims"]] == ["b2-d1", "a1-d1"]
    assert body["total"] == 4
    second = client.get("/api/claims?kind=deployment&sort=-low&limit=2&offset=2").json()
    assert [row["id"] for row in second["claims"]] == ["b2-d2", "x9-d1"]


@pytest.mark.parametrize(
    ("query", "expected_ids"),
    [
        ("min_count=400", ["a1-d1", "b2-d1"]),
        ("min_count=0&sort=-count", ["b2-d1", "a1-d1", "b2-d2", "x9-d1"]),
        ("sort=count&kind=deployment", ["x9-d1", "b2-d2", "a1-d1", "b2-d1"]),
        ("sort=-doc&doc=a1", ["a1-i1", "a1-m1", "a1-d1"]),
        ("sort=high", ["x9-d1", "b2-d2", "a1-d1", "a1-m1", "a1-i1", "b2-d1"]),
        ("min_count=5000", []),  # nothing that large: an empty page
        ("place=ru", []),  # a country code given as a place is not a place
    ],
)
def test_count_filter_and_sorts(client: TestClient, query: str, expected_ids: list[str]) -> None:
    body = client.get(f"/api/claims?{query}").json()
    assert [row["id"] for row in body["claims"]] == expected_ids
    assert body["total"] == len(expected_ids) and body["exact"] is True


def _count_snapshots(client: TestClient) -> list[str]:
    """Record each time the desk builds its in-memory snapshot of every claim."""
    desk: Desk = client.app.state.desk  # type: ignore[attr-defined]
    built: list[str] = []
    snapshot = desk.snapshot

    def counted() -> Any:
        built.append("snapshot")
        return snapshot()

    desk.snapshot = counted  # type: ignore[method-assign]
    return built


FAST_QUERIES = [
    "",
    "kind=deployment&status=present",
    "category=workers&sort=-low&limit=2&offset=1",
    "place=Moscow",
    "country=RU&min_count=100&sort=-count",
    "doc=a1&sort=-doc",
    "sort=high&limit=3",
]
SLOW_QUERIES = ["review=unreviewed", "year=2022", "q=passports", "sort=place", "sort=-published"]


@pytest.mark.parametrize("query", FAST_QUERIES)
def test_store_paging_gives_the_in_memory_answer(
    client_and_token: tuple[TestClient, str], query: str
) -> None:
    client, token = client_and_token
    assert _review(client, token, "b2-d2", decision="reject", reason="duplicate").status_code == 200
    assert _review(client, token, "a1-d1", decision="correct", reason="it is hedged",
                   changes={"hedged": True}).status_code == 200  # fmt: skip
    built = _count_snapshots(client)
    fast = client.get(f"/api/claims?{query}").json()
    assert not built  # answered from the store's page alone
    desk: Desk = client.app.state.desk  # type: ignore[attr-defined]
    client.app.state.desk = Desk(_plain_source(desk), desk.reviews, TOY_ANALYSIS)  # type: ignore[attr-defined]
    slow = client.get(f"/api/claims?{query}").json()
    for row in slow["claims"]:
        row["grade"] = None  # grades need every claim: the paged answer leaves them out
    assert fast == slow


def _plain_source(desk: Desk) -> Any:
    """The desk's store seen only through its protocol, so the listing reads every claim."""
    store = desk.source

    class Plain:
        documents = store.documents
        claims = store.claims
        get_document = store.get_document
        get_claim = store.get_claim

    return Plain()


@pytest.mark.parametrize("query", SLOW_QUERIES)
def test_only_what_the_store_cannot_say_reads_every_claim(client: TestClient, query: str) -> None:
    built = _count_snapshots(client)
    assert client.get(f"/api/claims?{query}").json()["ok"] is True
    assert built == ["snapshot"]


def test_reviews_apply_to_a_store_page(client_and_token: tuple[TestClient, str]) -> None:
    client, token = client_and_token
    assert _review(client, token, "b2-d2", decision="reject", reason="duplicate").status_code == 200
    assert _review(client, token, "x9-d1", decision="correct", reason="text says 60",
                   changes={"low": 60, "high": 60}).status_code == 200  # fmt: skip
    built = _count_snapshots(client)
    rows = {row["id"]: row for row in client.get("/api/claims?doc=b2").json()["claims"]}
    assert rows["b2-d2"]["review"] == "rejected"  # listed and marked, as in memory
    assert rows["b2-d1"]["review"] == "unreviewed"
    body = client.get("/api/claims?doc=x9").json()
    (row,) = body["claims"]
    assert (row["low"], row["review"], row["original"]["low"]) == (60, "corrected", 50)
    assert row["versions"][0]["reviewer"] == "ana"
    assert not built


@pytest.mark.parametrize(
    ("change", "query", "expected_ids"),
    [
        ({"status": "present"}, "status=present", {"b2-d1", "b2-d2", "x9-d1"}),
        ({"status": "present"}, "status=dispatched", set()),
        ({"low": 5000, "high": 5000}, "min_count=2000", {"x9-d1"}),
        ({"destination": "Moscow"}, "place=moscow", {"b2-d1", "x9-d1"}),
    ],
)
def test_a_correction_to_a_filtered_field_is_honoured(
    client_and_token: tuple[TestClient, str],
    change: dict[str, Any],
    query: str,
    expected_ids: set[str],
) -> None:
    client, token = client_and_token
    reply = _review(client, token, "x9-d1", decision="correct", reason="misread", changes=change)
    assert reply.status_code == 200, reply.text
    body = client.get(f"/api/claims?{query}").json()
    assert {row["id"] for row in body["claims"]} == expected_ids
    assert body["total"] == len(expected_ids)


def test_a_count_past_the_limit_is_a_lower_bound(client: TestClient) -> None:
    store = client.app.state.desk.source  # type: ignore[attr-defined]
    page = store.claim_page_sorted(None, "position", False, limit=2, offset=0, count_limit=3)
    assert (page.total, page.exact, len(page.records)) == (3, False, 2)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/claims/nope", 404),
        ("get", "/api/documents/nope", 404),
        ("get", "/api/claims?limit=0", 422),
        ("get", "/api/claims?limit=abc", 422),
        ("get", "/api/claims?kind=rumour", 422),
        ("get", "/api/claims?sort=colour", 422),
        ("get", "/api/nowhere", 404),
        ("delete", "/api/claims", 405),
        ("post", "/api/claims/a1-d1/review", 401),
    ],
)
def test_every_error_has_one_shape(client: TestClient, method: str, path: str, status: int) -> None:
    response = getattr(client, method)(
        path, **({"json": {"decision": "accept"}} if method == "post" else {})
    )
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"ok", "error", "status"}
    assert body["ok"] is False and body["status"] == status and body["error"]


def _review(client: TestClient, token: str | None, claim: str, **body: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(f"/api/claims/{claim}/review", json=body, headers=headers)


def test_review_needs_a_valid_token(client_and_token: tuple[TestClient, str]) -> None:
    client, token = client_and_token
    assert _review(client, None, "a1-d1", decision="accept").status_code == 401
    assert _review(client, "lw_wrong", "a1-d1", decision="accept").status_code == 401
    client.cookies.set("laborwatch_token", token)  # a cookie never authorises a write
    assert _review(client, None, "a1-d1", decision="accept").status_code == 401
    client.cookies.clear()
    assert _review(client, token, "a1-d1", decision="accept").status_code == 200


def test_review_round_trip_changes_claim_estimate_and_export(
    client_and_token: tuple[TestClient, str],
) -> None:
    client, token = client_and_token
    before = client.get("/api/estimates").json()["estimates"]
    inflow_2024 = next(r for r in before if r["measure"] == "inflow" and r["year"] == 2024)
    assert inflow_2024["central"] == 400

    reply = _review(client, token, "a1-d1", decision="correct", reason="text says 600",
                    changes={"low": 600, "high": 600})  # fmt: skip
    assert reply.status_code == 200, reply.text
    claim = reply.json()["claim"]
    assert (claim["low"], claim["review"], claim["original"]["low"]) == (600, "corrected", 400)
    assert claim["versions"][0]["reviewer"] == "ana"  # the token's owner, not a typed name

    after = client.get("/api/estimates").json()["estimates"]
    assert (
        next(r for r in after if r["measure"] == "inflow" and r["year"] == 2024)["central"] == 600
    )

    assert _review(client, token, "b2-d2", decision="reject", reason="duplicate").status_code == 200
    exported = [
        json.loads(line) for line in client.get("/api/exports/claims.jsonl").text.splitlines()
    ]
    ids = {row["id"] for row in exported}
    assert "b2-d2" not in ids
    assert next(row for row in exported if row["id"] == "a1-d1")["low"] == 600


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"decision": "reject"}, 400),  # no reason
        ({"decision": "correct", "changes": {"low": "lots"}}, 400),
        ({"decision": "correct", "changes": {"quote": "x"}}, 400),
        ({"decision": "maybe"}, 422),
        ({}, 422),
    ],
)
def test_bad_reviews_are_refused(
    client_and_token: tuple[TestClient, str], body: dict[str, Any], status: int
) -> None:
    client, token = client_and_token
    response = client.post("/api/claims/a1-d1/review", json=body,
                           headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert response.status_code == status
    assert response.json()["ok"] is False


def test_reads_can_require_a_token(tmp_path: Path) -> None:
    client, token = _app_with_token(tmp_path, read_requires_token=True)
    assert client.get("/api/claims").status_code == 401
    assert (
        client.get("/api/claims", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 401 and 'href="/login"' in page.text
    assert client.get("/login").status_code == 200
    client.cookies.set("laborwatch_token", token)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/documents", "/api/documents/a1", "/api/events", "/api/contradictions",
             "/api/estimates", "/api/places", "/api/claims/a1-d1"],
)  # fmt: skip
def test_read_endpoints_answer_with_an_envelope(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.json()["ok"] is True


def test_exports(client: TestClient) -> None:
    csv_text = client.get("/api/exports/claims.csv?kind=deployment").text
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("id,doc,kind") and len(lines) == 5
    documents = client.get("/api/exports/documents.jsonl").text.splitlines()
    assert {json.loads(line)["doc"] for line in documents} == {"a1", "b2", "x9"}


def test_security_headers_and_schema(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert "/api/claims" in response.json()["paths"]
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/map",
        "/timeline",
        "/claims",
        "/documents",
        "/documents/a1",
        "/documents/x9",
        "/review",
    ],
)
def test_pages_render(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and "text/html" in response.headers["content-type"]
    assert "<script>window.__pwned" not in response.text
    assert 'href="javascript:' not in response.text


def test_hostile_text_is_escaped(client: TestClient) -> None:
    page = client.get("/documents/x9").text
    assert "&lt;script&gt;window.__pwned = true&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page


def test_missing_assets_are_reported_not_fatal(tmp_path: Path) -> None:
    store = sample_store(tmp_path)
    options = DeskOptions(analysis=TOY_ANALYSIS, assets_dir=tmp_path / "no-assets")
    client = TestClient(create_app(object(), store, options))
    page = client.get("/map")
    assert page.status_code == 200 and "npm ci" in page.text
    assert client.get("/static/vendor/leaflet/leaflet.js").json()["status"] == 404


def test_html_pages_get_an_html_error(client: TestClient) -> None:
    response = client.get("/documents/nope", headers={"Accept": "text/html"})
    assert response.status_code == 404 and "text/html" in response.headers["content-type"]


def test_schemathesis_finds_no_server_errors(tmp_path: Path) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, given, settings

    store = sample_store(tmp_path)
    app = create_app(object(), store, DeskOptions(analysis=TOY_ANALYSIS))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    for operation in schema.get_all_operations():
        op = operation.ok()

        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=op.as_strategy())
        def check(case: Any) -> None:
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.path} -> {response.status_code}")
            case.validate_response(response)

        check()
    assert not failures


@st.composite
def _text_and_marks(draw: st.DrawFn) -> tuple[str, list[dict[str, Any]]]:
    text = draw(st.text(max_size=60))
    marks = []
    for number in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        focus_start = draw(st.integers(start, end))
        marks.append({"id": f"c{number}", "kind": draw(st.sampled_from(["deployment", "money"])),
                      "span": [start, end], "focus": [focus_start, end]})  # fmt: skip
    return text, marks


@given(_text_and_marks())
def test_highlight_segments_cover_the_text_exactly(case: tuple[str, list[dict[str, Any]]]) -> None:
    text, marks = case
    segments = highlight_segments(text, marks)
    assert "".join(segment.text for segment in segments) == text
    position = 0
    for segment in segments:
        for claim_id in segment.claims:
            mark = next(mark for mark in marks if mark["id"] == claim_id)
            assert mark["span"][0] <= position and position + len(segment.text) <= mark["span"][1]
        position += len(segment.text)


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/x", True),
        ("http://example.org/x", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<b>x</b>", False),
        ("//example.org", False),
        (None, False),
    ],
)
def test_only_web_links_become_clickable(url: str | None, kept: bool) -> None:
    assert (safe_url(url) is not None) is kept


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/", "No estimates yet"),
        ("/map", "No deployment claims with a located destination yet"),
        ("/timeline", "No events yet"),
        ("/claims", "No claims yet"),
        ("/documents", "No documents yet"),
        ("/review", "Nothing to review here"),
    ],
)
def test_empty_desk_shows_honest_empty_states(tmp_path: Path, path: str, says: str) -> None:
    empty = open_store(str(tmp_path / "empty.db"))
    client = TestClient(create_app(object(), empty, DeskOptions(analysis=EMPTY_ANALYSIS)))
    response = client.get(path)
    assert response.status_code == 200 and says in response.text


def test_project_analysis_follows_review(tmp_path: Path) -> None:
    """The real resolve and estimate stages, fed the reviewed claims."""
    analysis = pytest.importorskip("laborwatch.web.analysis")
    store = sample_store(tmp_path)
    app = create_app(object(), store, DeskOptions(analysis=analysis.project_analysis()))
    token = new_token()
    ReviewStore(store.engine).add_token("ana", token_hash(token), WHEN)
    client = TestClient(app)

    def stock_2022() -> list[dict[str, Any]]:
        rows = client.get("/api/estimates").json()["estimates"]
        return [row for row in rows if row["measure"] == "stock" and row["year"] == 2022]

    assert stock_2022() and "b2-d1" in stock_2022()[0]["claims"]
    assert client.get("/api/events").json()["events"]
    assert client.get("/api/claims/b2-d1").json()["claim"]["grade"]
    reply = _review(client, token, "b2-d1", decision="reject", reason="misread")
    assert reply.status_code == 200
    assert not stock_2022()


def test_a_loopback_desk_answers_only_to_local_host_names(tmp_path: Path) -> None:
    store = sample_store(tmp_path)
    options = DeskOptions(analysis=TOY_ANALYSIS, allowed_hosts=("127.0.0.1", "localhost"))
    client = TestClient(create_app(object(), store, options), base_url="http://127.0.0.1")
    assert client.get("/api/claims").status_code == 200
    refused = client.get("/api/claims", headers={"Host": "attacker.example:8000"})
    assert refused.status_code == 400 and refused.json()["ok"] is False


@pytest.mark.parametrize(
    ("header", "name"),
    [("127.0.0.1:8000", "127.0.0.1"), ("localhost", "localhost"), ("[::1]:8000", "[::1]"),
     ("[::1]", "[::1]"), ("evil.example:80", "evil.example")],
)  # fmt: skip
def test_host_names_lose_their_port(header: str, name: str) -> None:
    assert host_name(header) == name
