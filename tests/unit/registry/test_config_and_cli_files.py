"""Settings fail fast on public secrets; the CLI reads NDJSON and CSV event files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from livinglab_contracts.examples import example_event
from pydantic import ValidationError
from registry.config import Settings
from registry.entrypoints.cli import read_events


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ADMIN_TOKEN", "KEY_PEPPER", "TOPIC_PREFIX", "KAFKA_BOOTSTRAP_SERVERS"):
        monkeypatch.delenv(f"REGISTRY_{name}", raising=False)
    monkeypatch.delenv("REGISTRY_LIVINGLAB_ENVIRONMENT", raising=False)


def test_production_refuses_the_public_local_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVINGLAB_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="REGISTRY_ADMIN_TOKEN, REGISTRY_KEY_PEPPER"):
        Settings()
    monkeypatch.setenv("REGISTRY_ADMIN_TOKEN", "a-real-token")
    monkeypatch.setenv("REGISTRY_KEY_PEPPER", "a-real-pepper")
    assert Settings().environment == "production"


def test_shared_settings_read_the_plain_name_and_the_registry_override(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TOPIC_PREFIX", "shared.")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    assert (Settings().topic_prefix, Settings().kafka_bootstrap_servers) == (
        "shared.",
        "kafka:9092",
    )
    monkeypatch.setenv("REGISTRY_TOPIC_PREFIX", "mine.")
    assert Settings().topic_prefix == "mine."


def test_ndjson_files_skip_blank_lines_and_name_the_line_that_is_not_json(tmp_path: Path) -> None:
    events = [example_event("partner.registered"), example_event("partner.updated", sequence=2)]
    good = tmp_path / "events.ndjson"
    good.write_text("\n".join(json.dumps(e) for e in events) + "\n\n")
    assert list(read_events(good)) == events
    bad = tmp_path / "bad.ndjson"
    bad.write_text(json.dumps(events[0]) + "\n{oops\n")
    with pytest.raises(typer.BadParameter, match=r"bad.ndjson:2: not JSON"):
        list(read_events(bad))


def test_csv_rows_carry_envelope_columns_and_a_json_data_column(tmp_path: Path) -> None:
    event = example_event("partner.updated", sequence=2)
    path = tmp_path / "events.CSV"
    columns = ["specversion", "id", "source", "type", "time", "subject", "sequence", "dataschema"]
    header = ",".join([*columns, "data"])
    values = [str(event[c]) if c in event else "" for c in columns]
    data = json.dumps(event["data"]).replace('"', '""')
    path.write_text(f'{header}\n{",".join(values)},"{data}"\n', encoding="utf-8")
    (read,) = read_events(path)
    assert read == event  # the empty dataschema column is left out, sequence is a number
