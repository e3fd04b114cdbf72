"""The loader of demo/data/*.toml: typed rows, and errors that name the file and the row."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from demo.model import TABLES, DataError, Membership, Partner, load_data

SOURCES = """\
[dates]
D_003 = 2017-06-01  # a comment, as the real file has

[[source]]
slug = "topsectoren"
order = 10
title = "Topsectoren"
seeds = "003"
seen = "D_003"
"""
PARTNER = """\
[[partner]]
id = "vista-college"
name = "VISTA college"
kind = "roc"
source = "topsectoren"
seed = "3.1 (000, 001)"
"""
MEMBERSHIP = """\
membership = [
    { partner = "vista-college", initiative = "cop-limburg", role = "lead", since = "D_003" },
]
"""


def write_data(directory: Path, **texts: str) -> Path:
    """A data directory with the minimal sources.toml and empty tables, plus `texts` by file."""
    for filename in TABLES:
        (directory / filename).write_text("", encoding="utf-8")
    (directory / "sources.toml").write_text(SOURCES, encoding="utf-8")
    for stem, text in texts.items():
        (directory / f"{stem}.toml").write_text(text, encoding="utf-8")
    return directory


def load_error(directory: Path) -> str:
    with pytest.raises(DataError) as caught:
        load_data(directory)
    return str(caught.value)


def test_the_committed_tables_load_as_typed_rows() -> None:
    data = load_data()
    assert min(data.sources, key=lambda s: s.order).slug == "topsectoren"
    assert all(type(s.seen) is date for s in data.sources)
    assert all(type(m.since) is date for m in data.memberships)
    vista = next(p for p in data.partners if p.id == "vista-college")
    assert ("PT", "bol") in vista.programmes
    assert len({p.id for p in data.partners}) == len(data.partners)


def test_a_minimal_table_loads_with_defaults_and_named_dates(tmp_path: Path) -> None:
    data = load_data(write_data(tmp_path, partners=PARTNER, memberships=MEMBERSHIP))
    assert data.partners == (
        Partner("vista-college", "VISTA college", "roc", "topsectoren", "3.1 (000, 001)"),
    )
    assert data.memberships == (
        Membership("vista-college", "cop-limburg", "lead", date(2017, 6, 1)),
    )


def test_an_unknown_field_names_file_row_and_field(tmp_path: Path) -> None:
    message = load_error(write_data(tmp_path, partners=PARTNER + 'nmae = "VISTA"\n'))
    assert "partners.toml: partner #1 (id 'vista-college'): unknown field 'nmae'" in message
    assert "name" in message.split("fields:")[1]  # lists the fields there are


def test_a_missing_field_names_file_row_and_field(tmp_path: Path) -> None:
    text = MEMBERSHIP.replace('role = "lead", ', "")
    message = load_error(write_data(tmp_path, memberships=text))
    assert message.endswith(
        "memberships.toml: membership #1 (vista-college in cop-limburg): missing field role"
    )


@pytest.mark.parametrize(
    ("since", "shown"),
    [('"D_999"', "'D_999'"), ('"2017-06-01"', "'2017-06-01'"), ("2017-06-01T09:00:00", "9, 0")],
)
def test_a_bad_date_names_file_row_and_the_dates_it_could_be(
    tmp_path: Path, since: str, shown: str
) -> None:
    text = MEMBERSHIP.replace('"D_003"', since)
    message = load_error(write_data(tmp_path, memberships=text))
    assert "memberships.toml: membership #1 (vista-college in cop-limburg): since: bad date" in (
        message
    )
    assert shown in message
    assert "2017-06-01" in message and "D_003" in message  # how to write one


def test_an_impossible_date_is_refused_as_invalid_toml_of_that_file(tmp_path: Path) -> None:
    text = MEMBERSHIP.replace('"D_003"', "2017-02-30")
    message = load_error(write_data(tmp_path, memberships=text))
    assert "memberships.toml: not valid TOML" in message
    assert "line 2" in message


def test_a_named_date_that_is_no_date_is_refused(tmp_path: Path) -> None:
    directory = write_data(tmp_path)
    (directory / "sources.toml").write_text(SOURCES.replace("2017-06-01", '"June 2017"'))
    message = load_error(directory)
    assert "sources.toml: [dates] D_003: 'June 2017' is not a date" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('opt_in = "no"', "partner #1 (id 'vista-college'): opt_in: expected bool, got 'no'"),
        ("name = 7", "partner #1 (id 'vista-college'): name: expected str, got 7"),
        ('aliases = "Vista"', "aliases: expected a list, got 'Vista'"),
        ('programmes = [["PT", "bol"]]', "programmes: expected { name = ..., route = ... }"),
    ],
)
def test_a_value_of_the_wrong_type_names_file_row_and_field(
    tmp_path: Path, line: str, expected: str
) -> None:
    text = PARTNER.replace('name = "VISTA college"\n', "") if line.startswith("name") else PARTNER
    message = load_error(write_data(tmp_path, partners=text + line + "\n"))
    assert "partners.toml: " in message
    assert expected in message


def test_an_unknown_table_and_a_missing_file_are_named(tmp_path: Path) -> None:
    directory = write_data(tmp_path, closures="[[closures]]\ninitiative = 'l-point'\n")
    message = load_error(directory)
    assert "closures.toml: unknown table 'closures' (expected closure)" in message
    (directory / "closures.toml").unlink()
    assert "closures.toml: cannot read" in load_error(directory)
