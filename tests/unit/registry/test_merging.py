"""Merging a duplicate partner into its survivor (partner.merged): the rules, the read model,
replay in either order, and the coordinator's route."""

from __future__ import annotations

from typing import Any

from registry.domain.admission import Admit, Duplicate, admit
from registry.domain.events import RegistryEvent
from registry.domain.export import published
from registry.domain.merging import aliases_of
from registry.domain.view import RegistryView

from tests.unit.registry.builders import OTHER_SOURCE, digest, parsed, principal, raw, record
from tests.unit.registry.test_admission import decide, refused
from tests.unit.registry.test_api import Api, api, error

__all__ = ["api"]  # the fixture, imported for this module
KVK = {"external_ids": {"kvk": "14080231"}}


def other(name: str, /, sequence: int = 1, **data: Any) -> RegistryEvent:
    """An event of the other system about its partner vista-nl (or what `data` names)."""
    subject = data.get("partner_id", data.get("initiative_id", "vista-nl"))
    if name.startswith("partner."):
        data = {"partner_id": "vista-nl"} | data
        subject = data["partner_id"]
    return parsed(name, sequence=sequence, source=OTHER_SOURCE, subject=subject, data=data)


def duplicate_events() -> list[RegistryEvent]:
    """vista-college (member of cop-limburg) and vista-nl of another system, the same KvK,
    member of cop-limburg and of its own system's initiative 'techlab'."""
    return [
        parsed("initiative.registered"),
        parsed("partner.registered", data=KVK),
        parsed("partner.joined-initiative", sequence=2),
        other("initiative.registered", initiative_id="techlab", name="Techlab"),
        other("partner.registered", name="Vista", aliases=["VISTA Sittard"], **KVK),
        other("partner.joined-initiative", 2, initiative_id="techlab", role="partner"),
        # (recorded as admitted: a membership both owners consented to)
        other("partner.joined-initiative", 3, initiative_id="cop-limburg", role="partner"),
    ]


def merge(event_id: str = "merge-1", survivor: str = "vista-college") -> RegistryEvent:
    return parsed(
        "partner.merged",
        event_id=event_id,
        sequence=4,
        source=OTHER_SOURCE,
        subject="vista-nl",
        data={"partner_id": "vista-nl", "survivor_id": survivor, "reason": "same KvK 14080231"},
    )


def merged_view() -> tuple[RegistryView, RegistryEvent]:
    view = RegistryView()
    for event in duplicate_events():
        record(view, event)
    event = merge("merge-1")
    assert admit(view, event, digest(event), principal(OTHER_SOURCE)) == Admit()
    record(view, event)
    return view, event


def test_the_duplicate_goes_away_in_the_survivor_with_its_names_and_memberships() -> None:
    view, _ = merged_view()
    duplicate = view.aggregates["vista-nl"].state
    survivor = view.aggregates["vista-college"].state
    assert duplicate["merged_into"] == "vista-college"
    assert duplicate["merge_reason"] == "same KvK 14080231"
    # Its own memberships end on the merge date ...
    on = "2026-03-01"  # the examples' time, 09:00 +01:00, is that day in UTC
    for initiative_id in ("techlab", "cop-limburg"):
        assert duplicate["memberships"][initiative_id]["until"] == on
        assert duplicate["memberships"][initiative_id]["left_reason"] == "merged"
        assert view.aggregates[initiative_id].state["members"]["vista-nl"]["until"] == on
    # ... and carry on as the survivor's where it had none: techlab, not cop-limburg (its own).
    assert survivor["merged_ids"] == ["vista-nl"]
    assert aliases_of(survivor) == ["Vista", "VISTA Sittard"]
    assert survivor["merged_names"] == {"vista-nl": ["Vista", "VISTA Sittard"]}
    assert survivor["memberships"]["techlab"] == {
        "role": "partner",
        "helix": "onderwijs",
        "since": "2021-01-01",
        "until": None,
        "merged_from": "vista-nl",
    }
    assert "merged_from" not in survivor["memberships"]["cop-limburg"]
    techlab_members = view.aggregates["techlab"].state["members"]
    assert techlab_members["vista-college"]["until"] is None


