"""Tokens for the desk: made once, shown once, stored only as a hash.

Write actions (review decisions) always need a token; reading needs one only when the settings
ask for it. A token is `lw_` + 32 random URL-safe bytes; the database keeps its SHA-256, so a
leaked database does not leak working tokens.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import Request

from laborwatch.errors import AuthError
from laborwatch.store.review import ReviewStore

TOKEN_PREFIX = "lw_"
TOKEN_COOKIE = "laborwatch_token"  # set by the review page so reads can carry it too


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(token), stored_hash)


def bearer_token(authorization: str | None) -> str | None:
    """The token in an `Authorization: Bearer <token>` header, or None."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def request_token(request: Request, *, allow_cookie: bool) -> str | None:
    """The token a request carries: `Authorization: Bearer`, else (reads only) the cookie.

    Writes never take the cookie: a browser sends cookies with forged cross-site requests,
    but only the desk's own script can set the header.
    """
    token = bearer_token(request.headers.get("authorization"))
    if token is None and allow_cookie:
        token = request.cookies.get(TOKEN_COOKIE)
    return token


def token_owner(request: Request, *, allow_cookie: bool = False) -> str:
    """The name of the valid token the request carries; raises AuthError otherwise."""
    token = request_token(request, allow_cookie=allow_cookie)
    if token is None:
        raise AuthError("this needs a token: send 'Authorization: Bearer <token>'")
    reviews: ReviewStore = request.app.state.reviews
    name = reviews.token_name(token_hash(token))
    if name is None:
        raise AuthError("the token is not valid")
    return name
