"""Request and response bodies of the subscription API (separate from the stored records)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from livinglab_contracts.fields import (
    NFC,
    ONE_LINE,
    ONE_LINE_DOC,
    AggregateId,
    RegionCode,
    ThemeSlug,
)
from livinglab_contracts.matches import MatchKind
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from notifications.domain.changes import ChangeKind
from notifications.domain.digest import is_known_time_zone
from notifications.domain.ledger import AttemptOutcome, DeliveryStatus
from notifications.domain.signing import SECRET_PREFIX, standard_key
from notifications.domain.subscriptions import (
    DEFAULT_DIGEST_HOUR,
    DEFAULT_DIGEST_TIME_ZONE,
    Channel,
    Delivery,
    Language,
    WebhookStatus,
)

Strict = ConfigDict(extra="forbid")
EmailAddress = Annotated[
    str,
    Field(
        max_length=254,
        pattern=r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$",
        examples=["coordinator@example.org"],
    ),
]

# The name is shown in e-mails and lists: one line of text, by the contract's rule for names.
SubscriptionName = Annotated[str, StringConstraints(max_length=100), NFC, ONE_LINE, ONE_LINE_DOC]


class FiltersIn(BaseModel):
    model_config = Strict

    regions: list[RegionCode] = Field(
        default=[], max_length=50, description="Also matches every sub-region", examples=[["CR39"]]
    )
    themes: list[ThemeSlug] = Field(
        default=[],
        max_length=50,
        description="Also matches every sub-theme",
        examples=[["energie"]],
    )
    subject_ids: list[AggregateId] = Field(
        default=[], max_length=200, description="Initiative or partner ids taking part in the match"
    )
    kinds: list[MatchKind] = Field(default=[], max_length=4)
    # Strict: JSON true/false or "0.5" are not scores (lax mode read false as 0.0).
    min_score: float = Field(0.0, ge=0, le=1, strict=True)


class WebhookIn(BaseModel):
    model_config = Strict

    url: str = Field(max_length=2000, examples=["https://crm.example.org/hooks/livinglab"])
    secret: str | None = Field(
        None,
        min_length=16,
        max_length=200,
        pattern=r"^[\x21-\x7e]+$",
        description=(
            "Signing secret, `whsec_` + standard base64 of 24-64 random bytes (Standard "
            "Webhooks); generated (and shown once) when left out. Other printable strings are "
            "deprecated: still accepted and used as raw key bytes"
        ),
    )

    delivery: str = Field(
        "immediate",
        description="Webhooks are always `immediate`; `daily_digest` is offered for e-mail only",
    )

    @field_validator("delivery")
    @classmethod
    def _immediate_only(cls, delivery: str) -> str:
        if delivery != Delivery.IMMEDIATE:
            raise PydanticCustomError(
                "digest_not_supported",
                "webhooks are delivered immediately, one request per change; daily_digest is "
                "offered for e-mail only (email.delivery)",
            )
        return delivery

    @field_validator("secret")
    @classmethod
    def _standard_when_prefixed(cls, secret: str | None) -> str | None:
        # A `whsec_` secret is fed to a Standard Webhooks library as base64; one that does not
        # decode there would fail every verification, so it is refused here instead.
        if secret is not None and secret.startswith(SECRET_PREFIX) and not standard_key(secret):
            raise PydanticCustomError(
                "webhook_secret_format",
                "a whsec_ secret must be whsec_ + standard base64 of 24 to 64 bytes",
            )
        return secret


class EmailIn(BaseModel):
    model_config = Strict

    address: EmailAddress
    language: Language = Language.NL
    delivery: Delivery = Field(
        Delivery.IMMEDIATE,
        description="immediate: one e-mail per change; daily_digest: at most one e-mail a day, "
        "at digest_hour in digest_time_zone, with the changes since the previous one",
    )
    digest_hour: int | None = Field(
        None,
        ge=0,
        le=23,
        strict=True,
        description=f"Hour of the daily digest (0-23, default {DEFAULT_DIGEST_HOUR})",
    )
    digest_time_zone: str | None = Field(
        None,
        max_length=64,
        description=f"IANA time zone of digest_hour (default {DEFAULT_DIGEST_TIME_ZONE})",
        examples=["Europe/Amsterdam"],
    )

    @field_validator("digest_time_zone")
    @classmethod
    def _known_zone(cls, zone: str | None) -> str | None:
        if zone is not None and not is_known_time_zone(zone):
            raise PydanticCustomError(
                "unknown_time_zone",
                "'{zone}' is not an IANA time zone (for example Europe/Amsterdam)",
                {"zone": zone[:64]},
            )
        return zone

    @model_validator(mode="after")
    def _digest_fields_need_a_digest(self) -> EmailIn:
        if self.delivery is Delivery.IMMEDIATE and (
            self.digest_hour is not None or self.digest_time_zone is not None
        ):
            raise PydanticCustomError(
                "digest_settings_without_digest",
                "digest_hour and digest_time_zone apply only with delivery 'daily_digest'",
            )
        return self

    def target_fields(self) -> dict[str, Any]:
        """The stored e-mail target, with the digest defaults filled in."""
        return {
            "address": self.address,
            "language": self.language,
            "delivery": self.delivery,
            "digest_hour": DEFAULT_DIGEST_HOUR if self.digest_hour is None else self.digest_hour,
            "digest_time_zone": self.digest_time_zone or DEFAULT_DIGEST_TIME_ZONE,
        }


class SubscriptionIn(BaseModel):
    model_config = Strict

    name: SubscriptionName = Field("", examples=["Zuid-Limburg procesindustrie"])
    filters: FiltersIn = FiltersIn()
    webhook: WebhookIn | None = None
    email: EmailIn | None = None


class FiltersOut(BaseModel):
    regions: list[str]
    themes: list[str]
    subject_ids: list[str]
    kinds: list[MatchKind]
    min_score: float


class WebhookOut(BaseModel):
    url: str
    status: WebhookStatus = Field(
        description="pending_validation: deliveries wait for the validation handshake; active: "
        "the endpoint allowed them; refused: none are sent (re-validate with POST .../validation)"
    )
    status_detail: str = Field(description="What the endpoint answered to the handshake")
    status_at: datetime | None = Field(description="When the status last changed")


class EmailOut(BaseModel):
    address: str
    language: Language
    delivery: Delivery
    digest_hour: int | None = Field(description="Only for daily_digest")
    digest_time_zone: str | None = Field(description="Only for daily_digest")


class SubscriptionOut(BaseModel):
    subscription_id: str
    name: str
    owner: str
    created_at: datetime
    filters: FiltersOut
    webhook: WebhookOut | None
    email: EmailOut | None
    channels: list[Channel]


class SubscriptionCreated(SubscriptionOut):
    webhook_secret: str | None = Field(
        description="Signing secret of the webhook; returned here once and never again"
    )


class AttemptOut(BaseModel):
    number: int
    at: datetime
    duration_ms: float
    outcome: AttemptOutcome
    status_code: int | None
    detail: str


class DeliveryOut(BaseModel):
    delivery_id: str
    channel: Channel
    match_id: str
    revision: int
    change: ChangeKind
    event_id: str
    status: DeliveryStatus
    created_at: datetime
    finished_at: datetime | None
    reason: str
    attempts: list[AttemptOut]


class DeliveryPage(BaseModel):
    items: list[DeliveryOut]
    total: int
    limit: int
    offset: int
