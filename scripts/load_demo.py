"""`python -m scripts.load_demo`: load the demo network through the public API and summarise it.

1. Checks that the registry, matching (and notifications) services answer.
2. Issues one partner-system key per CloudEvents source in demo/events (POST /v1/admin/keys with
   the admin token) and one coordinator key. A file that points at another file's aggregate (a
   membership in another system's initiative) gets that aggregate granted: the operator loading
   the demo consents for its owner (docs/security.md, the consent rule). The keys are kept in
   .local/demo-keys.json (readable by its owner only) and reused by the next run as long as the
   registry still accepts them, so `make run` twice leaves one coordinator key, not two.
3. Posts each file with the `livinglab post` command (progress bar included), in file order.
4. Waits, with a deadline, until GET /v1/stats shows every partner, initiative and need/offer
   and the number of proposed matches has settled.
5. Prints counts, the top three matches with their reasons, the coordinator key, the URLs and
   how to issue more keys (`livinglab keys issue`, with the local admin token).

Loading twice is safe: the events have stable ids and bodies, so the registry answers 200
(duplicate) for each of them the second time. Exit code 2: a service is not reachable; 1: the
load or the wait failed.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import httpx
import typer
from livinglab_contracts.reference.vocabulary import PartnerKind
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from registry.config import LOCAL_ADMIN_TOKEN
from registry.entrypoints import cli
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from demo import labelling_wave

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_EVENTS = REPO_ROOT / "demo" / "events"
DEMO_KEYS = REPO_ROOT / ".local" / "demo-keys.json"
COORDINATOR = "demo-coordinator"
PARTNER_REGISTERED = "nl.livinglab.partner.registered.v1"
CREATES = {
    "nl.livinglab.partner.registered.v1": "Partner",
    "nl.livinglab.initiative.registered.v1": "Initiative",
    "nl.livinglab.need.published.v1": "NeedOffer",
    "nl.livinglab.offer.published.v1": "NeedOffer",
}


class DemoSettings(BaseSettings):
    """Where the services are; the defaults are the local ones `make run` starts."""

    model_config = SettingsConfigDict(
        env_prefix="LIVINGLAB_DEMO_", env_ignore_empty=True, extra="ignore", populate_by_name=True
    )

    registry_url: str = Field(
        "http://127.0.0.1:8001",
        validation_alias=AliasChoices("LIVINGLAB_DEMO_REGISTRY_URL", "LIVINGLAB_URL"),
    )
    matching_url: str = "http://127.0.0.1:8002"
    notifications_url: str = "http://127.0.0.1:8003"
    dashboard_url: str = "http://127.0.0.1:8002/dashboard"
    admin_token: SecretStr = Field(
        SecretStr("local-admin-token"),
        validation_alias=AliasChoices(
            "LIVINGLAB_DEMO_ADMIN_TOKEN", "LIVINGLAB_ADMIN_TOKEN", "REGISTRY_ADMIN_TOKEN"
        ),
    )
    events_dir: Path = DEMO_EVENTS
    keys_file: Path = Field(
        DEMO_KEYS, description="Where the demo's keys are kept between runs, to be reused"
    )
    require_notifications: bool = Field(
        True, description="Fail when notifications is down (else only warn)"
    )
    wait_timeout_s: float = Field(180.0, gt=0, description="Deadline for matching to catch up")
    poll_interval_s: float = Field(0.5, gt=0)
    settle_s: float = Field(
        3.0, ge=0, description="Proposed-match count must stay unchanged this long"
    )
    batch_size: int = Field(200, ge=1, le=500)


class LoadError(Exception):
    """A problem with a message the user can act on; exit code in `code`."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class EventFile:
    path: Path
    source: str
    events: int
    creates: Counter[str]
    partner_kinds: Counter[str] = field(default_factory=Counter)
    grants: tuple[str, ...] = ()  # other files' aggregates its events reference

    @property
    def system(self) -> str:
        return "demo-" + self.source.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class LoadResult:
    files: list[EventFile]
    coordinator_key: str
    stats: dict[str, int]
    top_matches: list[dict[str, Any]]
    seconds: float
    notes: list[str] = field(default_factory=list)
    proposed_by_kind: dict[str, int] = field(default_factory=dict)
    per_subject: int = 0  # the most proposals any subject has of one kind

    @property
    def expected(self) -> Counter[str]:
        return sum((f.creates for f in self.files), Counter())

    @property
    def kinds_without_partners(self) -> list[str]:
        present = sum((f.partner_kinds for f in self.files), Counter())
        return sorted(kind.value for kind in PartnerKind if not present[kind.value])


