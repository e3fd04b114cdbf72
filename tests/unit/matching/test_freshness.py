"""Profile freshness in matching (issue 19): the registry's stale mark excludes a profile exactly
like `pending` does, a confirmation (or an update) clears it, and a mark older than the node's
last event is ignored, so the graph is a function of the topics (docs/freshness.md)."""

from __future__ import annotations

from livinglab_contracts import AnyEvent, parse_event
from livinglab_contracts.examples import example_event
from matching.domain.graph_state import GraphState
from matching.domain.matcher import STALE_EXCLUSION, need_offer_excluded, partner_excluded
from matching.domain.profiles import InitiativeProfile, NeedOfferProfile, PartnerProfile
from matching.service_layer.rescoring import withdrawal_reasons


def example(name: str, sequence: int = 1, subject: str | None = None) -> AnyEvent:
    raw = example_event(name, sequence=sequence)
    if subject is not None:
        field = next(k for k in raw["data"] if k.endswith("_id"))
        raw["subject"] = raw["data"][field] = subject
    return parse_event(raw)


def _network() -> GraphState:
    graph = GraphState()
    graph.apply(
        [
            example("initiative.registered"),
            example("partner.registered"),
            example("need.published"),
            example("offer.published"),
        ]
    )
    return graph


def _partner(graph: GraphState) -> PartnerProfile:
    found = graph.profile("vista-college")
    assert isinstance(found, PartnerProfile)
    return found


def _initiative(graph: GraphState) -> InitiativeProfile:
    found = graph.profile("cop-limburg")
    assert isinstance(found, InitiativeProfile)
    return found


def test_a_stale_partner_is_excluded_like_a_pending_one_and_a_confirmation_clears_it() -> None:
    graph = _network()
    assert partner_excluded(_partner(graph), _initiative(graph)) is None
    graph.apply([example("partner.marked-stale", sequence=1)])
    assert _partner(graph).stale
    assert partner_excluded(_partner(graph), _initiative(graph)) == STALE_EXCLUSION
    graph.apply([example("partner.confirmed", sequence=2)])
    assert not _partner(graph).stale
    assert partner_excluded(_partner(graph), _initiative(graph)) is None


def test_an_update_clears_the_mark_too() -> None:
    graph = _network()
    graph.apply([example("partner.marked-stale"), example("partner.updated", sequence=2)])
    assert not _partner(graph).stale


def test_a_mark_behind_a_later_event_of_the_aggregate_is_ignored() -> None:
    """The registry swept at sequence 1 while the owner's update (2) landed first."""
    graph = _network()
    graph.apply([example("partner.updated", sequence=2), example("partner.marked-stale")])
    assert not _partner(graph).stale


def test_a_stale_initiative_is_excluded() -> None:
    graph = _network()
    graph.apply([example("initiative.marked-stale")])
    assert _initiative(graph).stale
    assert partner_excluded(_partner(graph), _initiative(graph)) == STALE_EXCLUSION
    graph.apply([example("initiative.confirmed", sequence=2)])
    assert partner_excluded(_partner(graph), _initiative(graph)) is None


def test_a_stale_need_meets_no_offer() -> None:
    graph = _network()
    need_id = example("need.published").subject
    offer = graph.profile(example("offer.published").subject)
    graph.apply([example("need-offer.marked-stale", subject=need_id)])
    need = graph.profile(need_id)
    assert isinstance(need, NeedOfferProfile) and isinstance(offer, NeedOfferProfile)
    assert need.stale and need_offer_excluded(need, offer) == STALE_EXCLUSION


def test_matches_of_a_stale_profile_are_withdrawn_with_the_reason_stale() -> None:
    assert withdrawal_reasons([example("partner.marked-stale")]) == {"vista-college": "stale"}


def test_a_reminder_changes_nothing_in_the_graph() -> None:
    graph = _network()
    before = dict(graph.nodes["vista-college"])
    graph.apply([example("partner.confirmation-requested")])
    assert graph.nodes["vista-college"] == before
