"""The Bundle's measurements follow the ANS "Mesures de santé" profiles, and each one a
connected device took refers to that device (PhdDevice: manufacturer, model, serial), once
per device; a value the assistant typed names none. The Bundle stays valid for R4B."""

from __future__ import annotations

from pathlib import Path

from fhir.resources.R4B.bundle import Bundle

from station.records import EventStore
from station.records import events as ev
from station.records.fhir_export import build_bundle
from station.records.fhir_measures import MESURES, PHD_DEVICE
from station.records.report_data import gather
from station.records.report_pdf import render_pdf

from .sample import write_consultation


def test_measurements_follow_the_mesures_de_sante_profiles(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        c = write_consultation(store, closed=False)
        second_reading = {
            "kind": "thermometer",
            "time": "2026-11-23T09:40:00+00:00",
            "device": {
                "driver": "welch-allyn-suretemp",
                "manufacturer": "Welch Allyn",
                "model": "SureTemp Plus",
            },
            "components": [
                {"name": "temperature", "loinc": "8310-5", "value": 38.1, "unit": "Cel"}
            ],
            "flags": [],
        }
        ev.record(store, c, ev.MeasurementTaken(second_reading, "temperature"))
        ev.record(store, c, ev.ConsultationClosed())
        data = gather(c, store.events(c))
        bundle = build_bundle(data, render_pdf(data))
    Bundle.model_validate(bundle)
    resources = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    devices = {url: r for url, r in resources.items() if r["resourceType"] == "Device"}
    observations = [r for r in resources.values() if r["resourceType"] == "Observation"]
    profiles = {
        o["code"]["coding"][0]["code"]: o.get("meta", {}).get("profile", []) for o in observations
    }
    assert profiles["85354-9"] == [MESURES + "mesures-fr-observation-bp"]
    assert profiles["8310-5"] == [MESURES + "mesures-fr-observation-body-temperature"]
    assert profiles["59408-5"] == [MESURES + "mesures-fr-observation-oxygen-sat"]
    assert profiles["29463-7"] == [MESURES + "mesures-fr-observation-body-weight"]
    assert profiles["8867-4"] == [MESURES + "mesures-fr-observation-heartrate"]

    # Three connected devices (thermometer twice, one Device), the typed weight none.
    assert sorted(d["manufacturer"] for d in devices.values()) == [
        "Beurer",
        "Contec",
        "Welch Allyn",
    ]
    for device in devices.values():
        assert device["meta"]["profile"] == [PHD_DEVICE] and device["modelNumber"]
    by_code: dict[str, list[str]] = {}
    for o in observations:
        by_code.setdefault(o["code"]["coding"][0]["code"], []).append(
            o.get("device", {}).get("reference", "")
        )
    (thermometer,) = set(by_code["8310-5"])
    assert devices[thermometer]["manufacturer"] == "Welch Allyn"
    assert devices[thermometer]["specialization"][0]["systemType"]["coding"][0]["code"] == "528392"
    assert by_code["29463-7"] == [""]  # manual entry: no device took it
    (bp,) = set(by_code["85354-9"])
    assert devices[bp]["modelNumber"] == "BM 58"
