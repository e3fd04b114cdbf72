"""The whole system as real processes for the dashboard's browser tests.

Like tests/e2e (registry + matching, and notifications once it has an entry point), but with its
own topic prefix and graph namespace, so it never shares a consumer group or graph with the e2e
system that may still be running in the same pytest session.
"""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from scripts.create_topics import create_all
from tests.browser.flows import CHROMIUM, DASHBOARD
from tests.support.processes import ServiceProcess, free_port
from tests.support.system import System, issue_key, stack_env

PARTNER_SOURCE = "/systems/e2e-partner"


@dataclass(frozen=True)
class UiSystem(System):
    """The e2e system's two services and keys, plus notifications (the dashboard's live feed)
    where it can be started."""

    notifications: ServiceProcess | None

    @property
    def dashboard_url(self) -> str:
        return f"{self.matching.url}/dashboard/"


def notifications_available() -> bool:
    """True once services/notifications can be started with `python -m notifications`."""
    return importlib.util.find_spec("notifications.__main__") is not None


@pytest.fixture(scope="session")
def browser_prerequisites() -> None:
    """The browser, node, playwright-core and the built page; each missing one names its fix."""
    problems = []
    if not CHROMIUM.exists():
        problems.append(f"{CHROMIUM} is missing: run scripts/setup_browser.sh")
    if shutil.which("node") is None:
        problems.append("node (20+) is not on PATH")
    if not (DASHBOARD / "node_modules" / "playwright-core" / "package.json").exists():
        problems.append("dashboard/node_modules is missing: run (cd dashboard && npm ci)")
    if not (DASHBOARD / "dist" / "index.html").exists():
        problems.append("dashboard/dist is missing: run (cd dashboard && npm run build)")
    if problems:
        pytest.fail("browser tests cannot run:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture(scope="session")
def ui_system(run_id: str, kafka_bootstrap: str, browser_prerequisites: None) -> Iterator[UiSystem]:
    prefix = f"test-{run_id}-ui."
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = stack_env(prefix, f"test-{run_id}-ui", kafka_bootstrap)
    started: list[ServiceProcess] = []
    try:
        registry = ServiceProcess("registry", env, name="ui-registry").start()
        started.append(registry)
        notifications = None
        if notifications_available():
            notifications = ServiceProcess("notifications", env, name="ui-notifications").start()
            started.append(notifications)
        # Without notifications the feed URL points at a port nobody listens on: the page shows
        # 'live feed unavailable', which is what a coordinator would see.
        feed_base = notifications.url if notifications else f"http://127.0.0.1:{free_port()}"
        matching = ServiceProcess(
            "matching",
            {**env, "MATCHING_NOTIFICATIONS_URL": feed_base, "MATCHING_REGISTRY_URL": registry.url},
            name="ui-matching",
        ).start()
        started.append(matching)
        partner_key = issue_key(
            registry.url, {"system": "e2e-partner", "sources": [PARTNER_SOURCE]}
        )
        coordinator_key = issue_key(
            registry.url, {"system": "ui-coordinator", "role": "coordinator"}
        )
        yield UiSystem(
            registry=registry,
            matching=matching,
            partner_key=partner_key,
            coordinator_key=coordinator_key,
            notifications=notifications,
        )
    finally:
        for process in reversed(started):
            process.stop()
