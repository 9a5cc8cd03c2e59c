import os
import subprocess
import sys
import time

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


def test_replay_guard_only_blocks_one_time_tokens() -> None:
    guard = tokens.ReplayGuard()
    one_time = tokens.verify(SECRET, tokens.issue(SECRET, "r" * 8, "doctor", 60, one_time=True))
    reusable = tokens.verify(SECRET, tokens.issue(SECRET, "r" * 8, "station", 60))
    assert guard.use(one_time) and not guard.use(one_time)
    assert guard.use(reusable) and guard.use(reusable)


def _run(*args: str, secret: str | None = "x" * 20) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env.pop("STATION_SIGNALING_SECRET", None)
    if secret:
        env["STATION_SIGNALING_SECRET"] = secret
    return subprocess.run(
        [sys.executable, "-m", "station.signaling.server", *args],
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
