"""Settings: command-line arguments, then ``STATION_*`` environment variables, then the TOML
file in the platform's config folder (platformdirs). Never any secret here: those live in the
OS keyring.

File layout (``station.toml``)::

    schema = 1
    [devices.blood-pressure]
    driver = "beurer-bm58"
    port = "/dev/ttyUSB0"
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_config_dir

from station.assets import assets_dir

if TYPE_CHECKING:
    import jsonschema

SCHEMA_VERSION = 1


class ConfigError(Exception):
    """The settings file cannot be read; the message says where and why, in French."""


@dataclass(frozen=True)
class DeviceSetting:
    driver: str | None = None
    port: str | None = None


def config_path() -> Path:
    override = os.environ.get("STATION_CONFIG")
    if override:
        return Path(override)
    return Path(user_config_dir("station", appauthor=False)) / "station.toml"


def load() -> dict[str, object]:
    path = config_path()
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"Fichier de réglages illisible ({path}) : {err}") from err
    schema = data.get("schema", SCHEMA_VERSION)
    if schema != SCHEMA_VERSION:
        raise ConfigError(f"Version de réglages non prise en charge ({schema}) dans {path}.")
    _check(data, path)
    return data


SECRET_WORDS = ("token", "secret", "password", "mot_de_passe", "key", "cle", "credential")


@cache
def _validator() -> jsonschema.Draft202012Validator:
    # Imported on first use: jsonschema costs 60-80 ms, before the window could show.
    import jsonschema

    schema = json.loads((assets_dir() / "schemas" / "settings.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _check(data: dict[str, object], path: Path) -> None:
    """Refuse a value of the wrong kind, an unknown section (a typo) or a secret, naming the
    line: ``days = true`` is not one day, and a token never belongs in this file."""
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    err = errors[0]
    where = [str(p) for p in err.absolute_path]
    if err.validator == "additionalProperties":
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
        where += extra[:1]
        if extra and any(word in extra[0].lower() for word in SECRET_WORDS):
            raise ConfigError(
                f"{path}, ligne {_line(path, where)} : « {extra[0]} » ressemble à un secret ; "
                "les secrets vont dans le trousseau du système, jamais dans ce fichier."
            )
        what = f"réglage inconnu « {'.'.join(where)} » (faute de frappe ?)"
    elif err.validator == "required":
        missing = [k for k in err.validator_value if k not in err.instance]
        what = f"réglage manquant « {'.'.join([*where, *missing[:1]])} »"
    elif where and where[-1] == "fhir_base_url":
        what = "adresse du serveur de santé invalide (https://…, sans identifiant ni mot de passe)"
    else:
        what = f"valeur invalide pour « {'.'.join(where)} » ({_expected(err)})"
    raise ConfigError(f"{path}, ligne {_line(path, where)} : {what}.")


TYPE_WORDS = {
    "integer": "un nombre entier",
    "number": "un nombre",
    "string": "un texte entre guillemets",
    "boolean": "true ou false",
    "array": "une liste entre crochets",
    "object": "une section",
}


def _expected(err: jsonschema.ValidationError) -> str:
    schema = err.schema if isinstance(err.schema, dict) else {}
    if err.validator == "type":
        return f"attendu : {TYPE_WORDS.get(str(err.validator_value), err.validator_value)}"
    if err.validator in ("minimum", "maximum"):
        return f"de {schema.get('minimum', '…')} à {schema.get('maximum', '…')}"
    if err.validator in ("enum", "const"):
        choices = schema.get("enum", [schema.get("const")])
        return "parmi : " + ", ".join(str(c) for c in choices)
    if err.validator == "maxLength":
        return f"{err.validator_value} caractères au plus"
    return "valeur non prise en charge"


def _line(path: Path, where: list[str]) -> int:
    """The line of a key in the file (its section's header if the key is not found)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    found = 0
    section = ".".join(where[:-1]) if len(where) > 1 else ""
    in_section = not section
    for number, text in enumerate(lines, start=1):
        stripped = text.strip()
        if stripped.startswith("["):
            in_section = stripped.strip("[] ") == section or (
                not section and stripped.strip("[] ") == where[-1]
            )
            if in_section and not found:
                found = number
            continue
        if in_section and where and stripped.split("=")[0].strip() == where[-1]:
            return number
    return found


def device_setting(kind: str) -> DeviceSetting:
    """The configured driver and port for a device kind (environment first, then file)."""
    env_key = kind.upper().replace("-", "_")
    section = load().get("devices", {})
    entry = section.get(kind, {}) if isinstance(section, dict) else {}
    if not isinstance(entry, dict):
        entry = {}
    driver = os.environ.get(f"STATION_{env_key}_DRIVER") or entry.get("driver")
    port = os.environ.get(f"STATION_{env_key}_PORT") or entry.get("port")
    return DeviceSetting(
        driver=str(driver) if driver else None,
        port=str(port) if port else None,
    )


def transmission_base_url() -> str | None:
    """The FHIR server that receives reports (``STATION_FHIR_BASE_URL`` or the file)."""
    env = os.environ.get("STATION_FHIR_BASE_URL")
    if env:
        return env
    section = load().get("transmission", {})
    value = section.get("fhir_base_url") if isinstance(section, dict) else None
    return str(value) if value else None


def mssante_section() -> dict[str, object]:
    """The ``[mssante]`` section (the station's secure messaging), {} when not set up."""
    section = load().get("mssante", {})
    return section if isinstance(section, dict) else {}


def service_url() -> str | None:
    """The fleet's service this station is enrolled to (``STATION_SERVICE_URL`` or the file)."""
    env = os.environ.get("STATION_SERVICE_URL")
    if env:
        return env
    section = load().get("service", {})
    value = section.get("url") if isinstance(section, dict) else None
    return str(value) if value else None


def save_service(url: str, station_id: str) -> Path:
    """Where the station was enrolled (its credential goes to the keyring, not here)."""
    data = load()
    data["service"] = {"url": url, "station_id": station_id}
    return save(data)


def retention_days(default: int) -> int:
    """Days a transmitted consultation is kept (``[retention] days`` in the file)."""
    section = load().get("retention", {})
    value = section.get("days", default) if isinstance(section, dict) else default
    try:
        days = int(value)
    except (TypeError, ValueError) as err:
        raise ConfigError(f"Durée de conservation invalide : {value!r}.") from err
    if days < 0:
        raise ConfigError(f"Durée de conservation invalide : {days}.")
    return days


# ---- writing (the setup screen) -----------------------------------------------------------
# finess: the structure's FINESS (or SIRET), the CDA's custodian; place: which kind of place
# the station stands in (pharmacy, cabin, health-centre, ehpad, home), which sets the act.
STATION_FIELDS = (
    "name",
    "address",
    "operator",
    "ars_reference",
    "accessibility",
    "finess",
    "place",
)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    # A JSON string is a valid TOML basic string (same escapes).
    return json.dumps(str(value), ensure_ascii=False)


def _dump(data: dict[str, object]) -> str:
    """TOML for this file's shape: top-level keys, tables, and tables of tables."""
    lines = [f"{k} = {_toml_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for key, table in data.items():
        if not isinstance(table, dict):
            continue
        plain = {k: v for k, v in table.items() if not isinstance(v, dict)}
        if plain or not table:
            lines += ["", f"[{key}]"] + [f"{k} = {_toml_value(v)}" for k, v in plain.items()]
        for sub, subtable in table.items():
            if isinstance(subtable, dict):
                lines += ["", f"[{key}.{sub}]"]
                lines += [f"{k} = {_toml_value(v)}" for k, v in subtable.items()]
    return "\n".join(lines).lstrip("\n") + "\n"


def save(data: dict[str, object]) -> Path:
    """Write the settings file whole (atomically: a crash leaves the old or the new file)."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"schema": SCHEMA_VERSION, **{k: v for k, v in data.items() if k != "schema"}}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(_dump(data), encoding="utf-8")
    os.replace(tmp, path)
    return path


def save_device(kind: str, driver: str, port: str) -> Path:
    data = load()
    devices = data.setdefault("devices", {})
    assert isinstance(devices, dict)
    devices[kind] = {"driver": driver, "port": port}
    return save(data)


def save_microphone(source: str) -> Path:
    data = load()
    call = data.setdefault("call", {})
    assert isinstance(call, dict)
    call["microphone"] = source
    return save(data)


def station_identity() -> dict[str, object]:
    section = load().get("station", {})
    return dict(section) if isinstance(section, dict) else {}


def save_station_identity(identity: dict[str, object]) -> Path:
    data = load()
    data["station"] = {k: identity[k] for k in STATION_FIELDS if k in identity}
    return save(data)
