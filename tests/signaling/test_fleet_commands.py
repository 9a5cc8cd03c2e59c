"""The fleet as its operator and a station run it, each command a subprocess: the service
started, a station enrolled with a one-time code, rooms opened by the service for that station
only, and the station revoked while its call is up."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from station.call.service_client import CREDENTIAL_NAME, ServiceClient, ServiceError
from station.call.signaling_client import SignalingClient, SignalingError
from station.protocol.close_codes import CLOSE_REVOKED, CLOSE_WRONG_ROOM
from tests.fleet import BIN, enrollment_code, operator, running_service

TESTS = Path(__file__).resolve().parents[1]


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    with running_service(tmp_path) as running:
        yield running


def station_env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        PYTHON_KEYRING_BACKEND="env_keyring.EnvKeyring",
        PYTHONPATH=str(TESTS),
        STATION_TEST_RECORD_KEY=base64.b64encode(bytes(32)).decode(),
        STATION_TEST_KEYRING_FILE=str(tmp_path / "keyring.json"),
        STATION_CONFIG=str(tmp_path / "station.toml"),
        STATION_DATA_DIR=str(tmp_path / "data"),
    )


def enroll_station(env: dict[str, str], tmp_path: Path, url: str, name: str, org: str) -> str:
    code = enrollment_code(env, name, org)
    folder = tmp_path / name.replace(" ", "-")
    folder.mkdir()
    done = subprocess.run(
        [str(BIN / "station"), "enroll", url, code],
        capture_output=True,
        text=True,
        timeout=60,
        env=station_env(folder),
    )
    assert done.returncode == 0, done.stderr
    assert "inscrit" in done.stdout and name in done.stdout
    again = subprocess.run(
        [str(BIN / "station"), "enroll", url, code],
        capture_output=True,
        text=True,
        timeout=60,
        env=station_env(folder),
    )
    assert again.returncode != 0 and "déjà utilisé" in again.stderr
    assert "Traceback" not in again.stderr
    settings = (folder / "station.toml").read_text()
    credential = json.loads((folder / "keyring.json").read_text())[CREDENTIAL_NAME]
    assert url in settings and credential.split(".")[1] not in settings  # the secret: keyring only
    return str(credential)


async def _closed_with(client: SignalingClient, timeout: float = 30) -> int | None:
    async def until_closed() -> int | None:
        while True:
            try:
                await client.receive()
            except SignalingError as err:
                return err.code

    return await asyncio.wait_for(until_closed(), timeout)


def test_enroll_open_rooms_and_revoke_mid_call(
    service: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, env = service
    credential = enroll_station(env, tmp_path, url, "Cabine 1", "Pharmacie du Marché")
    other = enroll_station(env, tmp_path, url, "Salle 2", "EHPAD Les Tilleuls")

    async def call_then_revoke() -> dict[str, object]:
        grant = await ServiceClient(url, credential).open_room()
        theirs = await ServiceClient(url, other).open_room()
        ws_url = url.replace("http", "ws", 1) + "/ws"
        # Another station's token does not open this station's room.
        intruder = SignalingClient(ws_url, grant.room, theirs.station_token)
        with pytest.raises(SignalingError) as refused:
            await intruder.connect()
        await intruder.close()
        station = SignalingClient(ws_url, grant.room, grant.station_token)
        await station.connect()
        fragment = grant.doctor_link.split("#", 1)[1]
        fields = dict(part.split("=", 1) for part in fragment.split("&"))
        doctor = SignalingClient(ws_url, fields["room"], fields["token"])
        await doctor.connect()
        revoked = await asyncio.to_thread(operator, env, "revoke", "Cabine 1")
        codes = await asyncio.gather(_closed_with(station), _closed_with(doctor))
        await station.close()
        await doctor.close()
        try:
            await ServiceClient(url, credential).open_room()
            after: object = None
        except ServiceError as err:
            after = err
        still = await ServiceClient(url, other).open_room()  # the other station goes on
        return {
            "intruder": refused.value.code,
            "revoke": revoked,
            "codes": codes,
            "after": after,
            "other": still.room,
        }

    result = asyncio.run(call_then_revoke())
    assert result["intruder"] == CLOSE_WRONG_ROOM
    revoke = result["revoke"]
    assert isinstance(revoke, subprocess.CompletedProcess) and revoke.returncode == 0
    assert "révoqué" in revoke.stdout
    assert result["codes"] == [CLOSE_REVOKED, CLOSE_REVOKED]  # station and doctor both cut
    after = result["after"]
    assert isinstance(after, ServiceError) and after.refused and "non autorisé" in after.message
    assert result["other"]
    listing = operator(env, "stations")
    assert "Cabine 1 — Pharmacie du Marché — révoqué" in listing.stdout
    assert "Salle 2 — EHPAD Les Tilleuls — inscrit" in listing.stdout


def test_the_registry_file_is_the_service_owner_s_only(service: tuple[str, dict[str, str]]) -> None:
    _, env = service
    path = Path(env["STATION_SERVICE_DATABASE"].removeprefix("sqlite:///"))
    assert path.exists() and path.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "args",
    [
        ["--port", "huit"],
        ["enroll", "--name", "Cabine"],
        ["revoke"],
        ["--database", "mysql://x/y", "stations"],
        ["revoke", "Poste inconnu"],
    ],
)
def test_bad_arguments_get_one_french_line(args: list[str], tmp_path: Path) -> None:
    env = dict(os.environ, STATION_SERVICE_DATABASE=f"sqlite:///{tmp_path / 'r.sqlite3'}")
    result = operator(env, *args)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : "), result.stderr
