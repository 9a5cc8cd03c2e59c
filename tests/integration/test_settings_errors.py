"""Settings and export mistakes are one French line naming the line of the file, never a
traceback: a value of the wrong kind, an unknown section, a secret, credentials in a URL, an
export into a folder that does not exist."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from pathlib import Path

import pytest

from station.records import EventStore
from tests.records.sample import write_consultation

KEY = bytes(range(32))
TESTS = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path, config: Path) -> dict[str, str]:
    return dict(
        os.environ,
        STATION_CONFIG=str(config),
        STATION_DATA_DIR=str(tmp_path / "data"),
        STATION_TEST_RECORD_KEY=base64.b64encode(KEY).decode(),
        PYTHON_KEYRING_BACKEND="env_keyring.EnvKeyring",
        PYTHONPATH=str(TESTS),
    )


def _station(tmp_path: Path, config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "station", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(tmp_path, config),
    )


@pytest.mark.parametrize(
    ("settings", "said"),
    [
        ("[retention]\ndays = inf\n", "ligne 3 : valeur invalide pour « retention.days »"),
        ("[retention]\ndays = true\n", "attendu : un nombre entier"),
        ("[call]\nmax_width = inf\n", "« call.max_width »"),
        ("[transmision]\nfhir_base_url = 'https://x'\n", "ligne 2 : réglage inconnu"),
        ("[transmission]\nfhir_token = 'abc'\n", "ressemble à un secret"),
        (
            "[transmission]\nfhir_base_url = 'https://u:p@fhir.example.org/fhir'\n",
            "sans identifiant ni mot de passe",
        ),
    ],
)
def test_a_wrong_setting_is_one_french_line(tmp_path: Path, settings: str, said: str) -> None:
    config = tmp_path / "station.toml"
    config.write_text("schema = 1\n" + settings, encoding="utf-8")
    result = _station(tmp_path, config, "records", "purge")
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Erreur : ") and said in line, line
    assert "abc" not in line and "u:p" not in line  # a secret is never repeated back


def test_an_export_into_a_missing_folder_says_so(tmp_path: Path) -> None:
    with EventStore(tmp_path / "data" / "record.sqlite3", KEY) as store:
        consultation = write_consultation(store)
    result = _station(
        tmp_path,
        tmp_path / "none.toml",
        "export",
        consultation,
        "--pdf",
        str(tmp_path / "nowhere" / "cr.pdf"),
    )
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Erreur : ") and "n’existe pas" in line
