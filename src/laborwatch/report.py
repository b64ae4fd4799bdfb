"""`laborwatch report`: one self-contained HTML file with every figure cited, that opens offline.

The report is the desk's overview frozen into a file: headline estimates with intervals, the
map, the yearly chart, events and contradictions, and for every figure the claims behind it
(quote, outlet, date, URL). Libraries, the country outlines and the data are inlined; a
Content-Security-Policy allows only those exact inline scripts and styles (by hash) and no
network at all, so the file behaves the same on a laptop with no connection.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

from laborwatch.errors import InputError
from laborwatch.store.review import ReviewStore
from laborwatch.web.assets import Assets, find_assets_dir
from laborwatch.web.desk import (
    Analysis,
    ClaimSource,
    Desk,
    Snapshot,
    citations,
    headline_estimates,
    map_points,
    series_by_year,
)
from laborwatch.web.views import make_templates

STATIC = Path(__file__).parent / "web" / "static"
LIBRARIES = (
    "leaflet/leaflet.js",
    "topojson-client/topojson-client.min.js",
    "chart.js/chart.umd.min.js",
)


def script_safe(code: str) -> str:
    """Text that cannot end or comment out the `<script>` element it is inlined into, without
    source-map comments (a file opened offline has no maps to fetch)."""
    code = re.sub(r"^//# sourceMappingURL=.*$", "", code, flags=re.MULTILINE)
    return code.replace("</", "<\\/").replace("<!--", "<\\!--")


def json_for_script(value: Any) -> str:
    """JSON that is inert inside `<script type="application/json">`."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def csp_hash(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def report_context(snapshot: Snapshot) -> dict[str, Any]:
    """What the report shows, each figure with the citations of the claims behind it."""
    headline = [
        {**row, "citations": citations(snapshot, row.get("claims") or [])}
        for row in headline_estimates(snapshot.estimates)
    ]
    points = map_points(snapshot)
    place_claims = {
        point["name"]: [
            row
            for row in snapshot.records
            if row["review"] != "rejected"
            and (row.get("destination") or {}).get("name") == point["name"]
        ]
        for point in points
    }
    return {
        "headline": headline,
        "chart": {
            "stock": series_by_year(snapshot.estimates, "stock"),
            "inflow": series_by_year(snapshot.estimates, "inflow"),
        },
        "points": points,
        "place_claims": place_claims,
        "events": [
            {**event, "citations": citations(snapshot, event.get("claims") or [])}
            for event in snapshot.events
        ],
        "contradictions": [
            {**item, "citations": citations(snapshot, item.get("claims") or [])}
            for item in snapshot.contradictions
        ],
        "documents": len(snapshot.documents),
        "claims": [row for row in snapshot.records if row["review"] != "rejected"],
    }


def render_report(snapshot: Snapshot, assets: Assets, generated: str) -> str:
    """The report as one HTML string."""
    context = report_context(snapshot)
    libraries = {name: assets.read(name) for name in LIBRARIES}
    scripts = [script_safe(code) for code in libraries.values() if code is not None]
    have_libraries = len(scripts) == len(LIBRARIES)
    atlas = assets.read("world-atlas/countries-110m.json") if have_libraries else None
    if have_libraries:
        for own in ("desk.js", "report.js"):
            scripts.append(script_safe((STATIC / own).read_text(encoding="utf-8")))
    styles = [(STATIC / "desk.css").read_text(encoding="utf-8")]
    leaflet_css = assets.read("leaflet/leaflet.css")
    if leaflet_css is not None:
        styles.append(leaflet_css)
    policy = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(csp_hash(code) for code in scripts),
            "style-src " + " ".join(csp_hash(css) for css in styles),
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    data = {"chart": context["chart"], "points": context["points"],
            "place_claims": context["place_claims"]}  # fmt: skip
    template = make_templates().env.get_template("report.html")
    return template.render(
        **context,
        generated=generated,
        policy=policy,
        styles=styles,
        scripts=scripts if have_libraries else [],
        data_json=json_for_script(data),
        atlas_json=atlas.replace("<", "\\u003c") if atlas else None,
        missing_assets=not have_libraries,
    )


def write_report(
    settings: object,
    store: Any,
    out: Path,
    *,
    analysis: Analysis | None = None,
    assets_dir: Path | None = None,
    generated: str | None = None,
) -> None:
    """Render the report for `store` (reviewed values) and write it to `out`."""
    from datetime import UTC, datetime

    from laborwatch.web import default_analysis

    source: ClaimSource = store
    reviews = ReviewStore(store.engine)
    reviews.create_tables()
    desk = Desk(source, reviews, analysis or default_analysis())
    stamp = generated or datetime.now(UTC).isoformat(timespec="seconds")
    html = render_report(desk.snapshot(), Assets(assets_dir or find_assets_dir()), stamp)
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write the report to {out}: {error.strerror}") from error
