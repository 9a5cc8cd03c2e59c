"""ICE servers handed to peers, with time-limited TURN credentials.

The coturn "REST API" shared-secret scheme: username ``<expiry unix time>:<name>``, password
``base64(HMAC-SHA1(secret, username))``; coturn (``--use-auth-secret
--static-auth-secret=...``) checks the same without any per-user state.
"""

from __future__ import annotations

import base64
import hmac
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class IceConfig:
    stun_urls: tuple[str, ...] = ()
    turn_urls: tuple[str, ...] = ()
    turn_secret: bytes | None = field(default=None, repr=False)
    turn_ttl: int = 3600
    # Browsers then use TURN relays only: no host address of the doctor reaches the station,
    # and networks that allow nothing but the TURN server still carry the call.
    relay_only: bool = False


def turn_credentials(
    secret: bytes, name: str, ttl: int, now: float | None = None
) -> tuple[str, str]:
    expiry = int((time.time() if now is None else now) + ttl)
    username = f"{expiry}:{name}"
    password = base64.b64encode(hmac.new(secret, username.encode(), "sha1").digest()).decode()
    return username, password


def ice_servers(config: IceConfig, name: str) -> list[dict[str, object]]:
    servers: list[dict[str, object]] = []
    if config.stun_urls:
        servers.append({"urls": list(config.stun_urls)})
    if config.turn_urls and config.turn_secret:
        username, credential = turn_credentials(config.turn_secret, name, config.turn_ttl)
        servers.append(
            {"urls": list(config.turn_urls), "username": username, "credential": credential}
        )
    return servers
