"""A report by MSSanté: the message (the TLM-CR in an IHE XDM package, the PDF) and its
delivery over SMTP with STARTTLS to the station's MSSanté operator.

Settings (``[mssante]`` in ``station.toml``): ``host``, ``port`` (587, STARTTLS; 465, TLS
from the first byte), ``sender``, ``software_reference`` (the product reference the ANS gave
at the product's declaration, header ``X-MSS-NIL``), optionally ``login``, the station's
client ``certificate`` (PEM; its key in it or in ``key``) and the operator's ``ca``. The SMTP
password (``mssante-password``) and the key's passphrase (``mssante-key-password``) come from
the OS keyring, never from a file.

Headers the MSSanté client rules (Référentiel socle MSSanté #2) ask for: ``X-MSS-CODECDA``
(the CDA's code), ``X-MSS-INS`` (``O`` when the CDA carries a qualified INS), ``X-MSS-NIL``
on every message, and ``X-MSS-MES: FIN`` to a patient's Mon Espace Santé mailbox, whose
patient cannot answer a kiosk.

An outcome is one of: sent; refused (a 5xx to the recipient or the message, a server whose
certificate is not trusted: not retried); failed (anything else: retried with backoff).
"""

from __future__ import annotations

import smtplib
import ssl
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

from station.records import events as ev
from station.records import xdm
from station.records.mssante_address import is_mssante_address

if TYPE_CHECKING:
    from station.records.cda_export import CdaDocument
    from station.records.read_model import OutboxItem
    from station.records.report_data import ReportData
    from station.records.store import EventStore


PASSWORD_NAME = "mssante-password"
KEY_PASSWORD_NAME = "mssante-key-password"
SOFTWARE = "Station (poste de téléconsultation assistée)"
SUBMISSION_NAMESPACE = uuid.UUID("0b8f7c1e-5d2a-5f4b-8e3c-7a9d1f6e2b40")