def demo_files(events_dir: Path = DEMO_EVENTS) -> list[EventFile]:
    """The event files in load order, each with its one source and what it registers."""
    paths = sorted(events_dir.glob("*.ndjson"))
    if not paths:
        raise LoadError(f"no demo event files in {events_dir}")
    files = []
    owners: dict[str, str] = {}  # aggregate id -> the source that registered it
    for path in paths:
        events = list(cli.read_events(path))
        sources = {e.get("source") for e in events}
        if len(sources) != 1:
            raise LoadError(f"{path.name}: expected one CloudEvents source, found {sources}")
        source = str(sources.pop())
        creates = Counter(CREATES[e["type"]] for e in events if e.get("type") in CREATES)
        kinds = Counter(e["data"]["kind"] for e in events if e.get("type") == PARTNER_REGISTERED)
        for event in events:
            owners.setdefault(event.get("subject", ""), source)
        grants = sorted(
            {ref for e in events for ref in _references(e) if owners.get(ref, source) != source}
        )
        files.append(EventFile(path, source, len(events), creates, kinds, tuple(grants)))
    return files


def _references(event: dict[str, Any]) -> list[str]:
    """Aggregates other than its subject that an event attaches its subject to."""
    data = event.get("data") or {}
    names = ("initiative_id", "publisher_id", "parent_id")
    return [v for n in names if isinstance(v := data.get(n), str) and v != event.get("subject")]


def _reachable(name: str, url: str) -> str | None:
    """None when `url`/ready answers 200, else a reason."""
    try:
        response = httpx.get(f"{url}/ready", timeout=5)
    except httpx.HTTPError as error:
        return f"{name} is not reachable at {url} ({type(error).__name__})"
    if response.status_code != 200:
        return f"{name} at {url} is not ready yet: {response.text[:300]}"
    return None


def check_services(settings: DemoSettings, console: Console) -> list[str]:
    required = {"registry": settings.registry_url, "matching": settings.matching_url}
    problems = [p for n, u in required.items() if (p := _reachable(n, u))]
    if problems:
        raise LoadError(
            "; ".join(problems) + ". Start the services first: `make run` or "
            "`scripts/services.sh start` (Kafka and Neo4j must be up: `make infra-up`).",
            code=2,
        )
    notes = []
    trouble = _reachable("notifications", settings.notifications_url)
    if trouble and settings.require_notifications:
        raise LoadError(
            trouble + ". Start it with `scripts/services.sh start`, or set "
            "LIVINGLAB_DEMO_REQUIRE_NOTIFICATIONS=false to load without it.",
            code=2,
        )
    if trouble:
        console.print(f"[yellow]warning:[/] {escape(trouble)}; loading without it", soft_wrap=True)
        notes.append(trouble)
    return notes


def issue_key(settings: DemoSettings, body: dict[str, Any]) -> str:
    try:
        response = httpx.post(
            f"{settings.registry_url}/v1/admin/keys",
            json=body,
            headers={"Authorization": f"Bearer {settings.admin_token.get_secret_value()}"},
            timeout=30,
        )
    except httpx.HTTPError as error:
        raise LoadError(f"registry not reachable while issuing keys: {error}", code=2) from error
    if response.status_code == 401:
        raise LoadError(
            "the registry refused the admin token; set LIVINGLAB_DEMO_ADMIN_TOKEN (or "
            "REGISTRY_ADMIN_TOKEN) to the token the registry runs with"
        )
    if response.status_code != 201:
        raise LoadError(f"could not issue a key ({response.status_code}): {response.text[:300]}")
    token: str = response.json()["token"]
    return token


