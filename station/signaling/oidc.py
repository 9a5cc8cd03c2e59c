"""The service as a confidential OpenID Connect client of the doctors' identity provider
(Pro Santé Connect in France; any provider that speaks OIDC in a test or a pilot).

Authorization-code flow with PKCE, a nonce and ``acr_values``; the ID token's signature (the
provider's published keys), issuer, audience, expiry, nonce and ``acr`` are all checked; the
userinfo answer may be JSON or a signed JWT (PSC sends either), and its ``sub`` must be the ID
token's. The doctor's RPPS and profession come from PSC's claims (``SubjectNameID``, the IdNatPs
"8" + RPPS; ``SubjectRefPro``'s practices). Tokens are never logged.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote_plus, urlencode

import aiohttp
from joserfc import jwt
from joserfc.errors import ExpiredTokenError, JoseError
from joserfc.jwk import KeySet

log = logging.getLogger("station.signaling.oidc")

ALGORITHMS = ["RS256", "PS256", "ES256"]
TIMEOUT = aiohttp.ClientTimeout(total=15)
METADATA_SECONDS = 3600
# Codes of the RPPS nomenclatures carried by PSC (TRE_G15 professions, TRE_R38 specialties).
PROFESSIONS = {
    "10": "Médecin",
    "21": "Pharmacien",
    "40": "Chirurgien-dentiste",
    "50": "Sage-femme",
    "60": "Infirmier",
}
SPECIALTIES = {
    "SM54": "Médecine générale",
    "SM26": "Qualifié en médecine générale",
    "SM53": "Spécialiste en médecine générale",
    "SM04": "Cardiologie",
    "SM15": "Dermatologie",
    "SM40": "Pédiatrie",
    "SM42": "Pneumologie",
    "SM19": "Gériatrie",
}


class OidcError(Exception):
    """A sign-in refused; ``reason`` for the tests and logs, ``message`` for the doctor."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason, self.message = reason, message
        super().__init__(reason)


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str
    acr: str = "eidas1"  # what is asked (acr_values) and must come back
    scope: str = "openid scope_all"
    provider_name: str = "Pro Santé Connect"


@dataclass(frozen=True)
class DoctorIdentity:
    sub: str
    name: str
    rpps: str
    profession: str
    specialty: str


@dataclass(frozen=True)
class LoginRequest:
    """What the service keeps between the redirect and the callback (server side)."""

    url: str
    state: str
    nonce: str
    verifier: str = field(repr=False)


def client_basic(client_id: str, secret: str) -> str:
    """``client_secret_basic``: each part form-encoded first (RFC 6749 §2.3.1), then Basic."""
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def identity_from_claims(claims: dict[str, Any]) -> DoctorIdentity:
    """The doctor as PSC describes them; raises OidcError when no RPPS is given."""
    national = str(claims.get("SubjectNameID") or claims.get("preferred_username") or "")
    rpps = national[1:] if national.startswith("8") and len(national) == 12 else national
    if not (len(rpps) == 11 and rpps.isdigit()):
        raise OidcError("rpps", "votre compte ne porte pas de numéro RPPS : connexion refusée.")
    practices = (claims.get("SubjectRefPro") or {}).get("exercices") or [{}]
    practice = practices[0] if isinstance(practices[0], dict) else {}
    profession = str(practice.get("codeProfession", ""))
    specialty = str(practice.get("codeSavoirFaire", ""))
    given, family = str(claims.get("given_name", "")), str(claims.get("family_name", ""))
    return DoctorIdentity(
        sub=str(claims["sub"]),
        name=" ".join(f"Dr {given} {family}".split()) if family else f"RPPS {rpps}",
        rpps=rpps,
        profession=PROFESSIONS.get(profession, profession),
        specialty=SPECIALTIES.get(specialty, specialty),
    )


