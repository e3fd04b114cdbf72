"""`scripts/load_demo.py` against a real registry and matching service (isolated topics and graph).

Loads the whole demo data set through the public API, as `make run` does, then checks that every
event was accepted, that a second load is all duplicates, and that the matches the seeds call
for appear with reasons.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from cloudevents.core.bindings import kafka
from livinglab_contracts import ALL_TOPICS
from livinglab_contracts.kafka_binding import STRUCTURED_CONTENT_TYPE
from matching.domain.taxonomy import default_taxonomy
from rich.console import Console

from eval.evaluate import Settings as EvalSettings
from eval.evaluate import build_network, demo_events, proposals_of
from scripts import load_demo
from scripts.create_topics import create_all
from tests.integration.registry.network import read_topic
from tests.support.processes import ServiceProcess
from tests.support.system import stack_env
from tests.support.waiting import eventually

pytestmark = pytest.mark.integration
ADMIN = {"Authorization": "Bearer local-admin-token"}


@dataclass(frozen=True)
class Loaded:
    registry: ServiceProcess
    matching: ServiceProcess
    settings: load_demo.DemoSettings
    first: load_demo.LoadResult
    prefix: str
    bootstrap: str

    def matches(self, **params: Any) -> list[dict[str, Any]]:
        response = httpx.get(
            f"{self.matching.url}/v1/matches",
            params={"limit": 200, **params},
            headers={"X-API-Key": self.first.coordinator_key},
            timeout=30,
        )
        response.raise_for_status()
        items: list[dict[str, Any]] = response.json()["items"]
        return items


@pytest.fixture(scope="module")
def loaded(
    topic_prefix: str,
    graph_namespace: str,
    kafka_bootstrap: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Loaded]:
    prefix, namespace = f"{topic_prefix}demo.", f"{graph_namespace}-demo"
    asyncio.run(create_all(kafka_bootstrap, prefix))
    env = stack_env(prefix, namespace, kafka_bootstrap)
    registry = ServiceProcess("registry", env, name="registry-demo").start()
    matching = ServiceProcess("matching", env, name="matching-demo").start()
    try:
        settings = load_demo.DemoSettings(
            registry_url=registry.url,
            matching_url=matching.url,
            require_notifications=False,
            wait_timeout_s=90,
            settle_s=2.0,
            keys_file=tmp_path_factory.mktemp("demo-keys") / "demo-keys.json",
        )
        first = load_demo.load(settings, Console(stderr=True))
        yield Loaded(registry, matching, settings, first, prefix, kafka_bootstrap)
    finally:
        matching.stop()
        registry.stop()


def test_every_registration_reaches_the_graph(loaded: Loaded) -> None:
    expected = loaded.first.expected
    assert expected["Partner"] >= 100 and expected["Initiative"] >= 70
    for label in ("Partner", "Initiative", "NeedOffer"):
        assert loaded.first.stats[label] == expected[label], label
    assert loaded.first.stats["Match"] > 0
    assert len(loaded.first.top_matches) == 3
    for match in loaded.first.top_matches:
        assert match["subject_names"] and match["score"] > 0
        assert match["top_reasons_en"].startswith("Suggested because")
        assert match["top_reasons_nl"].startswith("Voorgesteld omdat")


def test_every_event_was_accepted_so_a_replay_is_all_duplicates(loaded: Loaded) -> None:
    """A refused event would now be accepted (202) or refused again; all 200 means all landed."""
    for file in load_demo.demo_files(loaded.settings.events_dir):
        key = load_demo.issue_key(
            loaded.settings,
            {"system": "it-replay", "role": "partner_system", "sources": [file.source]},
        )
        body = "".join(line for line in file.path.open(encoding="utf-8") if line.strip())
        response = httpx.post(
            f"{loaded.registry.url}/v1/events:batch",
            content=body.encode(),
            headers={"X-API-Key": key, "Content-Type": "application/x-ndjson"},
            timeout=60,
        )
        assert response.status_code == 200, response.text
        statuses = {r["status"] for r in response.json()["results"]}
        assert statuses == {200}, (file.path.name, response.json()["results"][:3])


def test_loading_twice_is_harmless(loaded: Loaded) -> None:
    again = load_demo.load(loaded.settings, Console(stderr=True))
    for label in ("Partner", "Initiative", "NeedOffer"):
        assert again.stats[label] == loaded.first.stats[label]
    # The second run reuses the keys the first kept: one coordinator key, not one per run.
    assert again.coordinator_key == loaded.first.coordinator_key
    keys = httpx.get(f"{loaded.registry.url}/v1/admin/keys", headers=ADMIN, timeout=30).json()
    systems = Counter(k["system"] for k in keys if not k["revoked_at"])
    assert systems[load_demo.COORDINATOR] == 1
    assert all(systems[f.system] == 1 for f in again.files)
    assert loaded.settings.keys_file.stat().st_mode & 0o077 == 0  # secrets: owner only


def test_a_kept_key_the_registry_no_longer_accepts_is_replaced(
    loaded: Loaded, tmp_path_factory: pytest.TempPathFactory
) -> None:
    settings = loaded.settings.model_copy(
        update={"keys_file": tmp_path_factory.mktemp("kept-keys") / "keys.json"}
    )
    bodies = {"it-kept": {"system": "it-kept", "role": "coordinator"}}
    first = load_demo.demo_keys(settings, bodies)["it-kept"]
    assert load_demo.demo_keys(settings, bodies)["it-kept"] == first  # kept and still good
    revoked = httpx.delete(
        f"{loaded.registry.url}/v1/admin/keys/{load_demo._key_id(first)}",
        headers=ADMIN,
        timeout=30,
    )
    assert revoked.status_code == 200, revoked.text
    fresh = load_demo.demo_keys(settings, bodies)["it-kept"]
    assert fresh != first
    assert load_demo._stored_keys(settings.keys_file) == {"it-kept": fresh}


def test_register_shows_the_demo_through_the_registry_api(loaded: Loaded) -> None:
    headers = {"X-API-Key": loaded.first.coordinator_key}
    cop = httpx.get(
        f"{loaded.registry.url}/v1/initiatives/cop-limburg", headers=headers, timeout=30
    )
    assert cop.status_code == 200, cop.text
    assert cop.json()["name"] == "CoP: Community of Practice"
    tables = httpx.get(
        f"{loaded.registry.url}/v1/initiatives",
        params={"kind": "innovation_table", "limit": 50},
        headers=headers,
        timeout=30,
    ).json()
    assert tables["total"] == 8


def _between(matches: list[dict[str, Any]], a: str, b: str) -> dict[str, Any] | None:
    return next((m for m in matches if {a, b} <= set(m["subject_ids"])), None)


def _criterion(match: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    return next(c for c in match["criteria"] if c["id"] == criterion_id)


def all_matches(loaded: Loaded) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while page := loaded.matches(limit=200, offset=len(found)):
        found += page
        if len(page) < 200:
            break
    return found


def test_the_live_service_proposes_exactly_what_the_evaluation_scores(loaded: Loaded) -> None:
    """eval/ scores the demo in memory; the live service built it from the topics through Kafka
    and Neo4j. Same proposals, same scores, same reasons: the figures of `make eval` are the
    figures of the running system."""
    expected = {
        m.match_id: (m.score, m.top_reasons_en)
        for m in proposals_of(build_network(demo_events(), default_taxonomy()), EvalSettings())
    }
    live = {m["match_id"]: (m["score"], m["top_reasons_en"]) for m in all_matches(loaded)}
    assert live == expected


def test_a_vmbo_school_nearby_fills_the_vmbo_gap_of_cop(loaded: Loaded) -> None:
    match = _between(loaded.matches(initiative="cop-limburg"), "vo-school-stein", "cop-limburg")
    assert match is not None, "the vmbo/havo school in Stein is not proposed to CoP"
    pathway = _criterion(match, "M4")
    assert pathway["subscore"] == 1.0
    assert "vo" in pathway["reason_en"] and "VISTA college" in pathway["reason_en"]


def test_the_province_is_not_pushed_onto_the_innovation_tables(loaded: Loaded) -> None:
    # 001: "I-Tafelsamenstelling bestaat uit personeel onderwijs, bedrijven en experts."
    matches = loaded.matches(partner="provincie-limburg", kind="partner_to_initiative")
    assert not [m for m in matches if m["subject_ids"][1].startswith("cop-tafel-")]


def test_no_subject_has_more_than_k_proposals_and_every_reason_is_an_argument(
    loaded: Loaded,
) -> None:
    matches = all_matches(loaded)
    per_subject = Counter((s, m["kind"]) for m in matches for s in m["subject_ids"])
    assert max(per_subject.values()) <= EvalSettings().k
    for match in matches:
        cited = re.findall(r"\((M\d+)\)", match["top_reasons_en"])
        assert 1 <= len(cited) <= 3, match["top_reasons_en"]
        for criterion in (_criterion(match, c) for c in cited):
            assert criterion["id"] not in {"M12", "M13"}, match["top_reasons_en"]
            assert criterion["subscore"] >= 0.4, (criterion, match["top_reasons_en"])
            assert "unknown" not in criterion["reason_en"], criterion


def test_needs_meet_offers(loaded: Loaded) -> None:
    matches = loaded.matches(kind="need_to_offer")
    assert _between(matches, "need-cop-vmbo-instroom", "offer-sto-instroom-techniek")
    assert _between(matches, "need-challenge-validering", "offer-mboin2030-dialogisch-valideren")


def test_opted_out_and_idea_stage_entries_are_never_proposed(loaded: Loaded) -> None:
    never = {
        "dsm",
        "world-economic-forum",
        "verduurzaming-publieke-waarde",
        "de-lerende-regio",
        "de-werkplaats",
        "l-point",
    }
    involved = {s for m in loaded.matches(limit=200) for s in m["subject_ids"]}
    page = 200
    offset = 200
    while True:
        more = loaded.matches(limit=page, offset=offset)
        involved |= {s for m in more for s in m["subject_ids"]}
        if len(more) < page:
            break
        offset += page
    assert not never & involved, json.dumps(sorted(never & involved))


def test_coordinator_decisions_teach_the_weights_visible_in_stats_and_explanations(
    loaded: Loaded,
) -> None:
    """Runs last in this module: it changes the network's weights. A coordinator accepts the
    nearby partner proposals among twelve and declines the far ones; the worker learns from
    the decisions, shows the weights in /v1/stats and says so in every explanation."""
    reviewed = sorted(loaded.matches(kind="partner_to_initiative"), key=lambda m: m["match_id"])[
        :12
    ]
    headers = {"X-API-Key": loaded.first.coordinator_key}
    for match in reviewed:
        nearby = _criterion(match, "M3")["subscore"] >= 0.6
        response = httpx.post(
            f"{loaded.matching.url}/v1/matches/{match['match_id']}/feedback",
            json={"decision": "accepted" if nearby else "declined"},
            headers=headers,
            timeout=30,
        )
        assert response.status_code == 202, response.text

    def learned() -> dict[str, Any] | None:
        stats = httpx.get(f"{loaded.matching.url}/v1/stats", headers=headers, timeout=30).json()
        weights: dict[str, Any] = stats["learned_weights"]
        return weights if weights["decisions"] == len(reviewed) else None

    weights = eventually(learned, "weights learned from the decisions", timeout_s=60)
    assert weights["multipliers"]["M3"] > 1.0
    sentence = f"Weights learned from {len(reviewed)} coordinator decisions."

    def explained() -> list[dict[str, Any]] | None:
        matches = all_matches(loaded)
        return matches if all(m["top_reasons_en"].endswith(sentence) for m in matches) else None

    assert eventually(explained, "every explanation naming the learned weights")


def test_an_initiatives_matches_include_those_on_the_needs_and_offers_it_publishes(
    loaded: Loaded,
) -> None:
    """CoP Limburg publishes offers and needs; a coordinator asking for CoP's matches sees
    the matches on them too, unless asking for CoP's own only (published=false)."""
    own = {
        e.data.need_offer_id
        for e in demo_events()
        if getattr(e.data, "publisher_id", None) == "cop-limburg"
    }
    assert len(own) >= 3
    everything = loaded.matches(initiative="cop-limburg")
    direct = loaded.matches(initiative="cop-limburg", published="false")
    on_own = [m for m in everything if own & set(m["subject_ids"])]
    assert on_own, "the demo has need/offer matches on CoP's own needs and offers"
    assert all(m["kind"] == "need_to_offer" for m in on_own)
    assert all("cop-limburg" in m["subject_ids"] for m in direct)
    assert {m["match_id"] for m in everything} == {m["match_id"] for m in direct} | {
        m["match_id"] for m in on_own
    }


