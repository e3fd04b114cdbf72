"""`make run` with changed settings never keeps the old ones silently (scripts/services.sh).

The script records what each service was started with; a second `start` whose shell asks for
other settings refuses, names them and gives the command that applies them (`make restart`), and
`restart` brings them into effect. Runs the real script on its own ports, run directory, topics
and graph, so a `make run` on this machine is not touched.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from scripts.create_topics import create_all
from tests.support.processes import REPO_ROOT, free_port

pytestmark = pytest.mark.e2e
SCRIPT = REPO_ROOT / "scripts" / "services.sh"


@pytest.fixture(scope="module")
def script_env(
    topic_prefix: str,
    graph_namespace: str,
    kafka_bootstrap: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, str]]:
    prefix, namespace = f"{topic_prefix}script.", f"{graph_namespace}-script"
    asyncio.run(create_all(kafka_bootstrap, prefix))
    state = tmp_path_factory.mktemp("services-script")
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("REGISTRY_", "MATCHING_", "NOTIFICATIONS_", "LIVINGLAB_"))
    }
    env = inherited | {
        "LIVINGLAB_RUN_DIR": str(state / "run"),
        "LIVINGLAB_LOG_DIR": str(state / "logs"),
        "REGISTRY_PORT": str(free_port()),
        "MATCHING_PORT": str(free_port()),
        "NOTIFICATIONS_PORT": str(free_port()),
        "NOTIFICATIONS_SMTP_PORT": str(free_port()),
        "TOPIC_PREFIX": prefix,
        "GRAPH_NAMESPACE": namespace,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
    }
    try:
        yield env
    finally:
        subprocess.run([str(SCRIPT), "stop"], env=env, check=False, timeout=120)


def services_sh(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), command], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def subscribe_loopback(env: dict[str, str]) -> httpx.Response:
    registry = f"http://127.0.0.1:{env['REGISTRY_PORT']}"
    issued = httpx.post(
        f"{registry}/v1/admin/keys",
        json={"system": "script-test", "role": "coordinator"},
        headers={"Authorization": "Bearer local-admin-token"},
        timeout=30,
    )
    issued.raise_for_status()
    key = issued.json()["token"]
    body = {"name": "local", "webhook": {"url": "http://127.0.0.1:8765/hook"}}
    url = f"http://127.0.0.1:{env['NOTIFICATIONS_PORT']}/v1/subscriptions"
    for _ in range(60):  # the new key reaches notifications through Kafka a moment later
        answer = httpx.post(url, json=body, headers={"X-API-Key": key}, timeout=30)
        if answer.status_code != 401:
            return answer
        time.sleep(0.5)
    return answer


def notifications_pid(env: dict[str, str]) -> str:
    return (Path(env["LIVINGLAB_RUN_DIR"]) / "notifications.pid").read_text().strip()


def test_a_changed_setting_is_refused_with_the_command_that_applies_it(
    script_env: dict[str, str],
) -> None:
    started = services_sh("start", script_env)
    assert started.returncode == 0, started.stderr + started.stdout
    refused = subscribe_loopback(script_env)
    assert refused.status_code == 422 and "NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS" in refused.text

    # The same settings again: nothing to do.
    again = services_sh("start", script_env)
    assert again.returncode == 0, again.stderr
    assert "notifications already running" in again.stdout and "same settings" in again.stdout

    # Another setting: refused, naming it and `make restart`; the running process is untouched.
    before = notifications_pid(script_env)
    changed = script_env | {"NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS": "true"}
    kept = services_sh("start", changed)
    assert kept.returncode == 3, kept.stdout + kept.stderr
    assert "notifications (NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS)" in kept.stderr
    assert "make restart" in kept.stderr
    assert "registry (" not in kept.stderr and "matching (" not in kept.stderr
    assert notifications_pid(script_env) == before

    # `restart` applies it.
    restarted = services_sh("restart", changed)
    assert restarted.returncode == 0, restarted.stderr + restarted.stdout
    assert notifications_pid(script_env) != before
    accepted = subscribe_loopback(changed)
    assert accepted.status_code == 201, accepted.text
    assert services_sh("start", changed).returncode == 0
