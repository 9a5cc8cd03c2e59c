"""The service's figures for its operator, in Prometheus' text format at ``GET /metrics``
(HAProxy keeps that path from the outside: ``deploy/haproxy.cfg``).

One registry per app (a test or a bench may run several in one process). Never a room id, a
token or anything about a patient in a label: roles and close codes only.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.sockets = Gauge(
            "station_signaling_sockets", "WebSockets open on this node", registry=self.registry
        )
        self.rooms = Gauge(
            "station_signaling_rooms",
            "rooms with a member on this node",
            registry=self.registry,
        )
        self.joins = Counter(
            "station_signaling_joins", "joins accepted", ["role"], registry=self.registry
        )
        self.refusals = Counter(
            "station_signaling_refusals",
            "sockets closed by the service, by close code",
            ["code"],
            registry=self.registry,
        )
        self.relay = Histogram(
            "station_signaling_relay_seconds",
            "time to hand a message to the room (local delivery, or Redis' publish)",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
            registry=self.registry,
        )

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
