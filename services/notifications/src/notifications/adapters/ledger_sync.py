"""Waits until this process has read the delivery ledger up to its current end.

Needed when partitions of the matches topic move to this process: another instance may have
written ledger entries for them moments ago, and deciding before reading those would announce
the same change twice.
"""

from __future__ import annotations

import asyncio

from aiokafka import AIOKafkaConsumer, TopicPartition

from notifications.adapters.followers import LedgerFollower


class LedgerSync:
    def __init__(self, bootstrap_servers: str, ledger: LedgerFollower) -> None:
        self._bootstrap = bootstrap_servers
        self._ledger = ledger

    async def wait_until_current(self, timeout_s: float = 30.0) -> None:
        consumer = AIOKafkaConsumer(bootstrap_servers=self._bootstrap, group_id=None)
        await consumer.start()
        try:
            ids = consumer.partitions_for_topic(self._ledger.topic)
            if ids is None:
                await consumer._client.force_metadata_update()
                ids = consumer.partitions_for_topic(self._ledger.topic) or set()
            partitions = [TopicPartition(self._ledger.topic, p) for p in ids]
            ends = await consumer.end_offsets(partitions)
        finally:
            await consumer.stop()
        targets = {tp.partition: end - 1 for tp, end in ends.items() if end > 0}
        await asyncio.wait_for(self._ledger.wait_for_offsets(targets), timeout_s)
