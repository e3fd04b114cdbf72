"""Every event type the system knows: its data model, topic, aggregate and id field."""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass

from pydantic import BaseModel

from livinglab_contracts import freshness as fr
from livinglab_contracts import initiatives as ini
from livinglab_contracts import label_awards as lab
from livinglab_contracts import matches as mat
from livinglab_contracts import needs_offers as no
from livinglab_contracts import partners as par

TYPE_PREFIX = "nl.livinglab."
PREFIX = TYPE_PREFIX  # older name

INITIATIVES_TOPIC = "registry.initiatives.v1"
PARTNERS_TOPIC = "registry.partners.v1"
NEEDS_OFFERS_TOPIC = "registry.needs-offers.v1"
MATCHES_TOPIC = "matching.matches.v1"
FEEDBACK_TOPIC = "matching.feedback.v1"
REGISTRY_TOPICS = (INITIATIVES_TOPIC, PARTNERS_TOPIC, NEEDS_OFFERS_TOPIC)
ALL_TOPICS = (*REGISTRY_TOPICS, MATCHES_TOPIC, FEEDBACK_TOPIC)
# The record key of every topic: the aggregate id, so one aggregate stays in one partition.
TOPIC_KEYS = {
    INITIATIVES_TOPIC: "initiative_id",
    PARTNERS_TOPIC: "partner_id",
    NEEDS_OFFERS_TOPIC: "need_offer_id",
    MATCHES_TOPIC: "match_id",
    FEEDBACK_TOPIC: "match_id",
}
_VERSIONED = re.compile(r"^(?P<base>.+)\.v(?P<version>[0-9]{1,4})$")
_TOPIC = re.compile(r"^[A-Za-z0-9._-]{1,249}$")  # Kafka's own rule for topic names


@dataclass(frozen=True)
class EventSpec:
    type: str
    data_model: builtins.type[BaseModel]
    topic: str
    aggregate_type: str
    aggregate_field: str  # the data field whose value is the record key and equals `subject`
    creates: bool = False  # first event of an aggregate
    summary: str = ""

    @property
    def base_type(self) -> str:
        return split_type(self.type)[0]

    @property
    def version(self) -> int:
        return split_type(self.type)[1] or 0

    @property
    def name(self) -> str:
        """The short name used in examples and docs, e.g. 'partner.registered'."""
        return self.base_type.removeprefix(TYPE_PREFIX)


def split_type(event_type: str) -> tuple[str, int | None]:
    """'nl.livinglab.partner.registered.v1' -> ('nl.livinglab.partner.registered', 1)."""
    found = _VERSIONED.match(event_type)
    return (event_type, None) if found is None else (found["base"], int(found["version"]))


def _spec(
    name: str, model: type[BaseModel], topic: str, summary: str, *, creates: bool = False
) -> EventSpec:
    field = TOPIC_KEYS[topic]
    aggregate = field.removesuffix("_id")
    return EventSpec(f"{TYPE_PREFIX}{name}.v1", model, topic, aggregate, field, creates, summary)


