"""The waiting room: consultations whose patient is identified and consented, announced by
their station to the doctors of its organisation (or to one named doctor, the patient's own).

An entry says the station, its place, the reason, the wait and the measurements already taken;
never the patient's name. Taking one is a single ``UPDATE … WHERE taken_by IS NULL``: two
doctors at once, on one node or two, get one winner. In the registry's database, so every node
sees every entry; a node hears its own changes at once and the others' within a poll
(:data:`POLL_SECONDS`).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from station.signaling.registry import Station
from station.signaling.registry_schema import stations, waiting

POLL_SECONDS = 0.5
MAX_MEASUREMENTS = 12
KEEP_CLOSED_SECONDS = 24 * 3600


@dataclass(frozen=True)
class WaitingEntry:
    room: str
    station: str
    station_id: str
    organisation_id: str
    place: str
    reason: str
    measurements: list[str]
    since: datetime
    doctor_rpps: str | None
    taken_by: str | None
    closed: bool

    def public(self) -> dict[str, Any]:
        """What a doctor's page shows in the queue list (no patient name: there is none)."""
        return {
            "room": self.room,
            "station": self.station,
            "place": self.place,
            "reason": self.reason,
            "measurements": self.measurements,
            "since": self.since.isoformat(),
            "named": self.doctor_rpps is not None,
        }


def _words(value: Any, limit: int) -> str:
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


def summary_of(body: dict[str, Any]) -> dict[str, Any]:
    """What a station may say of its consultation in the queue, bounded and as text."""
    measurements = body.get("measurements")
    return {
        "place": _words(body.get("place"), 200),
        "reason": _words(body.get("reason"), 300),
        "measurements": [
            _words(m, 80) for m in (measurements if isinstance(measurements, list) else [])
        ][:MAX_MEASUREMENTS],
    }


class WaitingRoom:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        # Bumped on this node's changes at once, and on others' when the poll sees them.
        self.generation = 0
        self._changed = asyncio.Condition()
        self._seen: tuple[int, int] | None = None

    def _version(self) -> int:
        return time.time_ns() // 1000

    async def _touched(self) -> None:
        async with self._changed:
            self.generation += 1
            self._changed.notify_all()

    async def next_change(self, seen: int) -> int:
        """Wait until the queue changed after generation ``seen``; the new generation."""
        async with self._changed:
            await self._changed.wait_for(lambda: self.generation != seen)
            return self.generation

    async def announce(
        self, station: Station, room: str, summary: dict[str, Any], doctor_rpps: str | None
    ) -> None:
        """The station's consultation ready, or its summary updated (new measurements)."""
        now = datetime.now(UTC)
        async with self.engine.begin() as conn:
            existing = (
                await conn.execute(
                    select(waiting.c.station_id, waiting.c.since).where(waiting.c.room == room)
                )
            ).first()
            if existing is not None and existing.station_id != station.id:
                raise PermissionError(room)
            values = {
                "summary": json.dumps(summary, ensure_ascii=False),
                "doctor_rpps": doctor_rpps,
                "version": self._version(),
            }
            if existing is None:
                await conn.execute(
                    delete(waiting).where(
                        waiting.c.closed_at.isnot(None),
                        waiting.c.since < now - timedelta(seconds=KEEP_CLOSED_SECONDS),
                    )
                )
                await conn.execute(
                    insert(waiting).values(
                        room=room,
                        organisation_id=station.organisation_id,
                        station_id=station.id,
                        since=now,
                        **values,
                    )
                )
            else:
                await conn.execute(update(waiting).where(waiting.c.room == room).values(**values))
        await self._touched()

    async def withdraw(self, station: Station, room: str) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(
                update(waiting)
                .where(waiting.c.room == room, waiting.c.station_id == station.id)
                .values(closed_at=datetime.now(UTC), version=self._version())
            )
        await self._touched()

    async def entries(self, organisations: tuple[str, ...], rpps: str) -> list[WaitingEntry]:
        """What this doctor may take now, longest wait first."""
        if not organisations:
            return []
        query = (
            self._select()
            .where(
                waiting.c.organisation_id.in_(organisations),
                waiting.c.taken_by.is_(None),
                waiting.c.closed_at.is_(None),
                or_(waiting.c.doctor_rpps.is_(None), waiting.c.doctor_rpps == rpps),
            )
            .order_by(waiting.c.since)
        )
        async with self.engine.connect() as conn:
            return [self._entry(row) for row in (await conn.execute(query)).all()]

    async def entry(self, room: str) -> WaitingEntry | None:
        async with self.engine.connect() as conn:
            row = (await conn.execute(self._select().where(waiting.c.room == room))).first()
        return None if row is None else self._entry(row)

    async def take(
        self, room: str, rpps: str, organisations: tuple[str, ...]
    ) -> WaitingEntry | None:
        """The entry, now this doctor's; None when another took it first (or may not)."""
        if not organisations:
            return None
        async with self.engine.begin() as conn:
            taken = await conn.execute(
                update(waiting)
                .where(
                    waiting.c.room == room,
                    waiting.c.taken_by.is_(None),
                    waiting.c.closed_at.is_(None),
                    waiting.c.organisation_id.in_(organisations),
                    or_(waiting.c.doctor_rpps.is_(None), waiting.c.doctor_rpps == rpps),
                )
                .values(taken_by=rpps, taken_at=datetime.now(UTC), version=self._version())
            )
        if not taken.rowcount:
            return None
        await self._touched()
        return await self.entry(room)

    async def watch(self) -> None:
        """Poll for other nodes' changes (a cheap max/count), and say them like our own. The
        first reading is taken at once: a change made before the first poll still counts."""
        while True:
            try:
                seen = await self._fingerprint()
            except SQLAlchemyError:
                await asyncio.sleep(POLL_SECONDS)  # the database away a moment
                continue
            if self._seen is not None and seen != self._seen:
                await self._touched()
            self._seen = seen
            await asyncio.sleep(POLL_SECONDS)

    async def _fingerprint(self) -> tuple[int, int]:
        async with self.engine.connect() as conn:
            row = (await conn.execute(select(func.max(waiting.c.version), func.count()))).first()
        return (int(row[0] or 0), int(row[1] or 0)) if row is not None else (0, 0)

    @staticmethod
    def _select():  # type: ignore[no-untyped-def]
        return select(waiting, stations.c.name.label("station_name")).join(
            stations, stations.c.id == waiting.c.station_id
        )

    @staticmethod
    def _entry(row) -> WaitingEntry:  # type: ignore[no-untyped-def]
        summary = json.loads(row.summary)
        since = row.since if row.since.tzinfo else row.since.replace(tzinfo=UTC)
        return WaitingEntry(
            row.room,
            row.station_name,
            row.station_id,
            row.organisation_id,
            str(summary.get("place", "")),
            str(summary.get("reason", "")),
            list(summary.get("measurements", [])),
            since,
            row.doctor_rpps,
            row.taken_by,
            row.closed_at is not None,
        )
