"""A small FHIR-speaking HTTP server on loopback, for the outbox tests.

It accepts ``POST /Bundle`` with a bearer token, validates the body with the FHIR models, and
answers as a FHIR server would (201 + Location + OperationOutcome, or 4xx/5xx with an
OperationOutcome). ``fail_next`` and ``delay`` script outages.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

TOKEN = "test-token-not-a-secret"


def _outcome(severity: str, text: str) -> dict[str, Any]:
    return {
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": "processing", "diagnostics": text}],
    }


class FhirServer:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.requests = 0
        self.fail_next: list[int] = []  # statuses to answer before accepting again
        self.delay = 0.0
        self._runner: web.AppRunner | None = None
        self.url = ""

    async def _post_bundle(self, request: web.Request) -> web.Response:
        self.requests += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail_next:
            status = self.fail_next.pop(0)
            return web.json_response(_outcome("error", "scripted failure"), status=status)
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return web.json_response(_outcome("error", "unauthorised"), status=401)
        try:
            body = json.loads(await request.read())
            Bundle.model_validate(body)
        except (ValueError, ValidationError) as err:
            return web.json_response(_outcome("error", str(err)[:200]), status=422)
        self.received.append(body)
        location = f"{self.url}/Bundle/{len(self.received)}/_history/1"
        return web.json_response(
            _outcome("information", "created"), status=201, headers={"Location": location}
        )

    async def start(self) -> str:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_post("/fhir/Bundle", self._post_bundle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}/fhir"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
