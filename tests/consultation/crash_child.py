"""Runs the scripted consultation slowly, printing each step once it returned (durable)."""

import os
import sys
import time
from pathlib import Path

from station.checklists import shipped
from station.consultation import Consultation
from station.records import EventStore

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.consultation.script import STEPS

store = EventStore(Path(sys.argv[1]), bytes.fromhex(os.environ["STATION_TEST_RECORD_KEY"]))
unfinished = Consultation.unfinished(store)
if unfinished:
    consultation = Consultation.resume(store, unfinished[0])
    done = int(sys.argv[2])
else:
    consultation = Consultation.start(
        store, shipped()["standard"], station={"name": "Test"}, assistant={"name": "Inès Martin"}
    )
    done = 0
print(f"id {consultation.id}", flush=True)
for name, step in STEPS[done:]:
    step(consultation)
    print(f"ok {name}", flush=True)
    time.sleep(float(os.environ.get("STATION_TEST_STEP_DELAY", "0")))
