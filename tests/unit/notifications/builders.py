"""Small builders for match changes and subscriptions, with unique ids per call."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from livinglab_contracts import parse_event
from livinglab_contracts.examples import example_event
from notifications.domain.changes import MatchChange, change_from_event
from notifications.domain.subscriptions import (
    EmailTarget,
    Filters,
    Language,
    Subscription,
    WebhookStatus,
    WebhookTarget,
)
from pydantic import SecretStr

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
# Standard Webhooks form: whsec_ + base64 of 32 bytes ("unit-test-secret-of-32-bytes-000").
SECRET = "whsec_dW5pdC10ZXN0LXNlY3JldC1vZi0zMi1ieXRlcy0wMDA="


def change(name: str = "match.proposed", **data: Any) -> MatchChange:
    """A valid match event of type `name` with `data` fields overridden."""
    raw = example_event(name, event_id=str(uuid.uuid4()))
    raw["data"] = {**raw["data"], **data}
    raw["subject"] = raw["data"]["match_id"]
    return change_from_event(parse_event(raw))


def subscription(
    owner: str = "crm-zuid",
    webhook: bool = True,
    email: Language | None = None,
    webhook_status: WebhookStatus = WebhookStatus.ACTIVE,
    **filters: Any,
) -> Subscription:
    return Subscription(
        subscription_id=str(uuid.uuid4()),
        owner=owner,
        created_by_key="k1234567",
        created_at=NOW,
        name="Zuid-Limburg",
        filters=Filters(**filters),
        webhook=(
            WebhookTarget(
                url="https://hooks.example.org/in", secret=SecretStr(SECRET), status=webhook_status
            )
            if webhook
            else None
        ),
        email=EmailTarget(address="c@example.org", language=email) if email else None,
    )
