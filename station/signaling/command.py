"""The ``station-signaling`` command: the fleet's service, and its operator's tools.

    station-signaling [--host H] [--port P] [--tls-cert F --tls-key F] [--redis URL] ...
                                          serve the doctor page, the rooms and the stations' API
    station-signaling enroll --name NAME --organisation ORG [--hours 24]
                                          a one-time enrollment code for a station
    station-signaling revoke NAME         stop a station at once, even mid-call
    station-signaling stations            the stations and their state
    station-signaling doctor add RPPS --name NAME --organisation ORG
    station-signaling doctor remove RPPS --organisation ORG
    station-signaling doctors             the doctors each organisation admits

Doctors sign in through an OpenID Connect provider (Pro Santé Connect): ``--oidc-issuer``,
``--oidc-client-id`` and ``--oidc-acr`` (or ``STATION_OIDC_ISSUER``, ``STATION_OIDC_CLIENT_ID``,
``STATION_OIDC_ACR``); the client secret only from ``STATION_OIDC_CLIENT_SECRET`` or the
keyring's ``oidc-client-secret``, never a flag.

The registry is ``--database URL`` or ``STATION_SERVICE_DATABASE`` (``sqlite:///PATH`` or
``postgresql://USER@HOST/DB``; a password goes in the environment, never on a command line
that ``ps`` shows), by default a SQLite file in the service's data folder. Errors are one
French line and a non-zero exit; never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import ssl
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web
from aiohttp.abc import AbstractAccessLogger
from platformdirs import user_data_dir

from station.arguments import ArgumentParser
from station.signaling.backends import RedisBackend
from station.signaling.collector import tune_for_many_connections
from station.signaling.guard import HEADER_TIMEOUT, PER_ADDRESS, Guard, guarded, raise_file_limit
from station.signaling.ice import IceConfig
from station.signaling.registry import Registry, RegistryError, sqlite_url
from station.signaling.server import make_app

EXIT_ERROR, EXIT_USAGE = 2, 64
LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _fail(message: str) -> int:
    print(f"Erreur : {message}", file=sys.stderr)
    return EXIT_ERROR


def _database(args: argparse.Namespace) -> str:
    if args.database:
        return str(args.database)
    if os.environ.get("STATION_SERVICE_DATABASE"):
        return os.environ["STATION_SERVICE_DATABASE"]
    folder = Path(user_data_dir("station-service", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return sqlite_url(folder / "registry.sqlite3")


def _secret() -> bytes:
    from station.credentials import CredentialsUnavailable, get_secret

    value = os.environ.get("STATION_SIGNALING_SECRET")
    if not value:
        try:
            value = get_secret("signaling-secret")
        except CredentialsUnavailable as err:
            raise RegistryError(
                "secret de signalisation absent : définissez STATION_SIGNALING_SECRET, "
                f"ou rendez le trousseau disponible. {err.message}"
            ) from None
    if not value or len(value) < 16:
        raise RegistryError(
            "secret de signalisation absent (au moins 16 caractères) : définissez "
            "STATION_SIGNALING_SECRET ou enregistrez « signaling-secret » dans le trousseau."
        )
    return value.encode()


def _with_registry(args: argparse.Namespace, job: Callable[[Registry], Awaitable[int]]) -> int:
    async def run() -> int:
        registry = await Registry.open(_database(args))
        try:
            return await job(registry)
        finally:
            await registry.close()

    return asyncio.run(run())


def cmd_enroll(args: argparse.Namespace) -> int:
    async def job(registry: Registry) -> int:
        code, expires = await registry.enroll(args.name, args.organisation, args.hours)
        print(f"Code d’inscription du poste « {' '.join(args.name.split())} » : {code}")
        print(
            f"Valable une fois, jusqu’au {expires.astimezone():%d/%m/%Y à %H:%M}. Sur le poste : "
            f"station enroll URL_DU_SERVICE {code}"
        )
        return 0

    return _with_registry(args, job)


def cmd_revoke(args: argparse.Namespace) -> int:
    async def job(registry: Registry) -> int:
        station = await registry.revoke(args.name)
        print(
            f"Poste « {station.name} » ({station.organisation}) révoqué : ses appels en cours "
            "sont coupés, son identifiant et ses codes en attente sont refusés."
        )
        return 0

    return _with_registry(args, job)


def cmd_stations(args: argparse.Namespace) -> int:
    async def job(registry: Registry) -> int:
        listed = await registry.stations()
        if not listed:
            print("Aucun poste inscrit.")
        for station in listed:
            state = (
                "révoqué" if station.revoked else "inscrit" if station.enrolled else "en attente"
            )
            print(f"{station.name} — {station.organisation} — {state}")
        return 0

    return _with_registry(args, job)


def cmd_doctor(args: argparse.Namespace) -> int:
    from station.signaling.doctors import Doctors

    async def job(registry: Registry) -> int:
        doctors = Doctors(registry.engine)
        if args.action == "add":
            if not args.name:
                raise RegistryError("indiquez le nom du médecin (--name).")
            account = await doctors.add(args.rpps, args.organisation, args.name)
            print(
                f"{account.name} (RPPS {account.rpps}) admis pour « {account.organisation} » : "
                "il ou elle voit sa file d’attente une fois connecté(e)."
            )
        else:
            await doctors.remove(args.rpps, args.organisation)
            print(f"RPPS {args.rpps} retiré de « {args.organisation} ».")
        return 0

    return _with_registry(args, job)


def cmd_doctors(args: argparse.Namespace) -> int:
    from station.signaling.doctors import Doctors

    async def job(registry: Registry) -> int:
        accounts = await Doctors(registry.engine).accounts()
        if not accounts:
            print("Aucun médecin admis.")
        for a in accounts:
            print(f"{a.name} — RPPS {a.rpps} — {a.organisation}")
        return 0

    return _with_registry(args, job)


def _oidc(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The doctors' sign-in, when a provider is configured (None: invitation links only)."""
    from station.signaling.oidc import OidcClient, OidcSettings

    issuer = args.oidc_issuer or os.environ.get("STATION_OIDC_ISSUER", "")
    if not issuer:
        return None
    client_id = args.oidc_client_id or os.environ.get("STATION_OIDC_CLIENT_ID", "")
    secret = os.environ.get("STATION_OIDC_CLIENT_SECRET", "")
    if not secret:
        from station.credentials import CredentialsUnavailable, get_secret

        with contextlib.suppress(CredentialsUnavailable):
            secret = get_secret("oidc-client-secret") or ""
    if not client_id or not secret:
        raise RegistryError(
            "connexion des médecins : indiquez --oidc-client-id et le secret du client dans "
            "STATION_OIDC_CLIENT_SECRET (ou « oidc-client-secret » dans le trousseau)."
        )
    base = args.public_url or f"http://{args.host}:{args.port}"
    acr = args.oidc_acr
    if acr is None:
        acr = os.environ.get("STATION_OIDC_ACR", "eidas1")
    return OidcClient(
        OidcSettings(
            issuer=issuer,
            client_id=client_id,
            client_secret=secret,
            redirect_uri=base.rstrip("/") + "/auth/callback",
            acr=acr,
            provider_name=args.oidc_provider_name,
        )
    )


