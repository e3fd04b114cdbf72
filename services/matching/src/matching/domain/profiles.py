"""What scoring sees of the graph: small immutable profiles (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from matching.domain.text import Term

T = TypeVar("T")


@dataclass(frozen=True)
class Member:
    partner_id: str
    name: str
    helix: str
    levels: tuple[str, ...] = ()
    active: bool = True


class _Derives:
    """What scoring derives from a profile, kept with the very profile object (a changed
    profile is a new object); no part of its value."""

    _derived: dict[str, Any]

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per profile object: scoring asks for the same facts of a profile
        for every candidate it is scored with."""
        if key not in self._derived:
            self._derived[key] = compute()
        found: T = self._derived[key]
        return found


@dataclass(frozen=True)
class PartnerProfile(_Derives):
    id: str
    name: str
    kind: str
    helix: str
    themes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    facilities: tuple[str, ...] = ()
    opt_in: bool = True
    pending: bool = False
    stale: bool = False  # marked stale by the registry (profile freshness), until confirmed
    merged_into: str | None = None  # a duplicate merged into this partner (partner.merged)
    # Its ENoLL label (partner.label-awarded, written by the registry from a labelling decision):
    # the member type (effective, adherent, accepted_to_grow, innovation_partner) and its year.
    enoll_member_type: str | None = None
    enoll_label_year: int | None = None
    has_coordinator: bool = False
    active_memberships: frozenset[str] = field(default_factory=frozenset)
    terms: tuple[Term, ...] = ()  # of its name, aliases and facilities
    _derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @cached_property  # asked for every pair the partner is scored with
    def stems(self) -> frozenset[str]:
        return frozenset(stem for stem, _ in self.terms)


@dataclass(frozen=True)
class NeedOfferProfile:
    id: str
    direction: str  # need | offer
    type: str
    title: str
    publisher_id: str
    publisher_name: str
    status: str = "open"
    themes: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    region: str | None = None
    quantity: int | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    pending: bool = False
    stale: bool = False  # marked stale or expired by the registry, until confirmed
    terms: tuple[Term, ...] = ()  # of its title and description


@dataclass(frozen=True)
class InitiativeProfile(_Derives):
    id: str
    name: str
    kind: str
    status: str
    themes: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    challenges: tuple[str, ...] = ()
    collaboration_type: str | None = None
    parent_id: str | None = None
    parent_members: frozenset[str] = field(default_factory=frozenset)
    parent_helixes: frozenset[str] = field(default_factory=frozenset)
    members: tuple[Member, ...] = ()
    needs: tuple[NeedOfferProfile, ...] = ()  # its own open needs: what it asks partners for
    opt_in: bool = True
    pending: bool = False
    stale: bool = False  # marked stale by the registry (profile freshness), until confirmed
    terms: tuple[Term, ...] = ()  # of its name, aliases, description and goals
    _derived: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def active_members(self) -> tuple[Member, ...]:
        return self._active

    @cached_property  # asked for every pair the initiative is scored with
    def _active(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.active)

    @cached_property
    def active_member_ids(self) -> frozenset[str]:
        return frozenset(m.partner_id for m in self._active)

    def covered_helixes(self) -> frozenset[str]:
        """Helix categories at the table: its active members and, for a working group such as
        an innovation table, its parent's active members (they sit at the same table)."""
        return self._covered_helixes

    @cached_property
    def _covered_helixes(self) -> frozenset[str]:
        return frozenset(m.helix for m in self.active_members()) | self.parent_helixes
