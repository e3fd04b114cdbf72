"""A Murmurations profile per living lab (issue 19): the register's published living-lab
initiatives in the shape of Murmurations' organizations_schema-v1.0.0, so a Murmurations index or
aggregator can map them (pure: the caller passes the aggregates and the registry's base URL).

Only what the register knows is filled in; nothing is guessed. In particular there is no
geolocation (the register holds region codes, not coordinates) and no contact details (the
register keeps no person data). docs/open-data.md lists each field and where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time
from typing import Any

from livinglab_contracts.reference.region_level import RegionLevel
from livinglab_contracts.reference.regions import REGIONS
from livinglab_contracts.reference.vocabulary import InitiativeKind

from registry.domain.export import is_published
from registry.domain.records import Aggregate

SCHEMA = "organizations_schema-v1.0.0"
MEMBER_PREDICATE = "https://schema.org/member"
# The register's initiative status in Murmurations' status vocabulary.
STATUS = {
    "idea": "in_planning",
    "pilot": "active",
    "active": "active",
    "sustained": "active",
    "closed": "completed",
}
# How far a region reaches, in Murmurations' geographic_scope vocabulary, widest last.
SCOPES = ("local", "regional", "national", "international")
SCOPE_OF_LEVEL = {
    RegionLevel.SITE: "local",
    RegionLevel.PLAATS: "local",
    RegionLevel.GEMEENTE: "local",
    RegionLevel.SUBREGIO: "regional",
    RegionLevel.PROVINCIE: "regional",
    RegionLevel.LANDSDEEL: "regional",
    RegionLevel.COUNTRY: "national",
    RegionLevel.SUPRANATIONAL: "international",
}
MAX_TAGS = 100
MAX_TAG_LENGTH = 100


def is_living_lab(aggregate: Aggregate) -> bool:
    """A published initiative of kind living_lab: what gets a profile."""
    return (
        aggregate.type == "initiative"
        and aggregate.state.get("kind") == InitiativeKind.LIVING_LAB.value
        and is_published(aggregate)
    )


def living_labs(aggregates: Iterable[Aggregate]) -> list[Aggregate]:
    return sorted((a for a in aggregates if is_living_lab(a)), key=lambda a: a.id)


def _web(url: Any) -> str | None:
    return url if isinstance(url, str) and url.startswith(("http://", "https://")) else None


def _unix(day: Any) -> int | None:
    """A date (ISO text) as the Unix time of its start in UTC, as starts_at/ends_at want it."""
    if not day:
        return None
    return int(datetime.combine(date.fromisoformat(str(day)[:10]), time(), UTC).timestamp())


def _country(code: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of the country a region lies in, by the reference tree."""
    seen = 0
    region = REGIONS.get(code)
    while region is not None and seen < 20:
        if region.level is RegionLevel.COUNTRY:
            return region.code if len(region.code) == 2 else None
        region = REGIONS.get(region.parent) if region.parent else None
        seen += 1
    return None


def _tags(state: Mapping[str, Any]) -> list[str]:
    """'living lab', its themes and its regions' names: unique, 1 to 100 of them."""
    tags = ["living lab"]
    tags += list(state.get("themes") or [])
    tags += [REGIONS[r].name_nl for r in state.get("regions") or [] if r in REGIONS]
    unique = list(dict.fromkeys(t[:MAX_TAG_LENGTH] for t in tags if t))
    return unique[:MAX_TAGS]


def profile_url(base: str, initiative_id: str) -> str:
    return f"{base}/murmurations/living-labs/{initiative_id}"


def murmurations_profile(
    lab: Aggregate, partners: Mapping[str, Aggregate], base: str
) -> dict[str, Any]:
    """The lab's profile; `partners` are the register's partners by id (only published ones are
    named), `base` the registry's /v1 URL."""
    state = lab.state
    regions = [r for r in state.get("regions") or [] if r in REGIONS]
    countries = {_country(r) for r in regions}
    scopes = [SCOPE_OF_LEVEL[REGIONS[r].level] for r in regions]
    register_url = f"{base}/initiatives/{lab.id}"
    relationships = []
    for partner_id, membership in sorted((state.get("members") or {}).items()):
        partner = partners.get(partner_id)
        if partner is None or not is_published(partner) or membership.get("until") is not None:
            continue
        object_url = _web(partner.state.get("website")) or f"{base}/partners/{partner_id}"
        relationships.append({"predicate_url": MEMBER_PREDICATE, "object_url": object_url})
    aliases = list(state.get("aliases") or [])
    profile: dict[str, Any] = {
        "linked_schemas": [SCHEMA],
        "name": state.get("name"),
        "nickname": aliases[0] if aliases else None,
        "primary_url": _web(state.get("website")),
        "tags": _tags(state),
        "urls": [{"name": "Livinglab register", "url": register_url}],
        "description": state.get("description") or None,
        "status": STATUS.get(state.get("status") or ""),
        "country_iso_3166": countries.pop() if len(countries) == 1 else None,
        "geographic_scope": max(scopes, key=SCOPES.index) if scopes else None,
        "relationships": list({r["object_url"]: r for r in relationships}.values()),
        "starts_at": _unix(state.get("start_date")),
        "ends_at": _unix(state.get("closed_on") or state.get("end_date")),
        "unique_id": lab.id,
    }
    return {key: value for key, value in profile.items() if value not in (None, [], "")}