def cmd_serve(args: argparse.Namespace) -> int:
    context = None
    if args.tls_cert and args.tls_key:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    elif args.host not in LOOPBACK:
        return _fail("hors de la boucle locale, le serveur exige --tls-cert et --tls-key.")
    turn_secret = os.environ.get("STATION_TURN_SECRET")
    ice = IceConfig(
        tuple(args.stun),
        tuple(args.turn),
        turn_secret.encode() if turn_secret else None,
        relay_only=args.relay_only,
    )
    secret, database, oidc = _secret(), _database(args), _oidc(args)

    async def build() -> web.Application:
        registry = await Registry.open(database)
        backend = RedisBackend(args.redis) if args.redis else None
        app = make_app(
            secret, ice, backend, registry=registry, public_url=args.public_url, oidc=oidc
        )

        async def close_registry(app: web.Application) -> None:
            await registry.close()

        app.on_cleanup.append(close_registry)
        return app

    guard = Guard(args.max_per_address, HEADER_TIMEOUT)
    raise_file_limit()
    asyncio.run(_serve(build, args.host, args.port, context, guard))
    return 0


class PathOnlyAccessLogger(AbstractAccessLogger):
    """Requests logged without their query string: a sign-in's callback carries a one-time
    code and state there, and nothing secret goes in a log."""

    def log(self, request: web.BaseRequest, response: web.StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %d %.1f ms",
            request.remote,
            request.method,
            request.path,
            response.status,
            time * 1000,
        )


