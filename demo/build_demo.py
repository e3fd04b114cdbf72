"""`python -m demo.build_demo`: writes demo/events/*.ndjson and demo/README.md from demo/data.

Each partner system (CloudEvents `source`) gets one file; files are posted in their numeric
order, and within a file registrations come before the events that reference them. The output is
deterministic, so a second load is recognised by the registry as duplicates (same id, same body).
`--check` only verifies that the committed files are up to date.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from livinglab_contracts import parse_event

from demo.model import DataError, DemoData, Initiative, NeedOffer, Partner, Source, load_data, words

HERE = Path(__file__).resolve().parent
EVENTS_DIR = HERE / "events"
README_PATH = HERE / "README.md"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

Event = dict[str, Any]


def event_time(day: date) -> str:
    return datetime.combine(day, time(9, 0), AMSTERDAM).isoformat()


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v not in (None, (), [], "")}


# A description a user reads says what the initiative, need or offer is. Where a statement comes
# from (a seed document's number, the brief's (inferred)/(ext) marks, our own mappings) is
# provenance: it stays in demo/data, and demo/README.md lists it per id, but not in the events.
_SENTENCE_END = re.compile(r"(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s+")
# A remark in brackets about how a value was found: "(kind mapped to CIV, inferred)".
_PROVENANCE_REMARK = re.compile(
    r"\s*\((?=[^()]*\b(?:inferred|ext)\b)(?!(?:inferred|ext)\))[^()]*\)"
)
_PROVENANCE_SENTENCE = re.compile(
    r"\((?:inferred|ext)\b|\bis our mapping\b|\bthe seeds?\b|\bnot expanded\b|^0\d\d\b",
    re.IGNORECASE,
)
_NUMBERED_SOURCE = (
    (re.compile(r"\s*\(0\d\d\b[^)]*\)"), ""),  # "(001)", "(000, 001)", "(003 writes '...')"
    (re.compile(r", 0\d\d(?:, ?0\d\d)*\)"), ")"),  # "(STO, 002)" -> "(STO)"
)


def public_text(text: str) -> tuple[str, list[str]]:
    """The description without provenance, and the provenance sentences taken out of it."""
    kept: list[str] = []
    provenance: list[str] = []
    for sentence in _SENTENCE_END.split(text.strip()):
        provenance += [m.group(0).strip() for m in _PROVENANCE_REMARK.finditer(sentence)]
        sentence = _PROVENANCE_REMARK.sub("", sentence)
        clauses = []
        for clause in filter(
            None, sentence.split("; ")
        ):  # "...; reading this as an offer is (inferred)."
            if _PROVENANCE_SENTENCE.search(clause):
                provenance.append(clause)
                continue
            for pattern, replacement in _NUMBERED_SOURCE:
                clause = pattern.sub(replacement, clause)
            clauses.append(clause)
        if clauses:
            joined = "; ".join(clauses)
            kept.append(joined if joined.endswith((".", "!", "?")) else joined + ".")
    return " ".join(kept), provenance


def _inferred(row: Partner | Initiative) -> list[str]:
    fields = {"levels": "education_levels", "start": "start_date", "end": "end_date"}
    if isinstance(row, Partner):
        fields["levels"] = "education_levels_offered"
    names = [fields.get(f, f) for f in (*words(row.inferred), *words(row.ext))]
    return list(dict.fromkeys(names))


def initiative_data(row: Initiative) -> dict[str, Any]:
    return _drop_empty(
        {
            "initiative_id": row.id,
            "name": row.name,
            "aliases": list(row.aliases),
            "kind": row.kind,
            "parent_id": row.parent,
            "code": row.code,
            "description": public_text(row.description)[0],
            "goals": list(row.goals),
            "collaboration_type": row.collaboration_type,
            "legal_form": row.legal_form,
            "triangle_axes": list(words(row.axes)),
            "learning_functions": list(words(row.functions)),
            "themes": list(words(row.themes)),
            "topsectors": list(words(row.topsectors)),
            "regions": list(words(row.regions)),
            "education_levels": list(words(row.levels)),
            "target_groups": list(words(row.target_groups)),
            "challenges": list(words(row.challenges)),
            "status": row.status,
            "start_date": row.start.isoformat() if row.start else None,
            "end_date": row.end.isoformat() if row.end else None,
            "funding_ends_on": row.funding_ends.isoformat() if row.funding_ends else None,
            "coordinator_id": row.coordinator,
            "opt_in": None if row.opt_in else False,
            "website": row.website,
            "inferred_fields": _inferred(row),
        }
    )


def partner_data(row: Partner) -> dict[str, Any]:
    return _drop_empty(
        {
            "partner_id": row.id,
            "name": row.name,
            "aliases": list(row.aliases),
            "kind": row.kind,
            "helix": row.helix,
            "legal_form": row.legal_form,
            "size": row.size,
            "education_levels_offered": list(words(row.levels)),
            "mbo_programmes": [{"name": n, "route": r} for n, r in row.programmes],
            "themes": list(words(row.themes)),
            "regions": list(words(row.regions)),
            "target_groups": list(words(row.target_groups)),
            "challenges": list(words(row.challenges)),
            "facilities": list(row.facilities),
            "website": row.website,
            "has_coordinator": True if row.has_coordinator else None,
            "opt_in": None if row.opt_in else False,
            "inferred_fields": _inferred(row),
        }
    )


def need_offer_data(row: NeedOffer, valid_from: date) -> dict[str, Any]:
    return _drop_empty(
        {
            "need_offer_id": row.id,
            "publisher_id": row.publisher,
            "publisher_type": row.publisher_type,
            "type": row.type,
            "title": row.title,
            "themes": list(words(row.themes)),
            "education_levels": list(words(row.levels)),
            "target_groups": list(words(row.target_groups)),
            "region": row.region,
            "quantity": row.quantity,
            "valid_from": valid_from.isoformat(),
            "valid_until": row.valid_until.isoformat() if row.valid_until else None,
            "description": public_text(row.description)[0],
        }
    )


class Builder:
    """Turns the tables into CloudEvents per source, with per-aggregate sequences."""

    def __init__(self, data: DemoData) -> None:
        self.data = data
        self.sources = {s.slug: s for s in data.sources}
        self.initiatives = {i.id: i for i in data.initiatives}
        self.partners = {p.id: p for p in data.partners}
        self._sequence: Counter[str] = Counter()
        self.events: dict[str, list[Event]] = defaultdict(list)

    def owner(self, aggregate_id: str) -> Source:
        row = self.initiatives.get(aggregate_id) or self.partners.get(aggregate_id)
        if row is None:
            raise ValueError(f"unknown aggregate '{aggregate_id}'")
        return self.sources[row.source]

    def _emit(self, source: Source, name: str, subject: str, day: date, data: Event) -> None:
        self._sequence[subject] += 1
        sequence = self._sequence[subject]
        self.events[source.slug].append(
            {
                "specversion": "1.0",
                "id": f"demo-{subject}-{sequence}",
                "source": source.uri,
                "type": f"nl.livinglab.{name}.v1",
                "time": event_time(day),
                "subject": subject,
                "sequence": sequence,
                "data": data,
            }
        )

    def build(self) -> dict[str, list[Event]]:
        for row in _parents_first(self.data.initiatives):
            source = self.sources[row.source]
            self._emit(
                source,
                "initiative.registered",
                row.id,
                row.seen or source.seen,
                initiative_data(row),
            )
        for partner in self.data.partners:
            source = self.sources[partner.source]
            self._emit(
                source,
                "partner.registered",
                partner.id,
                partner.seen or source.seen,
                partner_data(partner),
            )
        for m in self.data.memberships:
            data = _drop_empty(
                {
                    "partner_id": m.partner,
                    "initiative_id": m.initiative,
                    "role": m.role,
                    "helix": m.helix,
                    "since": m.since.isoformat(),
                }
            )
            self._emit(self.owner(m.partner), "partner.joined-initiative", m.partner, m.since, data)
        for no in self.data.needs_offers:
            source = self.owner(no.publisher)
            valid_from = no.valid_from or source.seen
            self._emit(
                source,
                f"{no.direction}.published",
                no.id,
                valid_from,
                need_offer_data(no, valid_from),
            )
        for c in self.data.closures:
            data = _drop_empty(
                {
                    "initiative_id": c.initiative,
                    "closed_on": c.closed_on.isoformat(),
                    "reason": c.reason,
                    "successor_id": c.successor,
                    "note": c.note,
                }
            )
            self._emit(
                self.owner(c.initiative), "initiative.closed", c.initiative, c.closed_on, data
            )
        ordered = sorted(self.data.sources, key=lambda s: s.order)
        return {s.filename: self.events[s.slug] for s in ordered}


def _parents_first(rows: Iterable[Initiative]) -> Iterator[Initiative]:
    pending = list(rows)
    done: set[str] = set()
    while pending:
        ready = [r for r in pending if r.parent is None or r.parent in done]
        if not ready:
            raise ValueError(f"parent cycle or unknown parent among {[r.id for r in pending]}")
        for row in ready:
            done.add(row.id)
            yield row
        pending = [r for r in pending if r.id not in done]


def admission_problems(files: dict[str, list[Event]]) -> list[str]:
    """Replays the registry's admission rules over the files in load order (no server needed)."""
    problems: list[str] = []
    aggregates: dict[str, dict[str, Any]] = {}  # id -> {type, owner, sequence, status}
    members: set[tuple[str, str]] = set()
    seen_ids: set[str] = set()
    for filename, events in files.items():
        sources = {e["source"] for e in events}
        if len(sources) != 1:
            problems.append(f"{filename}: one source per file expected, got {sorted(sources)}")
        for e in events:
            where = f"{filename}: {e['id']}"
            try:
                parse_event(e)
            except Exception as error:
                problems.append(f"{where}: does not parse: {error}")
                continue
            if e["id"] in seen_ids:
                problems.append(f"{where}: duplicate event id")
            seen_ids.add(e["id"])
            action = e["type"].removeprefix("nl.livinglab.").removesuffix(".v1")
            data, subject = e["data"], e["subject"]
            kind = {"initiative": "initiative", "partner": "partner"}.get(
                action.split(".")[0], "need_offer"
            )
            current = aggregates.get(subject)
            if action in ("initiative.registered", "partner.registered") or action.endswith(
                ".published"
            ):
                if current is not None:
                    problems.append(f"{where}: '{subject}' registered twice")
                    continue
                current = {"type": kind, "owner": e["source"], "sequence": 0, "status": "open"}
                current["status"] = data.get("status", "active") if kind == "initiative" else "open"
                aggregates[subject] = current
            elif current is None:
                problems.append(f"{where}: '{subject}' is not registered yet")
                continue
            elif current["owner"] != e["source"]:
                problems.append(f"{where}: '{subject}' belongs to {current['owner']}")
            if e["sequence"] <= current["sequence"]:
                problems.append(
                    f"{where}: sequence {e['sequence']} not after {current['sequence']}"
                )
            current["sequence"] = e["sequence"]

            def missing(ref: str | None, ref_type: str) -> bool:
                found = aggregates.get(ref or "")
                return ref is not None and (found is None or found["type"] != ref_type)

            if missing(data.get("parent_id"), "initiative"):
                problems.append(f"{where}: parent '{data['parent_id']}' not registered before")
            if action == "partner.joined-initiative":
                target = aggregates.get(data["initiative_id"])
                if target is None or target["type"] != "initiative":
                    problems.append(f"{where}: initiative '{data['initiative_id']}' unknown")
                elif target["status"] == "closed":
                    problems.append(f"{where}: initiative '{data['initiative_id']}' is closed")
                if (subject, data["initiative_id"]) in members:
                    problems.append(f"{where}: already a member of '{data['initiative_id']}'")
                members.add((subject, data["initiative_id"]))
            if action.endswith(".published") and missing(
                data["publisher_id"], data.get("publisher_type", "partner")
            ):
                problems.append(f"{where}: publisher '{data['publisher_id']}' unknown")
            if action == "initiative.closed":
                if missing(data.get("successor_id"), "initiative"):
                    problems.append(f"{where}: successor '{data['successor_id']}' unknown")
                current["status"] = "closed"
    return problems


