"""Prometheus metrics, defined once per process (the registry is global)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

RECORDS_CONSUMED = Counter(
    "notifications_records_consumed_total", "Records read from the matches topic"
)
POISON_RECORDS = Counter(
    "notifications_poison_records_total", "Records dead-lettered as not a valid match event"
)
ANNOUNCEMENTS = Counter(
    "notifications_announcements_total", "Deliveries planned, per channel", ["channel"]
)
ATTEMPTS = Counter(
    "notifications_delivery_attempts_total", "Delivery attempts by outcome", ["channel", "outcome"]
)
FINISHED = Counter(
    "notifications_deliveries_finished_total",
    "Deliveries finished by status",
    ["channel", "status"],
)
DELIVERY_SECONDS = Histogram(
    "notifications_delivery_seconds",
    "From planning a delivery to its successful attempt",
    ["channel"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
IN_PROGRESS = Gauge(
    "notifications_deliveries_in_progress", "Deliveries queued or running in this process"
)
FEED_CONNECTIONS = Gauge("notifications_feed_connections", "Open live feed connections")
VALIDATIONS = Counter(
    "notifications_webhook_validations_total",
    "Webhook validation handshakes settled, by result (active or refused)",
    ["result"],
)
CONSUMER_LAG = Gauge(
    "notifications_consumer_lag_records",
    "Match records on a partition this instance owns that it has not read yet (last stable "
    "offset minus its position), per partition",
    ["topic", "partition"],
)
MATCH_EVENTS = Counter(
    "notifications_match_events_total",
    "Match events read from the matches topic, by CloudEvents type (the change: proposed, "
    "revised, withdrawn)",
    ["type"],
)
