"""The consent rule for references between systems (issue 16, D1), decided in memory."""

from __future__ import annotations

from typing import Any

from registry.domain.admission import Admit, Refusal, admit
from registry.domain.events import RegistryEvent
from registry.domain.queries import Filters, matches
from registry.domain.view import RegistryView

from tests.unit.registry.builders import OTHER_SOURCE, digest, parsed, principal, record, view_of

A, B = "/systems/vista-crm", OTHER_SOURCE  # A owns the partner, B the initiative
TERMS = {"role": "lead", "since": "2021-01-01"}


def two_systems() -> RegistryView:
    """B's initiative cop-limburg, A's partner vista-college (and A's own initiative a-table)."""
    return view_of(
        parsed("initiative.registered", source=B),
        parsed("partner.registered", source=A),
        parsed(
            "initiative.registered",
            source=A,
            subject="a-table",
            data={"initiative_id": "a-table"},
        ),
    )


def event(name: str, source: str, sequence: int, **data: Any) -> RegistryEvent:
    return parsed(name, sequence=sequence, source=source, data=data)


def decide(view: RegistryView, ev: RegistryEvent, **granted: Any) -> Admit | Refusal:
    decision = admit(view, ev, digest(ev), principal(ev.source, **granted))
    assert isinstance(decision, Admit | Refusal), decision
    return decision


def code(decision: object) -> tuple[int, str]:
    assert isinstance(decision, Refusal), decision
    return decision.status, decision.code


def test_a_membership_in_another_systems_initiative_is_not_posted_at_once() -> None:
    view = two_systems()
    joined = event("partner.joined-initiative", A, 2, **TERMS)
    assert code(decide(view, joined)) == (403, "consent_required")


def test_a_request_is_pending_until_the_initiatives_owner_confirms_on_the_same_terms() -> None:
    view = two_systems()
    request = event("partner.membership-requested", A, 2, **TERMS)
    assert isinstance(decide(view, request), Admit)
    record(view, request)
    partner, initiative = view.aggregates["vista-college"], view.aggregates["cop-limburg"]
    assert partner.state["membership_requests"]["cop-limburg"]["status"] == "requested"
    assert initiative.state["membership_requests"]["vista-college"]["awaiting"] == "initiative"
    assert partner.state["memberships"] == {} and initiative.state["members"] == {}
    assert not matches(initiative, Filters(member="vista-college"))

    # The requester cannot confirm its own request; B must, on the same terms, next sequence.
    assert code(decide(view, event("partner.joined-initiative", A, 3, **TERMS))) == (
        403,
        "consent_required",
    )
    other_terms = event("partner.joined-initiative", B, 3, role="partner", since="2021-01-01")
    assert code(decide(view, other_terms)) == (409, "terms_differ")
    far_ahead = event("partner.joined-initiative", B, 99, **TERMS)
    assert code(decide(view, far_ahead)) == (409, "sequence_not_next")
    confirm = event("partner.joined-initiative", B, 3, **TERMS)
    assert isinstance(decide(view, confirm), Admit)
    record(view, confirm)
    assert initiative.state["members"]["vista-college"]["role"] == "lead"
    assert partner.state["membership_requests"] == {}
    assert matches(initiative, Filters(member="vista-college"))


def test_the_initiatives_owner_may_invite_and_the_partners_owner_confirms() -> None:
    view = two_systems()
    invite = event("partner.membership-requested", B, 2, requested_by="initiative", **TERMS)
    assert isinstance(decide(view, invite), Admit)
    record(view, invite)
    # B may not answer its own invitation; A does.
    assert code(decide(view, event("partner.joined-initiative", B, 3, **TERMS))) == (
        403,
        "consent_required",
    )
    assert isinstance(decide(view, event("partner.joined-initiative", A, 3, **TERMS)), Admit)


def test_a_request_is_made_only_for_the_side_one_owns() -> None:
    view = two_systems()
    as_initiative = event("partner.membership-requested", A, 2, requested_by="initiative", **TERMS)
    assert code(decide(view, as_initiative)) == (403, "consent_required")


def test_either_owner_may_decline_and_the_initiatives_owner_may_remove_a_member() -> None:
    view = two_systems()
    record(view, event("partner.membership-requested", A, 2, **TERMS))
    decline = event("partner.membership-declined", B, 3, reason="no seat left")
    assert isinstance(decide(view, decline), Admit)
    record(view, decline)
    assert view.aggregates["cop-limburg"].state["membership_requests"]["vista-college"][
        "status"
    ] == ("declined")
    assert code(decide(view, event("partner.membership-declined", A, 4))) == (
        409,
        "no_pending_request",
    )
    record(view, event("partner.membership-requested", A, 4, **TERMS))
    record(view, event("partner.joined-initiative", B, 5, **TERMS))
    removal = event("partner.left-initiative", B, 6, until="2025-01-01")
    assert isinstance(decide(view, removal), Admit)


def test_a_third_system_may_not_touch_the_membership() -> None:
    view = two_systems()
    record(view, event("partner.membership-requested", A, 2, **TERMS))
    third = event("partner.membership-declined", "/systems/third", 3)
    assert code(decide(view, third)) == (403, "not_owner")


def test_one_system_owning_both_sides_posts_the_membership_at_once() -> None:
    view = two_systems()
    joined = event("partner.joined-initiative", A, 2, initiative_id="a-table", **TERMS)
    assert isinstance(decide(view, joined), Admit)
    granted = event("partner.joined-initiative", A, 2, **TERMS)
    assert isinstance(decide(view, granted, granted=("cop-limburg",)), Admit)


def test_publishing_as_or_registering_under_another_systems_aggregate_needs_its_owner() -> None:
    view = two_systems()
    need = parsed("need.published", source=B)  # publisher: A's vista-college
    assert code(decide(view, need)) == (403, "consent_required")
    assert isinstance(decide(view, parsed("need.published", source=A)), Admit)
    child = parsed(
        "initiative.registered",
        source=A,
        subject="a-child",
        data={"initiative_id": "a-child", "parent_id": "cop-limburg"},
    )
    assert code(decide(view, child)) == (403, "consent_required")
    assert isinstance(decide(view, child, granted=("cop-limburg",)), Admit)


def test_the_publishers_owner_may_withdraw_what_was_published_in_its_name() -> None:
    view = two_systems()
    # Published before the rule existed (or through a grant): B's need in A's partner's name.
    record(view, parsed("need.published", source=B))
    withdrawn = parsed(
        "need-offer.withdrawn",
        sequence=2,
        source=A,
        subject="need-procestechnologen",
        data={"need_offer_id": "need-procestechnologen"},
    )
    assert isinstance(decide(view, withdrawn), Admit)
