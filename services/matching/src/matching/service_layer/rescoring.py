"""Re-scores only the neighbourhood a batch touched and turns the differences into changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from livinglab_contracts import AnyEvent, event_spec

from matching.adapters.graph_reader import GraphReader
from matching.domain import matcher
from matching.domain.match_changes import Change, Stored, diff
from matching.domain.matcher import Match
from matching.domain.taxonomy import Taxonomy

KIND_LABELS = {
    "partner_to_initiative": ("Partner", "Initiative"),
    "initiative_to_initiative": ("Initiative", "Initiative"),
    "need_to_offer": ("NeedOffer", "NeedOffer"),
}

DESCRIBING = frozenset(
    {"initiative.registered", "initiative.updated", "partner.registered", "partner.updated"}
)


@dataclass
class Touched:
    initiatives: set[str] = field(default_factory=set)
    partners: set[str] = field(default_factory=set)
    need_offers: set[str] = field(default_factory=set)
    reasons: dict[str, str] = field(default_factory=dict)  # subject id -> withdrawal reason
    described: set[str] = field(default_factory=set)  # registered/updated: quoted elsewhere too


def touched_by(events: Sequence[AnyEvent]) -> Touched:
    touched = Touched()
    for event in events:
        action = event_spec(event).base_type.removeprefix("nl.livinglab.")
        aggregate = event_spec(event).aggregate_type
        data = event.data
        if action in DESCRIBING:
            touched.described.add(event.subject)
        if aggregate == "initiative":
            touched.initiatives.add(event.subject)
            if action == "initiative.closed":
                touched.reasons[event.subject] = "initiative_closed"
            elif action == "initiative.status-changed":
                touched.reasons[event.subject] = "initiative_status_changed"
        elif aggregate == "partner":
            touched.partners.add(event.subject)
            initiative_id = getattr(data, "initiative_id", None)
            if initiative_id:
                touched.initiatives.add(initiative_id)
                reason = "partner_left" if action == "partner.left-initiative" else "now_member"
                touched.reasons[event.subject] = reason
        elif aggregate == "need_offer":
            touched.need_offers.add(event.subject)
            if action == "need-offer.withdrawn":
                touched.reasons[event.subject] = "need_offer_withdrawn"
    return touched


class Rescorer:
    def __init__(self, reader: GraphReader, taxonomy: Taxonomy, min_score: float) -> None:
        self._reader = reader
        self._taxonomy = taxonomy
        self._min_score = min_score

    async def changes(
        self, touched: Touched, feedback_match_ids: Iterable[str] = ()
    ) -> list[Change]:
        # Other matches quote a described node: a member's name, helix and levels in M2/M4 of
        # its initiatives' candidates, a publisher's name in M5. Re-score those too, or they
        # keep what the node said before (and a replay would say otherwise).
        members_of, published = await self._reader.quoting(touched.described)
        touched.initiatives |= members_of
        touched.need_offers |= published
        stored: dict[str, Stored] = {}
        stored |= await self._reader.stored_by_id(feedback_match_ids)
        for match in stored.values():
            self._touch_subjects(touched, match)
        stored |= await self._reader.stored_for_subjects("Initiative", touched.initiatives)
        stored |= await self._reader.stored_for_subjects("Partner", touched.partners)
        stored |= await self._reader.stored_for_subjects("NeedOffer", touched.need_offers)
        fresh = await self._fresh(touched, stored)
        missing = [m.match_id for m in fresh if m.match_id not in stored]
        stored |= await self._reader.stored_by_id(missing)
        reasons = {
            match_id: next(
                (touched.reasons[s] for s in m.subject_ids if s in touched.reasons),
                "no_longer_meets_criteria",
            )
            for match_id, m in stored.items()
        }
        changes = diff(stored, fresh, stored.keys(), reasons)
        # Withdrawals repeat the last announced snapshot; only they need it loaded.
        withdrawn = [c.match_id for c in changes if c.action == "withdrawn"]
        snapshots = await self._reader.snapshots(withdrawn)
        return [
            replace(c, stored=replace(c.stored, snapshot=snapshots.get(c.match_id, {})))
            if c.action == "withdrawn" and c.stored is not None
            else c
            for c in changes
        ]

    @staticmethod
    def _touch_subjects(touched: Touched, match: Stored) -> None:
        labels = KIND_LABELS.get(match.kind, ())
        for label, subject in zip(labels, match.subject_ids, strict=False):
            {
                "Partner": touched.partners,
                "Initiative": touched.initiatives,
                "NeedOffer": touched.need_offers,
            }[label].add(subject)

    async def _fresh(self, touched: Touched, stored: dict[str, Stored]) -> list[Match]:
        pairs: set[tuple[str, str]] = set()  # (partner, initiative)
        initiative_pairs: set[tuple[str, str]] = set()
        need_offer_pairs: set[tuple[str, str]] = set()
        for match in stored.values():
            kind = match.kind
            a, b = (*match.subject_ids, "", "")[:2]
            if kind == "partner_to_initiative":
                pairs.add((a, b))
            elif kind == "initiative_to_initiative":
                initiative_pairs.add((a, b))
            elif kind == "need_to_offer":
                need_offer_pairs.add((a, b))
        reader = self._reader
        for initiative_id, found in (
            await reader.same_theme("Initiative", touched.initiatives, "Partner")
        ).items():
            pairs |= {(p, initiative_id) for p in found}
        for initiative_id, found in (
            await reader.same_theme("Initiative", touched.initiatives, "Initiative")
        ).items():
            initiative_pairs |= {(initiative_id, other) for other in found}
        for partner_id, found in (
            await reader.same_theme("Partner", touched.partners, "Initiative")
        ).items():
            pairs |= {(partner_id, i) for i in found}
        for partner_id, found in (await reader.tables_of_parents(touched.partners)).items():
            pairs |= {(partner_id, t) for t in found}
        for need_offer_id, found in (
            await reader.opposite_need_offers(touched.need_offers)
        ).items():
            need_offer_pairs |= {(need_offer_id, o) for o in found}
        return await self._score(pairs, initiative_pairs, need_offer_pairs)

    async def _score(
        self,
        pairs: set[tuple[str, str]],
        initiative_pairs: set[tuple[str, str]],
        need_offer_pairs: set[tuple[str, str]],
    ) -> list[Match]:
        partners = await self._reader.partners(p for p, _ in pairs)
        initiatives = await self._reader.initiatives(
            [i for _, i in pairs] + [x for pair in initiative_pairs for x in pair]
        )
        need_offers = await self._reader.need_offers(x for pair in need_offer_pairs for x in pair)
        tax, floor = self._taxonomy, self._min_score
        found: list[Match | None] = []
        for partner_id, initiative_id in sorted(pairs):
            if partner_id in partners and initiative_id in initiatives:
                found.append(
                    matcher.partner_for_initiative(
                        partners[partner_id], initiatives[initiative_id], tax, floor
                    )
                )
        for a, b in sorted(initiative_pairs):
            if a in initiatives and b in initiatives:
                found.append(matcher.initiative_pair(initiatives[a], initiatives[b], tax, floor))
        for a, b in sorted(need_offer_pairs):
            if a in need_offers and b in need_offers:
                x, y = need_offers[a], need_offers[b]
                need, offer = (x, y) if x.direction == "need" else (y, x)
                found.append(matcher.need_for_offer(need, offer, tax, floor))
        return [m for m in found if m is not None]
