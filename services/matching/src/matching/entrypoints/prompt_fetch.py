"""The worker's Kafka consumer answers within FETCH_MAX_WAIT_MS instead of faust's 1.5 s.

faust-streaming builds its aiokafka consumer with `fetch_max_wait_ms=1500`, which no setting
changes. aiokafka fetches only the partitions that have no records waiting to be taken, one
request per broker at a time, and the broker holds a request until one of its partitions has
data or that time has passed. So while the worker works through a batch from a busy partition,
a request for the quiet ones (the needs-offers and feedback topics, say) holds the broker for
up to 1.5 s, and the busy partition's next records wait behind it: in the graph-build bench the
worker sat idle for 350-600 ms in some runs, with records still on the topics. The same request
delays an event that arrives on a partition in that state.
"""

from __future__ import annotations

import faust
from aiokafka import AIOKafkaConsumer
from faust.transport.drivers import aiokafka as faust_aiokafka

FETCH_MAX_WAIT_MS = 100  # aiokafka's own default is 500, the Java client's 500


class _PromptConsumerThread(faust_aiokafka.AIOKafkaConsumerThread):
    def _create_worker_consumer(self, transport: faust_aiokafka.Transport) -> AIOKafkaConsumer:
        consumer = super()._create_worker_consumer(transport)
        # read by AIOKafkaConsumer.start() when it builds its fetcher
        consumer._fetch_max_wait_ms = FETCH_MAX_WAIT_MS
        return consumer


class _PromptConsumer(faust_aiokafka.Consumer):
    def _new_consumer_thread(self) -> faust_aiokafka.AIOKafkaConsumerThread:
        return _PromptConsumerThread(self, loop=self.loop, beacon=self.beacon)


def fetch_promptly(app: faust.App) -> None:
    """Makes the app's consumer (created when the app starts) use FETCH_MAX_WAIT_MS."""
    app.transport.Consumer = _PromptConsumer  # type: ignore[misc]
