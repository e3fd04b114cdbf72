"""The worker's Kafka consumer waits at most FETCH_MAX_WAIT_MS for data (entrypoints.prompt_fetch):
faust builds it with 1.5 s, which stalled the worker with records still on the topics. This
pins the faust and aiokafka internals the adjustment relies on, so an upgrade that moves them
fails here rather than silently in production."""

from __future__ import annotations

from pathlib import Path

import faust
from aiokafka import AIOKafkaConsumer
from matching.entrypoints.prompt_fetch import FETCH_MAX_WAIT_MS, fetch_promptly
from matching.entrypoints.worker import build_worker


def _worker_consumer(app: faust.App) -> AIOKafkaConsumer:
    thread = app.consumer._thread  # type: ignore[attr-defined]
    consumer: AIOKafkaConsumer = thread._create_worker_consumer(app.transport)
    return consumer


def _app(name: str, tmp_path: Path) -> faust.App:
    return faust.App(
        name,
        broker="kafka://127.0.0.1:1",
        store="memory://",
        web_enabled=False,
        autodiscover=False,
        datadir=str(tmp_path / name),
    )


async def test_faust_alone_would_wait_one_and_a_half_seconds(tmp_path: Path) -> None:
    assert _worker_consumer(_app("plain", tmp_path))._fetch_max_wait_ms == 1500


async def test_an_adjusted_app_waits_at_most_fetch_max_wait_ms(tmp_path: Path) -> None:
    app = _app("prompt", tmp_path)
    fetch_promptly(app)
    assert _worker_consumer(app)._fetch_max_wait_ms == FETCH_MAX_WAIT_MS < 1500


async def test_the_matching_worker_is_adjusted(tmp_path: Path) -> None:
    app = build_worker(
        "worker",
        "127.0.0.1:1",
        ["t"],
        service=None,  # type: ignore[arg-type]  # the agent never runs here
        batch_size=10,
        batch_window_s=0.05,
        state_dir=tmp_path,
    )
    assert _worker_consumer(app)._fetch_max_wait_ms == FETCH_MAX_WAIT_MS
