"""The matching worker's Prometheus metrics, taken from what a batch's handler returns and from
the consumer's positions. Request rate, errors and latency per route of the coordinator API
come from livinglab_common.http_metrics."""

from __future__ import annotations

from collections.abc import Mapping

from prometheus_client import Counter, Gauge, Histogram

from matching.service_layer.handlers import Outcome, Progress

BATCH_RECORDS = Histogram(
    "matching_batch_records",
    "Records per batch the worker handled",
    buckets=(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500),
)
BATCH_SECONDS = Histogram(
    "matching_batch_seconds",
    "From taking a batch to its being handled (graph written, changes in the outbox), retries"
    " included",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
EVENTS_APPLIED = Counter("matching_events_applied_total", "Valid events written to the graph")
RECORDS_DEAD_LETTERED = Counter(
    "matching_records_dead_lettered_total",
    "Records that are not a valid event, set aside on the dead-letter topic",
)
MATCH_CHANGES = Counter(
    "matching_match_changes_total",
    "Match changes the batches announced, by action (proposed, updated, withdrawn; settled:"
    " what a quiet rebuild changed)",
    ["action"],
)
PAIRS_SCORED = Counter(
    "matching_pairs_scored_total",
    "Candidate pairs the batches scored or found unchanged in the score memo",
)
BATCHES = Counter(
    "matching_batches_total",
    "Batches the worker wrote, by how: decided ahead while the batch before was written"
    " (ahead), decided again because another worker wrote meanwhile (redone), or on their own"
    " (alone: first batch, coordinator feedback, a rebuild, another worker writing)",
    ["path"],
)
ANNOUNCING = Gauge(
    "matching_batches_announcing",
    "Batches written whose match events are still being sent to Kafka (they wait in the outbox"
    " meanwhile; a value that stays up means Kafka is away)",
)
CONSUMER_LAG = Gauge(
    "matching_consumer_lag_records",
    "Records on a partition after the last one the worker took, as of its latest batch from "
    "that partition",
    ["topic", "partition"],
)


def record_batch(size: int, seconds: float, outcome: Outcome) -> None:
    BATCH_RECORDS.observe(size)
    BATCH_SECONDS.observe(seconds)
    EVENTS_APPLIED.inc(outcome.applied)
    RECORDS_DEAD_LETTERED.inc(outcome.dead_lettered)
    for action, count in outcome.by_action.items():
        MATCH_CHANGES.labels(action).inc(count)
    PAIRS_SCORED.inc(outcome.pairs_scored)
    if outcome.path:
        BATCHES.labels(outcome.path).inc()


def watch_announcing(progress: Progress) -> None:
    ANNOUNCING.set_function(lambda: progress.announcing)


def record_lag(
    next_offsets: Mapping[tuple[str, int], int], ends: Mapping[tuple[str, int], int]
) -> None:
    """`next_offsets`: per partition, the offset after the last record taken; `ends`: the
    partition's end (log end or, in a transaction, last stable offset) where known."""
    for (topic, partition), next_offset in next_offsets.items():
        end = ends.get((topic, partition))
        if end is not None:
            CONSUMER_LAG.labels(topic, str(partition)).set(max(end - next_offset, 0))
