"""The register as open data: which aggregates and fields are published, as CSV rows or as
JSON-LD with schema.org terms (pure: the caller passes the aggregates and the moment).

What is published: initiatives and partners whose owner left `opt_in` true (the contract's only
consent flag, docs/open-data.md), with a fixed list of organisation-level fields, and the needs
and offers of the published ones (a need or offer has no consent flag of its own: it follows its
publisher's). Pseudonymous person ids, funding and commitment terms, pending or declined
membership requests and inferred markers are never exported; a membership is exported only when
both sides are published.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import orjson
from livinglab_contracts.reference.vocabulary import PartnerKind, helix_of

from registry.domain.merging import aliases_of
from registry.domain.records import Aggregate

EXPORTED_TYPES = ("initiative", "partner")
NEED_OFFER = "need_offer"
IDENTIFIER_SCHEMES = {"kvk": "KvK", "brin": "BRIN", "ror": "ROR"}
CSV_COLUMNS = (
    "type",
    "id",
    "name",
    "aliases",
    "kind",
    "helix",
    "status",
    "parent_id",
    "description",
    "regions",
    "themes",
    "website",
    "kvk",
    "brin",
    "ror",
    "enoll_member",
    "start_date",
    "end_date",
    "member_of",
    "members",
    "updated_at",
    "licence",
    # Needs and offers (rows of type need / offer); appended, so earlier columns keep their place.
    "publisher_id",
    "quantity",
    "education_levels",
    "target_groups",
)
# Terms outside schema.org's own context that JSON-LD must read as IRIs, not as text.
JSONLD_CONTEXT: dict[str, Any] = {
    "@vocab": "https://schema.org/",
    "url": {"@type": "@id"},
    "license": {"@type": "@id"},
}


@dataclass(frozen=True)
class Published:
    """The published part of the register at one moment."""

    initiatives: list[Aggregate]
    partners: list[Aggregate]
    licence: str
    as_of: datetime  # the moment the register is shown at (the request's time if not asked)
    needs_offers: list[Aggregate] = field(default_factory=list)

    def ids(self) -> set[str]:
        """The published initiatives and partners (what memberships and publishers may name)."""
        return {a.id for a in (*self.initiatives, *self.partners)}


class BadMoment(ValueError):
    """`as_of` is not a moment the register can be shown at; the message says why."""


def parse_as_of(text: str, now: datetime) -> datetime:
    """An RFC 3339 date-time with a zone, or a date (that day's start, 00:00 UTC)."""
    example = "e.g. 2026-05-01T12:00:00Z or 2026-05-01"
    try:
        moment = (
            datetime.combine(date.fromisoformat(text), time(), UTC)
            if len(text) == len("2026-05-01")
            else datetime.fromisoformat(text)
        )
    except ValueError:
        raise BadMoment(f"not an RFC 3339 date-time or a date ({example})") from None
    if moment.tzinfo is None:
        raise BadMoment(f"a date-time needs its zone, Z or an offset like +01:00 ({example})")
    if moment > now:
        raise BadMoment("lies in the future; leave as_of out for the register as it is now")
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+05:00 lies before the year 1 in UTC
        raise BadMoment("lies before the year 1 in UTC") from None


def _helix(aggregate: Aggregate) -> str | None:
    state = aggregate.state
    if aggregate.type != "partner" or state.get("helix"):
        return state.get("helix")
    kind = state.get("kind")
    return helix_of(PartnerKind(kind)).value if kind else None


def is_published(aggregate: Aggregate) -> bool:
    state = aggregate.state
    # A partner merged into another (partner.merged) is published as its survivor only.
    return (
        aggregate.type in EXPORTED_TYPES
        and state.get("opt_in", True) is True
        and "merged_into" not in state
    )


def _publisher_shown(need_offer: Aggregate, shown: set[str]) -> bool:
    """A need or offer is published when its publisher is (it has no consent flag of its own)."""
    return need_offer.state.get("publisher_id") in shown


def published(aggregates: Iterable[Aggregate], licence: str, as_of: datetime) -> Published:
    every = sorted(aggregates, key=lambda a: a.id)
    chosen = [a for a in every if is_published(a)]
    shown = {a.id for a in chosen}
    return Published(
        initiatives=[a for a in chosen if a.type == "initiative"],
        partners=[a for a in chosen if a.type == "partner"],
        licence=licence,
        as_of=as_of,
        needs_offers=[a for a in every if a.type == NEED_OFFER and _publisher_shown(a, shown)],
    )


def _memberships(aggregate: Aggregate, side: str, shown: set[str]) -> dict[str, dict[str, Any]]:
    """Confirmed memberships (`memberships` of a partner, `members` of an initiative) whose
    other side is published too, by the other side's id."""
    entries = aggregate.state.get(side) or {}
    return {other: entry for other, entry in sorted(entries.items()) if other in shown}


def _current(entries: dict[str, dict[str, Any]]) -> list[str]:
    return [other for other, entry in entries.items() if entry.get("until") is None]


def _identifiers(state: dict[str, Any]) -> dict[str, str]:
    external = state.get("external_ids") or {}
    return {name: external[name] for name in IDENTIFIER_SCHEMES if external.get(name)}


def _json_list(values: Any) -> str:
    # List cells hold a JSON array: names may contain any separator, and every language parses it.
    return orjson.dumps(list(values or [])).decode() if values else ""


def csv_row(aggregate: Aggregate, shown: set[str], licence: str) -> dict[str, str]:
    state = aggregate.state
    identifiers = _identifiers(state)
    is_partner = aggregate.type == "partner"
    memberships = _memberships(aggregate, "memberships" if is_partner else "members", shown)
    enoll = (state.get("external_ids") or {}).get("enoll_member")
    cells: dict[str, Any] = {
        "type": aggregate.type,
        "id": aggregate.id,
        "name": state.get("name"),
        "aliases": _json_list(aliases_of(state)),
        "kind": state.get("kind"),
        "helix": _helix(aggregate),
        "status": state.get("status"),
        "parent_id": state.get("parent_id") if state.get("parent_id") in shown else None,
        "description": state.get("description") or None,
        "regions": _json_list(state.get("regions")),
        "themes": _json_list(state.get("themes")),
        "website": state.get("website"),
        "enoll_member": ("true" if enoll else "false") if is_partner else None,
        "start_date": state.get("start_date"),
        "end_date": state.get("closed_on") or state.get("end_date"),
        "member_of": _json_list(_current(memberships)) if is_partner else None,
        "members": None if is_partner else _json_list(_current(memberships)),
        "updated_at": aggregate.updated_at.isoformat(),
        "licence": licence,
        **identifiers,
    }
    return {
        column: "" if cells.get(column) is None else str(cells[column]) for column in CSV_COLUMNS
    }


def need_offer_row(aggregate: Aggregate, licence: str) -> dict[str, str]:
    """A need or offer: `type` need/offer, `kind` its NeedOfferType, `name` its title,
    `start_date`/`end_date` its validity, `regions` its one region, `publisher_id` who."""
    state = aggregate.state
    cells: dict[str, Any] = {
        "type": state.get("direction"),
        "id": aggregate.id,
        "name": state.get("title"),
        "kind": state.get("type"),
        "status": state.get("status"),
        "description": state.get("description") or None,
        "regions": _json_list([state["region"]] if state.get("region") else []),
        "themes": _json_list(state.get("themes")),
        "start_date": state.get("valid_from"),
        "end_date": state.get("valid_until"),
        "updated_at": aggregate.updated_at.isoformat(),
        "licence": licence,
        "publisher_id": state.get("publisher_id"),
        "quantity": state.get("quantity"),
        "education_levels": _json_list(state.get("education_levels")),
        "target_groups": _json_list(state.get("target_groups")),
    }
    return {
        column: "" if cells.get(column) in (None, "") else str(cells[column])
        for column in CSV_COLUMNS
    }


def to_csv(register: Published) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    shown = register.ids()
    for aggregate in (*register.initiatives, *register.partners):
        writer.writerow(csv_row(aggregate, shown, register.licence))
    for aggregate in register.needs_offers:
        writer.writerow(need_offer_row(aggregate, register.licence))
    return buffer.getvalue()


def _property(name: str, value: Any) -> dict[str, Any]:
    return {"@type": "PropertyValue", "propertyID": name, "value": value}


def _roles(entries: dict[str, dict[str, Any]], relation: str, iri: str) -> list[dict[str, Any]]:
    """schema.org's Role pattern: the role stands between the two and repeats the relation."""
    roles = []
    for other, entry in entries.items():
        role = {
            "@type": "OrganizationRole",
            "roleName": entry.get("role"),
            "startDate": entry.get("since"),
            "endDate": entry.get("until"),
            relation: {"@id": iri.format(other)},
        }
        roles.append({key: value for key, value in role.items() if value is not None})
    return roles


def _publisher_iri(state: dict[str, Any], base_iri: str) -> str:
    kind = "initiatives" if state.get("publisher_type") == "initiative" else "partners"
    return f"{base_iri}/{kind}/{state['publisher_id']}"


def _need_offer_node(aggregate: Aggregate, base_iri: str) -> dict[str, Any]:
    """A need as a schema.org Demand (its publisher `seeks` it), an offer as an Offer
    (`offeredBy` its publisher); the need/offer type is the `category`."""
    state = aggregate.state
    is_need = state.get("direction") == "need"
    publisher = {"@id": _publisher_iri(state, base_iri)}
    details = [_property("status", state.get("status"))]
    details += [_property("theme", theme) for theme in state.get("themes") or []]
    details += [_property("educationLevel", e) for e in state.get("education_levels") or []]
    details += [_property("targetGroup", g) for g in state.get("target_groups") or []]
    node: dict[str, Any] = {
        "@id": f"{base_iri}/needs-offers/{aggregate.id}",
        "@type": "Demand" if is_need else "Offer",
        "identifier": [_property("livinglab", aggregate.id)],
        "name": state.get("title"),
        "description": state.get("description") or None,
        "category": state.get("type"),
        "areaServed": [state["region"]] if state.get("region") else [],
        "validFrom": state.get("valid_from"),
        "validThrough": state.get("valid_until"),
        "eligibleQuantity": (
            {"@type": "QuantitativeValue", "value": state["quantity"]}
            if state.get("quantity")
            else None
        ),
        "additionalProperty": [d for d in details if d["value"] is not None],
        "dateModified": aggregate.updated_at.isoformat(),
    }
    if is_need:
        node["@reverse"] = {"seeks": publisher}
    else:
        node["offeredBy"] = publisher
    return {key: value for key, value in node.items() if value is not None and value != []}


def _node(aggregate: Aggregate, shown: set[str], base_iri: str) -> dict[str, Any]:
    state = aggregate.state
    is_partner = aggregate.type == "partner"
    identifiers = [_property("livinglab", aggregate.id)] + [
        _property(IDENTIFIER_SCHEMES[name], value) for name, value in _identifiers(state).items()
    ]
    details = [_property("kind", state.get("kind")), _property("helix", _helix(aggregate))]
    if not is_partner:
        details.append(_property("status", state.get("status")))
    node: dict[str, Any] = {
        "@id": f"{base_iri}/{aggregate.type}s/{aggregate.id}",
        "@type": "Organization" if is_partner else "Project",
        "identifier": identifiers,
        "name": state.get("name"),
        "alternateName": aliases_of(state),
        "url": state.get("website"),
        "description": state.get("description") or None,
        "areaServed": list(state.get("regions") or []),
        "knowsAbout": list(state.get("themes") or []),
        "additionalProperty": [d for d in details if d["value"] is not None],
        "dateModified": aggregate.updated_at.isoformat(),
    }
    if is_partner:
        memberships = _memberships(aggregate, "memberships", shown)
        node["memberOf"] = _roles(memberships, "memberOf", f"{base_iri}/initiatives/{{}}")
    else:
        members = _memberships(aggregate, "members", shown)
        node["member"] = _roles(members, "member", f"{base_iri}/partners/{{}}")
        node["foundingDate"] = state.get("start_date")
        node["dissolutionDate"] = state.get("closed_on")
        if state.get("parent_id") in shown:
            node["parentOrganization"] = {"@id": f"{base_iri}/initiatives/{state['parent_id']}"}
    return {key: value for key, value in node.items() if value is not None and value != []}


def to_jsonld(register: Published, base_iri: str, name: str) -> dict[str, Any]:
    """A schema.org Dataset whose parts are the published initiatives (Project), partners
    (Organization), needs (Demand) and offers (Offer); `base_iri` (the registry's /v1 URL)
    makes every node's @id resolvable."""
    shown = register.ids()
    return {
        "@context": JSONLD_CONTEXT,
        "@type": "Dataset",
        "name": name,
        "license": register.licence,
        # An open-start ISO 8601 interval: everything the register knew up to this moment.
        "temporalCoverage": f"../{register.as_of.isoformat()}",
        "hasPart": [
            _node(aggregate, shown, base_iri)
            for aggregate in (*register.initiatives, *register.partners)
        ]
        + [_need_offer_node(aggregate, base_iri) for aggregate in register.needs_offers],
    }