async def _serve(
    build: Callable[[], Awaitable[web.Application]],
    host: str,
    port: int,
    context: ssl.SSLContext | None,
    guard: Guard,
) -> None:
    """Serve until SIGTERM or Ctrl+C, every connection through the guard (slow clients)."""
    runner = web.AppRunner(
        await build(), handle_signals=False, access_log_class=PathOnlyAccessLogger
    )
    await runner.setup()
    assert runner.server is not None
    tune_for_many_connections()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(guarded(runner.server, guard), host, port, ssl=context)
    print(f"listening: {'https' if context else 'http'}://{host}:{port}/", flush=True)
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):  # Windows: Ctrl+C still raises
            loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        server.close()
        await runner.cleanup()


def _hours(text: str) -> float:
    try:
        hours = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"durée invalide : {text}") from None
    if not 0 < hours <= 24 * 30:
        raise argparse.ArgumentTypeError("de quelques minutes à 30 jours (720 h)")
    return hours


def build_parser() -> argparse.ArgumentParser:
    ap = ArgumentParser(prog="station-signaling", description="Service de téléconsultation du parc")
    ap.add_argument(
        "--database", metavar="URL", help="registre des postes (sqlite:/// ou postgresql://)"
    )
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8765)
    ap.add_argument("--public-url", default="", help="adresse publique des liens médecin")
    ap.add_argument("--tls-cert")
    ap.add_argument("--tls-key")
    ap.add_argument("--stun", action="append", default=[])
    ap.add_argument(
        "--turn",
        action="append",
        default=[],
        help="URL TURN ; secret partagé dans STATION_TURN_SECRET",
    )
    ap.add_argument(
        "--redis",
        metavar="URL",
        help="salles partagées par plusieurs nœuds via Redis (redis://HÔTE:PORT/0)",
    )
    ap.add_argument(
        "--relay-only",
        action="store_true",
        help="les navigateurs ne passent que par le relais TURN (iceTransportPolicy relay)",
    )
    ap.add_argument(
        "--max-per-address",
        type=int,
        default=PER_ADDRESS,
        metavar="N",
        help="connexions simultanées par adresse (0 : sans limite, derrière HAProxy)",
    )
    ap.add_argument("--oidc-issuer", metavar="URL", help="fournisseur d’identité des médecins")
    ap.add_argument("--oidc-client-id", metavar="ID", help="identifiant du service chez lui")
    ap.add_argument("--oidc-acr", metavar="ACR", help="niveau exigé (eidas1 par défaut)")
    ap.add_argument("--oidc-provider-name", default="Pro Santé Connect", metavar="NOM")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.set_defaults(func=cmd_serve)
    # --database before or after the command's name (the command's copy never resets it).
    database = ArgumentParser(add_help=False)
    database.add_argument("--database", metavar="URL", default=argparse.SUPPRESS)
    commands = ap.add_subparsers(dest="command", parser_class=ArgumentParser)
    enroll = commands.add_parser(
        "enroll", help="code d’inscription à usage unique d’un poste", parents=[database]
    )
    enroll.add_argument("--name", required=True, help="nom du poste (unique dans le parc)")
    enroll.add_argument("--organisation", required=True, help="pharmacie, EHPAD, centre…")
    enroll.add_argument("--hours", type=_hours, default=24.0, help="validité du code (24 h)")
    enroll.set_defaults(func=cmd_enroll)
    revoke = commands.add_parser(
        "revoke", help="révoquer un poste, même en plein appel", parents=[database]
    )
    revoke.add_argument("name")
    revoke.set_defaults(func=cmd_revoke)
    listing = commands.add_parser(
        "stations", help="les postes inscrits et leur état", parents=[database]
    )
    listing.set_defaults(func=cmd_stations)
    doctor = commands.add_parser(
        "doctor", help="admettre ou retirer un médecin d’une organisation", parents=[database]
    )
    doctor.add_argument("action", choices=["add", "remove"])
    doctor.add_argument("rpps", help="numéro RPPS (11 chiffres)")
    doctor.add_argument("--organisation", required=True)
    doctor.add_argument("--name", help="nom affiché (Dr Prénom NOM)")
    doctor.set_defaults(func=cmd_doctor)
    doctors = commands.add_parser(
        "doctors", help="les médecins admis par organisation", parents=[database]
    )
    doctors.set_defaults(func=cmd_doctors)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.command is None or args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return int(args.func(args))
    except RegistryError as err:
        return _fail(err.message)
    except OSError as err:  # a port taken, a certificate that cannot be read
        return _fail(f"{err.strerror or err} ({type(err).__name__}).")
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
