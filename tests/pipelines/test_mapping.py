"""Mapping files: validation of the file itself, and how source columns become canonical."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.errors import SourceError
from pipelines.load import load_files
from pipelines.mapping import (
    MAPPABLE_COLUMNS,
    Mapping,
    describe_mapping,
    load_mapping,
    resolve_mapping,
)
from pipelines.settings import PROJECT_ROOT
from pipelines.warehouse import connect_read_only

MAPPINGS = PROJECT_ROOT / "mappings"

# (id, YAML text, words the error must contain)
BAD_MAPPINGS = [
    (
        "unknown canonical name",
        "columns:\n  zaak: Zaaknummer\n",
        "unknown canonical column(s) zaak",
    ),
    ("unknown key", "kolommen: {}\n", "kolommen: Extra inputs are not permitted"),
    ("unknown time zone", "timezone: Europe/Amsterdm\n", "unknown time zone 'Europe/Amsterdm'"),
    ("not YAML", "columns: [unclosed\n", "not valid YAML"),
    ("a list, not a mapping", "- case_id\n", "must be a YAML mapping"),
    ("column name not text", "columns:\n  case_id: [a, b]\n", "columns.case_id"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [row[1:] for row in BAD_MAPPINGS], ids=[row[0] for row in BAD_MAPPINGS]
)
def test_a_bad_mapping_file_gives_one_clear_error(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(text)

    with pytest.raises(SourceError) as raised:
        load_mapping(path)

    assert str(raised.value).startswith("mapping.yaml: ")
    assert expected in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize("name", ["receipt.yaml", "bpic2012.yaml", "examples/zaaksysteem.yaml"])
def test_shipped_mapping_files_are_valid(name: str) -> None:
    mapping = load_mapping(MAPPINGS / name)
    assert mapping.description


def test_xes_and_canonical_names_need_no_mapping() -> None:
    columns = [
        "case:concept:name",
        "concept:name",
        "time:timestamp",
        "org:resource",
        "team_id",
        "case:channel",
        "remark",
    ]

    resolved = resolve_mapping(columns, Mapping(), "events.csv")

    assert resolved.columns == {
        "case_id": "case:concept:name",
        "activity": "concept:name",
        "event_at": "time:timestamp",
        "employee_id": "org:resource",
        "team_id": "team_id",
    }
    assert resolved.case_attribute_sources == ("case:channel",)


def test_describe_mapping_shows_gaps_without_raising() -> None:
    described = describe_mapping(["Zaak", "concept:name"], Mapping(columns={"case_id": "Zaak"}))

    assert list(described) == list(MAPPABLE_COLUMNS)
    assert described["case_id"] == "Zaak"
    assert described["activity"] == "concept:name"
    assert described["event_at"] is None


def test_the_example_export_loads_with_its_mapping(tmp_path: Path, warehouse: Path) -> None:
    source = tmp_path / "zaken.csv"
    source.write_text(
        "Zaaknummer;Stap;Status;Datum tijd;Behandelaar;Team;Ontvangen op;Termijn;Besluit op;"
        "Zaaktype;Minuten;Nationaliteit\n"
        "Z-1;Aanmeldgehoor;start;05-03-2024 09:12;mw123;T-ZV-1;01-03-2024 00:00;"
        "01-09-2024 00:00;;asiel;;SY\n"
        "Z-1;Aanmeldgehoor;complete;05-03-2024 10:42;mw123;T-ZV-1;01-03-2024 00:00;"
        "01-09-2024 00:00;n.v.t.;asiel;87,5;SY\n"
        "Z-2;Aanmeldgehoor;complete;31-03-2024 02:30;mw123;-;01-03-2024 00:00;"
        "01-09-2024 00:00;;asiel;12;ER\n"
    )

    [result] = load_files(warehouse, [source], MAPPINGS / "examples" / "zaaksysteem.yaml")

    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)  # Z-2: in the DST gap
    con = connect_read_only(warehouse)
    events = pl.DataFrame(
        con.sql(
            "select case_id, lifecycle, strftime(event_at, '%Y-%m-%dT%H:%MZ') as at, "
            "effort_minutes, team_id from events order by event_at"
        ).fetchall(),
        schema=["case_id", "lifecycle", "at", "effort_minutes", "team_id"],
        orient="row",
    )
    case = con.sql(
        "select case_type, strftime(received_at, '%Y-%m-%dT%H:%MZ'), decided_at, "
        "attributes->>'Nationaliteit', received_rule, decided_rule from case_attributes"
    ).fetchall()
    con.close()
    assert events.rows() == [
        ("Z-1", "start", "2024-03-05T08:12Z", None, "T-ZV-1"),
        ("Z-1", "complete", "2024-03-05T09:42Z", 87.5, "T-ZV-1"),
    ]
    assert case == [("asiel", "2024-02-29T23:00Z", None, "SY", "Ontvangen op", "Besluit op")]
