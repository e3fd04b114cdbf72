"""What the routes need at run time, built once by bootstrap.create_app."""

from __future__ import annotations

from dataclasses import dataclass

from livinglab_common.keys import KeyRing
from livinglab_common.ratelimit import RateLimiter

from notifications.config import Settings
from notifications.domain.ledger_view import LedgerView
from notifications.service_layer.feed import FeedHub
from notifications.service_layer.subscriptions import SubscriptionService


@dataclass
class Notifications:
    settings: Settings
    keys: KeyRing
    subscriptions: SubscriptionService
    ledger: LedgerView
    feed: FeedHub
    rate_limiter: RateLimiter
