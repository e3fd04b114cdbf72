"""`livinglab`: bulk-post event files through the public API, and manage API keys.

livinglab post demo/events/*.ndjson --api-key llk_...
livinglab keys issue --system vista-crm --role partner_system --source /systems/vista-crm
livinglab keys list [--system vista-crm]
livinglab keys revoke KEY_ID

Locally the admin token is the registry's default, `local-admin-token`, and is sent without
being asked for; elsewhere pass --admin-token or set LIVINGLAB_ADMIN_TOKEN.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from registry.config import ClientSettings
from registry.entrypoints.cli_export import export

app = typer.Typer(help="Livinglab Registry client", no_args_is_help=True)
keys_app = typer.Typer(
    help="Issue, list and revoke API keys (needs the admin token)", no_args_is_help=True
)
app.add_typer(keys_app, name="keys")
app.command("export")(export)
console = Console(stderr=True)


class Retryable(Exception):
    """503 or 429: the registry asked us to come back later."""


def read_events(path: Path) -> Iterator[dict[str, Any]]:
    """NDJSON (one CloudEvent per line) or CSV with envelope columns and a JSON `data` column."""
    if path.suffix.lower() == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                event: dict[str, Any] = {k: v for k, v in row.items() if v not in ("", None)}
                event["data"] = json.loads(row["data"])
                if "sequence" in event:
                    event["sequence"] = int(event["sequence"])
                yield event
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as error:
                    raise typer.BadParameter(f"{path}:{number}: not JSON ({error.msg})") from error


@retry(
    retry=retry_if_exception_type((Retryable, httpx.TransportError)),
    wait=wait_exponential(multiplier=0.5, max=10),
    stop=stop_after_attempt(8),
    reraise=True,
)
def _post_batch(client: httpx.Client, batch: list[dict[str, Any]]) -> list[dict[str, Any]]:
    response = client.post("/v1/events:batch", json=batch)
    if response.status_code in (429, 503):
        raise Retryable(response.text)
    if response.status_code >= 400 and response.status_code != 207:
        raise typer.BadParameter(f"batch refused ({response.status_code}): {response.text}")
    results: list[dict[str, Any]] = response.json()["results"]
    return results


@app.command()
def post(
    files: Annotated[list[Path], typer.Argument(exists=True, dir_okay=False)],
    url: Annotated[str | None, typer.Option(help="Registry base URL")] = None,
    api_key: Annotated[str | None, typer.Option(help="Partner-system API key")] = None,
    batch_size: Annotated[int, typer.Option(min=1, max=1000)] = 200,
) -> None:
    """Post every event of the given NDJSON/CSV files in order, with a progress bar."""
    settings = ClientSettings()
    key = api_key or (settings.api_key.get_secret_value() if settings.api_key else None)
    if not key:
        raise typer.BadParameter("an API key is needed: --api-key or LIVINGLAB_API_KEY")
    events = [event for path in files for event in read_events(path)]
    failures: list[dict[str, Any]] = []
    accepted = duplicates = 0
    columns = (TextColumn("posting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with (
        httpx.Client(
            base_url=url or settings.url, headers={"X-API-Key": key}, timeout=60
        ) as client,
        Progress(*columns, console=console) as progress,
    ):
        task = progress.add_task("events", total=len(events))
        for start in range(0, len(events), batch_size):
            for result in _post_batch(client, events[start : start + batch_size]):
                if result["status"] == 202:
                    accepted += 1
                elif result["status"] == 200:
                    duplicates += 1
                else:
                    failures.append(result)
            progress.advance(task, min(batch_size, len(events) - start))
    console.print(f"accepted {accepted}, already present {duplicates}, refused {len(failures)}")
    for failure in failures[:20]:
        console.print(f"  {failure.get('id')}: {failure.get('error', {}).get('message')}")
    if failures:
        raise typer.Exit(1)


def _admin_client(url: str | None, admin_token: str | None) -> httpx.Client:
    settings = ClientSettings()
    token = admin_token or settings.admin_token.get_secret_value()
    return httpx.Client(
        base_url=url or settings.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )


@keys_app.command("issue")
def issue_key(
    system: Annotated[str, typer.Option(help="Partner system or coordinator the key belongs to")],
    role: Annotated[
        str, typer.Option(help="partner_system | coordinator | evaluator")
    ] = "partner_system",
    source: Annotated[
        list[str] | None, typer.Option(help="CloudEvents source it may claim")
    ] = None,
    url: Annotated[str | None, typer.Option()] = None,
    admin_token: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Issue a key; the token is printed once on stdout and never stored in clear."""
    with _admin_client(url, admin_token) as client:
        response = client.post(
            "/v1/admin/keys", json={"system": system, "role": role, "sources": source or []}
        )
    if response.status_code != 201:
        console.print(f"refused ({response.status_code}): {response.text}")
        raise typer.Exit(1)
    sys.stdout.write(response.json()["token"] + "\n")


def key_status(key: dict[str, Any]) -> str:
    if key.get("revoked_at"):
        return f"revoked {key['revoked_at']}"
    if key.get("expires_at"):
        return f"expires {key['expires_at']}"
    return "active"


def key_table(keys: list[dict[str, Any]]) -> str:
    """One line per key in aligned columns: plain text, so it reads the same piped or in a
    narrow terminal."""
    header = ("KEY_ID", "SYSTEM", "ROLE", "SOURCES", "CREATED", "STATUS")
    rows = [header] + [
        (
            k["key_id"],
            k["system"],
            k["role"],
            ",".join(k.get("sources") or []) or "-",
            str(k["created_at"]),
            key_status(k),
        )
        for k in keys
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]])
        for row in rows
    )


@keys_app.command("list")
def list_keys(
    system: Annotated[str | None, typer.Option(help="Only the keys of this system")] = None,
    include_revoked: Annotated[
        bool, typer.Option("--include-revoked", help="Also revoked keys")
    ] = False,
    url: Annotated[str | None, typer.Option()] = None,
    admin_token: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Every key with its system, role, sources and status; tokens are never shown again."""
    with _admin_client(url, admin_token) as client:
        response = client.get("/v1/admin/keys")
    if response.status_code != 200:
        console.print(f"refused ({response.status_code}): {response.text}")
        raise typer.Exit(1)
    keys = [
        k
        for k in response.json()
        if (system is None or k["system"] == system)
        and (include_revoked or not k.get("revoked_at"))
    ]
    keys.sort(key=lambda k: (k["system"], str(k["created_at"])))
    sys.stdout.write(key_table(keys) + "\n")


@keys_app.command("revoke")
def revoke_key(
    key_id: str,
    url: Annotated[str | None, typer.Option()] = None,
    admin_token: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Revoke a key at once for every service."""
    with _admin_client(url, admin_token) as client:
        response = client.delete(f"/v1/admin/keys/{key_id}")
    if response.status_code != 200:
        console.print(f"refused ({response.status_code}): {response.text}")
        raise typer.Exit(1)
    console.print(f"revoked {key_id}")
