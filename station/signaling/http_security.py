"""What every HTTP answer of the service says to browsers, and whose pages may open a socket.

- A strict Content-Security-Policy: the doctor page runs only its own script and style (no
  inline code), talks only to its own origin, and may not be framed.
- ``Referrer-Policy: no-referrer``, ``X-Content-Type-Options: nosniff``, ``Cache-Control:
  no-store`` (the page and its answers hold nothing a shared cache should keep), HSTS on TLS.
- The WebSocket upgrade refuses a page of another origin (Cross-Site WebSocket Hijacking): a
  browser always sends ``Origin``; stations (not browsers) send none.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(self), microphone=(self), geolocation=()",
}
HSTS = "max-age=31536000"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _secure(request: web.Request) -> bool:
    # Behind the TLS-terminating proxy the service is reached in plain HTTP on its network.
    return request.secure or request.headers.get("X-Forwarded-Proto") == "https"


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        response = await handler(request)
    except web.HTTPException as refused:  # a 404 gets the headers too
        response = refused
    if not response.prepared:  # a WebSocket has sent its handshake already
        response.headers.update(HEADERS)
        if _secure(request):
            response.headers["Strict-Transport-Security"] = HSTS
    if isinstance(response, web.HTTPException) and not response.prepared:
        raise response
    return response


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def allowed_origin(request: web.Request, public_url: str = "") -> bool:
    """No Origin (a station, not a browser), or the service's own origin."""
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    scheme = "https" if _secure(request) else "http"
    own = {f"{scheme}://{request.host}".lower()}
    if public_url:
        own.add(_origin(public_url))
    return origin.lower() in own
