"""Every event type the system knows: its data model, topic, aggregate and id field."""

from __future__ import annotations

import builtins
from dataclasses import dataclass

from pydantic import BaseModel

from livinglab_contracts import initiatives as ini
from livinglab_contracts import matches as mat
from livinglab_contracts import needs_offers as no
from livinglab_contracts import partners as par

PREFIX = "nl.livinglab."

INITIATIVES_TOPIC = "registry.initiatives.v1"
PARTNERS_TOPIC = "registry.partners.v1"
NEEDS_OFFERS_TOPIC = "registry.needs-offers.v1"
MATCHES_TOPIC = "matching.matches.v1"
FEEDBACK_TOPIC = "matching.feedback.v1"
REGISTRY_TOPICS = (INITIATIVES_TOPIC, PARTNERS_TOPIC, NEEDS_OFFERS_TOPIC)


@dataclass(frozen=True)
class EventSpec:
    type: str
    data_model: builtins.type[BaseModel]
    topic: str
    aggregate_type: str
    aggregate_field: str
    creates: bool = False  # first event of an aggregate
    summary: str = ""

    @property
    def base_type(self) -> str:
        return self.type.rsplit(".", 1)[0]

    @property
    def version(self) -> int:
        return int(self.type.rsplit(".v", 1)[1])


def _spec(
    name: str, model: type[BaseModel], topic: str, aggregate: str, field: str, **kw: object
) -> EventSpec:
    return EventSpec(f"{PREFIX}{name}.v1", model, topic, aggregate, field, **kw)  # type: ignore[arg-type]


_I, _P, _N = INITIATIVES_TOPIC, PARTNERS_TOPIC, NEEDS_OFFERS_TOPIC
EVENT_SPECS: tuple[EventSpec, ...] = (
    _spec(
        "initiative.registered",
        ini.InitiativeRegistered,
        _I,
        "initiative",
        "initiative_id",
        creates=True,
        summary="A new initiative (learning community, living lab, table...) is registered",
    ),
    _spec(
        "initiative.updated",
        ini.InitiativeUpdated,
        _I,
        "initiative",
        "initiative_id",
        summary="Some fields of an initiative changed",
    ),
    _spec(
        "initiative.status-changed",
        ini.InitiativeStatusChanged,
        _I,
        "initiative",
        "initiative_id",
        summary="An initiative moved between idea, pilot, active and sustained",
    ),
    _spec(
        "initiative.closed",
        ini.InitiativeClosed,
        _I,
        "initiative",
        "initiative_id",
        summary="An initiative ended; matches resting on it are withdrawn",
    ),
    _spec(
        "partner.registered",
        par.PartnerRegistered,
        _P,
        "partner",
        "partner_id",
        creates=True,
        summary="A new partner organisation is registered",
    ),
    _spec(
        "partner.updated",
        par.PartnerUpdated,
        _P,
        "partner",
        "partner_id",
        summary="Some fields of a partner changed",
    ),
    _spec(
        "partner.joined-initiative",
        par.PartnerJoinedInitiative,
        _P,
        "partner",
        "partner_id",
        summary="A partner became a member of an initiative",
    ),
    _spec(
        "partner.left-initiative",
        par.PartnerLeftInitiative,
        _P,
        "partner",
        "partner_id",
        summary="A partner left an initiative (recorded, not deleted)",
    ),
    _spec(
        "need.published",
        no.NeedPublished,
        _N,
        "need_offer",
        "need_offer_id",
        creates=True,
        summary="A partner or initiative publishes a need",
    ),
    _spec(
        "offer.published",
        no.OfferPublished,
        _N,
        "need_offer",
        "need_offer_id",
        creates=True,
        summary="A partner or initiative publishes an offer",
    ),
    _spec(
        "need-offer.withdrawn",
        no.NeedOfferWithdrawn,
        _N,
        "need_offer",
        "need_offer_id",
        summary="A need or offer is withdrawn or fulfilled",
    ),
    _spec(
        "match.proposed",
        mat.MatchProposed,
        MATCHES_TOPIC,
        "match",
        "match_id",
        summary="The matching service proposes a collaboration",
    ),
    _spec(
        "match.updated",
        mat.MatchUpdated,
        MATCHES_TOPIC,
        "match",
        "match_id",
        summary="The score or reasons of a proposed match changed",
    ),
    _spec(
        "match.withdrawn",
        mat.MatchWithdrawn,
        MATCHES_TOPIC,
        "match",
        "match_id",
        summary="A proposed match no longer holds (partner left, initiative closed, declined...)",
    ),
    _spec(
        "match.accepted",
        mat.MatchAccepted,
        FEEDBACK_TOPIC,
        "match",
        "match_id",
        summary="A coordinator accepted a match",
    ),
    _spec(
        "match.declined",
        mat.MatchDeclined,
        FEEDBACK_TOPIC,
        "match",
        "match_id",
        summary="A coordinator declined a match; it is not proposed again",
    ),
)
SPECS_BY_TYPE: dict[str, EventSpec] = {spec.type: spec for spec in EVENT_SPECS}
REGISTRY_EVENT_TYPES = tuple(s.type for s in EVENT_SPECS if s.topic in REGISTRY_TOPICS)
ALL_TOPICS = (*REGISTRY_TOPICS, MATCHES_TOPIC, FEEDBACK_TOPIC)


def spec_for(event_type: str) -> EventSpec | None:
    return SPECS_BY_TYPE.get(event_type)


def topic_name(base: str, prefix: str = "") -> str:
    """Topic name for a deployment; test runs isolate themselves with a unique prefix."""
    return f"{prefix}{base}"


def dead_letter_topic(base: str) -> str:
    return f"{base}.dlq"
