"""scripts/load_demo.py without servers: settings and a clear refusal when nothing answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from scripts import load_demo
from tests.support.processes import free_port


def test_settings_default_to_the_local_services(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("URL", "ADMIN_TOKEN", "DEMO_REGISTRY_URL", "DEMO_MATCHING_URL"):
        monkeypatch.delenv(f"LIVINGLAB_{name}", raising=False)
    for name in (
        "REGISTRY_ADMIN_TOKEN",
        "LIVINGLAB_DEMO_ADMIN_TOKEN",
        "LIVINGLAB_DEMO_DASHBOARD_URL",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = load_demo.DemoSettings()
    assert settings.registry_url == "http://127.0.0.1:8001"
    assert settings.matching_url == "http://127.0.0.1:8002"
    assert settings.dashboard_url == "http://127.0.0.1:8002/dashboard"
    assert settings.admin_token.get_secret_value() == "local-admin-token"


def test_admin_token_follows_the_registry_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LIVINGLAB_DEMO_ADMIN_TOKEN", raising=False)
    monkeypatch.delenv("LIVINGLAB_ADMIN_TOKEN", raising=False)
    monkeypatch.setenv("REGISTRY_ADMIN_TOKEN", "s3cret")
    assert load_demo.DemoSettings().admin_token.get_secret_value() == "s3cret"


def test_unreachable_registry_exits_2_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("LIVINGLAB_DEMO_REGISTRY_URL", closed)
    monkeypatch.setenv("LIVINGLAB_DEMO_MATCHING_URL", closed)
    assert load_demo.main() == 2
    err = capsys.readouterr().err
    assert "registry is not reachable" in err and "scripts/services.sh start" in err


def test_load_error_names_the_service() -> None:
    settings = load_demo.DemoSettings(
        registry_url=f"http://127.0.0.1:{free_port()}",
        matching_url=f"http://127.0.0.1:{free_port()}",
    )
    with pytest.raises(load_demo.LoadError) as raised:
        load_demo.load(settings, Console(stderr=True))
    assert raised.value.code == 2
    assert "matching is not reachable" in str(raised.value)


def test_the_summary_says_how_to_get_keys_and_where_the_admin_token_comes_from() -> None:
    local = load_demo.way_in(load_demo.DemoSettings(admin_token="local-admin-token"))
    assert "livinglab keys issue --system my-crm --source /systems/my-crm" in local
    assert "--role coordinator" in local and "livinglab keys list" in local
    assert "livinglab keys revoke KEY_ID" in local
    assert "'local-admin-token'" in local and "REGISTRY_ADMIN_TOKEN" in local
    assert "docs/quickstart-partner-system.md" in local
    # A real token is never printed, only where it is set.
    custom = load_demo.way_in(load_demo.DemoSettings(admin_token="s3cret-operator-token"))
    assert "s3cret-operator-token" not in custom and "REGISTRY_ADMIN_TOKEN" in custom


def test_kept_keys_are_read_back_and_a_damaged_file_means_none(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "keys.json"
    assert load_demo._stored_keys(path) == {}
    load_demo._store_keys(path, {"demo-coordinator": "llk_abc.secret"})
    assert load_demo._stored_keys(path) == {"demo-coordinator": "llk_abc.secret"}
    assert path.stat().st_mode & 0o777 == 0o600
    assert load_demo._key_id("llk_abc.secret") == "abc"
    path.write_text("not json")
    assert load_demo._stored_keys(path) == {}
