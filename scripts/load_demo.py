"""`python -m scripts.load_demo`: load the demo network through the public API, then summarise.

Issues a partner-system key for the demo source and a coordinator key (admin API), posts every
`demo/events/*.ndjson` file with the `livinglab` CLI's code path (progress bar), waits until the
matching service has caught up, and prints counts, the top three matches and where to look next.
Running it twice is harmless: the second run's events come back as already present.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx
import typer
from pydantic_settings import BaseSettings, SettingsConfigDict
from registry.entrypoints.cli import post

DEMO_DIR = Path(__file__).resolve().parents[1] / "demo" / "events"
SOURCE = "/systems/limburg-demo"


class DemoSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LIVINGLAB_", env_ignore_empty=True, extra="ignore"
    )

    url: str = "http://127.0.0.1:8001"
    matching_url: str = "http://127.0.0.1:8002"
    notifications_url: str = "http://127.0.0.1:8003"
    admin_token: str = "local-admin-token"


def issue(settings: DemoSettings, body: dict[str, object]) -> str:
    response = httpx.post(
        f"{settings.url}/v1/admin/keys",
        json=body,
        headers={"Authorization": f"Bearer {settings.admin_token}"},
        timeout=30,
    )
    if response.status_code != 201:
        sys.exit(f"could not issue a key at {settings.url}: {response.status_code} {response.text}")
    token: str = response.json()["token"]
    return token


def wait_for_matching(settings: DemoSettings, key: str, timeout_s: float = 120) -> dict[str, int]:
    """Waits until the counts stop changing for two seconds (the worker has caught up)."""
    deadline, last, stable_since = time.monotonic() + timeout_s, None, time.monotonic()
    stats: dict[str, int] = {}
    while time.monotonic() < deadline:
        stats = httpx.get(
            f"{settings.matching_url}/v1/stats", headers={"X-API-Key": key}, timeout=30
        ).json()
        if stats != last:
            last, stable_since = stats, time.monotonic()
        elif stats.get("Match") and time.monotonic() - stable_since > 2:
            return stats
        time.sleep(0.5)
    return stats


def main() -> None:
    settings = DemoSettings()
    try:
        httpx.get(f"{settings.url}/ready", timeout=5).raise_for_status()
        httpx.get(f"{settings.matching_url}/ready", timeout=5).raise_for_status()
    except httpx.HTTPError as error:
        sys.exit(
            f"registry or matching not ready ({error}); run `make run` or scripts/services.sh start"
        )
    partner_key = issue(settings, {"system": "limburg-demo", "sources": [SOURCE]})
    coordinator_key = issue(settings, {"system": "demo-coordinator", "role": "coordinator"})
    files = sorted(DEMO_DIR.glob("*.ndjson"))
    try:
        post(files, url=settings.url, api_key=partner_key, batch_size=200)
    except typer.Exit as stop:
        if stop.exit_code:
            sys.exit("some demo events were refused; see above")
    stats = wait_for_matching(settings, coordinator_key)
    top = httpx.get(
        f"{settings.matching_url}/v1/matches",
        params={"sort": "score", "limit": 3},
        headers={"X-API-Key": coordinator_key},
        timeout=30,
    ).json()["items"]
    lines = [
        "",
        "Livinglab Registry is running with the Limburg demo network:",
        f"  partners {stats.get('Partner', 0)}, initiatives {stats.get('Initiative', 0)}, "
        f"needs/offers {stats.get('NeedOffer', 0)}, proposed matches {stats.get('Match', 0)}",
        "",
        "Top matches:",
    ]
    for match in top:
        names = " <-> ".join(match["subject_names"])
        lines += [
            f"  {match['score']:.2f}  {names}",
            f"        {match['top_reasons_en']}",
            f"        {match['top_reasons_nl']}",
        ]
    lines += [
        "",
        f"Dashboard:      {settings.matching_url}/dashboard   (coordinator key below)",
        f"Registry API:   {settings.url}/docs",
        f"Matching API:   {settings.matching_url}/docs",
        f"Notifications:  {settings.notifications_url}/docs",
        f"Coordinator key: {coordinator_key}",
        "Stop everything with: make stop",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
