"""Which registry instance admits: a lease held through a Kafka consumer group.

Every instance joins one consumer group on a one-partition topic. The member the group assigns
that partition to holds the lease: it is the only instance that decides about events and
writes them, so duplicates, owners and sequences are decided exactly as by a single instance.
The others forward writes to it (entrypoints/forwarding.py) and keep serving reads from their
own view.

Taking over: when the partition is assigned, the new holder first reads the registry topics and
the labelling topic up to their log end as of that moment (catch_up_to_log_end: its view and its
labelling read model, against which it checks events and labelling steps), and only then admits, and announces its URL on the lease
topic (the other instances follow that topic to know where to forward). Losing: when the
partition is revoked (a rebalance), the holder stops admitting at once and waits for its
unanswered deliveries before the group moves on, so its successor's log end includes them.
A holder that dies simply stops writing; the group hands the lease on once its session
expires. A holder whose event loop stalls for half a session (its heartbeats stalled too, so
the group may have moved on) stops admitting when it resumes and joins the group again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, ClassVar

import orjson
from aiokafka import AIOKafkaConsumer, ConsumerRebalanceListener, ConsumerRecord, TopicPartition
from aiokafka.cluster import ClusterMetadata
from aiokafka.coordinator.assignors.abstract import AbstractPartitionAssignor
from aiokafka.coordinator.protocol import (
    ConsumerProtocolMemberAssignment,
    ConsumerProtocolMemberMetadata,
)
from aiokafka.errors import KafkaError
from livinglab_common.follower import PoisonRecord, TopicFollower
from livinglab_common.topics import TopicSpec, ensure_topics

from registry.adapters.kafka_publisher import Publisher, PublishUnavailable
from registry.adapters.view_follower import ReadProgress, read_to_log_end

log = logging.getLogger(__name__)

LEASE_TOPIC = "registry.admission.v1"
LEASE_GROUP = "registry-admission"
_ANNOUNCEMENT_KEY = b"admitter"


async def catch_up_to_log_end(
    bootstrap_servers: str, reads: Iterable[tuple[Sequence[str], ReadProgress]]
) -> None:
    """Returns once every read model has read its topics up to their log end as of the call:
    each pair is the topics a model follows and how far its follower has read them. A new
    admitter must wait for all of them, or it would check a write against an older state (a
    second score of one evaluator, a decision before it has seen the scores)."""
    await asyncio.gather(
        *(read_to_log_end(bootstrap_servers, topics, progress) for topics, progress in reads)
    )


class _StickyLease(AbstractPartitionAssignor):  # type: ignore[misc]
    """Leaves the lease with its holder when an instance joins or leaves (a rebalance would
    otherwise hand it to whichever member id sorts first, and pause admission for a takeover).
    Subclassed per lease, since aiokafka calls assignors as classes."""

    name = "livinglab-sticky-lease"
    version = 0
    held: ClassVar[bool] = False

    @classmethod
    def assign(
        cls, cluster: ClusterMetadata, members: Mapping[str, ConsumerProtocolMemberMetadata]
    ) -> dict[str, ConsumerProtocolMemberAssignment]:
        holders = sorted(m for m, meta in members.items() if meta.user_data == b"held")
        chosen = (holders or sorted(members))[0]
        assignment: dict[str, ConsumerProtocolMemberAssignment] = {}
        for member, meta in members.items():
            topics = []
            if member == chosen:
                for topic in meta.subscription:
                    partitions = sorted(cluster.partitions_for_topic(topic) or ())
                    topics.append((topic, partitions))
            assignment[member] = ConsumerProtocolMemberAssignment(cls.version, topics, b"")
        return assignment

    @classmethod
    def metadata(cls, topics: Iterable[str]) -> ConsumerProtocolMemberMetadata:
        return ConsumerProtocolMemberMetadata(
            cls.version, list(topics), b"held" if cls.held else b""
        )

    @classmethod
    def on_assignment(cls, assignment: ConsumerProtocolMemberAssignment) -> None:
        cls.held = any(partitions for _, partitions in assignment.assignment)


class AdmissionLease:
    def __init__(
        self,
        bootstrap_servers: str,
        prefix: str,
        own_url: str,
        publisher: Publisher,
        catch_up: Callable[[], Awaitable[None]],
        drain: Callable[[], Awaitable[None]],
        session_timeout_ms: int,
        rebalance_timeout_ms: int,
    ) -> None:
        self.own_url = own_url
        self.instance = uuid.uuid4().hex
        self.topic = prefix + LEASE_TOPIC
        self.group = prefix + LEASE_GROUP
        self.admitting = False
        self.announced_url: str | None = None  # the last admitter announced on the lease topic
        self._bootstrap = bootstrap_servers
        self._publisher = publisher
        self._catch_up = catch_up
        self._drain = drain
        self._session_timeout_ms = session_timeout_ms
        # How long the group waits for members to rejoin: longer than `drain` may take, or the
        # group would move on while the old holder still waits for its deliveries.
        self._rebalance_timeout_ms = rebalance_timeout_ms
        self._assignor: type[_StickyLease] = type("StickyLease", (_StickyLease,), {"held": False})
        self._changed = asyncio.Event()
        self._takeover: asyncio.Task[None] | None = None
        self._ticker: asyncio.Task[None] | None = None
        self._alive_at = 0.0  # the loop time the ticker last ran, while admitting
        self._stalled = False  # admission stopped after a stall: drain, then join again
        self._task: asyncio.Task[None] | None = None
        self._announcements = TopicFollower(
            bootstrap_servers, [self.topic], self._on_announcement, name="admission-lease"
        )

    def start(self) -> None:
        self._task = asyncio.create_task(self._hold_forever(), name="admission-lease")

    async def stop(self) -> None:
        """Leaves the group (its successor need not wait for a session to expire)."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._announcements.stop()

    def may_admit(self) -> bool:
        """Asked right before each decision and each send: True while this instance holds the
        lease and its event loop has not stalled long enough for the group to move it."""
        if not self.admitting:
            return False
        if asyncio.get_running_loop().time() - self._alive_at > self._stall_limit_s:
            self._stop_after_stall()
            return False
        return True

    @property
    def _stall_limit_s(self) -> float:
        return self._session_timeout_ms / 2000

    def _stop_after_stall(self) -> None:
        log.warning("event loop stalled while holding the admission lease: giving it up")
        self.admitting = False
        self._stalled = True
        self._notify()

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            now = loop.time()
            if now - self._alive_at > self._stall_limit_s:
                self._stop_after_stall()
                return
            self._alive_at = now
            await asyncio.sleep(self._stall_limit_s / 4)

    def admitter(self) -> str | None:
        """The URL of the instance that admits now (this one's own URL if it does), or None
        while none is known: this one does not, and the last announcement names this one."""
        if self.admitting:
            return self.own_url
        if self.announced_url is None or self.announced_url == self.own_url:
            return None
        return self.announced_url

    async def wait_for_change(self, timeout_s: float) -> None:
        """Returns at the next change of who admits, or after `timeout_s`."""
        changed = self._changed
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(changed.wait(), timeout_s)

    async def problem(self) -> str | None:
        if self.admitter() is None:
            return "no registry instance admits events yet (the admission lease is being handed on)"
        return None

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    def _on_announcement(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            url = orjson.loads(record.value or b"")["url"]
        except (orjson.JSONDecodeError, KeyError, TypeError):
            raise PoisonRecord("not an admitter announcement") from None
        if not isinstance(url, str):
            raise PoisonRecord("not an admitter announcement")
        self.announced_url = url
        self._notify()

    async def _hold_forever(self) -> None:
        await self._announcements_started()
        while True:
            try:
                await self._hold()
            except asyncio.CancelledError:
                raise
            except (KafkaError, OSError) as error:
                log.warning("admission lease: kafka unavailable (%r), joining again", error)
                await asyncio.sleep(1.0)
            except Exception:
                log.exception("admission lease: failed, joining again")
                await asyncio.sleep(1.0)

    async def _announcements_started(self) -> None:
        while True:
            try:
                await ensure_topics(self._bootstrap, [TopicSpec(self.topic, 1, compacted=True)])
                break
            except (KafkaError, OSError) as error:
                log.warning("admission lease: cannot create %s yet (%r)", self.topic, error)
                await asyncio.sleep(1.0)
        self._announcements.start()

    async def _hold(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            group_id=self.group,
            client_id=f"registry-{self.instance[:8]}",
            enable_auto_commit=False,
            auto_offset_reset="latest",
            session_timeout_ms=self._session_timeout_ms,
            rebalance_timeout_ms=self._rebalance_timeout_ms,
            heartbeat_interval_ms=max(1000, self._session_timeout_ms // 4),
            partition_assignment_strategy=(self._assignor,),
        )
        await consumer.start()
        try:
            consumer.subscribe([self.topic], listener=_Listener(self))
            while not self._stalled:
                # Polling keeps the membership alive; the records are read by _announcements.
                await consumer.getmany(timeout_ms=1000)
            # Leaving and joining again: the group decides anew who holds the lease.
        finally:
            await self.lose()
            await consumer.stop()

    def gained(self) -> None:
        if self._takeover is None or self._takeover.done():
            self._takeover = asyncio.create_task(self._take_over(), name="admission-takeover")

    async def lose(self) -> None:
        if self._takeover is not None:
            self._takeover.cancel()
            await asyncio.gather(self._takeover, return_exceptions=True)
            self._takeover = None
        if self._ticker is not None:
            self._ticker.cancel()
            self._ticker = None
        if not self.admitting and not self._stalled:
            return
        self.admitting = False
        self._notify()
        log.info("admission lease lost: no longer admitting; waiting for deliveries in flight")
        await self._drain()
        self._stalled = False

    async def _take_over(self) -> None:
        while True:
            try:
                await self._catch_up()
                break
            except (KafkaError, OSError) as error:
                # Still the holder (a lost lease cancels this task): try again, or nobody admits.
                log.warning("admission lease: cannot read the log end yet (%r); retrying", error)
                await asyncio.sleep(1.0)
        self._alive_at = asyncio.get_running_loop().time()
        self._ticker = asyncio.create_task(self._tick(), name="admission-lease-ticker")
        self.admitting = True
        self._notify()
        log.info("admission lease held: admitting events as %s", self.own_url)
        announcement = orjson.dumps(
            {"url": self.own_url, "instance": self.instance, "since": datetime.now(UTC)}
        )
        while True:
            try:
                await self._publisher.publish(self.topic, _ANNOUNCEMENT_KEY, announcement)
                return
            except PublishUnavailable as error:
                log.warning("admission lease: could not announce (%s); retrying", error)
                await asyncio.sleep(1.0)


class _Listener(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, lease: AdmissionLease) -> None:
        self._lease = lease

    async def on_partitions_revoked(self, revoked: Any) -> None:
        # Eager rebalancing: every member gives up what it holds before the group assigns
        # again, so the next holder's view of the log end includes everything sent here.
        await self._lease.lose()

    async def on_partitions_assigned(self, assigned: Iterable[TopicPartition]) -> None:
        if any(tp.topic == self._lease.topic for tp in assigned):
            self._lease.gained()
