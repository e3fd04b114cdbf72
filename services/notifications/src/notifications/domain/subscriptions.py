"""A subscription: which match changes someone wants to hear about, and through which channels.

These records are stored on the compacted subscriptions topic, written with `to_record` and read
with `from_record`: the webhook secret is sealed there (`secret_box`); only records written
before sealing existed still hold it in plain text.

Input rules (known region codes, e-mail syntax, safe webhook URLs) are checked at the HTTP edge;
stored records are read back leniently so a change in reference data never makes an old
subscription unreadable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Any

from livinglab_contracts.matches import MatchKind
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    FieldSerializationInfo,
    SecretStr,
    ValidationInfo,
    field_serializer,
    field_validator,
)
from pydantic_core import PydanticCustomError

from notifications.domain.secret_box import SecretBox, SecretNotOpened

Frozen = ConfigDict(frozen=True, extra="ignore")

# The validation and serialization context key under which `to_record` and `from_record` pass
# the SecretBox down to WebhookTarget.
_SECRET_BOX = "secret_box"
# The error type of a sealed secret the configured keys cannot open; names the field, not a value.
SECRET_NOT_OPENED = "webhook_secret_not_opened"


class Language(StrEnum):
    NL = "nl"
    EN = "en"


class Channel(StrEnum):
    FEED = "feed"
    WEBHOOK = "webhook"
    EMAIL = "email"


class Filters(BaseModel):
    """Empty lists mean 'any'; values inside one list are alternatives, lists combine with AND."""

    model_config = Frozen

    regions: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    subject_ids: tuple[str, ...] = ()
    kinds: tuple[MatchKind, ...] = ()
    min_score: float = Field(0.0, ge=0, le=1)


class WebhookStatus(StrEnum):
    """Whether the endpoint agreed to receive (CloudEvents webhook validation handshake)."""

    PENDING_VALIDATION = "pending_validation"  # deliveries wait until it is settled
    ACTIVE = "active"  # the endpoint allowed this service's origin: deliveries go out
    REFUSED = "refused"  # it did not: no deliveries until a re-validation succeeds


class WebhookTarget(BaseModel):
    model_config = Frozen

    url: str
    secret: SecretStr
    # Records written before the handshake existed read as pending: their endpoint never agreed,
    # so it is asked at start-up before anything more is sent to it.
    status: WebhookStatus = WebhookStatus.PENDING_VALIDATION
    status_detail: str = Field("", max_length=300, description="Why refused, or how validated")
    status_at: datetime | None = None

    @field_serializer("secret", when_used="json")
    def _sealed(self, secret: SecretStr, info: FieldSerializationInfo) -> dict[str, str] | str:
        box = _box(info.context)
        if box is None:
            return str(secret)  # "**********": without a box no JSON ever holds the secret
        # Stored as {"fernet": token}: an object, so it cannot be mistaken for a plain secret.
        return {"fernet": box.seal(secret.get_secret_value())}

    @field_validator("secret", mode="before")
    @classmethod
    def _opened(cls, stored: Any, info: ValidationInfo) -> Any:
        if not isinstance(stored, dict):
            # A plain string: a secret given in code, or a record written before secrets were
            # sealed. Those legacy records stay readable (docs/security.md, "Known findings").
            return stored
        box, sealed = _box(info.context), stored.get("fernet")
        if not isinstance(sealed, str):
            raise PydanticCustomError(SECRET_NOT_OPENED, "no Fernet token under 'fernet'")
        if box is None:
            raise PydanticCustomError(SECRET_NOT_OPENED, "read without keys (use from_record)")
        try:
            return box.open(sealed)
        except SecretNotOpened as error:
            raise PydanticCustomError(SECRET_NOT_OPENED, str(error)) from None


class Delivery(StrEnum):
    IMMEDIATE = "immediate"  # one e-mail per change, as it happens
    DAILY_DIGEST = "daily_digest"  # at most one e-mail a day with the changes since the last


DEFAULT_DIGEST_HOUR = 7
DEFAULT_DIGEST_TIME_ZONE = "Europe/Amsterdam"


class EmailTarget(BaseModel):
    model_config = Frozen

    address: str
    language: Language = Language.NL
    # Records written before digests existed read as immediate, which is what they were.
    delivery: Delivery = Delivery.IMMEDIATE
    digest_hour: int = Field(DEFAULT_DIGEST_HOUR, ge=0, le=23)
    digest_time_zone: str = DEFAULT_DIGEST_TIME_ZONE


class Subscription(BaseModel):
    model_config = Frozen

    subscription_id: str
    owner: str = Field(description="The system named on the API key that created it")
    created_by_key: str
    created_at: datetime
    name: str = ""
    filters: Filters = Filters()
    webhook: WebhookTarget | None = None
    email: EmailTarget | None = None

    @property
    def wants_digest(self) -> bool:
        return self.email is not None and self.email.delivery is Delivery.DAILY_DIGEST

    @property
    def channels(self) -> tuple[Channel, ...]:
        """Every subscription feeds the live feed; webhook and e-mail only when configured."""
        channels = [Channel.FEED]
        if self.webhook:
            channels.append(Channel.WEBHOOK)
        if self.email:
            channels.append(Channel.EMAIL)
        return tuple(channels)


def to_record(subscription: Subscription, box: SecretBox) -> bytes:
    """The value stored on the subscriptions topic, with the webhook secret sealed by `box`."""
    return subscription.model_dump_json(context={_SECRET_BOX: box}).encode()


def from_record(value: bytes, box: SecretBox) -> Subscription:
    """Raises ValidationError; a secret `box` cannot open is a SECRET_NOT_OPENED error."""
    return Subscription.model_validate_json(value, context={_SECRET_BOX: box})


def _box(context: Any) -> SecretBox | None:
    box = context.get(_SECRET_BOX) if isinstance(context, dict) else None
    return box if isinstance(box, SecretBox) else None


class SubscriptionBook:
    """In-memory view of the subscriptions topic (latest record per id, tombstones delete)."""

    def __init__(self) -> None:
        self._by_id: dict[str, Subscription] = {}
        self._listeners: list[Callable[[str], None]] = []

    def on_change(self, listener: Callable[[str], None]) -> None:
        """`listener(subscription_id)` after every change, local or read from the topic."""
        self._listeners.append(listener)

    def apply(self, subscription_id: str, subscription: Subscription | None) -> None:
        if subscription is None:
            self._by_id.pop(subscription_id, None)
        else:
            self._by_id[subscription_id] = subscription
        for listener in self._listeners:
            listener(subscription_id)

    def get(self, subscription_id: str) -> Subscription | None:
        return self._by_id.get(subscription_id)

    def all(self) -> list[Subscription]:
        return list(self._by_id.values())

    def owned_by(self, owner: str) -> list[Subscription]:
        found = [s for s in self._by_id.values() if s.owner == owner]
        return sorted(found, key=lambda s: (s.created_at, s.subscription_id))

    def __len__(self) -> int:
        return len(self._by_id)

    def pending_validation(self) -> list[str]:
        """Ids of subscriptions whose webhook has not yet been validated."""
        return [
            s.subscription_id
            for s in self._by_id.values()
            if s.webhook is not None and s.webhook.status is WebhookStatus.PENDING_VALIDATION
        ]
