"""Append-only event store: the record of every consultation.

- SQLite in WAL mode with ``synchronous=FULL``: when :meth:`EventStore.append` returns, the
  event is on disk (fsync'd) and survives a killed process or a power cut.
- Every payload is encrypted with AES-GCM under a per-consultation data key; data keys are
  wrapped by the master key kept in the OS keyring. The file alone reveals no patient, and a
  retention purge only has to forget a consultation's data key (crypto-shredding) — the chain
  of events stays verifiable.
- Every event carries an HMAC chain link (keyed by the master key, over the previous link and
  the event's clear fields and ciphertext); the head of the chain is kept with its own MAC.
  Opening the store verifies the whole chain: a changed, removed, re-ordered or truncated
  event is detected and reported as :class:`RecordIntegrityError`.
"""

from __future__ import annotations

import functools
import hmac
import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, Protocol, TypeVar

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from station.records.errors import (
    ConsultationPurged,
    RecordError,
    RecordFull,
    RecordIntegrityError,
    RecordInUse,
)

SCHEMA_VERSION = 1
GENESIS = b"\x00" * 32
# The one event type the store writes itself: the mark of a retention purge (the record's
# vocabulary, station/records/events.py, names it too).
PURGED = "consultation.purged"
LOCK_WAIT_SECONDS = 0.5  # a second window is refused at once, not after sqlite's 5 s
DAMAGED = (
    "Le fichier du dossier des consultations est illisible ou endommagé. "
    "Ne l’utilisez pas : prévenez le support technique."
)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    consultation TEXT NOT NULL,
    type TEXT NOT NULL,
    time TEXT NOT NULL,
    nonce BLOB NOT NULL,
    ciphertext BLOB NOT NULL,
    link BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_consultation ON events (consultation, seq);
CREATE TABLE IF NOT EXISTS data_keys (
    consultation TEXT PRIMARY KEY,
    nonce BLOB NOT NULL,
    wrapped BLOB NOT NULL
);
"""


class HeadAnchor(Protocol):
    """Where the chain's head is kept outside the record file (the OS keyring)."""

    def load(self) -> tuple[int, bytes] | None: ...

    def save(self, seq: int, mac: bytes) -> None: ...

    def forget(self) -> None: ...


@dataclass(frozen=True, slots=True)
class EventHeader:
    """An event's clear part: what it is and when, not what it says."""

    seq: int
    consultation: str
    type: str
    time: datetime


@dataclass(frozen=True, slots=True)
class Event:
    seq: int
    consultation: str
    type: str
    time: datetime
    payload: dict[str, Any]


