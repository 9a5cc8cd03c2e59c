"""Child process for the crash test: appends events and reports each one once durable."""

import os
import sys
from pathlib import Path

from station.records import EventStore

store = EventStore(Path(sys.argv[1]), bytes.fromhex(os.environ["STATION_TEST_RECORD_KEY"]))
consultation = sys.argv[2]
for i in range(100_000):
    event = store.append(
        consultation,
        "measurement",
        {"i": i, "components": [{"loinc": "8480-6", "value": 120 + i % 40, "unit": "mm[Hg]"}]},
    )
    print(event.seq, flush=True)  # acknowledged: append() returned
