"""Possible duplicate partners: different ids that share a KvK, BRIN or ROR number or a website
(pure). Several partner systems register the same school or company under their own ids; the
shared identifiers are the evidence a coordinator needs to decide. Deciding is theirs: this
only lists the candidates; a partner merged away (partner.merged, domain/merging.py) is no
longer one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from registry.domain.records import Aggregate

IDENTIFIER_KINDS = ("kvk", "brin", "ror")
# Hosts where many organisations keep a page: only the same page there is evidence.
SHARED_HOSTS = frozenset(
    {
        "facebook.com",
        "instagram.com",
        "linkedin.com",
        "sites.google.com",
        "twitter.com",
        "x.com",
        "youtube.com",
    }
)


@dataclass(frozen=True)
class Evidence:
    kind: str  # kvk | brin | ror | website
    value: str  # the normalised value the partners share
    partner_ids: tuple[str, ...]


@dataclass(frozen=True)
class DuplicateGroup:
    """Partners linked by shared evidence (directly or through one another)."""

    partners: tuple[Aggregate, ...]
    evidence: tuple[Evidence, ...]


def website_key(url: str) -> str | None:
    """The website as an organisation's identity: its host without `www.`, port or case; on a
    host many organisations share, the host and the path."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").rstrip(".").removeprefix("www.")
    if not host:
        return None
    if host in SHARED_HOSTS:
        path = parts.path.rstrip("/").casefold()
        return f"{host}{path}" if path else None  # the platform's home page says nothing
    return host


def evidence_of(partner: Aggregate) -> list[tuple[str, str]]:
    state = partner.state
    external = state.get("external_ids") or {}
    found = [(kind, str(external[kind])) for kind in IDENTIFIER_KINDS if external.get(kind)]
    website = state.get("website")
    key = website_key(website) if isinstance(website, str) else None
    if key:
        found.append(("website", key))
    return found


def possible_duplicates(partners: Iterable[Aggregate]) -> list[DuplicateGroup]:
    by_evidence: dict[tuple[str, str], list[Aggregate]] = defaultdict(list)
    for partner in sorted(partners, key=lambda p: p.id):
        if "merged_into" in partner.state:
            continue  # resolved: merged into its survivor (partner.merged)
        for item in evidence_of(partner):
            by_evidence[item].append(partner)
    shared = {item: found for item, found in by_evidence.items() if len(found) > 1}

    # Union-find over partner ids: two partners sharing anything end up in one group.
    parent: dict[str, str] = {}

    def root(partner_id: str) -> str:
        while parent.setdefault(partner_id, partner_id) != partner_id:
            parent[partner_id] = parent[parent[partner_id]]
            partner_id = parent[partner_id]
        return partner_id

    for found in shared.values():
        for other in found[1:]:
            parent[root(other.id)] = root(found[0].id)

    members: dict[str, dict[str, Aggregate]] = defaultdict(dict)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for (kind, value), found in sorted(shared.items()):
        group = root(found[0].id)
        members[group].update((p.id, p) for p in found)
        evidence[group].append(Evidence(kind, value, tuple(p.id for p in found)))
    groups = [
        DuplicateGroup(tuple(found[i] for i in sorted(found)), tuple(evidence[group]))
        for group, found in members.items()
    ]
    return sorted(groups, key=lambda g: g.partners[0].id)
