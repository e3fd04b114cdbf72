"""`livinglab export`: the published register as CSV or JSON-LD, now or at a past moment.

livinglab export --format csv --as-of 2026-05-01 --output register.csv --api-key llk_...
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Literal

import httpx
import typer
from rich.console import Console

from registry.config import ClientSettings

console = Console(stderr=True)


def export(
    format: Annotated[Literal["csv", "jsonld"], typer.Option(help="csv or jsonld")] = "jsonld",
    as_of: Annotated[
        str | None, typer.Option(help="RFC 3339 date-time with zone, or a date (00:00 UTC)")
    ] = None,
    output: Annotated[
        Path | None, typer.Option(dir_okay=False, help="File to write; stdout if left out")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Registry base URL")] = None,
    api_key: Annotated[str | None, typer.Option(help="Any registry API key")] = None,
) -> None:
    """Export the initiatives and partners that opted in, with their identifiers and licence."""
    settings = ClientSettings()
    key = api_key or (settings.api_key.get_secret_value() if settings.api_key else None)
    if not key:
        raise typer.BadParameter("an API key is needed: --api-key or LIVINGLAB_API_KEY")
    params = {"format": format} | ({"as_of": as_of} if as_of else {})
    # An as_of export reads the topics from the start: give it the registry's own time limit.
    with httpx.Client(
        base_url=url or settings.url, headers={"X-API-Key": key}, timeout=90
    ) as client:
        response = client.get("/v1/export", params=params)
    if response.status_code != 200:
        console.print(f"refused ({response.status_code}): {response.text}")
        raise typer.Exit(1)
    if output is None:
        sys.stdout.write(response.text)
    else:
        output.write_bytes(response.content)
        console.print(f"wrote {output} ({len(response.content)} bytes)")
