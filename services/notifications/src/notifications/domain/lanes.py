"""Which lane a delivery runs in, and the order in which pending deliveries are resumed.

A subscription's deliveries on one channel are spread over a bounded number of lanes by their
match id, so every revision of one match shares a lane (and keeps its order) while different
matches can be delivered side by side.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable

from notifications.domain.ledger import DeliveryRecord


def lane_of(match_id: str, lanes: int) -> int:
    """A stable bucket in [0, lanes): the same in every process, unlike the salted hash()."""
    if lanes <= 1:
        return 0
    return zlib.crc32(match_id.encode()) % lanes


def in_delivery_order(records: Iterable[DeliveryRecord]) -> list[DeliveryRecord]:
    """Oldest first, with each match's revisions ascending on every subscription and channel.

    The ledger is read back from several partitions, so a later revision can be read before an
    earlier one; time alone could also misorder them when instances' clocks differ. Each match
    therefore keeps the places its entries take in time order, filled by revision.
    """
    ordered = sorted(records, key=lambda r: (r.created_at, r.revision))
    places: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for place, record in enumerate(ordered):
        places[(record.subscription_id, record.channel, record.match_id)].append(place)
    result = list(ordered)
    for indices in places.values():
        by_revision = sorted((ordered[i] for i in indices), key=lambda r: r.revision)
        for place, record in zip(indices, by_revision, strict=True):
            result[place] = record
    return result