def test_after_a_merge_the_duplicate_takes_no_event_and_no_merge_leads_into_it() -> None:
    view, event = merged_view()
    # The same merge again is a duplicate, like any event sent twice.
    assert isinstance(admit(view, event, digest(event), principal(OTHER_SOURCE)), Duplicate)
    # Anything else about the duplicate: 409 merged, naming the survivor.
    update = other("partner.updated", 5, name="Vista NL")
    decision = decide(view, update, OTHER_SOURCE)
    assert refused(decision) == (409, "merged", "subject")
    assert "'vista-college'" in decision.message  # type: ignore[attr-defined]
    assert refused(decide(view, merge("merge-2"), OTHER_SOURCE)) == (409, "merged", "subject")
    # A merge into the merged partner is told where it went.
    record(view, parsed("partner.registered", subject="vista-3", data={"partner_id": "vista-3"}))
    into_merged = parsed(
        "partner.merged",
        sequence=2,
        subject="vista-3",
        data={"partner_id": "vista-3", "survivor_id": "vista-nl", "reason": "same KvK"},
    )
    decision = decide(view, into_merged)
    assert refused(decision) == (409, "merged", "data.survivor_id")
    assert "merged into 'vista-college'" in decision.message  # type: ignore[attr-defined]
    # Nor is anything published in its name.
    need = parsed("need.published", source=OTHER_SOURCE, data={"publisher_id": "vista-nl"})
    assert refused(decide(view, need, OTHER_SOURCE)) == (409, "merged", "data.publisher_id")


def test_a_merge_names_a_registered_partner_and_its_owner_or_a_grant_posts_it() -> None:
    view = RegistryView()
    for event in duplicate_events():
        record(view, event)
    unknown = merge("merge-x", survivor="nobody")
    assert refused(decide(view, unknown, OTHER_SOURCE)) == (
        422,
        "unknown_reference",
        "data.survivor_id",
    )
    not_registered = parsed(
        "partner.merged",
        subject="ghost",
        data={"partner_id": "ghost", "survivor_id": "vista-college", "reason": "r"},
    )
    assert refused(decide(view, not_registered)) == (422, "unknown_aggregate", "subject")
    # vista-nl is the other system's: vista-crm's key may not merge it away.
    by_survivor = parsed(
        "partner.merged",
        sequence=4,
        subject="vista-nl",
        data={"partner_id": "vista-nl", "survivor_id": "vista-college", "reason": "mine"},
    )
    assert refused(decide(view, by_survivor)) == (403, "not_owner", "subject")


def test_a_replay_that_reads_the_merge_before_the_survivor_gives_the_same_register() -> None:
    in_order, _ = merged_view()
    events = duplicate_events()
    duplicate_first = [events[0], *events[3:], merge("merge-1"), *events[1:3]]
    replayed = RegistryView()
    for event in duplicate_first:
        record(replayed, event)
    assert not replayed.unplaced_merges
    for aggregate_id in ("vista-college", "vista-nl", "techlab", "cop-limburg"):
        assert replayed.aggregates[aggregate_id].state == in_order.aggregates[aggregate_id].state


def test_the_export_leaves_the_duplicate_out() -> None:
    view, event = merged_view()
    register = published(view.aggregates.values(), "https://licence", event.time)
    assert [p.id for p in register.partners] == ["vista-college"]