def _private_folder(folder: Path) -> None:
    """The record's folder is its owner's alone (0700), made so if it is not."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":  # Windows: the user's profile folder already is
        folder.chmod(0o700)


def _private_files(path: Path) -> None:
    if os.name != "posix":
        return
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            file.chmod(0o600)


P = ParamSpec("P")
R = TypeVar("R")


def _damage_is_typed(read: Callable[P, R]) -> Callable[P, R]:
    """A read that meets damage (bytes that are not what they must be) says so in words."""

    @functools.wraps(read)
    def reading(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return read(*args, **kwargs)
        except RecordError:
            raise
        except (sqlite3.DatabaseError, UnicodeDecodeError, ValueError, OverflowError) as err:
            raise RecordIntegrityError(DAMAGED) from err

    return reading


def _write_error(err: sqlite3.Error) -> RecordError:
    """An append that failed, in words; the record is as it was before it."""
    if isinstance(err, sqlite3.OperationalError) and "full" in str(err):
        return RecordFull(
            "Le disque du poste est plein : cette donnée n’a pas pu être enregistrée. Rien "
            "d’autre n’est perdu. Prévenez le support pour libérer de la place, puis recommencez."
        )
    return RecordError(
        "Le dossier n’a pas pu enregistrer cette donnée (erreur du disque). Rien d’autre n’est "
        "perdu : recommencez, et prévenez le support si cela se répète."
    )


def _derive(master: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(master)


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


class EventStore:
    def __init__(self, path: Path, master_key: bytes, anchor: HeadAnchor | None = None) -> None:
        if len(master_key) != 32:
            raise ValueError("the master key must be 32 bytes")
        self.path = path
        self._mac_key = _derive(master_key, b"station record chain v1")
        self._wrap = AESGCM(_derive(master_key, b"station record key wrap v1"))
        self._data_keys: dict[str, AESGCM] = {}
        self._lock = threading.Lock()
        _private_folder(path.parent)
        self._db = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=LOCK_WAIT_SECONDS
        )
        try:
            # One process at a time: a second window on the same record would interleave its
            # events with the first one's chain. The lock is taken by the first read below
            # and held until close().
            self._db.execute("PRAGMA locking_mode=EXCLUSIVE")
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(_SCHEMA)
            self._init_meta()
            self._head_seq, self._head_link = self._verify()
            self._anchor = anchor
            self._check_anchor()
            _private_files(path)
        except sqlite3.OperationalError as err:
            self._db.close()
            if "locked" not in str(err):
                raise RecordIntegrityError(DAMAGED) from err
            raise RecordInUse(
                "Le dossier des consultations est déjà ouvert par une autre fenêtre de Station "
                "sur ce poste : continuez dans celle-ci, ou fermez-la d’abord."
            ) from err
        except (sqlite3.DatabaseError, UnicodeDecodeError, ValueError, OverflowError) as err:
            # Not a database, columns of the wrong type, text that is not UTF-8, a number that
            # is not one: all of them damage.
            self._db.close()
            raise RecordIntegrityError(DAMAGED) from err
        except RecordError:
            self._db.close()
            raise

    # ---- opening and verification --------------------------------------------------------
    def _init_meta(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
        if row is None:
            with self._transaction():
                self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
                self._write_head(0, GENESIS)
        elif int(row[0]) != SCHEMA_VERSION:
            raise RecordError(f"Version du dossier non prise en charge ({row[0]}).")

    def _head_mac(self, seq: int, link: bytes) -> bytes:
        return hmac.new(self._mac_key, b"head" + seq.to_bytes(8, "big") + link, "sha256").digest()

    def _write_head(self, seq: int, link: bytes) -> None:
        value = seq.to_bytes(8, "big") + link + self._head_mac(seq, link)
        self._db.execute("INSERT OR REPLACE INTO meta VALUES ('head', ?)", (value,))

    def _link(
        self,
        prev: bytes,
        seq: int,
        consultation: str,
        type_: str,
        time: str,
        nonce: bytes,
        ciphertext: bytes,
    ) -> bytes:
        mac = hmac.new(self._mac_key, prev, "sha256")
        for part in (
            seq.to_bytes(8, "big"),
            consultation.encode(),
            type_.encode(),
            time.encode(),
            nonce,
            ciphertext,
        ):
            mac.update(len(part).to_bytes(4, "big") + part)
        return mac.digest()

    def _verify(self) -> tuple[int, bytes]:
        tampered = RecordIntegrityError(
            "Le dossier des consultations a été modifié ou tronqué en dehors de Station. "
            "Ne l’utilisez pas : prévenez le support technique."
        )
        row = self._db.execute("SELECT value FROM meta WHERE key='head'").fetchone()
        if row is None or len(row[0]) != 8 + 32 + 32:
            raise tampered
        head_seq = int.from_bytes(row[0][:8], "big")
        head_link, head_mac = row[0][8:40], row[0][40:]
        if not hmac.compare_digest(head_mac, self._head_mac(head_seq, head_link)):
            raise tampered
        prev, expected_seq = GENESIS, 1
        rows = self._db.execute(
            "SELECT seq, CAST(consultation AS BLOB), CAST(type AS BLOB), CAST(time AS BLOB), "
            "CAST(nonce AS BLOB), CAST(ciphertext AS BLOB), CAST(link AS BLOB) "
            "FROM events ORDER BY seq"
        )
        for seq, consultation, type_, time, nonce, ciphertext, link in rows:
            try:
                fields = (consultation.decode(), type_.decode(), time.decode())
            except UnicodeDecodeError:
                raise tampered from None
            computed = self._link(prev, seq, *fields, nonce, ciphertext)
            if seq != expected_seq or not hmac.compare_digest(computed, link):
                raise tampered
            prev, expected_seq = link, seq + 1
        if expected_seq - 1 != head_seq or prev != head_link:
            raise tampered
        return head_seq, head_link

    def _check_anchor(self) -> None:
        """The file's head against the one kept outside it: a record that went back in time
        (a deleted -wal after a crash, an older copy of the file) no longer opens as whole."""
        if self._anchor is None:
            return
        known = self._anchor.load()
        mac = self._head_mac(self._head_seq, self._head_link)
        if known is not None:
            seq, anchored = known
            if self._head_seq < seq:
                raise RecordIntegrityError(
                    "Le dossier des consultations est plus ancien que sa dernière écriture "
                    f"({seq - self._head_seq} événement(s) manquent) : une copie ancienne ou "
                    "un fichier perdu après un arrêt brutal. Prévenez le support technique."
                )
            if self._head_seq == seq and not hmac.compare_digest(mac, anchored):
                raise RecordIntegrityError(DAMAGED)
        self._anchor.save(self._head_seq, mac)

    # ---- keys ------------------------------------------------------------------------------
    def _data_key(self, consultation: str, create: bool) -> AESGCM:
        cached = self._data_keys.get(consultation)
        if cached is not None:
            return cached
        row = self._db.execute(
            "SELECT nonce, wrapped FROM data_keys WHERE consultation=?", (consultation,)
        ).fetchone()
        if row is None:
            if not create:
                marked = self._db.execute(
                    "SELECT 1 FROM events WHERE consultation=? AND type=?",
                    (consultation, PURGED),
                ).fetchone()
                if marked is None:  # a key gone with no purge said: damage, not retention
                    raise RecordIntegrityError(
                        "La clé d’une consultation a disparu du dossier sans avoir été effacée "
                        "par la durée de conservation : prévenez le support technique."
                    )
                raise ConsultationPurged(
                    "Les données de cette consultation ont été effacées (durée de conservation "
                    "écoulée)."
                )
            raw, nonce = AESGCM.generate_key(256), os.urandom(12)
            wrapped = self._wrap.encrypt(nonce, raw, consultation.encode())
            self._db.execute(
                "INSERT INTO data_keys VALUES (?, ?, ?)", (consultation, nonce, wrapped)
            )
        else:
            try:
                raw = self._wrap.decrypt(row[0], row[1], consultation.encode())
            except InvalidTag as err:
                raise RecordIntegrityError(
                    "La clé de ce dossier ne correspond pas : le trousseau du poste a changé ?"
                ) from err
        key = AESGCM(raw)
        self._data_keys[consultation] = key
        return key

    # ---- writing ---------------------------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._db.execute("COMMIT")
        except BaseException:
            # A failed COMMIT (disk full) may or may not have rolled back by itself.
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    def new_consultation_id(self) -> str:
        return uuid.uuid4().hex

    def append(self, consultation: str, type_: str, payload: dict[str, Any]) -> Event:
        """Write one event; when this returns, it is durable on disk.

        The chain's head moves only once the event is committed: an append that fails (a full
        disk) leaves the record exactly as it was, and the next one chains onto the last event
        really written.
        """
        now = datetime.now(UTC)
        time = now.isoformat()
        with self._lock:
            seq = self._head_seq + 1
            new_key = consultation not in self._data_keys
            try:
                with self._transaction():
                    key = self._data_key(consultation, create=True)
                    nonce = os.urandom(12)
                    aad = f"{seq}|{consultation}|{type_}|{time}".encode()
                    ciphertext = key.encrypt(nonce, _canonical(payload), aad)
                    link = self._link(
                        self._head_link, seq, consultation, type_, time, nonce, ciphertext
                    )
                    self._db.execute(
                        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (seq, consultation, type_, time, nonce, ciphertext, link),
                    )
                    self._write_head(seq, link)
            except sqlite3.Error as err:
                if new_key:  # its row went with the rolled-back transaction
                    self._data_keys.pop(consultation, None)
                raise _write_error(err) from err
            self._head_seq, self._head_link = seq, link
            if self._anchor is not None:
                self._anchor.save(seq, self._head_mac(seq, link))
        return Event(seq, consultation, type_, now, payload)

    def purge(self, consultation: str) -> None:
        """Forget a consultation's data key: its events stay in the chain, unreadable forever.

        A marker event goes into the chain first (its type is in clear), so a key that
        disappears without one is known for damage, not taken for a retention purge.
        """
        self.append(consultation, PURGED, {"purged": datetime.now(UTC).isoformat()})
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM data_keys WHERE consultation=?", (consultation,))
            self._data_keys.pop(consultation, None)

    # ---- reading ---------------------------------------------------------------------------
    @_damage_is_typed
    def events(self, consultation: str) -> list[Event]:
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, type, time, nonce, ciphertext FROM events WHERE consultation=? "
                "ORDER BY seq",
                (consultation,),
            ).fetchall()
            if not rows:
                return []  # nothing written yet (or ever): not an erased consultation
            key = self._data_key(consultation, create=False)
        out = []
        for seq, type_, time, nonce, ciphertext in rows:
            aad = f"{seq}|{consultation}|{type_}|{time}".encode()
            try:
                payload = json.loads(key.decrypt(nonce, ciphertext, aad))
            except InvalidTag as err:
                raise RecordIntegrityError("Un événement du dossier est illisible.") from err
            out.append(Event(seq, consultation, type_, datetime.fromisoformat(time), payload))
        return out

    @_damage_is_typed
    def headers_after(self, seq: int) -> list[EventHeader]:
        """Every event after ``seq``, without its payload (no decryption: cheap to scan)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, consultation, type, time FROM events WHERE seq > ? ORDER BY seq",
                (seq,),
            ).fetchall()
        return [EventHeader(s, c, t, datetime.fromisoformat(time)) for s, c, t, time in rows]

    @_damage_is_typed
    def read(self, header: EventHeader) -> Event:
        """One event's payload, decrypted (ConsultationPurged once its data are erased)."""
        with self._lock:
            key = self._data_key(header.consultation, create=False)
            row = self._db.execute(
                "SELECT time, nonce, ciphertext FROM events WHERE seq=?", (header.seq,)
            ).fetchone()
        if row is None:
            raise RecordIntegrityError("Un événement du dossier a disparu.")
        time, nonce, ciphertext = row
        aad = f"{header.seq}|{header.consultation}|{header.type}|{time}".encode()
        try:
            payload = json.loads(key.decrypt(nonce, ciphertext, aad))
        except InvalidTag as err:
            raise RecordIntegrityError("Un événement du dossier est illisible.") from err
        return Event(header.seq, header.consultation, header.type, header.time, payload)

    @_damage_is_typed
    def consultations(self) -> list[tuple[str, datetime, datetime, bool]]:
        """(id, first event, last event, still readable) for every consultation, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT e.consultation, MIN(e.time), MAX(e.time), k.consultation IS NOT NULL "
                "FROM events e LEFT JOIN data_keys k ON k.consultation = e.consultation "
                "GROUP BY e.consultation ORDER BY MIN(e.seq)"
            ).fetchall()
        return [
            (c, datetime.fromisoformat(first), datetime.fromisoformat(last), bool(readable))
            for c, first, last, readable in rows
        ]

    @_damage_is_typed
    def types(self, consultation: str) -> list[str]:
        """Event types of a consultation, readable even after a purge (no payload)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT type FROM events WHERE consultation=? ORDER BY seq", (consultation,)
            ).fetchall()
        return [r[0] for r in rows]

    @property
    def head_seq(self) -> int:
        return self._head_seq

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
