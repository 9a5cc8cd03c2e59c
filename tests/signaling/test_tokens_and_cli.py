import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station.signaling import tokens

SECRET = b"k" * 32


def test_token_round_trip_and_tampering() -> None:
    token = tokens.issue(SECRET, "room-abcdefgh", "doctor", 60, one_time=True)
    claims = tokens.verify(SECRET, token)
    assert (claims.room, claims.role, claims.one_time) == ("room-abcdefgh", "doctor", True)
    _body, mac = token.split(".")
    forged_body = tokens._b64(
        b'{"r":"room-abcdefgh","o":"station","e":9999999999,"n":"x","u":false}'
    )
    with pytest.raises(tokens.TokenError) as caught:
        tokens.verify(SECRET, f"{forged_body}.{mac}")
    assert caught.value.reason == "signature"
    with pytest.raises(tokens.TokenError) as caught:
        tokens.verify(SECRET, token, now=time.time() + 120)
    assert caught.value.reason == "expired"


async def test_memory_backend_remembers_one_time_nonces_until_they_expire() -> None:
    from station.signaling.backends import MemoryBackend

    backend = MemoryBackend()
    assert await backend.use_once("n1", int(time.time()) + 60)
    assert not await backend.use_once("n1", int(time.time()) + 60)
    assert await backend.use_once("n2", int(time.time()) - 1)
    assert await backend.use_once("n2", int(time.time()) + 60)  # the expired one was forgotten


SCRIPT = Path(sys.executable).with_name("station-signaling")  # as the README runs it


def _run(*args: str, secret: str | None = "x" * 20) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("STATION_SIGNALING_SECRET", None)
    if secret:
        env["STATION_SIGNALING_SECRET"] = secret
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=30,
        env=env,
    )


def test_server_refuses_plain_http_off_loopback() -> None:
    result = _run("--host", "0.0.0.0", "--port", "0")
    assert result.returncode != 0 and "tls" in result.stderr.lower()


def test_server_without_secret_says_how_to_set_it() -> None:
    result = _run("--port", "0", secret=None)
    assert result.returncode != 0
    assert "STATION_SIGNALING_SECRET" in result.stderr and "Traceback" not in result.stderr
