"""The three quickstarts in docs/ run as written: each page's shell blocks, in order, against a
live system, and every output the page promises is what the commands print.

Each page runs in its own shell state (variables carry from one block to the next, as they would
in the reader's terminal) in an empty directory, with the `livinglab` command on the PATH. The
only changes to what a reader types are the addresses the page says it reads from the
environment: REGISTRY, MATCHING and NOTIFICATIONS (the services this test started, on free
ports) and RECEIVER_PORT (a free port for the local webhook receiver).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scripts.create_topics import create_all
from tests.e2e.quickstart_pages import Step, output_matches, steps_in, steps_of
from tests.support.processes import REPO_ROOT, ServiceProcess, free_port
from tests.support.system import stack_env

# In the order a newcomer reads them: the later pages use the events the first one posts.
PAGES = (
    "docs/quickstart-partner-system.md",
    "docs/quickstart-subscriber.md",
    "docs/quickstart-coordinator.md",
)
STEP_TIMEOUT_S = 60  # a step that waits for matching or a webhook gives up after this
RUNNER = """set -a
source "$QUICKSTART_STATE"
trap 'export -p > "$QUICKSTART_STATE"' EXIT
set -e
"""


@dataclass(frozen=True)
class Services:
    registry: ServiceProcess
    matching: ServiceProcess
    notifications: ServiceProcess


@pytest.fixture(scope="module")
def services(topic_prefix: str, graph_namespace: str, kafka_bootstrap: str) -> Iterator[Services]:
    # Its own topics and graph: the pages state exact totals, which other tests' data would move.
    prefix, namespace = f"{topic_prefix}quickstart.", f"{graph_namespace}-quickstart"
    asyncio.run(create_all(kafka_bootstrap, prefix))
    # What the subscriber page tells the operator to set for a receiver on loopback.
    env = stack_env(prefix, namespace, kafka_bootstrap, NOTIFICATIONS_ALLOW_PRIVATE_WEBHOOKS="true")
    started: list[ServiceProcess] = []
    try:
        for module in ("registry", "matching", "notifications"):
            started.append(ServiceProcess(module, env, name=f"{module}-quickstart").start())
        registry, matching, notifications = started
        yield Services(registry, matching, notifications)
    finally:
        for process in reversed(started):
            process.stop()


@pytest.fixture(scope="module")
def shell_env(services: Services) -> dict[str, str]:
    venv_bin = str(Path(sys.executable).parent)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LIVINGLAB_", "REGISTRY_", "MATCHING_", "NOTIFICATIONS_"))
    }
    return environment | {
        "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
        "VIRTUAL_ENV": str(Path(venv_bin).parent),
        "REGISTRY": services.registry.url,
        "MATCHING": services.matching.url,
        "NOTIFICATIONS": services.notifications.url,
        "RECEIVER_PORT": str(free_port()),
    }


def run_page(page: str, env: dict[str, str], workdir: Path) -> None:
    state = workdir / ".quickstart-state"
    state.write_text("")
    steps = steps_in(REPO_ROOT / page)
    assert steps, f"{page} has no ```bash blocks"
    try:
        for step in steps:
            run_step(page, step, env | {"QUICKSTART_STATE": str(state)}, workdir)
    finally:
        # A page starts its receiver and feed in the background and stops them at its end; if
        # it failed half-way, stop whatever it left running (the processes of this page only).
        subprocess.run(
            ["bash", "-c", 'source "$QUICKSTART_STATE"; kill $RECEIVER_PID $FEED_PID 2>/dev/null'],
            env=env | {"QUICKSTART_STATE": str(state)},
            check=False,
        )


def run_step(page: str, step: Step, env: dict[str, str], workdir: Path) -> None:
    where = f"{page}:{step.line}"
    try:
        done = subprocess.run(
            ["bash", "-c", RUNNER + step.command],
            cwd=workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=STEP_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as stuck:
        # Also what a block that leaves a background process writing to the terminal does.
        printed = stuck.output.decode(errors="replace") if stuck.output else ""
        raise AssertionError(
            f"{where} did not finish in {STEP_TIMEOUT_S}s:\n{step.command}\n{printed}"
        ) from None
    assert done.returncode == 0, f"{where} exited {done.returncode}:\n{step.command}\n{done.stdout}"
    if step.expected is not None:
        assert output_matches(step.expected, done.stdout), (
            f"{where} printed something other than the page promises.\n--- command\n"
            f"{step.command}--- promised\n{step.expected}--- printed\n{done.stdout}"
        )


@pytest.mark.e2e
@pytest.mark.parametrize("page", PAGES)
def test_quickstart_runs_as_written(
    page: str, shell_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    run_page(page, shell_env, tmp_path_factory.mktemp(Path(page).stem))


# The reader of the pages above: pure, no system needed.


def test_blocks_pair_commands_with_their_promised_output() -> None:
    page = (
        "Intro\n```bash\necho hi\n```\nIt prints:\n```text\nhi\n```\n"
        "```bash norun\nmake restart\n```\n```text\nnot checked\n```\n"
        "```bash\ntrue\n```\n"
    )
    steps = steps_of(page)
    assert [(s.command, s.expected) for s in steps] == [("echo hi\n", "hi\n"), ("true\n", None)]
    assert steps[0].line == 2


@pytest.mark.parametrize(
    ("expected", "actual", "holds"),
    [
        ('{"id":"a","status":...}\nHTTP 202\n', '{"id":"a","status":"x"}\nHTTP 202\n', True),
        ('{"id":"a","status":...}\nHTTP 202\n', '{"id":"a","status":"x"}\nHTTP 422\n', False),
        ("first\n...\nlast\n", "first\none\ntwo\nlast\n", True),
        ("first\n...\nlast\n", "first\nlast\n", True),
        ("first\nlast\n", "first\nmiddle\nlast\n", False),
        ("a...b\n", "a\nb\n", False),  # an ellipsis inside a line stays on that line
        ("verified ...\n", "verified match.proposed   \n", True),
    ],
)
def test_promised_output_wildcards(expected: str, actual: str, holds: bool) -> None:
    assert output_matches(expected, actual) is holds
