"""What the routes need at run time, built once by bootstrap.create_app."""

from __future__ import annotations

from dataclasses import dataclass

from livinglab_common.follower import TopicFollower
from livinglab_common.keys import KeyRing
from livinglab_common.ratelimit import RateLimiter

from registry.adapters.admission_lease import AdmissionLease
from registry.adapters.kafka_publisher import KafkaPublisher
from registry.adapters.peers import PeerClient
from registry.adapters.view_follower import ReadProgress
from registry.config import Settings
from registry.domain.view import RegistryView
from registry.service_layer.freshness import FreshnessSweeper
from registry.service_layer.keys import KeyService
from registry.service_layer.label_awards import LabelAwarder
from registry.service_layer.labelling import LabellingDesk
from registry.service_layer.submission import Submission


@dataclass
class Registry:
    settings: Settings
    publisher: KafkaPublisher
    keys: KeyRing
    key_service: KeyService
    view: RegistryView
    submission: Submission
    rate_limiter: RateLimiter
    auth_failures: RateLimiter  # per client address
    followers: list[TopicFollower]
    lease: AdmissionLease  # which instance admits (several instances, one decides)
    peers: PeerClient  # passes writes on to the admitting instance
    view_progress: ReadProgress  # how far the view has read each registry topic partition
    labelling: LabellingDesk  # labelling waves, a projection of the labelling topic
    freshness: FreshnessSweeper  # writes due reminders and stale marks (admitting instance only)
    label_awards: LabelAwarder  # writes partner.label-awarded per admitting decision (admitter)
