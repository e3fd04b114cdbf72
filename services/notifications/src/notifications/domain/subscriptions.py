"""A subscription: which match changes someone wants to hear about, and through which channels.

These records are stored on the compacted subscriptions topic. Input rules (known region codes,
e-mail syntax, safe webhook URLs) are checked at the HTTP edge; stored records are read back
leniently so a change in reference data never makes an old subscription unreadable.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from livinglab_contracts.matches import MatchKind
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_serializer

Frozen = ConfigDict(frozen=True, extra="ignore")


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


class WebhookTarget(BaseModel):
    model_config = Frozen

    url: str
    secret: SecretStr

    @field_serializer("secret", when_used="json")
    def _stored_in_full(self, secret: SecretStr) -> str:
        # Only the subscriptions topic sees this: the secret is needed to sign every delivery.
        return secret.get_secret_value()


class EmailTarget(BaseModel):
    model_config = Frozen

    address: str
    language: Language = Language.NL


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
    def channels(self) -> tuple[Channel, ...]:
        """Every subscription feeds the live feed; webhook and e-mail only when configured."""
        channels = [Channel.FEED]
        if self.webhook:
            channels.append(Channel.WEBHOOK)
        if self.email:
            channels.append(Channel.EMAIL)
        return tuple(channels)


class SubscriptionBook:
    """In-memory view of the subscriptions topic (latest record per id, tombstones delete)."""

    def __init__(self) -> None:
        self._by_id: dict[str, Subscription] = {}

    def apply(self, subscription_id: str, subscription: Subscription | None) -> None:
        if subscription is None:
            self._by_id.pop(subscription_id, None)
        else:
            self._by_id[subscription_id] = subscription

    def get(self, subscription_id: str) -> Subscription | None:
        return self._by_id.get(subscription_id)

    def all(self) -> list[Subscription]:
        return list(self._by_id.values())

    def owned_by(self, owner: str) -> list[Subscription]:
        found = [s for s in self._by_id.values() if s.owner == owner]
        return sorted(found, key=lambda s: (s.created_at, s.subscription_id))

    def __len__(self) -> int:
        return len(self._by_id)
