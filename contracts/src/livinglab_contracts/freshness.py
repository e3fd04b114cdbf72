"""Profile freshness (contract 1.4): owners confirm, the registry reminds and marks stale.

A partner, initiative, need or offer was last confirmed by its registration, its last update or
its last `...confirmed` event. A configurable period after that (365 days by default) it is
stale; a reminder comes a lead time (14 days) before. The owning system posts the `confirmed`
events; the registry alone writes `confirmation-requested` and `marked-stale` (docs/freshness.md).
Registry-written events carry the aggregate's current sequence (they do not move it), so an
owner's sequence numbering is never disturbed.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, Field

from livinglab_contracts.envelope import UriReference
from livinglab_contracts.fields import FROZEN, AggregateId, Name, ShortText

# The CloudEvents source of every event the registry writes itself.
REGISTRY_SOURCE = "/livinglab/registry"


class Confirmed(BaseModel):
    """The owner says the profile is still right; it is fresh again from this event's time."""

    model_config = FROZEN

    note: ShortText | None = Field(default=None, description="Free text, e.g. who checked it")


class FreshnessNotice(BaseModel):
    """What the registry's reminder and stale marking say about one confirmation cycle."""

    model_config = FROZEN

    last_confirmed: AwareDatetime = Field(
        description="Time of the registration, update or confirmation this notice is about"
    )
    stale_at: AwareDatetime = Field(description="When it is (or was) stale without confirmation")
    owner_source: UriReference = Field(description="CloudEvents source of the owning system")
    owner_system: Name | None = Field(
        default=None, description="System named on the owner's API key, if known"
    )
    name: Name | None = Field(default=None, description="Its name or title")


class StaleReason(StrEnum):
    UNCONFIRMED = "unconfirmed"  # the period since the last confirmation has passed
    EXPIRED = "expired"  # a need or offer whose valid_until has passed


class StaleNotice(FreshnessNotice):
    reason: StaleReason = Field(default=StaleReason.UNCONFIRMED, description="Why it is stale")


class PartnerConfirmed(Confirmed):
    partner_id: AggregateId


class InitiativeConfirmed(Confirmed):
    initiative_id: AggregateId


class NeedOfferConfirmed(Confirmed):
    need_offer_id: AggregateId


class PartnerConfirmationRequested(FreshnessNotice):
    partner_id: AggregateId


class InitiativeConfirmationRequested(FreshnessNotice):
    initiative_id: AggregateId


class NeedOfferConfirmationRequested(FreshnessNotice):
    need_offer_id: AggregateId


class PartnerMarkedStale(StaleNotice):
    partner_id: AggregateId


class InitiativeMarkedStale(StaleNotice):
    initiative_id: AggregateId


class NeedOfferMarkedStale(StaleNotice):
    need_offer_id: AggregateId
