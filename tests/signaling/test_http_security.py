"""The service's HTTP answers on the real server: security headers on the page, its assets and
its errors; the WebSocket refuses a page of another origin; the doctor page runs under its
strict policy in Chromium with nothing refused."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from station.signaling.server import make_app
from tests.chromium import launch_options, needs_chromium
from tests.e2e.support import open_invitation

SECRET = b"h" * 32


@pytest.fixture
async def server() -> AsyncIterator[str]:
    runner = web.AppRunner(make_app(SECRET))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


@pytest.mark.parametrize("path", ["/", "/doctor/doctor.js", "/healthz", "/readyz", "/nowhere"])
async def test_every_answer_carries_the_security_headers(server: str, path: str) -> None:
    async with aiohttp.ClientSession() as session, session.get(f"http://{server}{path}") as got:
        headers = got.headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in headers  # plain HTTP on loopback
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://{server}{path}", headers={"X-Forwarded-Proto": "https"}) as got,
    ):
        assert got.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_readiness_says_what_answers(server: str) -> None:
    async with aiohttp.ClientSession() as session, session.get(f"http://{server}/readyz") as got:
        assert got.status == 200 and (await got.json())["rooms"] is True


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [(None, True), ("own", True), ("http://evil.example", False), ("null", False)],
)
async def test_the_socket_refuses_a_page_of_another_origin(
    server: str, origin: str | None, allowed: bool
) -> None:
    headers = (
        {} if origin is None else {"Origin": f"http://{server}" if origin == "own" else origin}
    )
    async with aiohttp.ClientSession() as session:
        try:
            ws = await session.ws_connect(f"ws://{server}/ws", headers=headers)
        except aiohttp.WSServerHandshakeError as err:
            assert not allowed and err.status == 403
            return
        await ws.close()
        assert allowed


@needs_chromium
async def test_the_doctor_page_runs_under_its_policy(server: str) -> None:
    playwright_api = pytest.importorskip("playwright.async_api")
    refused: list[str] = []
    async with playwright_api.async_playwright() as pw:
        browser = await pw.chromium.launch(**launch_options())
        try:
            page = await browser.new_page()  # no bypass: the page's own policy applies
            page.on(
                "console",
                lambda m: refused.append(m.text) if "Content Security" in m.text else None,
            )
            # Both scripts run: the invited doctor says who they are (workspace.js), then the
            # page joins with the (bad) link and says why it was refused (doctor.js).
            await open_invitation(page, f"http://{server}/#room=r&token=t")
            state = page.locator("#state")
            await page.wait_for_selector("#state.error", timeout=10_000)
            text = await state.inner_text()
        finally:
            await browser.close()
    assert refused == []
    assert "lien invalide" in text


async def test_the_metrics_count_joins_refusals_and_relays(server: str) -> None:
    import json

    from station.signaling import tokens

    room = "room-metrics"
    async with aiohttp.ClientSession() as session:
        ws = await session.ws_connect(f"ws://{server}/ws")
        await ws.send_str(json.dumps({"v": 1, "type": "join", "room": room, "token": "bad"}))
        await ws.receive(timeout=5)  # refused: 4001
        station = await session.ws_connect(f"ws://{server}/ws")
        token = tokens.issue(SECRET, room, "station", 60)
        await station.send_str(json.dumps({"v": 1, "type": "join", "room": room, "token": token}))
        await station.receive(timeout=5)  # joined
        await station.send_str(json.dumps({"v": 1, "type": "offer", "sdp": "v=0"}))
        expected = 'station_signaling_refusals_total{code="4001"} 1.0'
        text = ""
        for _ in range(100):  # the refused socket is counted once its handler has ended
            async with session.get(f"http://{server}/metrics") as got:
                text = await got.text()
            if expected in text and "relay_seconds_count 1.0" in text:
                break
            await asyncio.sleep(0.05)
        await station.close()
    assert 'station_signaling_refusals_total{code="4001"} 1.0' in text
    assert 'station_signaling_joins_total{role="station"} 1.0' in text
    assert "station_signaling_rooms 1.0" in text
    assert "station_signaling_relay_seconds_count 1.0" in text
    assert room not in text and token not in text  # labels never carry a room or a token