class MssanteConfigError(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class MssanteSettings:
    host: str
    sender: str
    software_reference: str
    port: int = 587
    login: str = ""
    certificate: str = ""
    key: str = ""
    ca: str = ""
    timeout: float = 30.0
    password: str | None = field(default=None, repr=False)
    key_password: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not is_mssante_address(self.sender):
            raise MssanteConfigError(
                "L’adresse d’envoi MSSanté ([mssante] sender) doit être une adresse en "
                "…mssante.fr, celle de la boîte de la structure."
            )


def configured_mssante() -> MssanteSettings | None:
    """The ``[mssante]`` settings with the keyring's secrets; None when not set up."""
    from station.config import mssante_section
    from station.credentials import get_secret

    section = mssante_section()
    if not section:
        return None
    return MssanteSettings(
        host=str(section["host"]),
        sender=str(section["sender"]),
        software_reference=str(section["software_reference"]),
        port=int(section.get("port", 587)),
        login=str(section.get("login", "")),
        certificate=str(section.get("certificate", "")),
        key=str(section.get("key", "")),
        ca=str(section.get("ca", "")),
        password=get_secret(PASSWORD_NAME) if section.get("login") else None,
        key_password=get_secret(KEY_PASSWORD_NAME) if section.get("certificate") else None,
    )


# ---- the message ----------------------------------------------------------------------------
def message_id(consultation: str, destination: str, version: int, sender: str) -> str:
    """The same for every try of one message: a receiver can tell a repeat from a new one."""
    return f"<{consultation}.{destination}.v{version}@{sender.rsplit('@', 1)[-1]}>"


def _oid(name: str) -> str:
    """An OID of this software's own (ITU-T X.667: 2.25 and a UUID's integer)."""
    return f"2.25.{uuid.uuid5(SUBMISSION_NAMESPACE, name).int}"


def _body(data: ReportData, destination: str) -> str:
    day = data.started.astimezone().strftime("%d/%m/%Y") if data.started else ""
    where = data.station.get("name", "") or "le poste de téléconsultation"
    doctor = next((d.name for d in data.doctors if d.name), "")
    with_doctor = f" avec {doctor}" if doctor else ""
    if destination == ev.PATIENT_MAILBOX:
        return (
            "Bonjour,\n\n"
            f"Voici le compte rendu de votre téléconsultation du {day}{with_doctor}, "
            f"réalisée à {where}. Il est joint à ce message (PDF).\n\n"
            "Ce message a été envoyé par le poste de téléconsultation : il ne peut pas "
            "recevoir de réponse. Pour toute question, adressez-vous à votre médecin "
            "traitant ou au lieu de la consultation.\n"
        )
    p = data.patient
    born = ""
    if p.birth_date:
        born = f", né(e) le {datetime.fromisoformat(p.birth_date):%d/%m/%Y}"
    return (
        "Bonjour,\n\n"
        f"Vous trouverez ci-joint le compte rendu de la téléconsultation du {day} de "
        f"votre patient(e) {p.family_name.upper()} {p.given_names}{born}, réalisée"
        f"{with_doctor} depuis {where}.\n\n"
        "Il est joint en PDF, et au format CDA (IHE_XDM.ZIP) pour votre logiciel.\n"
    )


def build_message(
    settings: MssanteSettings,
    *,
    consultation: str,
    destination: str,
    recipient: str,
    cda: CdaDocument,
    pdf: bytes,
    data: ReportData,
) -> EmailMessage:
    """The MSSanté message of one report to one recipient (the same on every try)."""
    msg = EmailMessage()
    day = data.started.astimezone().strftime("%d/%m/%Y") if data.started else ""
    msg["Subject"] = f"Compte rendu de téléconsultation du {day}".strip()
    msg["From"] = settings.sender
    msg["To"] = recipient
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = message_id(consultation, destination, cda.version, settings.sender)
    msg["X-Mailer"] = SOFTWARE
    msg["X-MSS-NIL"] = settings.software_reference
    msg["X-MSS-CODECDA"] = "85208-7"
    msg["X-MSS-INS"] = "O" if cda.with_ins else "N"
    if destination == ev.PATIENT_MAILBOX:
        msg["X-MSS-MES"] = "FIN"
    msg.set_content(_body(data, destination))
    name = f"{consultation}.{destination}.v{cda.version}"
    package = xdm.package(
        cda.xml,
        recipient=recipient,
        sender=settings.sender,
        software=SOFTWARE,
        source_id=_oid("station:" + settings.sender),
        submission_id=_oid(name),
    )
    msg.add_attachment(package, maintype="application", subtype="zip", filename=xdm.ATTACHMENT_NAME)
    msg.add_attachment(
        pdf, maintype="application", subtype="pdf", filename="compte-rendu-teleconsultation.pdf"
    )
    return msg


# ---- delivery -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Delivery:
    state: str  # "sent", "failed" (retried), "refused" (kept, not retried)
    status: int  # the SMTP code, 0 when there was none
    reason: str  # plain French, for the assistant
    reference: str = ""  # the message's Message-ID, once sent


def _context(settings: MssanteSettings) -> ssl.SSLContext:
    try:
        context = ssl.create_default_context(cafile=settings.ca or None)
    except (OSError, ssl.SSLError) as err:
        raise MssanteConfigError(
            "Le certificat d’autorité de la messagerie ([mssante] ca) est illisible."
        ) from err
    if settings.certificate:

        def passphrase() -> str:
            return settings.key_password or ""

        try:
            context.load_cert_chain(settings.certificate, settings.key or None, passphrase)
        except (OSError, ssl.SSLError) as err:
            raise MssanteConfigError(
                "Le certificat du poste pour la messagerie est illisible (fichier absent ou "
                "phrase secrète du trousseau, « mssante-key-password », incorrecte)."
            ) from err
    return context


def _code(err: smtplib.SMTPResponseException) -> int:
    return int(err.smtp_code)


def deliver(settings: MssanteSettings, message: EmailMessage, recipient: str) -> Delivery:
    """Send one message (blocking: run it off the event loop)."""
    try:
        context = _context(settings)
    except MssanteConfigError as err:
        return Delivery("failed", 0, err.message)
    stage = "connect"
    try:
        smtp: smtplib.SMTP
        if settings.port == 465:
            stage = "tls"
            smtp = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with smtp:
            smtp.ehlo()
            if settings.port != 465:
                if not smtp.has_extn("starttls"):
                    return Delivery(
                        "refused", 0, "la messagerie ne propose pas de connexion chiffrée"
                    )
                stage = "tls"
                smtp.starttls(context=context)
                smtp.ehlo()
            stage = "auth"
            if settings.login:
                smtp.login(settings.login, settings.password or "")
            stage = "send"
            smtp.send_message(message, from_addr=settings.sender, to_addrs=[recipient])
        return Delivery("sent", 250, "")
    except ssl.SSLCertVerificationError:
        # Not an outage: the server is not the operator's, and the report must not go there.
        return Delivery("refused", 0, "certificat du serveur de messagerie non reconnu")
    except smtplib.SMTPRecipientsRefused as err:
        code = next(iter(err.recipients.values()))[0]
        if code >= 500:
            return Delivery("refused", code, f"adresse refusée par la messagerie (code {code})")
        return Delivery("failed", code, f"adresse momentanément refusée (code {code})")
    except smtplib.SMTPAuthenticationError as err:
        return Delivery(
            "failed",
            _code(err),
            "identifiant ou mot de passe de la messagerie refusé (trousseau : mssante-password)",
        )
    except smtplib.SMTPResponseException as err:
        code = _code(err)
        if code >= 500 and stage == "send":
            return Delivery("refused", code, f"message refusé par la messagerie (code {code})")
        return Delivery("failed", code, f"messagerie momentanément indisponible (code {code})")
    except (smtplib.SMTPException, OSError) as err:
        if stage in ("tls", "auth") and not isinstance(err, TimeoutError):
            # The handshake, or the first exchange after it, was cut: with TLS 1.3 that is
            # how a server says it refused the station's certificate.
            return Delivery(
                "failed",
                0,
                "connexion chiffrée refusée par la messagerie : certificat du poste à vérifier",
            )
        if isinstance(err, TimeoutError):
            return Delivery("failed", 0, "délai dépassé")
        return Delivery("failed", 0, "messagerie injoignable")


async def send_report(store: EventStore, settings: MssanteSettings, item: OutboxItem) -> Delivery:
    """Build and send one destination's message off the event loop; the outcome in words."""
    import asyncio

    from station.records.errors import RecordError

    loop = asyncio.get_running_loop()
    try:
        # Reading the record stays on the loop's thread (the store is not shared across
        # threads); rendering the PDF and the package is the slow part.
        events = store.events(item.consultation)
    except RecordError:
        return Delivery("refused", 0, "dossier illisible : à voir avec le support")
    message = await loop.run_in_executor(None, _message_of, events, settings, item)
    if isinstance(message, Delivery):
        return message
    delivery = await loop.run_in_executor(None, deliver, settings, message, item.recipient)
    return replace(delivery, reference=str(message["Message-ID"]))


def _message_of(events: list[Any], settings: MssanteSettings, item: OutboxItem) -> Any:
    from station.records.cda_export import CdaError, cda_of_record
    from station.records.report_data import gather
    from station.records.report_pdf import render_pdf

    data = gather(item.consultation, events)
    pdf = render_pdf(data)
    made = [e for e in map(ev.decode, events) if isinstance(e, ev.CdaMade)]
    try:
        cda = cda_of_record(data, pdf, made)
    except CdaError as err:
        return Delivery("refused", 0, err.message)
    return build_message(
        settings,
        consultation=item.consultation,
        destination=item.destination,
        recipient=item.recipient,
        cda=cda,
        pdf=pdf,
        data=data,
    )
