"""Row types for the demo tables in seed_data.py (plain data, no I/O).

Multi-valued fields that hold codes (themes, regions, levels, target groups, challenges,
topsectors, inferred fields) are written as one space-separated string to keep the tables short;
`words()` splits them. Names and aliases are tuples because they contain spaces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


@dataclass(frozen=True)
class Source:
    """One partner system; its events form one NDJSON file, posted in `order`."""

    slug: str
    order: int
    title: str
    seeds: str
    seen: date  # the date the seeds attest most of this system's facts; default event time

    @property
    def uri(self) -> str:
        return f"/systems/{self.slug}"

    @property
    def filename(self) -> str:
        return f"{self.order:02d}-{self.slug}.ndjson"


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    kind: str
    source: str
    seed: str  # section of domain.md and seed files, e.g. "3.1 (000, 001)"
    aliases: tuple[str, ...] = ()
    helix: str | None = None
    legal_form: str | None = None
    size: str | None = None
    levels: str = ""
    programmes: tuple[tuple[str, str], ...] = ()  # (name, route)
    themes: str = ""
    regions: str = ""
    target_groups: str = ""
    challenges: str = ""
    facilities: tuple[str, ...] = ()
    website: str | None = None
    has_coordinator: bool = False
    opt_in: bool = True
    inferred: str = ""  # fields the brief marks (inferred) or that are our own deduction
    ext: str = ""  # fields that rest on outside knowledge, marked (ext) in the brief
    seen: date | None = None
    note: str = ""  # for the README only: the partner contract has no description field


@dataclass(frozen=True)
class Initiative:
    id: str
    name: str
    kind: str
    source: str
    seed: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    code: str | None = None
    description: str = ""
    goals: tuple[str, ...] = ()
    collaboration_type: str | None = None
    legal_form: str | None = None
    axes: str = ""
    functions: str = ""
    themes: str = ""
    topsectors: str = ""
    regions: str = ""
    levels: str = ""
    target_groups: str = ""
    challenges: str = ""
    status: str = "active"
    start: date | None = None
    end: date | None = None
    funding_ends: date | None = None
    coordinator: str | None = None
    opt_in: bool = True
    website: str | None = None
    inferred: str = ""
    ext: str = ""
    seen: date | None = None


@dataclass(frozen=True)
class Membership:
    partner: str
    initiative: str
    role: str
    since: date
    helix: str | None = None


@dataclass(frozen=True)
class NeedOffer:
    id: str
    direction: str  # need | offer
    publisher: str
    type: str
    title: str
    seed: str
    publisher_type: str = "partner"
    themes: str = ""
    levels: str = ""
    target_groups: str = ""
    region: str | None = None
    quantity: int | None = None
    valid_from: date | None = None  # defaults to the publisher's source date
    valid_until: date | None = None
    description: str = ""


@dataclass(frozen=True)
class Closure:
    initiative: str
    closed_on: date
    reason: str
    successor: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class NotRegistered:
    """A name section 3 of the brief mentions that is not its own aggregate, and where it went."""

    name: str
    seed: str
    where: str