async def test_a_coordinator_merges_a_listed_duplicate_once(api: Api) -> None:
    partner_key = await api.key()
    other_key = await api.key(system="other-crm", sources=[OTHER_SOURCE])
    coordinator = await api.key(system="coordinator", role="coordinator", sources=[])
    for headers, event in (
        (partner_key, raw("partner.registered", data=KVK)),
        (
            other_key,
            raw(
                "partner.registered",
                source=OTHER_SOURCE,
                subject="vista-nl",
                data={"partner_id": "vista-nl", "name": "Vista", **KVK},
            ),
        ),
    ):
        response = await api.client.post("/v1/events", json=event, headers=headers)
        assert response.status_code == 202, response.text
    assert (await api.client.get("/v1/duplicates", headers=coordinator)).json()["total"] == 1

    body = {"duplicate_id": "vista-nl", "survivor_id": "vista-college", "reason": "same KvK"}
    refused_ = await api.client.post("/v1/duplicates/merge", json=body, headers=partner_key)
    assert error(refused_) == (403, "forbidden")
    itself = body | {"survivor_id": "vista-nl"}
    same = await api.client.post("/v1/duplicates/merge", json=itself, headers=coordinator)
    assert error(same) == (422, "invalid_event")
    merged = await api.client.post("/v1/duplicates/merge", json=body, headers=coordinator)
    assert merged.status_code == 202, merged.text
    again = await api.client.post("/v1/duplicates/merge", json=body, headers=coordinator)
    assert again.status_code == 200 and again.json() == merged.json() | {"duplicate": True}
    reverse = body | {"duplicate_id": "vista-college", "survivor_id": "vista-nl"}
    into_merged = await api.client.post("/v1/duplicates/merge", json=reverse, headers=coordinator)
    assert error(into_merged) == (409, "merged")

    assert (await api.client.get("/v1/duplicates", headers=coordinator)).json()["total"] == 0
    gone = (await api.client.get("/v1/partners/vista-nl", headers=coordinator)).json()
    assert gone["merged_into"] == "vista-college"
    survivor = (await api.client.get("/v1/partners/vista-college", headers=coordinator)).json()
    assert survivor["merged_ids"] == ["vista-nl"] and survivor["aliases"] == ["Vista"]
    update = raw(
        "partner.updated",
        source=OTHER_SOURCE,
        subject="vista-nl",
        sequence=3,
        data={"partner_id": "vista-nl"},
    )
    late = await api.client.post("/v1/events", json=update, headers=other_key)
    assert error(late) == (409, "merged")


def test_a_replay_that_reads_the_survivors_later_leave_before_the_merge_ends_the_same() -> None:
    leave = parsed(
        "partner.left-initiative",
        sequence=3,
        data={"initiative_id": "techlab", "until": "2026-06-30", "reason": "done"},
    )
    live, _ = merged_view()
    record(live, leave)
    assert live.aggregates["vista-college"].state["memberships"]["techlab"]["until"] == "2026-06-30"
    events = duplicate_events()
    survivor_first = [*events, leave, merge("merge-1")]
    replayed = RegistryView()
    for event in survivor_first:
        record(replayed, event)
    for aggregate_id in ("vista-college", "vista-nl", "techlab"):
        assert replayed.aggregates[aggregate_id].state == live.aggregates[aggregate_id].state


def test_merges_and_alias_updates_read_in_any_order_give_the_same_survivor() -> None:
    """Two duplicates merged into one survivor (both members of techlab), and its owner's update
    of its aliases, are keyed apart: in whatever order a replay reads them, the survivor shows
    the same."""
    second = [
        parsed("partner.registered", subject="vista-2", data={"partner_id": "vista-2"} | KVK),
        parsed(
            "partner.joined-initiative",
            sequence=2,
            subject="vista-2",
            data={"partner_id": "vista-2", "initiative_id": "techlab", "since": "2020-01-01"},
        ),
        parsed(
            "partner.merged",
            sequence=3,
            subject="vista-2",
            data={"partner_id": "vista-2", "survivor_id": "vista-college", "reason": "KvK"},
        ),
    ]
    update = parsed("partner.updated", sequence=3, data={"aliases": ["Vista college Sittard"]})
    events = duplicate_events()
    orders = [
        [*events, merge("merge-1"), *second, update],
        [*events[:3], update, *second, *events[3:], merge("merge-1")],
    ]
    shown = []
    for order in orders:
        view = RegistryView()
        for event in order:
            record(view, event)
        survivor = view.aggregates["vista-college"].state
        techlab = survivor["memberships"]["techlab"]
        assert view.aggregates["techlab"].state["members"]["vista-college"] == techlab
        shown.append((survivor["merged_ids"], aliases_of(survivor), techlab))
    assert shown[0] == shown[1]
    merged_ids, aliases, techlab = shown[0]
    assert merged_ids == ["vista-2", "vista-nl"]
    assert aliases == ["Vista college Sittard", "Vista", "VISTA Sittard"]  # not vista-2's name:
    # it is the survivor's. Both carried techlab: the smaller id's terms, in either order.
    assert techlab["merged_from"] == "vista-2" and techlab["role"] == "lead"
