"""Row types for the demo tables and their loader (demo/data/*.toml).

The tables are TOML files, one per table, in demo/data/: sources.toml (the partner systems and
the named dates rows refer to), initiatives.toml, partners.toml, memberships.toml,
needs_offers.toml, closures.toml and not_registered.toml. `load_data()` reads them into the row
types below and refuses, naming the file and the row, a key no row type has, a missing required
field, a value of the wrong type and a date that is neither a TOML date (2017-06-01) nor a name
from the `[dates]` table of sources.toml ("D_003").

Multi-valued fields that hold codes (themes, regions, levels, target groups, challenges,
topsectors, inferred fields) are written as one space-separated string to keep the tables short;
`words()` splits them. Names and aliases are lists because they contain spaces.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

DATA_DIR = Path(__file__).resolve().parent / "data"


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


# ---------------------------------------------------------------------------------------------
# Loader
# ---------------------------------------------------------------------------------------------
class DataError(ValueError):
    """A data file that does not fit its row type; the message names the file and the row."""


@dataclass(frozen=True)
class DemoData:
    sources: tuple[Source, ...]
    initiatives: tuple[Initiative, ...]
    partners: tuple[Partner, ...]
    memberships: tuple[Membership, ...]
    needs_offers: tuple[NeedOffer, ...]
    closures: tuple[Closure, ...]
    not_registered: tuple[NotRegistered, ...]


# file -> (the key of its rows, the row type)
TABLES: dict[str, tuple[str, type[Any]]] = {
    "sources.toml": ("source", Source),
    "initiatives.toml": ("initiative", Initiative),
    "partners.toml": ("partner", Partner),
    "memberships.toml": ("membership", Membership),
    "needs_offers.toml": ("need_offer", NeedOffer),
    "closures.toml": ("closure", Closure),
    "not_registered.toml": ("not_registered", NotRegistered),
}
DATES_KEY = "dates"  # the table of named dates in sources.toml
# Fields of pairs are written as small tables with these keys: { name = "PT", route = "bol" }.
PAIR_KEYS = {"programmes": ("name", "route")}


def load_data(data_dir: Path = DATA_DIR) -> DemoData:
    """All tables of demo/data, in file order; DataError names the file and row of a problem."""
    sources_doc = _read(data_dir / "sources.toml", {"source", DATES_KEY})
    dates = _named_dates(data_dir / "sources.toml", sources_doc.get(DATES_KEY, {}))
    rows: dict[str, tuple[Any, ...]] = {}
    for filename, (key, row_type) in TABLES.items():
        path = data_dir / filename
        doc = sources_doc if filename == "sources.toml" else _read(path, {key})
        rows[key] = _rows(path, key, row_type, doc.get(key, []), dates)
    return DemoData(
        sources=rows["source"],
        initiatives=rows["initiative"],
        partners=rows["partner"],
        memberships=rows["membership"],
        needs_offers=rows["need_offer"],
        closures=rows["closure"],
        not_registered=rows["not_registered"],
    )


def _read(path: Path, keys: set[str]) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            doc = tomllib.load(f)
    except OSError as error:
        raise DataError(f"{path}: cannot read: {error.strerror}") from error
    except tomllib.TOMLDecodeError as error:
        raise DataError(f"{path}: not valid TOML: {error}") from error
    unknown = sorted(set(doc) - keys)
    if unknown:
        raise DataError(f"{path}: unknown table {unknown[0]!r} (expected {_listed(keys)})")
    return doc


def _named_dates(path: Path, table: Any) -> dict[str, date]:
    if not isinstance(table, dict):
        raise DataError(f"{path}: [{DATES_KEY}] must be a table of names and dates")
    for name, value in table.items():
        if type(value) is not date:
            raise DataError(
                f"{path}: [{DATES_KEY}] {name}: {value!r} is not a date (write 2017-06-01)"
            )
    return dict(table)


def _rows(
    path: Path, key: str, row_type: type[Any], items: Any, dates: dict[str, date]
) -> tuple[Any, ...]:
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise DataError(f"{path}: {key!r} must be a list of tables ([[{key}]])")
    return tuple(
        _row(f"{path}: {key} #{n}{_label(item)}", row_type, item, dates)
        for n, item in enumerate(items, start=1)
    )


def _label(item: dict[str, Any]) -> str:
    for name in ("id", "slug", "name"):
        if isinstance(item.get(name), str):
            return f" ({name} {item[name]!r})"
    if isinstance(item.get("partner"), str) and isinstance(item.get("initiative"), str):
        return f" ({item['partner']} in {item['initiative']})"
    if isinstance(item.get("initiative"), str):
        return f" (initiative {item['initiative']!r})"
    return ""


def _row(where: str, row_type: type[Any], item: dict[str, Any], dates: dict[str, date]) -> Any:
    fields = {f.name: f for f in dataclasses.fields(row_type)}
    hints = get_type_hints(row_type)
    unknown = [k for k in item if k not in fields]
    if unknown:
        raise DataError(f"{where}: unknown field {unknown[0]!r} (fields: {_listed(fields)})")
    missing = [
        name
        for name, f in fields.items()
        if name not in item
        and f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
    ]
    if missing:
        raise DataError(f"{where}: missing field {_listed(missing)}")
    values = {
        name: _value(f"{where}: {name}", hints[name], value, dates, PAIR_KEYS.get(name))
        for name, value in item.items()
    }
    return row_type(**values)


def _value(
    where: str, hint: Any, value: Any, dates: dict[str, date], pair_keys: tuple[str, str] | None
) -> Any:
    if get_origin(hint) in (Union, types.UnionType):  # X | None: TOML has no null, omit the key
        (hint,) = [arg for arg in get_args(hint) if arg is not type(None)]
    if hint is date:
        if type(value) is date:
            return value
        if isinstance(value, str) and value in dates:
            return dates[value]
        raise DataError(
            f"{where}: bad date {value!r}: write a date unquoted (2017-06-01) "
            f"or name one of [{DATES_KEY}] in sources.toml ({_listed(dates)})"
        )
    if get_origin(hint) is tuple:
        if not isinstance(value, list):
            raise DataError(f"{where}: expected a list, got {value!r}")
        if pair_keys is None:
            return tuple(_value(where, str, v, dates, None) for v in value)
        pairs = []
        for v in value:
            if not isinstance(v, dict) or sorted(v) != sorted(pair_keys):
                raise DataError(f"{where}: expected {{ {' = ..., '.join(pair_keys)} = ... }}")
            pairs.append(tuple(_value(where, str, v[k], dates, None) for k in pair_keys))
        return tuple(pairs)
    if type(value) is not hint:  # exact: a bool is not an int here
        raise DataError(f"{where}: expected {hint.__name__}, got {value!r}")
    return value


def _listed(names: Any) -> str:
    return ", ".join(sorted(names) if isinstance(names, set) else names)
