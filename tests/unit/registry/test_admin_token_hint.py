"""The admin routes' 401 says where the local admin token comes from, never the token itself."""

from __future__ import annotations

import httpx
from pydantic import SecretStr
from registry.bootstrap import create_app
from registry.config import LOCAL_ADMIN_TOKEN, Settings
from registry.entrypoints.deps import admin_token_required

LOCAL_DEFAULT_HINT = (
    "admin token required: send 'Authorization: Bearer <admin token>'. Locally it is the "
    "REGISTRY_ADMIN_TOKEN setting; `make run` leaves it unset, so the registry uses the local "
    "default LOCAL_ADMIN_TOKEN in services/registry/src/registry/config.py (the livinglab "
    "command sends it for you)"
)


async def test_a_local_registry_says_which_setting_and_file_hold_the_admin_token() -> None:
    app = create_app(Settings())
    app.state.registry.lease.admitting = True  # no Kafka group in process: this app admits
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://registry") as client:
        response = await client.post("/v1/admin/keys", json={"system": "x", "sources": ["/s"]})
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["code"] == "unauthorized"
    assert error["message"] == LOCAL_DEFAULT_HINT
    assert LOCAL_ADMIN_TOKEN not in response.text


def test_a_token_set_locally_is_named_by_its_setting_only() -> None:
    settings = Settings(admin_token=SecretStr("my-own-local-admin-token"))
    message = admin_token_required(settings)
    assert message == (
        "admin token required: send 'Authorization: Bearer <admin token>'. Locally it is the "
        "REGISTRY_ADMIN_TOKEN setting from the environment the registry was started with"
    )
    assert "my-own-local-admin-token" not in message


def test_production_does_not_point_at_local_defaults() -> None:
    settings = Settings(
        environment="production",
        admin_token=SecretStr("a-production-admin-token"),
        key_pepper=SecretStr("a-production-pepper"),
    )
    assert admin_token_required(settings) == (
        "admin token required: send 'Authorization: Bearer <admin token>'"
    )
