"""The outbox: every finished report reaches each of its destinations, eventually: the FHIR
server, and by MSSanté (:mod:`station.records.mssante`) the regular doctor and the patient's
Mon Espace Santé mailbox.

Its state lives in the record itself, as events of the consultation, so it survives restarts
and crashes like everything else, per destination: ``report.queued`` (the exact Bundle for
the FHIR server) or ``report.addressed`` (an MSSanté recipient), ``report.failed`` (a
temporary failure, with the next attempt time), ``report.refused`` (the server said no: kept
and shown, not retried until someone queues it again), ``report.sent``.

Sending: ``POST {base}/Bundle`` with the FHIR JSON and a bearer token read from the OS keyring.
HTTPS is required except to a loopback address (tests, a local relay).
Temporary failures (network errors, timeouts, 5xx, 408, 429) are retried with exponential
backoff and jitter; other 4xx answers are refusals.
"""

from __future__ import annotations

import asyncio
import base64
import ipaddress
import json
import logging
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from station.records import events as ev
from station.records.read_model import OutboxItem, RecordIndex, transmissions_of
from station.records.store import EventStore

if TYPE_CHECKING:
    import aiohttp

    from station.records.mssante import MssanteSettings

log = logging.getLogger("station.outbox")

RETRYABLE_STATUS = {408, 429}
TOKEN_NAME = "fhir-token"


def queue_report(store: EventStore, consultation: str, bundle: dict[str, Any]) -> None:
    """Put a finished report in the outbox (durably, like every event).

    A still's image, or a document the doctor handed over, is kept once, in its own event:
    the queued Bundle names it by its hash (``Attachment.hash``) and gets it back in
    :func:`queued_bundle`.
    """
    ev.record(store, consultation, ev.ReportQueued(_media_data(bundle, None)))


def address_report(store: EventStore, consultation: str, patient: Any, with_ins: bool) -> int:
    """Put the report's MSSanté destinations in the outbox (the regular doctor, the patient's
    Mon Espace Santé mailbox with a qualified INS); returns how many."""
    from station.records.mssante_address import report_addresses

    addresses = report_addresses(patient, with_ins)
    for destination, recipient in addresses:
        ev.record(store, consultation, ev.ReportAddressed(destination, recipient))
    return len(addresses)


def queued_bundle(store: EventStore, consultation: str) -> dict[str, Any]:
    """The exact Bundle last queued for a consultation, stills and clips included ({} if
    none)."""
    from station.records.auscultation_clips import Clips
    from station.records.fhir_media import still_hash

    bundle: dict[str, Any] = {}
    stills: dict[str, str] = {}
    clips = Clips()
    for event in store.events(consultation):
        e = ev.decode(event)
        if isinstance(e, ev.ReportQueued):
            bundle = e.bundle
        elif isinstance(e, ev.StillTaken):
            stills[still_hash(e.png)] = base64.b64encode(e.png).decode("ascii")
        elif isinstance(e, ev.DocumentReceived):
            stills[still_hash(e.data)] = base64.b64encode(e.data).decode("ascii")
        elif isinstance(e, ev.AuscultationPart):
            clips.add(e)
    for clip in clips.clips:
        wav = clip.wav()
        stills[still_hash(wav)] = base64.b64encode(wav).decode("ascii")
    return _media_data(bundle, stills)


def _media_data(bundle: dict[str, Any], stills: dict[str, str] | None) -> dict[str, Any]:
    """The Bundle with each hashed attachment's data (a Media's image, a handed-over
    document) left out (``stills`` None) or put back by its hash. The report's own PDF has no
    hash: it stays. A report queued before attachments were kept once is kept as is.
    """

    def attachment(content: Any) -> Any:
        if not isinstance(content, dict) or not content.get("hash"):
            return content
        if stills is None:
            return {k: v for k, v in content.items() if k != "data"}
        if "data" not in content and content["hash"] in stills:
            return {**content, "data": stills[content["hash"]]}
        return content

    entries = []
    for entry in bundle.get("entry", []):
        resource = entry.get("resource", {})
        kind = resource.get("resourceType")
        if kind == "Media":
            resource = {**resource, "content": attachment(resource.get("content"))}
        elif kind == "DocumentReference" and isinstance(resource.get("content"), list):
            resource = {
                **resource,
                "content": [
                    {**c, "attachment": attachment(c.get("attachment"))}
                    if isinstance(c, dict)
                    else c
                    for c in resource["content"]
                ],
            }
        entries.append({**entry, "resource": resource})
    return {**bundle, "entry": entries} if "entry" in bundle else bundle


