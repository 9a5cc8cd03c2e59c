"""Doctors sign in to the service through a real OpenID Connect provider on loopback
(node-oidc-provider, set up like Pro Santé Connect), see their organisation's waiting room and
take a consultation; and every refusal holds: a wrong nonce, a wrong acr, an expired token, a
wrong issuer, a tampered signature, a doctor no organisation admitted, another organisation's
doctor, a missing or forged session. The service runs as its operator runs it (subprocess)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from station.call.service_client import ServiceClient, enroll
from station.signaling.oidc import OidcClient, OidcError, OidcSettings, client_basic
from tests.fleet import enrollment_code, free_port, operator, running_service
from tests.oidc_provider import PASSWORD, Provider, oidc_provider, unavailable

pytestmark = pytest.mark.skipif(bool(unavailable()), reason=unavailable() or "ok")

VASSEUR, MOREL = "10003456789", "10004567890"


@contextmanager
def service_with_provider(
    tmp_path: Path, **provider: Any
) -> Iterator[tuple[str, dict[str, str], Provider]]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with oidc_provider(tmp_path, f"{url}/auth/callback", **provider) as idp:
        args = ("--oidc-issuer", idp.issuer, "--oidc-client-id", idp.client_id)
        secret = {"STATION_OIDC_CLIENT_SECRET": idp.client_secret}
        with running_service(tmp_path, args, secret, port=port) as (service, env):
            yield service, env, idp


@asynccontextmanager
async def browser(service: str) -> AsyncIterator[aiohttp.ClientSession]:
    """A client that keeps cookies like a browser (Secure ones on loopback too)."""
    secure = [service, service.replace("http", "ws", 1)]
    jar = aiohttp.CookieJar(unsafe=True, treat_as_secure_origin=secure)
    async with aiohttp.ClientSession(cookie_jar=jar, headers={"Origin": service}) as http:
        yield http


async def sign_in(http: aiohttp.ClientSession, service: str, login: str) -> tuple[int, str]:
    """The doctor's round trip: service → provider's login form → service. The final page's
    status and text."""
    response = await http.get(f"{service}/auth/login", allow_redirects=True)
    page = await response.text()
    form = re.search(r'action="([^"]+)"', page)
    assert form is not None, page
    response = await http.post(
        str(response.url.join(aiohttp.client.URL(form.group(1)))),
        data={"login": login, "password": PASSWORD},
        allow_redirects=True,
    )
    return response.status, await response.text()


async def _station(service: str, env: dict[str, str], name: str, org: str) -> ServiceClient:
    enrolled = await enroll(service, enrollment_code(env, name, org))
    return ServiceClient(service, enrolled.credential)


async def _announce(station: ServiceClient, room: str, **extra: Any) -> int:
    async with aiohttp.ClientSession() as http:
        response = await http.post(
            f"{station.base_url}/api/queue",
            json={"room": room, "place": "Pharmacie du Marché, Cayenne", "reason": "Otalgie",
                  "measurements": ["Température 38,6 °C"], **extra},
            headers={"Authorization": f"Bearer {station._credential}"},
        )
        return response.status


async def _queue(http: aiohttp.ClientSession, service: str) -> list[dict[str, Any]]:
    async with http.ws_connect(f"{service.replace('http', 'ws')}/ws/queue") as ws:
        message = await ws.receive_json(timeout=10)
    assert message["type"] == "queue"
    return list(message["entries"])


def test_doctors_sign_in_see_their_queue_and_one_takes_a_consultation(tmp_path: Path) -> None:
    with service_with_provider(tmp_path) as (service, env, _):
        for rpps, name, org in [
            (VASSEUR, "Dr Claire Vasseur", "Pharmacie du Marché"),
            (MOREL, "Dr Hugo Morel", "Pharmacie du Marché"),
        ]:
            added = operator(env, "doctor", "add", rpps, "--name", name, "--organisation", org)
            assert added.returncode == 0, added.stderr
        listed = operator(env, "doctors")
        assert "Dr Claire Vasseur — RPPS 10003456789 — Pharmacie du Marché" in listed.stdout

        async def scenario() -> None:
            station = await _station(service, env, "Cabine 1", "Pharmacie du Marché")
            other = await _station(service, env, "EHPAD 2", "EHPAD Les Tilleuls")
            async with browser(service) as vasseur, browser(service) as morel:
                for http, login in ((vasseur, "vasseur"), (morel, "morel")):
                    status, page = await sign_in(http, service, login)
                    assert status == 200 and "Téléconsultation" in page
                me = await (await vasseur.get(f"{service}/api/me")).json()
                assert me["rpps"] == VASSEUR and me["name"] == "Dr Claire VASSEUR"
                assert me["specialty"] == "Médecine générale"
                # No session cookie in any URL, and the cookie is HttpOnly, Secure, SameSite.
                cookie = next(c for c in vasseur.cookie_jar if c.key == "__Host-station-doctor")
                assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax"

                grant = await station.open_room()
                assert await _announce(station, grant.room) == 201
                other_grant = await other.open_room()
                assert await _announce(other, other_grant.room) == 201
                entries = await _queue(vasseur, service)
                assert [e["room"] for e in entries] == [grant.room]  # not the EHPAD's
                assert entries[0]["reason"] == "Otalgie" and "Dupont" not in str(entries)

                takes = await asyncio.gather(
                    vasseur.post(f"{service}/api/queue/{grant.room}/take"),
                    morel.post(f"{service}/api/queue/{grant.room}/take"),
                )
                statuses = sorted(r.status for r in takes)
                assert statuses == [200, 409]
                loser = next(r for r in takes if r.status == 409)
                assert "Un autre médecin" in (await loser.json())["message"]
                winner = next(r for r in takes if r.status == 200)
                body = await winner.json()
                assert body["room"] == grant.room and body["token"] and body["assertion"]
                assert await _queue(morel, service) == []  # taken: gone from the queue

                # Another organisation's room cannot be taken, even knowing its name.
                refused = await vasseur.post(f"{service}/api/queue/{other_grant.room}/take")
                assert refused.status == 404

                # A consultation for one named doctor of the directory: only they see it.
                assert [d[0] for d in await station.doctors()] == [VASSEUR, MOREL]
                named = await station.open_room()
                assert await _announce(station, named.room, doctor=MOREL) == 201
                assert await _queue(vasseur, service) == []
                (entry,) = await _queue(morel, service)
                assert entry["room"] == named.room and entry["named"] is True
                assert (await vasseur.post(f"{service}/api/queue/{named.room}/take")).status == 404
                assert await _announce(station, "someone-elses", doctor="10000000000") == 400

                # A session that expired is refused like none (the database says when).
                import sqlite3

                registry = env["STATION_SERVICE_DATABASE"].removeprefix("sqlite:///")
                with sqlite3.connect(registry) as db:
                    db.execute("UPDATE doctor_sessions SET expires_at = '2000-01-01 00:00:00'")
                assert (await vasseur.get(f"{service}/api/me")).status == 401
                assert (await morel.post(f"{service}/api/queue/{named.room}/take")).status == 401

        asyncio.run(scenario())
    log = (tmp_path / "service" / "log.txt").read_text()
    assert "code=" not in log and "state=" not in log  # no query string in the access log


def test_no_session_a_forged_one_or_an_unadmitted_doctor_is_refused(tmp_path: Path) -> None:
    with service_with_provider(tmp_path) as (service, _env, _idp):

        async def scenario() -> None:
            async with browser(service) as http:
                assert (await http.get(f"{service}/api/me")).status == 401
                http.cookie_jar.update_cookies({"__Host-station-doctor": "forged-session-id"})
                assert (await http.get(f"{service}/api/me")).status == 401
                assert (await http.post(f"{service}/api/queue/abcdefgh/take")).status == 401
                with pytest.raises(aiohttp.WSServerHandshakeError):
                    await http.ws_connect(f"{service.replace('http', 'ws')}/ws/queue")
                # Signed in at the provider, but admitted by no organisation of this service.
                status, page = await sign_in(http, service, "vasseur")
                assert status == 403 and "aucune organisation" in page
            async with browser(service) as http:
                # A provider account without RPPS is no doctor's.
                status, page = await sign_in(http, service, "sans-rpps")
                assert status == 403 and "RPPS" in page
            async with aiohttp.ClientSession() as stranger:  # another site's page
                refused = await stranger.post(
                    f"{service}/api/queue/abcdefgh/take", headers={"Origin": "https://evil.example"}
                )
                assert refused.status == 403

        asyncio.run(scenario())


def test_a_provider_that_does_not_give_eidas1_is_refused(tmp_path: Path) -> None:
    with service_with_provider(tmp_path, acr="eidas0") as (service, env, _):
        operator(env, "doctor", "add", VASSEUR, "--name", "Dr V", "--organisation", "P")

        async def scenario() -> None:
            async with browser(service) as http:
                status, page = await sign_in(http, service, "vasseur")
                assert status == 403 and "niveau d’authentification insuffisant" in page
                assert (await http.get(f"{service}/api/me")).status == 401

        asyncio.run(scenario())


async def _real_id_token(idp: Provider, redirect: str) -> tuple[OidcClient, str, str]:
    """An ID token the real provider issued to the service's client, and its nonce."""
    client = OidcClient(OidcSettings(idp.issuer, idp.client_id, idp.client_secret, redirect))
    login = await client.login()
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as http:
        response = await http.get(login.url)
        form = re.search(r'action="([^"]+)"', await response.text())
        assert form is not None
        url = str(response.url.join(aiohttp.client.URL(form.group(1))))
        response = await http.post(url, data={"login": "vasseur", "password": PASSWORD},
                                   allow_redirects=False)
        while not response.headers["Location"].startswith(redirect):
            response = await http.get(
                response.url.join(aiohttp.client.URL(response.headers["Location"])),
                allow_redirects=False,
            )
        code = aiohttp.client.URL(response.headers["Location"]).query["code"]
        metadata = await client.metadata()
        async with http.post(
            metadata["token_endpoint"],
            data={"grant_type": "authorization_code", "code": code, "redirect_uri": redirect,
                  "code_verifier": login.verifier},
            headers={"Authorization": client_basic(idp.client_id, idp.client_secret)},
        ) as answer:
            tokens = await answer.json()
    return client, tokens["id_token"], login.nonce


