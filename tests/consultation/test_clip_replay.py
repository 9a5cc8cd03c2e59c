"""The doctor hears a recorded clip again: listed with the checklist, sent when asked, as the
record keeps it (lossless WAV, checked by its hash), also after the app was restarted."""

from __future__ import annotations

import base64
import hashlib
import io
import wave
from pathlib import Path

from station.checklists import shipped
from station.consultation.clip_replay import CHUNK_BYTES
from station.consultation.consultation import Consultation
from station.consultation.session import ConsultationSession
from station.devices.manager import DeviceManager
from station.protocol import channel as proto
from station.records import EventStore
from station.records import events as ev
from tests.consultation.test_session_still import RecordingPeer

RATE = 48000


def _record_clip(
    consultation: Consultation, clip: str, site: str, seconds: int, *, last: bool = True
) -> bytes:
    """``seconds`` one-second parts of a distinct sound, as the recorder writes them."""
    pcm = b""
    for part in range(seconds):
        sound = bytes((part * 7 + i) % 251 for i in range(RATE * 2))
        pcm += sound
        consultation.record_auscultation_part(
            ev.AuscultationPart(
                clip,
                site,
                part,
                sound,
                RATE,
                "2026-12-03T10:00:00+00:00",
                last=last and part == seconds - 1,
                step="request_r1",
            )
        )
    return pcm


def _received(peer: RecordingPeer, clip: str) -> bytes:
    chunks = [proto.as_dict(proto.decode(raw)) for raw in peer.sent if '"type":"clip"' in raw]
    chunks = [c for c in chunks if c["clip"] == clip]
    assert [c["index"] for c in chunks] == list(range(chunks[0]["count"]))
    data = b"".join(base64.b64decode(c["data_b64"]) for c in chunks)
    assert hashlib.sha256(data).hexdigest() == chunks[0]["sha256"]
    assert {c["content_type"] for c in chunks} == {"audio/wav"}
    return data


def _pcm(wav_file: bytes) -> tuple[int, bytes]:
    with wave.open(io.BytesIO(wav_file)) as file:
        return file.getframerate(), file.readframes(file.getnframes())


async def test_the_doctor_hears_a_clip_again_as_the_record_keeps_it(tmp_path: Path) -> None:
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        consultation = Consultation.start(store, shipped()["standard"], station={}, assistant={})
        aortic = _record_clip(consultation, "c1", "aortic", 3)
        mitral = _record_clip(consultation, "c2", "mitral", 2, last=False)  # interrupted
        session = ConsultationSession(consultation, DeviceManager({}))
        peer = RecordingPeer()
        session.attach_peer(peer)

        listed = session.checklist_summary()["clips"]
        assert [(c["clip"], c["label"], c["seconds"], c["complete"]) for c in listed] == [
            ("c1", "Foyer aortique", 3.0, True),
            ("c2", "Foyer mitral", 2.0, False),
        ]
        assert "pcm" not in str(listed)  # the list carries no sound

        await session.on_doctor_message(
            proto.parse({"v": 1, "type": "clip-wanted", "id": "w1", "clip": "c1"})
        )
        received = _received(peer, "c1")
        assert _pcm(received) == (RATE, aortic)
        count = proto.decode(next(r for r in peer.sent if '"type":"clip"' in r)).count
        assert count == -(-len(received) // CHUNK_BYTES) > 1

        await session.on_doctor_message(
            proto.parse({"v": 1, "type": "clip-wanted", "id": "w2", "clip": "c2"})
        )
        assert _pcm(_received(peer, "c2")) == (RATE, mitral)  # what was captured, kept

        await session.on_doctor_message(
            proto.parse({"v": 1, "type": "clip-wanted", "id": "w3", "clip": "zz"})
        )
        reply = proto.as_dict(proto.decode(peer.sent[-1]))
        assert reply["type"] == "reply" and reply["request"] == "w3" and reply["ok"] is False
        assert "pas dans cette consultation" in reply["text"]

    # The app restarted: the resumed consultation still knows its clips and sends them.
    with EventStore(tmp_path / "r.sqlite3", bytes(32)) as store:
        resumed = Consultation.resume(store, consultation.id)
        assert resumed.clips.get("c1") is not None and not resumed.clips.get("c1").pcm
        session = ConsultationSession(resumed, DeviceManager({}))
        peer = RecordingPeer()
        session.attach_peer(peer)
        await session.on_doctor_message(
            proto.parse({"v": 1, "type": "clip-wanted", "id": "w4", "clip": "c1"})
        )
        assert _pcm(_received(peer, "c1")) == (RATE, aortic)