MAX_ANSWER_BYTES = 1024 * 1024  # a FHIR server's receipt is small; never read a huge body


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    fhir: bool  # a FHIR server's receipt: 201 with Location, or a FHIR resource as body


async def _post(session: aiohttp.ClientSession, url: str, body: bytes) -> Answer:
    """POST the Bundle; no redirect followed except a 307/308 to the same origin (the POST
    kept, once): a redirect elsewhere, or to plain HTTP, would send the patient's data there."""
    from yarl import URL  # aiohttp's own URL type, loaded with it on the first send

    target = url
    for _ in range(2):
        async with session.post(target, data=body, allow_redirects=False) as response:
            status = response.status
            location = response.headers.get("Location", "")
            if status in (307, 308) and target == url:
                moved = str(response.url.join(URL(location))) if location else ""
                if moved and URL(moved).origin() == URL(url).origin():
                    target = moved
                    continue
            answer = await response.content.read(MAX_ANSWER_BYTES + 1)
            return Answer(status, location, _is_fhir(status, location, response, answer))
    return Answer(status, location, False)


def _is_fhir(status: int, location: str, response: Any, answer: bytes) -> bool:
    if status == 201 and location:
        return True
    if len(answer) > MAX_ANSWER_BYTES or "json" not in response.headers.get("Content-Type", ""):
        return False
    try:
        parsed = json.loads(answer)
    except ValueError:
        return False
    return isinstance(parsed, dict) and isinstance(parsed.get("resourceType"), str)


class TransmissionConfigError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    token: str | None = None
    timeout: float = 30.0

    def __post_init__(self) -> None:
        parts = urlsplit(self.base_url)
        host = parts.hostname or ""
        if parts.scheme == "https":
            return
        if parts.scheme == "http" and _is_loopback(host):
            return
        raise TransmissionConfigError(
            "L’adresse du serveur de santé doit commencer par https:// (les comptes rendus ne "
            "quittent jamais le poste sans chiffrement)."
        )


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def transmission_items(store: EventStore) -> list[OutboxItem]:
    """Every destination of every queued report and where it stands (no network needed)."""
    index = RecordIndex(store)
    index.refresh()
    return index.transmissions()


def transmission_item(
    store: EventStore, consultation: str, destination: str = ev.FHIR
) -> OutboxItem:
    found = transmissions_of(store, consultation).get(destination)
    return found or OutboxItem(
        consultation, "pending", 0, None, "en attente d’envoi", destination=destination
    )


def configured_endpoint() -> Endpoint | None:
    """The health server of ``[transmission]`` with the keyring's token; None if not set up."""
    from station.config import transmission_base_url
    from station.credentials import get_secret

    base = transmission_base_url()
    return Endpoint(base, get_secret(TOKEN_NAME)) if base else None