def test_a_coordinator_can_ask_why_a_subject_has_the_proposals_it_has(loaded: Loaded) -> None:
    headers = {"X-API-Key": loaded.first.coordinator_key}
    url = f"{loaded.matching.url}/v1/matches/diagnose"
    answer = httpx.get(url, params={"subject": "vo-school-stein"}, headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["subject_name"] and body["candidates"] == sum(body["outcomes"].values())
    proposed = {v["counterpart"] for v in body["verdicts"] if v["outcome"] == "proposed"}
    assert "cop-limburg" in proposed  # as test_a_vmbo_school_nearby_fills_the_vmbo_gap_of_cop
    assert all(v["why"] for v in body["verdicts"])
    unknown = httpx.get(url, params={"subject": "no-such-school"}, headers=headers, timeout=30)
    assert unknown.status_code == 404 and "no-such-school" in unknown.text


@pytest.mark.parametrize("topic", ALL_TOPICS)
def test_every_event_record_decodes_with_the_cloudevents_sdks_kafka_binding(
    loaded: Loaded, topic: str
) -> None:
    """CloudEvents Kafka binding, structured mode: the whole event in the value, a content-type
    header that says so, and no attribute a CloudEvents consumer would refuse (the official
    SDK reads every record)."""
    records = asyncio.run(read_topic(loaded.bootstrap, loaded.prefix + topic))
    assert records, f"the demo load writes to {topic}"
    for record in records:
        headers = dict(record.headers)
        assert headers.get("content-type") == STRUCTURED_CONTENT_TYPE.encode(), topic
        event = kafka.from_kafka_event(kafka.KafkaMessage(headers, record.key, record.value))
        sent = json.loads(record.value)
        assert (event.get_id(), event.get_type(), event.get_source(), event.get_subject()) == (
            sent["id"],
            sent["type"],
            sent["source"],
            sent["subject"],
        )


def test_the_logs_hold_no_driver_notifications_after_the_load(loaded: Loaded) -> None:
    """Last in this module, after the load, the queries and the feedback: the Neo4j driver's
    per-query notifications (each with the whole query text) once drowned what an operator
    needs to see. The log must still say something, so an empty log cannot pass."""
    for service in (loaded.matching, loaded.registry):
        lines = service.log_path.read_text(errors="replace").splitlines()
        assert lines, f"{service.log_path} is empty"
        from_driver = [line for line in lines if "Received notification from DBMS" in line]
        assert from_driver == [], from_driver[:3]