def _stored_keys(path: Path) -> dict[str, str]:
    """The tokens a previous run kept, by the system they were issued to (empty if none)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict):
        return {}
    return {k: v for k, v in stored.items() if isinstance(k, str) and isinstance(v, str)}


def _store_keys(path: Path, tokens: dict[str, str]) -> None:
    """Written owner-only before anything is in it: the tokens are secrets."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(tokens, handle, indent=2, sort_keys=True)


def _key_id(token: str) -> str:
    return token.split(".", 1)[0].removeprefix("llk_")


def _still_fits(
    settings: DemoSettings, token: str, record: dict[str, Any] | None, body: dict[str, Any]
) -> bool:
    """A kept key is reused only if it is live, says what this run would ask for, and the
    registry still accepts its secret (a changed pepper or a wiped register does not)."""
    if record is None or record.get("revoked_at") or record.get("expires_at"):
        return False
    if record["role"] != body.get("role", "partner_system"):
        return False
    if set(record["sources"]) != set(body.get("sources", [])):
        return False
    if not set(body.get("granted_aggregates", [])) <= set(record["granted_aggregates"]):
        return False
    try:
        answer = httpx.get(
            f"{settings.registry_url}/v1/partners",
            params={"limit": 1},
            headers={"X-API-Key": token},
            timeout=30,
        )
    except httpx.HTTPError:
        return False
    return answer.status_code == 200


def _admin_records(settings: DemoSettings) -> dict[str, dict[str, Any]]:
    try:
        response = httpx.get(
            f"{settings.registry_url}/v1/admin/keys",
            headers={"Authorization": f"Bearer {settings.admin_token.get_secret_value()}"},
            timeout=30,
        )
    except httpx.HTTPError as error:
        raise LoadError(f"registry not reachable while listing keys: {error}", code=2) from error
    if response.status_code != 200:
        return {}  # issue_key below reports a refused admin token with what to do
    return {record["key_id"]: record for record in response.json()}


def demo_keys(settings: DemoSettings, bodies: dict[str, dict[str, Any]]) -> dict[str, str]:
    """A token per system in `bodies`: the kept one where it still fits, else a new one."""
    stored = _stored_keys(settings.keys_file)
    records = _admin_records(settings) if stored else {}
    tokens: dict[str, str] = {}
    for system, body in bodies.items():
        kept = stored.get(system)
        if kept and _still_fits(settings, kept, records.get(_key_id(kept)), body):
            tokens[system] = kept
        else:
            tokens[system] = issue_key(settings, body)
    if tokens != stored:
        _store_keys(settings.keys_file, tokens)
    return tokens


def post_file(settings: DemoSettings, file: EventFile, api_key: str) -> None:
    """The `livinglab post` command itself: batches, retries, progress bar and its report."""
    try:
        cli.post(
            files=[file.path],
            url=settings.registry_url,
            api_key=api_key,
            batch_size=settings.batch_size,
        )
    except click.exceptions.Exit as stop:
        if stop.exit_code:
            raise LoadError(f"{file.path.name}: some events were refused (listed above)") from stop
    except (click.ClickException, httpx.HTTPError, cli.Retryable) as error:
        message = error.format_message() if isinstance(error, click.ClickException) else error
        raise LoadError(f"{file.path.name}: posting failed: {message}") from error


def _get(client: httpx.Client, path: str, **params: Any) -> Any:
    response = client.get(path, params=params)
    response.raise_for_status()
    return response.json()


