"""The consultation: states, the record as its only memory, and resumption after kill -9."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from station.checklists import AnswerError, PhaseIncomplete, shipped
from station.consultation import Consultation, ConsultationError, State
from station.records import EventStore
from station.records.report_data import gather

from .script import STEPS

KEY = bytes(range(32))


def _start(store: EventStore) -> Consultation:
    return Consultation.start(
        store,
        shipped()["standard"],
        station={"name": "Pharmacie"},
        assistant={"name": "Inès Martin", "profession": "pharmacist"},
    )


def test_a_whole_consultation_walks_through_every_state(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        c = _start(store)
        seen = [c.state]
        for _, step in STEPS:
            step(c)
            if c.state != seen[-1]:
                seen.append(c.state)
        assert seen == [
            State.IDENTIFICATION,
            State.CONSENT,
            State.CHECKS,
            State.CALL,
            State.EXAMINATION,
            State.CLOSURE,
            State.REPORT,
        ]
        report = gather(c.id, store.events(c.id))
        assert report.patient.family_name == "Durand" and report.consent["given"]
        assert report.consent["collected_by"] == "Inès Martin"
        assert [m.kind for m in report.measurements] == [
            "blood-pressure",
            "thermometer",
            "oximeter",
            "thermometer",
        ]
        assert "manual-entry" in report.measurements[-1].flags
        assert report.doctors[0].name == "Dr Anne Roy"


def test_an_invalid_intent_never_reaches_the_record(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        c = _start(store)
        before = store.head_seq
        with pytest.raises(AnswerError):
            c.answer("consent", "maybe")
        with pytest.raises(PhaseIncomplete):
            c.advance()
        with pytest.raises(ConsultationError):
            c.close()
        assert store.head_seq == before


def test_a_red_flag_stops_the_consultation(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", KEY) as store:
        c = _start(store)
        c.answer("red_flags", ["breathing"])
        assert c.state == State.STOPPED
        assert "15" in c.run.stop.orientation["fr"]  # type: ignore[union-attr]
        c.close()
        assert Consultation.unfinished(store) == []


def test_resume_rebuilds_exactly_the_same_state(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    with EventStore(path, KEY) as store:
        c = _start(store)
        for _, step in STEPS[:13]:
            step(c)
        live = (
            c.state,
            dict(c.run.answers),
            c.run.phase,
            [s.id for s in c.run.steps],
            c.doctor_present,
            len(c.measurements),
        )
    with EventStore(path, KEY) as store:
        assert Consultation.unfinished(store) == [c.id]
        again = Consultation.resume(store, c.id)
        assert (
            again.state,
            dict(again.run.answers),
            again.run.phase,
            [s.id for s in again.run.steps],
            again.doctor_present,
            len(again.measurements),
        ) == live
        for _, step in STEPS[13:]:
            step(again)
        assert again.state == State.REPORT


def test_killed_station_resumes_where_it_was(tmp_path: Path) -> None:
    """A real process runs the consultation and is killed (SIGKILL) at random moments; each
    restart resumes from the record and the consultation ends complete and consistent."""
    path = tmp_path / "record.sqlite3"
    env = dict(os.environ, STATION_TEST_RECORD_KEY=KEY.hex(), STATION_TEST_STEP_DELAY="0.15")
    child = Path(__file__).with_name("crash_child.py")
    rng = random.Random(99)
    done = 0
    consultation_id = ""
    interrupted = 0
    for attempt in range(12):
        proc = subprocess.Popen(
            [sys.executable, str(child), str(path), str(done)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        printed: list[str] = []
        if attempt < 4:
            # Killed after a random number of acknowledged steps, whatever the machine's load
            # (a kill after a fixed time landed before the first step on a busy machine).
            wanted = rng.randint(1, 4)
            assert proc.stdout is not None
            while sum(line.startswith("ok ") for line in printed) < wanted:
                line = proc.stdout.readline()
                if not line:
                    break  # finished before
                printed.append(line.rstrip("\n"))
            time.sleep(rng.uniform(0.0, 0.2))  # within the next step, or between two
            proc.send_signal(signal.SIGKILL)
        out, _ = proc.communicate(timeout=60)
        lines = [*printed, *out.split("\n")]
        consultation_id = lines[0].removeprefix("id ") if lines[0] else consultation_id
        done += sum(1 for line in lines if line.startswith("ok "))
        with EventStore(path, KEY) as store:
            if not Consultation.unfinished(store):
                break
            interrupted += 1
            resumed = Consultation.resume(store, consultation_id)
            # every acknowledged step is in the record (a step cut mid-way may be too)
            acked = {name for name, _ in STEPS[:done]}
            if "consent" in acked:
                assert resumed.run.answers["consent"] is True
            if "doctor" in acked:
                assert resumed.doctor_present
            # resume from what the record says, not from what the child printed
            done = _steps_done(resumed)
    with EventStore(path, KEY) as store:
        final = Consultation.resume(store, consultation_id)
        assert final.state == State.REPORT
        assert len(final.measurements) == 4
        assert Consultation.unfinished(store) == []
    assert interrupted >= 3  # the kills really landed in the middle of the consultation


def _steps_done(c: Consultation) -> int:
    """How many script steps the record shows as done (the script's order is fixed)."""
    probes = [
        lambda: "identity_checked" in c.run.answers,
        lambda: "patient_informed" in c.run.answers,
        lambda: "consent" in c.run.answers,
        lambda: "red_flags" in c.run.answers,
        lambda: "needs_physical_exam" in c.run.answers,
        lambda: "reason" in c.run.answers,
        lambda: "complaint_area" in c.run.answers,
        lambda: c.run.phase != "before",
        lambda: c.doctor_present,
        lambda: "blood_pressure" in c.run.answers,
        lambda: "temperature" in c.run.answers,
        lambda: "oximetry" in c.run.answers,
        lambda: "r1" in c.requests,
        lambda: "request_r1" in c.run.answers,
        lambda: bool(c.notes),
        lambda: c.run.phase in ("after", "done"),
        lambda: "advice_understood" in c.run.answers,
        lambda: "follow_up" in c.run.answers,
        lambda: "report_destination" in c.run.answers,
        lambda: c.run.phase == "done",
        lambda: c.closed,
    ]
    assert len(probes) == len(STEPS)
    count = 0
    for probe in probes:
        if not probe():
            break
        count += 1
    return count