def ndjson(events: list[Event]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in events)


# ---------------------------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------------------------
def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def _marks(row: Partner | Initiative) -> str:
    parts = []
    if row.inferred:
        parts.append("inferred: " + ", ".join(words(row.inferred)))
    if row.ext:
        parts.append("ext: " + ", ".join(words(row.ext)))
    return "; ".join(parts) or "—"


def _described(data: DemoData) -> list[Initiative | NeedOffer]:
    return [*data.initiatives, *data.needs_offers]


def counts(files: dict[str, list[Event]]) -> dict[str, Counter[str]]:
    per_file: dict[str, Counter[str]] = {}
    for filename, events in files.items():
        c: Counter[str] = Counter()
        for e in events:
            action = e["type"].removeprefix("nl.livinglab.").removesuffix(".v1")
            c[action] += 1
            c["events"] += 1
        per_file[filename] = c
    return per_file


def readme(files: dict[str, list[Event]], data: DemoData) -> str:
    per_file = counts(files)
    total: Counter[str] = sum(per_file.values(), Counter())
    by_slug = {s.filename: s for s in data.sources}
    lines = [
        "# Demo data set: the Limburg living-lab network and its national context",
        "",
        "<!-- Generated by `python -m demo.build_demo` from demo/data/*.toml; do not edit. -->",
        "",
        "`make run` loads this data set through the public registry API with the `livinglab` "
        "CLI (`python -m scripts.load_demo`). Every organisation, initiative, innovation "
        "table, programme and place that section 3 of the domain brief "
        "(read from the five seed documents 000-004) names is here, "
        "either as its own aggregate or, where the contract has no place for it, in a "
        "description (see the last table).",
        "",
        "## Counts",
        "",
        "| File (posted in this order) | Source | Partners | Initiatives | Memberships "
        "| Needs | Offers | Other | Events |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for filename, c in per_file.items():
        other = c["events"] - sum(
            c[k]
            for k in (
                "partner.registered",
                "initiative.registered",
                "partner.joined-initiative",
                "need.published",
                "offer.published",
            )
        )
        lines.append(
            f"| `{filename}` | `{by_slug[filename].uri}` | {c['partner.registered']} "
            f"| {c['initiative.registered']} | {c['partner.joined-initiative']} "
            f"| {c['need.published']} | {c['offer.published']} | {other} | {c['events']} |"
        )
    other_total = total["events"] - sum(
        total[k]
        for k in (
            "partner.registered",
            "initiative.registered",
            "partner.joined-initiative",
            "need.published",
            "offer.published",
        )
    )
    lines += [
        f"| **total** | | **{total['partner.registered']}** "
        f"| **{total['initiative.registered']}** | **{total['partner.joined-initiative']}** "
        f"| **{total['need.published']}** | **{total['offer.published']}** | **{other_total}** "
        f"| **{total['events']}** |",
        "",
        '"Other" is the one lifecycle event: L-point, the dropped precursor of De Werkplaats, '
        "is closed with De Werkplaats as its successor. Of the initiatives, "
        f"{sum(1 for i in data.initiatives if i.kind == 'innovation_table')} are CoP innovation "
        "tables (2A, 2B, 2C1, 2C2, 2D, 2E, 3, 4) with `parent_id` cop-limburg, and 21 are the "
        "topsectoren pilots (the text of 003 says twenty, its colophon lists 21).",
        "",
        "## Loading",
        "",
        "`make run` ends with `python -m scripts.load_demo`. It issues one partner-system key "
        "per source below and a coordinator key (admin API), posts each file with "
        "`livinglab post`, waits until `GET /v1/stats` of the matching service shows every "
        "partner, initiative and need/offer and the match count has settled, then prints the "
        "counts, the top three matches with their reasons (English and Dutch), the coordinator "
        "key and the URLs. On a warm system that takes about 7 seconds. Run it again at any "
        "time: every event comes back as already present. Against other hosts or ports set "
        "`LIVINGLAB_DEMO_REGISTRY_URL`, `LIVINGLAB_DEMO_MATCHING_URL`, "
        "`LIVINGLAB_DEMO_NOTIFICATIONS_URL`, `LIVINGLAB_DEMO_DASHBOARD_URL` and "
        "`LIVINGLAB_DEMO_ADMIN_TOKEN` (or `REGISTRY_ADMIN_TOKEN`); "
        "`LIVINGLAB_DEMO_REQUIRE_NOTIFICATIONS=false` loads without the notification service. "
        "By hand, per file: `livinglab keys issue --system vista-crm --source /systems/vista-crm` "
        "and `livinglab post demo/events/40-vista-crm.ndjson --api-key <token>`, in file order.",
        "",
        "## Partner systems",
        "",
        "| Source | What it holds | Seeds |",
        "|---|---|---|",
        *(
            f"| `{s.uri}` | {s.title} | {s.seeds} |"
            for s in sorted(data.sources, key=lambda s: s.order)
        ),
        "",
        "A partner's memberships are posted by the system that registered the partner (the "
        "registry only lets the owner write an aggregate), so a file may reference initiatives "
        "of an earlier file: VISTA college (vista-crm) joins Digiwise (ord-2023), HAN "
        "(ord-2023) joins the Talent Innovatie Pool (topsectoren), Provincie Limburg joins CoP's "
        "sounding board. The file order makes every reference point backwards.",
        "",
        "## How the data was made",
        "",
        "* Edit the tables in `demo/data/*.toml`, run `.venv/bin/python -m demo.build_demo`, "
        "commit both the tables and the regenerated `demo/events/*.ndjson` and this README. "
        "`tests/unit/demo` fails when they drift apart.",
        "* Ids are stable, readable slugs (`cop-limburg`, `vista-college`, `cop-tafel-2a`, "
        "`need-chemelot-procestechnologen`); event ids are `demo-<aggregate>-<sequence>`. "
        "Loading twice gives duplicates (HTTP 200), never errors.",
        "* **Inferred and outside knowledge.** Where the brief marks a value *(inferred)* or "
        "*(ext)*, or where we had to map a seed word to a contract value (a kind, a region "
        "code, a theme slug), the field is listed in `inferred_fields`. The seed tables say "
        '"(inferred)" / "(ext)" inline; the events do not: those remarks, and the seed '
        "documents' numbers, move to the provenance notes below, so a user reads what an "
        "initiative is, not how it was reconstructed. The tables below show which is which.",
        "* **Stand-ins for kinds the seeds name without an organisation.** Where a seed names "
        "only a kind of partner (the vmbo CoP misses, 'Vmbo/havo', De Werkplaats' po side, "
        "'de gemeente' of De Buitenplaats), one or two stand-ins of that kind are registered "
        "in the right region, labelled '(representatief)' in their name; `name` and every "
        "field the seed does not give are in `inferred_fields`, and their notes and the "
        'provenance notes say "(inferred: the seeds name the kind, not the organisation)". '
        "Collectives the seeds do name (Energy College's 'overheden' and 'bedrijfsleven "
        "(voornamelijk mkb)' in Noord-Nederland) are registered as collectives, like the ROCs "
        "and AOCs.",
        "* **People are not in the data.** No person is a partner, no name, e-mail address or "
        "phone number appears. Coordinators are pseudonymous ids "
        "(`person-cop-projectmanager`, `person-mboin2030-contact`); VISTA college has "
        "`has_coordinator: true`. Committee members of 003 are not turned into memberships of "
        "their employers.",
        "* **The network as the seeds describe it** (2016-2023): statuses are those of the "
        "seed's date. De Werkplaats and its components were a proposal (`idea`, so not "
        "matched), the pilots are `pilot`, CoP is `active`; only L-point is closed.",
        "* **Dates.** Event `time` and membership `since` are the first date the seeds attest "
        "the fact: 30 Nov 2016 (004), June 2017 (003), 9 Feb 2021 (000/001: the first CoP "
        "sounding board), 5 July 2023 (002). Month-only dates use the 1st.",
        "* **Evidence records.** The three studies (Verduurzaming van Publieke Waarde, "
        "Onderzoek STO, De lerende regio) are registered with `opt_in: false`, as are "
        "organisations the seeds only cite (DSM's image, the World Economic Forum statistic, "
        "the colophon's production credits): they are in the register but never proposed.",
        "* **Needs and offers** are the ones section 3 states (Chemelot's demand for "
        "procestechnologen, the Chemelot Academy / VISTA zij-instroom offers, CHILL's LAB "
        "facilities, CoP's internships, vmbo link, medical partners, continuity funding, the "
        "STO vmbo interests, the MBOin2030 fund and validation need, the Vrijplaats fund ...). "
        "The few that read a seed statement as a need or offer say so in the provenance "
        "notes. Every stated need has a counterpart where the seeds give one: "
        "internships (VISTA's need, CoP's offers), the vmbo inflow (STO, the vmbo stand-in), "
        "company visits (PML), buddies (mbo level 4 at VISTA), equipment (CHILL, Energie "
        "Transitie Huis), up- and reskilling (table 2B, POPUP-Safety), research for table 4 "
        "(Zuyd's and HAN's lectoraat), validation (MBOin2030), the outside partners of De "
        "Buitenplaats (the gemeente stand-in).",
        "",
        "## Initiatives",
        "",
        "| Id | Name | Kind | Status | Parent | Source | Seed (brief section) | Marks |",
        "|---|---|---|---|---|---|---|---|",
    ]
    closed = {c.initiative for c in data.closures}
    for i in data.initiatives:
        status = "closed" if i.id in closed else i.status
        lines.append(
            f"| `{i.id}` | {_cell(i.name)} | {i.kind} | {status}"
            f"{'' if i.opt_in else ' (opt-out)'} | {i.parent or '—'} | {i.source} "
            f"| {i.seed} | {_marks(i)} |"
        )
    lines += [
        "",
        "## Partners",
        "",
        "The partner contract has no description field; the notes below exist only here.",
        "",
        "| Id | Name | Kind | Source | Seed (brief section) | Marks | Note |",
        "|---|---|---|---|---|---|---|",
    ]
    for p in data.partners:
        opt = "" if p.opt_in else " (opt-out)"
        lines.append(
            f"| `{p.id}` | {_cell(p.name)}{opt} | {p.kind} | {p.source} | {p.seed} "
            f"| {_marks(p)} | {_cell(p.note) or '—'} |"
        )
    lines += [
        "",
        "## Needs and offers",
        "",
        "| Id | Direction | Type | Publisher | Seed |",
        "|---|---|---|---|---|",
        *(
            f"| `{n.id}` | {n.direction} | {n.type} | {n.publisher} | {n.seed} |"
            for n in data.needs_offers
        ),
        "",
        "## Provenance notes",
        "",
        "What the seed descriptions say about where a statement comes from. The events carry "
        "the descriptions without these sentences and without the seed documents' numbers, so "
        "users read what an initiative, need or offer is, not how it was reconstructed.",
        "",
        "| Id | Provenance |",
        "|---|---|",
        *(
            f"| `{row.id}` | {_cell('; '.join(notes))} |"
            for row in _described(data)
            if (notes := public_text(row.description)[1])
        ),
        "",
        "## Named in the brief but not an aggregate of its own",
        "",
        "| Name | Brief section | Where it went |",
        "|---|---|---|",
        *(f"| {_cell(n.name)} | {n.seed} | {_cell(n.where)} |" for n in data.not_registered),
        "",
        "## What the contract cannot hold (kept in descriptions)",
        "",
        "* Partner descriptions and provenance (the notes and provenance notes above).",
        "* Facilities as their own aggregate (Arendstraat, Hal 26, LAB PT/MT, Energie Transitie "
        "Huis): only `facilities` names on a partner and `facility` offers.",
        "* Funding grants (CoP as a RIF project, the Kadernotitie funding De Werkplaats), "
        "network memberships (DZHF as Fieldlab Smart Industry, ENoLL), study-case links (the "
        "11 ORD cases), sounding-board composition, meetings and measurements, pathway links "
        "(vmbo to VISTA), declared challenges with dates, successor/precursor other than "
        "closure, and the helix/role of a person.",
        "* `inferred_fields` does not separate *(inferred)* from *(ext)*.",
        "",
    ]
    return "\n".join(lines)


def build() -> tuple[dict[str, list[Event]], str]:
    data = load_data()
    files = Builder(data).build()
    problems = admission_problems(files)
    if problems:
        raise SystemExit("demo data set is inconsistent:\n  " + "\n  ".join(problems))
    return files, readme(files, data)


def main(argv: list[str]) -> int:
    try:
        files, text = build()
    except DataError as error:
        sys.stderr.write(f"demo data: {error}\n")
        return 1
    wanted = {EVENTS_DIR / name: ndjson(events) for name, events in files.items()}
    wanted[README_PATH] = text
    if "--check" in argv:
        stale = [str(p) for p, body in wanted.items() if not p.exists() or p.read_text() != body]
        extra = [str(p) for p in EVENTS_DIR.glob("*.ndjson") if p not in wanted]
        for name in stale + extra:
            sys.stderr.write(f"out of date: {name}\n")
        return 1 if stale or extra else 0
    EVENTS_DIR.mkdir(exist_ok=True)
    for stale_file in EVENTS_DIR.glob("*.ndjson"):
        if stale_file not in wanted:
            stale_file.unlink()
    for path, body in wanted.items():
        path.write_text(body, encoding="utf-8")
    total = sum(len(e) for e in files.values())
    sys.stderr.write(f"wrote {len(files)} event files ({total} events) and {README_PATH.name}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
