"""A real SMTP server on loopback for the MSSanté tests: aiosmtpd with STARTTLS required and
the client's certificate required (signed by the test's own authority), as an MSSanté
operator's server would.

``refuse`` lists recipients answered 550; ``hold_from`` makes the server keep the n-th
message's DATA unanswered (a station killed mid-queue); what arrived is in ``received``.
"""

from __future__ import annotations

import asyncio
import email
import ipaddress
import ssl
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_PASSPHRASE = "phrase-de-test-pas-un-secret"


@dataclass(frozen=True)
class Pki:
    """Files of a test PKI: the authority, the server's pair and the station's pair."""

    ca: Path
    server_cert: Path
    server_key: Path
    station_cert: Path  # the station's certificate and its key (encrypted), one PEM file
    stranger_cert: Path  # a certificate from another authority, with its key


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _cert(
    subject: str, key: Any, issuer: str, issuer_key: Any, *, ca: bool = False, server: bool = False
) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
    elif server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False)
    else:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _key_pem(key: Any, passphrase: str | None = None) -> bytes:
    encryption: Any = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def make_pki(folder: Path) -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("Autorité de test MSSanté", ca_key, "Autorité de test MSSanté", ca_key, ca=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = _cert("localhost", server_key, "Autorité de test MSSanté", ca_key, server=True)
    station_key = ec.generate_private_key(ec.SECP256R1())
    station = _cert("Station de test", station_key, "Autorité de test MSSanté", ca_key)
    other_key = ec.generate_private_key(ec.SECP256R1())
    stranger = _cert("Inconnu", other_key, "Inconnu", other_key)
    pki = Pki(
        folder / "ca.pem",
        folder / "server.pem",
        folder / "server.key",
        folder / "station.pem",
        folder / "stranger.pem",
    )
    pki.ca.write_bytes(_pem(ca))
    pki.server_cert.write_bytes(_pem(server))
    pki.server_key.write_bytes(_key_pem(server_key))
    pki.station_cert.write_bytes(_pem(station) + _key_pem(station_key, KEY_PASSPHRASE))
    pki.stranger_cert.write_bytes(_pem(stranger) + _key_pem(other_key, KEY_PASSPHRASE))
    return pki


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Mailbox:
    """The server's handler: what it accepts, refuses and keeps."""

    refuse: set[str] = field(default_factory=set)
    hold_from: int | None = None  # keep the DATA of message number hold_from (0-based)
    received: list[Received] = field(default_factory=list)
    held: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 Destinataire inconnu"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            hold = self.hold_from is not None and len(self.received) >= self.hold_from
        if hold:
            self.held.set()
            while True:  # never answered: the station is killed meanwhile
                await asyncio.sleep(0.05)
        message = email.message_from_bytes(envelope.original_content, policy=default)
        assert isinstance(message, EmailMessage)
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 2.0.0 Message accepté"

    def messages(self) -> list[Received]:
        with self.lock:
            return list(self.received)


class SmtpServer:
    """aiosmtpd on 127.0.0.1, STARTTLS required, the client's certificate required."""

    def __init__(self, pki: Pki, port: int, mailbox: Mailbox | None = None) -> None:
        self.mailbox = mailbox or Mailbox()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki.ca))
        context.load_cert_chain(str(pki.server_cert), str(pki.server_key))
        context.verify_mode = ssl.CERT_REQUIRED
        self.port = port
        self.controller = Controller(
            self.mailbox,
            hostname="127.0.0.1",
            port=port,
            tls_context=context,
            require_starttls=True,
        )

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