class Outbox:
    """Sends each destination of each queued report: the health server (FHIR), and by
    MSSanté the regular doctor and the patient's Mon Espace Santé mailbox. A destination
    whose channel is not set up on this station waits, said as such."""

    def __init__(
        self,
        store: EventStore,
        endpoint: Endpoint | None,
        *,
        mssante: MssanteSettings | None = None,
        index: RecordIndex | None = None,
        base_delay: float = 30.0,
        max_delay: float = 3600.0,
        rng: random.Random | None = None,
    ) -> None:
        self.store = store
        self.endpoint = endpoint
        self.mssante = mssante
        # The app's index: a poll reads only what happened since the last one.
        self.index = index
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.rng = rng or random.Random()

    def enqueue(self, consultation: str, bundle: dict[str, Any]) -> None:
        queue_report(self.store, consultation, bundle)

    def items(self) -> list[OutboxItem]:
        if self.index is None:
            return transmission_items(self.store)
        self.index.refresh()
        return self.index.transmissions()

    def _item(self, item: OutboxItem) -> OutboxItem:
        return transmission_item(self.store, item.consultation, item.destination)

    def _bundle(self, consultation: str) -> dict[str, Any]:
        return queued_bundle(self.store, consultation)

    def _delay(self, attempts: int) -> float:
        delay = min(self.max_delay, self.base_delay * 2 ** max(0, attempts - 1))
        return delay * self.rng.uniform(0.8, 1.2)

    async def send_due(self) -> list[OutboxItem]:
        """Try every item that is due once; returns the items' new states."""
        due = [item for item in self.items() if item.due]
        to_server = [i for i in due if i.destination == ev.FHIR and self.endpoint is not None]
        by_mail = [i for i in due if i.destination != ev.FHIR and self.mssante is not None]
        if to_server:
            await self._send_to_server(to_server)
        for item in by_mail:
            await self._send_by_mssante(item)
        return [self._item(item) for item in to_server + by_mail]

    async def _send_to_server(self, due: list[OutboxItem]) -> None:
        assert self.endpoint is not None
        headers = {"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"}
        if self.endpoint.token:
            headers["Authorization"] = f"Bearer {self.endpoint.token}"
        import aiohttp  # on first send, not at start (150 ms before the window could show)

        timeout = aiohttp.ClientTimeout(total=self.endpoint.timeout)
        url = self.endpoint.base_url.rstrip("/") + "/Bundle"
        async with aiohttp.ClientSession(timeout=timeout, headers=headers) as session:
            for item in due:
                await self._send(session, url, item)

    async def _send_by_mssante(self, item: OutboxItem) -> None:
        from station.records.mssante import send_report

        assert self.mssante is not None
        delivery = await send_report(self.store, self.mssante, item)
        c, where = item.consultation, item.destination
        if delivery.state == "sent":
            ev.record(self.store, c, ev.ReportSent(delivery.status, delivery.reference, where))
        elif delivery.state == "refused":
            ev.record(self.store, c, ev.ReportRefused(delivery.status, delivery.reason, where))
        else:
            self._failed(item, delivery.reason)
        log.info("report by MSSanté (%s): %s", where, delivery.state)

    async def _send(self, session: aiohttp.ClientSession, url: str, item: OutboxItem) -> None:
        import aiohttp

        body = json.dumps(self._bundle(item.consultation), ensure_ascii=False).encode()
        try:
            answer = await _post(session, url, body)
        except aiohttp.ClientConnectorCertificateError as err:
            # Not an outage: retrying would never work, and the data must not go elsewhere.
            ev.record(
                self.store,
                item.consultation,
                ev.ReportRefused(0, "certificat du serveur non reconnu", ev.FHIR),
            )
            log.warning("report refused: untrusted certificate (%s)", type(err).__name__)
            return
        except (aiohttp.ClientError, TimeoutError, OSError) as err:
            reason = "serveur injoignable" if not isinstance(err, TimeoutError) else "délai dépassé"
            self._failed(item, reason)
            log.warning("report transmission failed (%s)", type(err).__name__)
            return
        status = answer.status
        if 300 <= status < 400:
            ev.record(
                self.store,
                item.consultation,
                ev.ReportRefused(status, f"redirection vers une autre adresse ({status})"),
            )
            log.warning("report refused: redirected (HTTP %d)", status)
        elif 200 <= status < 300 and answer.fhir:
            ev.record(self.store, item.consultation, ev.ReportSent(status, answer.location))
            log.info("report transmitted (HTTP %d)", status)
        elif 200 <= status < 300:
            # A proxy's or portal's page is no FHIR server's receipt: not sent.
            self._failed(item, "réponse qui n’est pas celle d’un serveur FHIR")
            log.warning("report not acknowledged (HTTP %d without a FHIR answer)", status)
        elif status >= 500 or status in RETRYABLE_STATUS:
            self._failed(item, f"code {status}")
            log.warning("report transmission failed (HTTP %d)", status)
        else:
            ev.record(self.store, item.consultation, ev.ReportRefused(status))
            log.warning("report refused (HTTP %d)", status)

    def _failed(self, item: OutboxItem, reason: str) -> None:
        next_attempt = datetime.now(UTC) + timedelta(seconds=self._delay(item.attempts + 1))
        ev.record(
            self.store,
            item.consultation,
            ev.ReportFailed(reason, next_attempt.isoformat(), item.destination),
        )

    async def run(self, poll: float = 15.0) -> None:
        """Send forever (until cancelled): what is due, then wait a little."""
        while True:
            await self.send_due()
            await asyncio.sleep(poll)