class OidcClient:
    def __init__(self, settings: OidcSettings) -> None:
        self.settings = settings
        self._metadata: dict[str, Any] | None = None
        self._metadata_at = 0.0
        self._keys: KeySet | None = None

    async def _get(self, url: str, headers: dict[str, str] | None = None) -> aiohttp.ClientResponse:
        async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
            response = await session.get(url, headers=headers or {})
            await response.read()
            return response

    async def metadata(self) -> dict[str, Any]:
        if self._metadata is None or time.monotonic() - self._metadata_at > METADATA_SECONDS:
            url = self.settings.issuer.rstrip("/") + "/.well-known/openid-configuration"
            try:
                response = await self._get(url)
                metadata = await response.json(content_type=None)
            except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as err:
                raise OidcError("provider", "fournisseur d’identité injoignable.") from err
            if not isinstance(metadata, dict) or metadata.get("issuer") != self.settings.issuer:
                raise OidcError("issuer", "fournisseur d’identité inattendu : connexion refusée.")
            self._metadata, self._metadata_at, self._keys = metadata, time.monotonic(), None
        return self._metadata

    async def keys(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            metadata = await self.metadata()
            try:
                response = await self._get(str(metadata["jwks_uri"]))
                self._keys = KeySet.import_key_set(await response.json(content_type=None))
            except (aiohttp.ClientError, TimeoutError, OSError, ValueError, KeyError) as err:
                raise OidcError("provider", "clés du fournisseur d’identité illisibles.") from err
        return self._keys

    async def login(self) -> LoginRequest:
        metadata = await self.metadata()
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        query = {
            "response_type": "code",
            "client_id": self.settings.client_id,
            "redirect_uri": self.settings.redirect_uri,
            "scope": self.settings.scope,
            "state": state,
            "nonce": nonce,
            "acr_values": self.settings.acr,
            "code_challenge": _challenge(verifier),
            "code_challenge_method": "S256",
            "prompt": "login",  # a sensitive service: the card each time, no silent reuse
        }
        url = f"{metadata['authorization_endpoint']}?{urlencode(query)}"
        return LoginRequest(url, state, nonce, verifier)

    async def finish(self, code: str, nonce: str, verifier: str) -> DoctorIdentity:
        """The code exchanged, the ID token and userinfo checked: who signed in."""
        metadata = await self.metadata()
        auth = {"Authorization": client_basic(self.settings.client_id, self.settings.client_secret)}
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": self.settings.redirect_uri,
            "code_verifier": verifier,
        }
        try:
            async with (
                aiohttp.ClientSession(timeout=TIMEOUT) as session,
                session.post(str(metadata["token_endpoint"]), data=form, headers=auth) as response,
            ):
                answer = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, TimeoutError, OSError, ValueError) as err:
            raise OidcError("provider", "fournisseur d’identité injoignable.") from err
        if status != 200 or not isinstance(answer, dict) or "id_token" not in answer:
            log.warning("token endpoint refused the code (HTTP %d)", status)
            raise OidcError("code", "connexion expirée ou déjà utilisée : recommencez.")
        claims = await self.check_id_token(str(answer["id_token"]), nonce)
        userinfo = await self.userinfo(str(answer.get("access_token", "")), str(claims["sub"]))
        return identity_from_claims({**claims, **userinfo})

    async def check_id_token(
        self, token: str, nonce: str, now: int | None = None
    ) -> dict[str, Any]:
        """The ID token's claims once all of them hold; raises OidcError."""
        claims = await self._verified(token, now)
        s = self.settings
        checks = jwt.JWTClaimsRegistry(
            now=now,
            leeway=60,  # clocks of the provider and the nodes may differ a little
            iss={"essential": True, "value": s.issuer},
            aud={"essential": True, "value": s.client_id},
            exp={"essential": True},
            iat={"essential": True},
            sub={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            checks.validate(claims)
        except ExpiredTokenError as err:
            raise OidcError("expired", "connexion expirée : recommencez.") from err
        except JoseError as err:
            reason = "nonce" if "nonce" in str(err) else "claims"
            raise OidcError(reason, "réponse du fournisseur d’identité refusée.") from err
        if isinstance(claims.get("aud"), list) and claims.get("azp") not in (None, s.client_id):
            raise OidcError("claims", "réponse du fournisseur d’identité refusée.")
        if s.acr and claims.get("acr") != s.acr:
            raise OidcError(
                "acr", "niveau d’authentification insuffisant (carte CPS ou e-CPS requise)."
            )
        return claims

    async def _verified(self, token: str, now: int | None) -> dict[str, Any]:
        for refresh in (False, True):  # a key the provider rotated in: fetch its keys again
            keys = await self.keys(refresh=refresh)
            try:
                return dict(jwt.decode(token, keys, algorithms=ALGORITHMS).claims)
            except JoseError as err:
                if refresh or "key" not in type(err).__name__.lower():
                    raise OidcError("signature", "signature du fournisseur refusée.") from err
            except ValueError as err:
                raise OidcError("signature", "jeton du fournisseur illisible.") from err
        raise OidcError("signature", "signature du fournisseur refusée.")

    async def userinfo(self, access_token: str, sub: str) -> dict[str, Any]:
        metadata = await self.metadata()
        endpoint = metadata.get("userinfo_endpoint")
        if not endpoint or not access_token:
            return {}
        try:
            response = await self._get(str(endpoint), {"Authorization": f"Bearer {access_token}"})
            body = await response.read()
        except (aiohttp.ClientError, TimeoutError, OSError) as err:
            raise OidcError("provider", "fournisseur d’identité injoignable.") from err
        if response.status != 200:
            raise OidcError("userinfo", "profil du médecin indisponible : recommencez.")
        if response.content_type == "application/jwt":  # signed userinfo (PSC may send it)
            claims = await self._verified(body.decode("ascii", "replace"), None)
            if claims.get("iss") != self.settings.issuer or self.settings.client_id not in (
                claims.get("aud") if isinstance(claims.get("aud"), list) else [claims.get("aud")]
            ):
                raise OidcError("claims", "profil du médecin refusé.")
        else:
            try:
                claims = json.loads(body)
            except ValueError as err:
                raise OidcError("userinfo", "profil du médecin illisible.") from err
        if not isinstance(claims, dict) or claims.get("sub") != sub:
            raise OidcError("claims", "profil du médecin refusé (autre compte).")
        return claims
