"""A real OpenID Connect provider on loopback for a test: node-oidc-provider (``tests/oidc``),
set up like Pro Santé Connect, with test doctors whose accounts carry an RPPS.

Its npm packages are installed once from the lock file into the user's cache folder (never
the working directory), keyed by the lock's hash.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_cache_dir

from tests.fleet import free_port

SOURCE = Path(__file__).with_name("oidc")
PASSWORD = "mot-de-passe-de-test"
CLIENT_SECRET = "secret-du-client-de-test-0123456789"
# Test doctors, as Pro Santé Connect describes them (IdNatPs = "8" + RPPS).
DOCTORS: dict[str, dict[str, Any]] = {
    "vasseur": {
        "given_name": "Claire",
        "family_name": "VASSEUR",
        "SubjectNameID": "810003456789",
        "SubjectRefPro": {"exercices": [{"codeProfession": "10", "codeSavoirFaire": "SM54"}]},
    },
    "morel": {
        "given_name": "Hugo",
        "family_name": "MOREL",
        "SubjectNameID": "810004567890",
        "SubjectRefPro": {"exercices": [{"codeProfession": "10", "codeSavoirFaire": "SM54"}]},
    },
    "sans-rpps": {"given_name": "Paul", "family_name": "NORPPS"},
}


def unavailable() -> str:
    return "" if shutil.which("node") and shutil.which("npm") else "node and npm are needed"


def _installed() -> Path:
    lock = (SOURCE / "package-lock.json").read_bytes()
    folder = Path(user_cache_dir("station-tests")) / f"oidc-{hashlib.sha256(lock).hexdigest()[:16]}"
    if not (folder / "node_modules" / "oidc-provider").is_dir():
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix="oidc-", dir=folder.parent))
        for name in ("package.json", "package-lock.json"):
            shutil.copy(SOURCE / name, staging / name)
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=staging,
            check=True,
            capture_output=True,
            timeout=300,
        )
        if folder.exists():
            shutil.rmtree(folder)
        staging.rename(folder)
    shutil.copy(SOURCE / "provider.mjs", folder / "provider.mjs")
    return folder


@dataclass
class Provider:
    issuer: str
    client_id: str
    client_secret: str


@contextmanager
def oidc_provider(
    tmp_path: Path,
    redirect_uri: str,
    *,
    acr: str | None = "eidas1",
    id_token_seconds: int = 3600,
    signed_userinfo: bool = True,
) -> Iterator[Provider]:
    folder = _installed()
    port = free_port()
    client: dict[str, Any] = {
        "client_id": "station-service",
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [redirect_uri],
        "response_types": ["code"],
        "grant_types": ["authorization_code"],
        "token_endpoint_auth_method": "client_secret_basic",
    }
    if signed_userinfo:
        client["userinfo_signed_response_alg"] = "RS256"
    config = {
        "port": port,
        "clients": [client],
        "accounts": {k: {"password": PASSWORD, "claims": v} for k, v in DOCTORS.items()},
        "acr": acr or "",
        "idTokenSeconds": id_token_seconds,
    }
    path = tmp_path / "oidc-config.json"
    path.write_text(json.dumps(config), "utf-8")
    log = tmp_path / "oidc-log.txt"
    proc = subprocess.Popen(
        ["node", str(folder / "provider.mjs"), str(path)],
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        cwd=folder,
    )
    deadline = time.monotonic() + 30
    while "listening:" not in log.read_text():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(log.read_text())
        time.sleep(0.05)  # polling the provider's start, not waiting for a result
    try:
        yield Provider(f"http://127.0.0.1:{port}", "station-service", CLIENT_SECRET)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
