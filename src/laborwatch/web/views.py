"""Pages: overview, map, timeline, claims table, document view, review queue.

Server-rendered Jinja templates with autoescaping on; each page reads the same desk snapshot
the API serves, and passes data to its small script as JSON in a non-executed
`<script type="application/json">` block (Jinja's `tojson` escapes `<`, `>` and `&`).
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from laborwatch.errors import NotFound
from laborwatch.model import (
    Category,
    Indicator,
    MoneyKind,
    Per,
    Qualifier,
    RateSource,
    Status,
)
from laborwatch.web.assets import MEDIA_TYPES, Assets
from laborwatch.web.desk import (
    ClaimQuery,
    Desk,
    Snapshot,
    counts_by_kind,
    headline_estimates,
    map_points,
    query_claims,
    series_by_year,
    timeline,
)
from laborwatch.web.review import correctable_fields

HERE = Path(__file__).parent

# Fields whose values come from a fixed list get a menu in the correction form (CLAIMS.md).
FIELD_CHOICES: dict[str, list[str]] = {
    "qualifier": [member.value for member in Qualifier],
    "category": [member.value for member in Category],
    "status": [member.value for member in Status],
    "per": ["", *(member.value for member in Per)],
    "money_kind": [member.value for member in MoneyKind],
    "usd_rate_source": ["", *(member.value for member in RateSource)],
    "indicator": [member.value for member in Indicator],
    "hedged": ["false", "true"],
    "sector": ["", "construction", "logging", "demining", "textile", "it", "agriculture",
               "fishing", "seafood", "medical", "other"],
    "visa": ["", "work", "student", "training", "tourist", "cultural_exchange", "other"],
    "transport": ["", "air", "rail", "road", "sea"],
}  # fmt: skip
PAGE_SIZE = 50

router = APIRouter(include_in_schema=False)


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: a `javascript:` link must never become clickable."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in {"http", "https"} else None


def make_templates() -> Jinja2Templates:
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    environment.filters["safe_url"] = safe_url
    environment.filters["number"] = _number
    environment.filters["field_value"] = field_value
    return Jinja2Templates(env=environment)


def field_value(value: Any) -> str:
    """A contract value as the text of a form input: JSON for objects, empty for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _number(value: Any) -> str:
    if value is None:
        return "–"
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() or abs(number) >= 100 else f"{number:,.2f}"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of document text covered by the same claims."""

    text: str
    kinds: tuple[str, ...]
    claims: tuple[str, ...]
    focus: bool


def highlight_segments(text: str, marks: list[dict[str, Any]]) -> list[Segment]:
    """The text cut at every claim span and focus boundary, each run labelled with its claims.

    `marks` are claim rows (id, kind, span, focus); overlapping spans are fine.
    """
    cuts = {0, len(text)}
    for mark in marks:
        cuts.update(_clamp(mark["span"], len(text)))
        if mark.get("focus"):
            cuts.update(_clamp(mark["focus"], len(text)))
    bounds = sorted(cuts)
    segments = []
    for start, end in itertools.pairwise(bounds):
        covering = [mark for mark in marks if mark["span"][0] <= start and end <= mark["span"][1]]
        focused = any(
            mark.get("focus") and mark["focus"][0] <= start and end <= mark["focus"][1]
            for mark in covering
        )
        segments.append(
            Segment(
                text=text[start:end],
                kinds=tuple(sorted({mark["kind"] for mark in covering})),
                claims=tuple(mark["id"] for mark in covering),
                focus=focused,
            )
        )
    return segments


def _clamp(span: list[int], length: int) -> tuple[int, int]:
    return max(0, min(span[0], length)), max(0, min(span[1], length))


def _desk(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def _render(request: Request, template: str, **context: Any) -> HTMLResponse:
    assets: Assets = request.app.state.assets
    context.setdefault("page", template.removesuffix(".html"))
    context["missing_assets"] = assets.missing()
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context)


def _latest(snapshot: Snapshot, count: int) -> list[dict[str, Any]]:
    rows = [row for row in snapshot.records if row["review"] != "rejected"]
    rows.sort(key=lambda row: (row["source"]["published"] or "", row["doc"]), reverse=True)
    return rows[:count]


@router.get("/", response_class=HTMLResponse)
def overview(request: Request) -> HTMLResponse:
    snapshot = _desk(request).snapshot()
    chart = {
        "stock": series_by_year(snapshot.estimates, "stock"),
        "inflow": series_by_year(snapshot.estimates, "inflow"),
    }
    return _render(
        request,
        "overview.html",
        headline=headline_estimates(snapshot.estimates),
        chart=chart,
        counts=counts_by_kind(snapshot),
        documents=len(snapshot.documents),
        latest=_latest(snapshot, 10),
        contradictions=snapshot.contradictions,
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    return _render(request, "map.html", points=map_points(_desk(request).snapshot()))


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request) -> HTMLResponse:
    snapshot = _desk(request).snapshot()
    return _render(
        request,
        "timeline.html",
        years=timeline(snapshot),
        events=snapshot.events,
        contradictions=snapshot.contradictions,
    )


@router.get("/claims", response_class=HTMLResponse)
def claims_page(
    request: Request,
    kind: str | None = None,
    status: str | None = None,
    category: str | None = None,
    review: str | None = None,
    doc: str | None = None,
    place: str | None = None,
    year: Annotated[str | None, Query()] = None,
    q: str | None = None,
    sort: str = "doc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    filters = {"kind": kind, "status": status, "category": category, "review": review,
               "doc": doc, "place": place, "year": year, "q": q}  # fmt: skip
    filters = {name: value for name, value in filters.items() if value}
    query = ClaimQuery(
        **{name: value for name, value in filters.items() if name != "year"},
        year=int(year) if year and year.isdigit() else None,
        sort=sort,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    records = _desk(request).snapshot().records
    total, rows = query_claims(records, query)
    options = {
        name: sorted({str(row.get(name)) for row in records if row.get(name)})
        for name in ("kind", "status", "category", "review", "year")
    }
    return _render(
        request, "claims.html", rows=rows, total=total, filters=filters, sort=sort, page=page,
        pages=max(1, -(-total // PAGE_SIZE)), options=options,
        query_string=lambda **changes: urlencode({**filters, "sort": sort, **changes}),
        csv_query=urlencode({**filters, "sort": sort}),
    )  # fmt: skip


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request) -> HTMLResponse:
    snapshot = _desk(request).snapshot()
    counts: dict[str, int] = {}
    for row in snapshot.records:
        counts[row["doc"]] = counts.get(row["doc"], 0) + 1
    documents = sorted(
        snapshot.documents.values(), key=lambda doc: (doc.published or "", doc.id), reverse=True
    )
    return _render(request, "documents.html", documents=documents, counts=counts)


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> HTMLResponse:
    snapshot = _desk(request).snapshot()
    document = snapshot.documents.get(doc_id)
    if document is None:
        raise NotFound(f"no document with id {doc_id!r}")
    claims = sorted(
        (row for row in snapshot.records if row["doc"] == doc_id), key=lambda row: row["span"][0]
    )
    return _render(
        request,
        "document.html",
        document=document,
        segments=highlight_segments(document.text, claims),
        claims=claims,
    )


@router.get("/review", response_class=HTMLResponse)
def review_page(
    request: Request, claim: str | None = None, show: str = "unreviewed"
) -> HTMLResponse:
    desk = _desk(request)
    snapshot = desk.snapshot()
    if claim:
        rows = [row for row in snapshot.records if row["id"] == claim]
        if not rows:
            raise NotFound(f"no claim with id {claim!r}")
    else:
        rows = [row for row in snapshot.records if show == "all" or row["review"] == show]
    fields = {item.original.id: correctable_fields(item.original) for item in snapshot.claims}
    return _render(
        request, "review.html", rows=rows[:PAGE_SIZE], total=len(rows), fields=fields,
        show=show, focus=claim, choices=FIELD_CHOICES,
    )  # fmt: skip


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return _render(request, "login.html")


@router.get("/static/vendor/{name:path}")
def vendor_file(request: Request, name: str) -> Response:
    assets: Assets = request.app.state.assets
    file = assets.path(name)
    if file is None:
        raise NotFound(f"front-end asset {name!r} is not installed (run `npm ci`)")
    return FileResponse(file, media_type=MEDIA_TYPES.get(file.suffix, "application/octet-stream"))


@router.get("/static/app/{name}")
def app_file(name: str) -> Response:
    file = HERE / "static" / name
    if "/" in name or name.startswith(".") or not file.is_file():
        raise NotFound(f"no static file {name!r}")
    return FileResponse(file, media_type=MEDIA_TYPES.get(file.suffix, "application/octet-stream"))
