"""Reads what the matches topic announced last for each match, for a rebuild to start from."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import orjson
from aiokafka import ConsumerRecord
from livinglab_common.follower import PoisonRecord, TopicFollower, end_offsets
from livinglab_contracts import ContractViolation, decode_event

from matching.domain.rebuild import Announced, latest

MATCH_TYPES = (
    "nl.livinglab.match.proposed.v1",
    "nl.livinglab.match.updated.v1",
    "nl.livinglab.match.withdrawn.v1",
)


class AnnouncedHistory:
    def __init__(self, bootstrap_servers: str, matches_topic: str, input_topics: Sequence[str]):
        self._bootstrap = bootstrap_servers
        self._matches_topic = matches_topic
        self._input_topics = list(input_topics)

    async def input_ends(self) -> dict[str, int]:
        """Where the input topics end now: the rebuild's mark."""
        return await end_offsets(self._bootstrap, self._input_topics)

    async def read(self) -> dict[str, Announced]:
        """The last announcement per match, read from offset 0 to the end seen at the start.
        Records that are not match events are skipped (notifications dead-letters them)."""
        found: list[Announced] = []

        def keep(record: ConsumerRecord[bytes, bytes]) -> None:
            try:
                event = decode_event(record.value, MATCH_TYPES)
            except ContractViolation as violation:
                raise PoisonRecord(str(violation)) from None
            # The data as announced, not as re-serialised: settling compares it key by key.
            found.append(Announced.from_event(event.type, orjson.loads(record.value)["data"]))

        follower = TopicFollower(self._bootstrap, [self._matches_topic], keep, name="history")
        follower.start()
        try:
            await asyncio.wait_for(follower.caught_up.wait(), timeout=600)
        finally:
            await follower.stop()
        return latest(found)