def wait_for_matching(
    settings: DemoSettings, coordinator_key: str, expected: Counter[str], console: Console
) -> dict[str, int]:
    """Polls /v1/stats until every registered node is in the graph and matches have settled."""
    deadline = time.monotonic() + settings.wait_timeout_s
    last: dict[str, int] = {}
    stable_since: float | None = None
    with (
        httpx.Client(
            base_url=settings.matching_url, headers={"X-API-Key": coordinator_key}, timeout=10
        ) as client,
        console.status("waiting for matching to process the demo data ...") as status,
    ):
        while time.monotonic() < deadline:
            stats: dict[str, int]
            try:
                stats = _get(client, "/v1/stats")
            except httpx.HTTPStatusError as error:
                if error.response.status_code != 401:  # 401: key not yet seen by matching
                    raise LoadError(f"matching /v1/stats failed: {error.response.text}") from error
                stats = {}
            except httpx.HTTPError as error:
                raise LoadError(f"matching stopped answering: {error}", code=2) from error
            complete = all(stats.get(label, 0) >= n for label, n in expected.items())
            now = time.monotonic()
            activity = ("Match", "batches")  # what changes while the worker is still at work
            if not complete or not stats.get("Match") or stats.get("busy"):
                # Nodes are written a moment before their batch's matches are saved, and the
                # demo network always yields matches: none yet, or a batch running, means
                # scoring is still going on.
                stable_since = None
            elif stable_since is None or any(stats.get(k) != last.get(k) for k in activity):
                stable_since = now  # (re)start the settle window
            last = stats
            if stable_since is not None and now - stable_since >= settings.settle_s:
                return stats
            status.update(
                "waiting for matching: "
                + ", ".join(f"{k} {stats.get(k, 0)}/{n}" for k, n in sorted(expected.items()))
                + f", proposed matches {stats.get('Match', 0)}"
            )
            time.sleep(settings.poll_interval_s)
    raise LoadError(
        f"matching did not catch up within {settings.wait_timeout_s:g}s (last stats {last}); "
        "see .local/logs/matching.log or raise LIVINGLAB_DEMO_WAIT_TIMEOUT_S"
    )


def load(settings: DemoSettings, console: Console) -> LoadResult:
    started = time.monotonic()
    files = demo_files(settings.events_dir)
    notes = check_services(settings, console)
    bodies: dict[str, dict[str, Any]] = {
        f.system: {
            "system": f.system,
            "role": "partner_system",
            "sources": [f.source],
            "granted_aggregates": list(f.grants),
        }
        for f in files
    }
    bodies[COORDINATOR] = {"system": COORDINATOR, "role": "coordinator"}
    for evaluator in labelling_wave.EVALUATORS:
        bodies[evaluator] = {"system": evaluator, "role": "evaluator"}
    keys = demo_keys(settings, bodies)
    coordinator_key = keys[COORDINATOR]
    for f in files:
        console.print(f"[bold]{f.path.name}[/] ({f.events} events as {f.source})")
        post_file(settings, f, keys[f.system])
    # A labelling wave with applications at every stage (docs/labelling.md); once per register.
    added = labelling_wave.load_wave(
        settings.registry_url,
        coordinator_key,
        {e: keys[e] for e in labelling_wave.EVALUATORS},
    )
    console.print(f"[bold]labelling wave[/] ({added} applications added)")
    expected: Counter[str] = sum((f.creates for f in files), Counter())
    stats = wait_for_matching(settings, coordinator_key, expected, console)
    with httpx.Client(
        base_url=settings.matching_url, headers={"X-API-Key": coordinator_key}, timeout=10
    ) as client:
        top = _get(client, "/v1/matches", sort="score", limit=3)["items"]
        proposed = _all_matches(client)
    per_subject = Counter((s, m["kind"]) for m in proposed for s in m["subject_ids"])
    return LoadResult(
        files,
        coordinator_key,
        stats,
        top,
        time.monotonic() - started,
        notes,
        dict(Counter(m["kind"] for m in proposed)),
        max(per_subject.values(), default=0),
    )


