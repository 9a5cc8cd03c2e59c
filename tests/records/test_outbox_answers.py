"""What the outbox takes as "sent", against servers that answer badly (real HTTP on loopback):
a redirect elsewhere or to plain HTTP is never followed (the patient's data would go there); a
302 never turns the POST into a GET whose 200 would count; a 307/308 on the same origin keeps
the POST; a 200 proxy page is no receipt; a huge answer is not read whole; an untrusted
certificate is said as such and refused, not retried as an outage."""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from station.records import EventStore
from station.records.fhir_export import build_bundle
from station.records.outbox import Endpoint, Outbox
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

from .sample import write_consultation

KEY = bytes(range(32))
HUGE = 300 * 1024 * 1024


class BadServers:
    def __init__(self) -> None:
        self.posts: dict[str, int] = {}
        self.gets = 0
        self.stolen = 0
        self.huge_sent = 0
        self.url = ""
        self.thief = ""

    async def handle(self, request: web.Request) -> web.StreamResponse:
        name = request.match_info["name"]
        if request.method == "GET":
            self.gets += 1
            return web.json_response({"resourceType": "Bundle"})  # would look like success
        self.posts[name] = self.posts.get(name, 0) + 1
        await request.read()
        if name == "elsewhere":
            raise web.HTTPTemporaryRedirect(f"{self.thief}/Bundle")
        if name == "found":
            raise web.HTTPFound(f"{self.url}/ok/Bundle")
        if name == "moved":
            raise web.HTTPPermanentRedirect(f"{self.url}/here/Bundle")
        if name == "here":
            return web.json_response(
                {"resourceType": "OperationOutcome"},
                status=201,
                headers={"Location": f"{self.url}/Bundle/1"},
            )
        if name == "portal":
            return web.Response(text="<html>Portail captif</html>", content_type="text/html")
        if name == "huge":
            response = web.StreamResponse(headers={"Content-Type": "application/json"})
            await response.prepare(request)
            chunk = b" " * (1024 * 1024)
            try:
                while self.huge_sent < HUGE:
                    await response.write(chunk)
                    self.huge_sent += len(chunk)
            except (ConnectionResetError, RuntimeError):
                pass  # the client stopped reading: as it should
            return response
        return web.json_response({}, status=404)

    async def steal(self, request: web.Request) -> web.Response:
        self.stolen += 1
        return web.json_response({"resourceType": "OperationOutcome"})


@pytest.fixture
async def servers() -> AsyncIterator[BadServers]:
    bad = BadServers()
    app = web.Application(client_max_size=50 * 1024 * 1024)
    app.router.add_route("*", "/{name}/Bundle", bad.handle)
    thief = web.Application(client_max_size=50 * 1024 * 1024)
    thief.router.add_post("/Bundle", bad.steal)
    runners = []
    for application in (app, thief):
        runner = web.AppRunner(application)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
    bad.url = f"http://127.0.0.1:{runners[0].addresses[0][1]}"
    bad.thief = f"http://127.0.0.1:{runners[1].addresses[0][1]}"
    yield bad
    for runner in runners:
        await runner.cleanup()


async def _send(tmp_path: Path, base_url: str, name: str) -> Any:
    with EventStore(tmp_path / f"{name}.sqlite3", KEY) as store:
        outbox = Outbox(store, Endpoint(base_url), base_delay=3600)
        c = write_consultation(store)
        data = gather(c, store.events(c))
        outbox.enqueue(c, build_bundle(data, render_pdf(data)))
        (item,) = await outbox.send_due()
        return item


async def test_a_redirect_elsewhere_is_never_followed(tmp_path: Path, servers: BadServers) -> None:
    item = await _send(tmp_path, f"{servers.url}/elsewhere", "elsewhere")
    assert item.state == "refused" and "redirection" in item.detail
    assert servers.stolen == 0  # the other server never saw the patient's report


async def test_a_302_is_not_a_get_whose_200_counts(tmp_path: Path, servers: BadServers) -> None:
    item = await _send(tmp_path, f"{servers.url}/found", "found")
    assert item.state == "refused" and servers.gets == 0


async def test_a_308_on_the_same_origin_keeps_the_post(tmp_path: Path, servers: BadServers) -> None:
    item = await _send(tmp_path, f"{servers.url}/moved", "moved")
    assert item.state == "sent"
    assert servers.posts == {"moved": 1, "here": 1}


async def test_a_proxy_page_is_no_receipt(tmp_path: Path, servers: BadServers) -> None:
    item = await _send(tmp_path, f"{servers.url}/portal", "portal")
    assert item.state == "failed" and "FHIR" in item.detail  # retried later, not "sent"


async def test_a_huge_answer_is_not_read_whole(tmp_path: Path, servers: BadServers) -> None:
    item = await _send(tmp_path, f"{servers.url}/huge", "huge")
    assert item.state == "failed"
    assert servers.huge_sent < HUGE  # the station stopped reading long before 300 MB


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


async def test_an_untrusted_certificate_is_said_and_not_retried(tmp_path: Path) -> None:
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    received = []

    async def accept(request: web.Request) -> web.Response:
        received.append(await request.read())
        return web.json_response({"resourceType": "OperationOutcome"}, status=201)

    app = web.Application(client_max_size=50 * 1024 * 1024)
    app.router.add_post("/fhir/Bundle", accept)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0, ssl_context=context)
    await site.start()
    try:
        url = f"https://127.0.0.1:{runner.addresses[0][1]}/fhir"
        item = await _send(tmp_path, url, "tls")
    finally:
        await runner.cleanup()
    assert item.state == "refused" and "certificat" in item.detail
    assert received == []
