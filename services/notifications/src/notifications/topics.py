"""Topics this service owns (created by `scripts/create_topics.py`; names without TOPIC_PREFIX)."""

from __future__ import annotations

from livinglab_contracts import MATCHES_TOPIC, dead_letter_topic

SUBSCRIPTIONS_TOPIC = "notifications.subscriptions.v1"
"""Compacted, keyed by subscription id; a tombstone deletes (and later erases) a subscription."""

DELIVERIES_TOPIC = "notifications.deliveries.v1"
"""Compacted delivery ledger, keyed by delivery id; the latest state of each delivery wins."""

NOTIFICATIONS_DLQ = "notifications.dlq"
"""Deliveries that failed for good, with the reason and every attempt."""

MATCHES_DLQ = dead_letter_topic(MATCHES_TOPIC)
"""Records on the matches topic that are not valid match events."""