def test_wrong_nonce_expired_token_tampered_signature_and_wrong_issuer_are_refused(
    tmp_path: Path,
) -> None:
    redirect = "http://127.0.0.1:9/auth/callback"
    with oidc_provider(tmp_path, redirect) as idp:

        async def scenario() -> None:
            client, token, nonce = await _real_id_token(idp, redirect)
            claims = await client.check_id_token(token, nonce)  # the genuine one holds
            assert claims["acr"] == "eidas1"
            with pytest.raises(OidcError) as refused:
                await client.check_id_token(token, "another-nonce")
            assert refused.value.reason == "nonce"
            with pytest.raises(OidcError) as refused:
                await client.check_id_token(token, nonce, now=int(claims["exp"]) + 3600)
            assert refused.value.reason == "expired"
            head, body, signature = token.split(".")
            flipped = ("A" if signature[10] != "A" else "B").join(
                (signature[:10], signature[11:])
            )
            with pytest.raises(OidcError) as refused:
                await client.check_id_token(f"{head}.{body}.{flipped}", nonce)
            assert refused.value.reason == "signature"
            strict = OidcClient(
                OidcSettings(idp.issuer, idp.client_id, idp.client_secret, redirect, acr="eidas2")
            )
            with pytest.raises(OidcError) as refused:
                await strict.check_id_token(token, nonce)
            assert refused.value.reason == "acr"
            elsewhere = OidcClient(
                OidcSettings(idp.issuer + "/", idp.client_id, idp.client_secret, redirect)
            )
            with pytest.raises(OidcError) as refused:
                await elsewhere.login()
            assert refused.value.reason == "issuer"

        asyncio.run(scenario())
