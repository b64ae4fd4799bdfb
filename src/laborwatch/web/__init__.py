"""The analyst's desk: REST API under /api, server-rendered pages, review with an audit trail.

`create_app(settings, store)` is the only way to get an app: nothing is built at import.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from laborwatch.errors import AuthError, LaborwatchError
from laborwatch.store.review import ReviewStore
from laborwatch.web.assets import Assets, find_assets_dir
from laborwatch.web.auth import token_owner
from laborwatch.web.desk import EMPTY_ANALYSIS, Analysis, ClaimSource, Desk

__all__ = ["DeskOptions", "create_app", "default_analysis"]

log = logging.getLogger(__name__)

# No inline script or style, no third-party origin: article text cannot run anything even if
# escaping failed somewhere, and the pages work with no network.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class DeskStore(ClaimSource, Protocol):
    """The project store as the desk uses it: documents, claims and its SQLAlchemy engine."""

    @property
    def engine(self) -> sa.Engine: ...


@dataclass(frozen=True, slots=True)
class DeskOptions:
    """How this app instance behaves; `serve` fills it from settings and flags."""

    read_requires_token: bool = False
    assets_dir: Path | None = None  # the folder holding node_modules/; found when None
    analysis: Analysis | None = None  # None: the project's resolve/estimate stages
    # Host names the app answers to; None: any. On loopback, `serve` names only local ones, so
    # a web page elsewhere cannot read the open desk by rebinding its own name to 127.0.0.1.
    allowed_hosts: tuple[str, ...] | None = None


def error_body(message: str, status: int) -> dict[str, Any]:
    return {"ok": False, "error": message, "status": status}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get(
        "accept", ""
    )


def _error_response(request: Request, message: str, status: int) -> Response:
    if _wants_html(request):
        templates: Jinja2Templates = request.app.state.templates
        return templates.TemplateResponse(
            request, "error.html", {"message": message, "status": status}, status_code=status
        )
    return JSONResponse(error_body(message, status), status_code=status)


def _validation_message(error: RequestValidationError) -> str:
    parts = []
    for item in error.errors():
        where = ".".join(str(part) for part in item.get("loc", ()) if part != "body")
        parts.append(f"{where}: {item.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _register_error_handlers(app: FastAPI) -> None:
    async def on_laborwatch(request: Request, error: Exception) -> Response:
        assert isinstance(error, LaborwatchError)
        return _error_response(request, str(error), error.http_status)

    async def on_http(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return _error_response(request, str(error.detail), error.status_code)

    async def on_validation(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return _error_response(request, _validation_message(error), 422)

    async def on_unexpected(request: Request, error: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return _error_response(request, "internal error", 500)

    app.add_exception_handler(LaborwatchError, on_laborwatch)
    app.add_exception_handler(HTTPException, on_http)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(Exception, on_unexpected)


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response


class ReadGuard(BaseHTTPMiddleware):
    """Turns away reads without a valid token when the desk is set to require one."""

    OPEN_PATHS = ("/static/", "/login")

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if request.url.path.startswith(self.OPEN_PATHS):
            return await call_next(request)
        try:
            token_owner(request, allow_cookie=True)
        except AuthError as error:
            return _error_response(request, str(error), error.http_status)
        return await call_next(request)


def host_name(host_header: str) -> str:
    """The name in a Host header, without its port: `[::1]:8000` -> `[::1]`."""
    if host_header.startswith("["):
        return host_header.split("]", 1)[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class HostGuard(BaseHTTPMiddleware):
    """Answers only requests addressed to one of `allowed_hosts` (DNS-rebinding defence)."""

    def __init__(self, app: Any, allowed_hosts: frozenset[str]) -> None:
        super().__init__(app)
        self.allowed_hosts = allowed_hosts

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        if host_name(request.headers.get("host", "")) not in self.allowed_hosts:
            return _error_response(request, "this desk does not answer to that host name", 400)
        return await call_next(request)


def default_analysis() -> Analysis:
    """The project's resolve and estimate stages; none (empty pages) if they are not there."""
    try:
        from laborwatch.web.analysis import project_analysis
    except ImportError as error:
        log.warning("no events or estimates: %s", error)
        return EMPTY_ANALYSIS
    return project_analysis()


def create_app(settings: object, store: DeskStore, options: DeskOptions | None = None) -> FastAPI:
    """The desk app over `store`; `settings` is kept on app.state for the pages to read."""
    from laborwatch.web import api, views

    options = options or DeskOptions()
    reviews = ReviewStore(store.engine)
    reviews.create_tables()
    app = FastAPI(
        title="laborwatch",
        summary="Sourced claims about North Korean workers sent abroad, with review.",
        docs_url=None,  # the Swagger page loads scripts from a CDN; the schema is enough
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.reviews = reviews
    app.state.desk = Desk(store, reviews, options.analysis or default_analysis())
    app.state.assets = Assets(options.assets_dir or find_assets_dir())
    app.state.templates = views.make_templates()
    _register_error_handlers(app)
    if options.read_requires_token:
        app.add_middleware(ReadGuard)
    if options.allowed_hosts:
        app.add_middleware(HostGuard, allowed_hosts=frozenset(options.allowed_hosts))
    app.add_middleware(SecurityHeaders)
    app.include_router(api.router)
    app.include_router(views.router)
    return app
