"""A guided auscultation on the real driver (run as a child process by
tests/integration/test_auscultation.py with the simulator's ALSA_CONFIG_PATH): one site
recorded into a real record while a live tap (the doctor's line) listens to the same sound.
Prints what the record and the listener got as one JSON line."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import asyncio
import json

from drivers.stethoscope import Stethoscope
from station.checklists import shipped
from station.consultation.auscultation import Auscultation
from station.consultation.consultation import Consultation
from station.records import EventStore
from station.records.report_data import gather


async def main(device: str, record_path: str, seconds: float) -> None:
    store = EventStore(Path(record_path), bytes(32))
    consultation = Consultation.start(
        store, shipped()["standard"], station={}, assistant={"name": "Inès Martin"}
    )
    stethoscope = Stethoscope(device)
    live = await stethoscope.tap(live=True)
    heard = {"bytes": 0}

    async def listen() -> None:  # the doctor's line, read at its own pace
        while True:
            block, _ = await live.read()
            heard["bytes"] += len(block)

    listener = asyncio.create_task(listen())
    progress: list[float] = []
    auscultation = Auscultation(consultation, stethoscope, seconds=seconds)
    auscultation.progress.connect(progress.append)
    try:
        outcome = await auscultation.record("mitral", step="auscultation")
    finally:
        listener.cancel()
        live.close()
        await stethoscope.close()
    (clip,) = gather(consultation.id, store.events(consultation.id)).auscultations
    result = {
        "outcome": {
            "seconds": outcome.seconds,
            "complete": outcome.complete,
            "fault": outcome.fault,
            "words": outcome.words,
        },
        "clip": {
            "seconds": clip.seconds,
            "parts": clip.parts,
            "complete": clip.complete,
            "fault": clip.fault,
            "site": clip.site.label,
        },
        "live_seconds": heard["bytes"] / 2 / stethoscope.rate,
        "progress": progress,
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], float(sys.argv[3])))