_I, _P, _N, _M, _F = ALL_TOPICS
EVENT_SPECS: tuple[EventSpec, ...] = (
    _spec("initiative.registered", ini.InitiativeRegistered, _I, "A new initiative", creates=True),
    _spec("initiative.updated", ini.InitiativeUpdated, _I, "Some fields of an initiative changed"),
    _spec(
        "initiative.status-changed",
        ini.InitiativeStatusChanged,
        _I,
        "An initiative moved between idea, pilot, active and sustained",
    ),
    _spec(
        "initiative.closed",
        ini.InitiativeClosed,
        _I,
        "An initiative ended; matches resting on it are withdrawn",
    ),
    _spec(
        "initiative.confirmed",
        fr.InitiativeConfirmed,
        _I,
        "The owner confirms the initiative is still right; it is fresh again (profile freshness)",
    ),
    _spec(
        "initiative.confirmation-requested",
        fr.InitiativeConfirmationRequested,
        _I,
        "Written by the registry: the initiative turns stale soon unless its owner confirms it",
    ),
    _spec(
        "initiative.marked-stale",
        fr.InitiativeMarkedStale,
        _I,
        "Written by the registry: the initiative is stale and is not proposed until confirmed",
    ),
    _spec("partner.registered", par.PartnerRegistered, _P, "A new partner", creates=True),
    _spec("partner.updated", par.PartnerUpdated, _P, "Some fields of a partner changed"),
    _spec(
        "partner.joined-initiative",
        par.PartnerJoinedInitiative,
        _P,
        "A partner became a member of an initiative (both owners consented)",
    ),
    _spec(
        "partner.membership-requested",
        par.PartnerMembershipRequested,
        _P,
        "One side asks for a membership; pending until the other side confirms",
    ),
    _spec(
        "partner.membership-declined",
        par.PartnerMembershipDeclined,
        _P,
        "A pending membership request was declined or withdrawn",
    ),
    _spec(
        "partner.left-initiative",
        par.PartnerLeftInitiative,
        _P,
        "A partner left an initiative or was removed by its owner (recorded, not deleted)",
    ),
    _spec(
        "partner.merged",
        par.PartnerMerged,
        _P,
        "A duplicate partner is merged into another (its survivor); its matches are withdrawn",
    ),
    _spec(
        "partner.confirmed",
        fr.PartnerConfirmed,
        _P,
        "The owner confirms the partner is still right; it is fresh again (profile freshness)",
    ),
    _spec(
        "partner.confirmation-requested",
        fr.PartnerConfirmationRequested,
        _P,
        "Written by the registry: the partner turns stale soon unless its owner confirms it",
    ),
    _spec(
        "partner.marked-stale",
        fr.PartnerMarkedStale,
        _P,
        "Written by the registry: the partner is stale and is not proposed until confirmed",
    ),
    _spec(
        "partner.label-awarded",
        lab.PartnerLabelAwarded,
        _P,
        "Written by the registry: a lab the partner hosts was admitted to ENoLL (its member type)",
    ),
    _spec("need.published", no.NeedPublished, _N, "A need is published", creates=True),
    _spec("offer.published", no.OfferPublished, _N, "An offer is published", creates=True),
    _spec(
        "need-offer.withdrawn",
        no.NeedOfferWithdrawn,
        _N,
        "A need or offer is withdrawn, fulfilled or expired",
    ),
    _spec(
        "need-offer.confirmed",
        fr.NeedOfferConfirmed,
        _N,
        "The owner confirms the need or offer is still right; it is fresh again",
    ),
    _spec(
        "need-offer.confirmation-requested",
        fr.NeedOfferConfirmationRequested,
        _N,
        "Written by the registry: the need or offer turns stale soon unless its owner confirms it",
    ),
    _spec(
        "need-offer.marked-stale",
        fr.NeedOfferMarkedStale,
        _N,
        "Written by the registry: the need or offer is stale and is not proposed until confirmed",
    ),
    _spec("match.proposed", mat.MatchProposed, _M, "The matching service proposes a match"),
    _spec("match.updated", mat.MatchUpdated, _M, "The score or reasons of a match changed"),
    _spec(
        "match.withdrawn",
        mat.MatchWithdrawn,
        _M,
        "A proposed match no longer holds (partner left, initiative closed, declined...)",
    ),
    _spec("match.accepted", mat.MatchAccepted, _F, "A coordinator accepted a match"),
    _spec("match.declined", mat.MatchDeclined, _F, "A coordinator declined a match"),
)
SPECS_BY_TYPE: dict[str, EventSpec] = {spec.type: spec for spec in EVENT_SPECS}
SPECS_BY_MODEL: dict[type[BaseModel], EventSpec] = {spec.data_model: spec for spec in EVENT_SPECS}
REGISTRY_EVENT_TYPES = tuple(s.type for s in EVENT_SPECS if s.topic in REGISTRY_TOPICS)
# Registry events only the registry writes (profile freshness, labels); partner systems may not
# post them.
REGISTRY_WRITTEN_TYPES = tuple(
    s.type
    for s in EVENT_SPECS
    if s.name.endswith((".confirmation-requested", ".marked-stale", ".label-awarded"))
)


def spec_for(event_type: str) -> EventSpec | None:
    return SPECS_BY_TYPE.get(event_type)


def specs_on(topic: str) -> tuple[EventSpec, ...]:
    return tuple(spec for spec in EVENT_SPECS if spec.topic == topic)


def supported_versions(base_type: str) -> tuple[int, ...]:
    return tuple(sorted(s.version for s in EVENT_SPECS if s.base_type == base_type))


def current_version(base_type: str) -> int | None:
    versions = supported_versions(base_type)
    return versions[-1] if versions else None


def topic_name(base: str, prefix: str = "") -> str:
    """Topic name for a deployment; test runs isolate themselves with a prefix such as 't-1a2b.'."""
    name = f"{prefix}{base}"
    if not _TOPIC.match(name):
        raise ValueError(f"'{name}' is not a valid Kafka topic name ([A-Za-z0-9._-], max 249)")
    return name


def dead_letter_topic(base: str) -> str:
    """Where consumers put records of `base` they cannot process, with the reason in a header."""
    return f"{base}.dlq"