def _all_matches(client: httpx.Client) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = _get(client, "/v1/matches", limit=200, offset=len(found))["items"]
        found += page
        if len(page) < 200:
            return found


def summary(settings: DemoSettings, result: LoadResult) -> Table:
    expected = result.expected
    table = Table(title=f"Demo network loaded in {result.seconds:.1f}s", show_header=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    events = sum(f.events for f in result.files)
    table.add_row("events", f"{events} from {len(result.files)} partner systems")
    for label, name in (
        ("Partner", "partners"),
        ("Initiative", "initiatives"),
        ("NeedOffer", "needs/offers"),
    ):
        table.add_row(name, f"{result.stats.get(label, 0)} (demo: {expected[label]})")
    by_kind = ", ".join(f"{kind} {n}" for kind, n in sorted(result.proposed_by_kind.items()))
    table.add_row(
        "proposed matches",
        f"{result.stats.get('Match', 0)} ({by_kind}); at most "
        f"{result.per_subject} per subject and kind, so one coordinator can review them",
    )
    missing = ", ".join(result.kinds_without_partners) or "none"
    table.add_row("partner kinds with no partner", missing)
    for rank, match in enumerate(result.top_matches, start=1):
        names = " <-> ".join(match.get("subject_names") or match.get("subject_ids", []))
        table.add_row(
            f"top {rank}",
            f"{names}  [bold]score {match.get('score', 0):.2f}[/]\n"
            f"{match.get('top_reasons_en', '')}\n[dim]{match.get('top_reasons_nl', '')}[/]",
        )
    table.add_row("coordinator key", "printed below (send it as X-API-Key)")
    table.add_row("registry", f"{settings.registry_url}/docs")
    table.add_row("matching", f"{settings.matching_url}/docs")
    table.add_row("dashboard", settings.dashboard_url)
    table.add_row("notifications", f"{settings.notifications_url}/docs")
    for note in result.notes:
        table.add_row("note", note)
    return table


def main() -> int:
    settings = DemoSettings()
    console = Console(stderr=True)
    try:
        result = load(settings, console)
    except LoadError as error:
        console.print(f"[bold red]demo load failed:[/] {escape(str(error))}", soft_wrap=True)
        return error.code
    except typer.Abort:
        return 130
    out = Console()
    out.print(summary(settings, result))
    out.print(f"coordinator API key: {result.coordinator_key}", soft_wrap=True, highlight=False)
    out.print(way_in(settings), soft_wrap=True, highlight=False)
    return 0


def way_in(settings: DemoSettings) -> str:
    """How a newcomer gets keys of their own: said at the end of every `make run`."""
    local = settings.admin_token.get_secret_value() == LOCAL_ADMIN_TOKEN
    token = (
        "the admin token is the local default, 'local-admin-token' (the registry's "
        "REGISTRY_ADMIN_TOKEN setting, unset here); the livinglab command sends it for you"
        if local
        else "the admin token is the registry's REGISTRY_ADMIN_TOKEN; pass it with "
        "--admin-token or LIVINGLAB_ADMIN_TOKEN"
    )
    return (
        f"(kept in {settings.keys_file}: the next run reuses it rather than issue another)\n"
        "Your own keys (source .venv/bin/activate first):\n"
        "  livinglab keys issue --system my-crm --source /systems/my-crm   # a partner system\n"
        "  livinglab keys issue --system my-name --role coordinator       # a coordinator\n"
        "  livinglab keys list                # every key, never a token again\n"
        "  livinglab keys revoke KEY_ID       # at once, in every service\n"
        f"Locally {token}.\n"
        "Quickstarts: docs/quickstart-partner-system.md, docs/quickstart-subscriber.md, "
        "docs/quickstart-coordinator.md"
    )


if __name__ == "__main__":
    sys.exit(main())
