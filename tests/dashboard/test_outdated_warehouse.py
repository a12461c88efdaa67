"""After an update of the product, Gegevens laden says that tables were built by the earlier
version, and its button rebuilds them in a new version of the warehouse."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb


def outdated_notices(at) -> list[str]:
    return [notice.value for notice in at.warning if "geïnstalleerde rekenregels" in notice.value]


def test_an_up_to_date_warehouse_gets_no_notice(open_page, empty_warehouse: Path) -> None:
    at = open_page(empty_warehouse, "laden")
    assert outdated_notices(at) == []
    assert not [button for button in at.button if button.key == "refresh_outdated"]


def test_the_load_page_offers_to_rebuild_tables_of_an_earlier_version(
    open_page, empty_warehouse: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(empty_warehouse, warehouse)
    con = duckdb.connect(str(warehouse))
    con.execute("update derived_tables set definition = 'earlier' where table_name = 'cases'")
    con.close()

    at = open_page(warehouse, "laden")
    [notice] = outdated_notices(at)
    assert notice.startswith("Tabellen die niet meer passen bij de geïnstalleerde rekenregels")
    assert "gewijzigde configuratie): 1." in notice

    at.button(key="refresh_outdated").click().run()

    assert not at.exception and not at.error
    [success] = at.success
    assert success.value.startswith("Tabellen bijgewerkt: ")
    assert success.value.endswith(" opnieuw berekend, met de tabellen die ze lezen.")
    assert int(success.value.split()[2]) > 1  # cases and the tables that read it
    assert outdated_notices(at) == []
    at.run()
    assert outdated_notices(at) == []
