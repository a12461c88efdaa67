"""The store itself: migrations, dialect handling, atomic transactions."""

from __future__ import annotations

import pytest

from dashboard.pdca.store import Store, StoreError, available_migrations, split_statements


def test_migrate_applies_every_migration_once(store_url: str) -> None:
    store = Store(store_url)
    versions = [version for version, _, _ in available_migrations()]
    assert store.migrate() == versions
    assert store.migrate() == []
    assert store.applied_migrations() == versions


def _fresh_description(upgraded: Store, tmp_path) -> dict:
    """The schema of a store migrated in one go: a new file, or the PostgreSQL database
    emptied and rebuilt (after the upgraded store's description and data were read)."""
    if upgraded.dialect == "sqlite":
        fresh = Store(f"sqlite:///{tmp_path / 'fresh.sqlite'}")
    else:
        fresh = upgraded
        with fresh.transaction() as tx:
            for table in fresh.table_names():
                tx.execute(f"drop table if exists {table} cascade")
    fresh.migrate()
    return fresh.schema_description()


def test_fresh_and_upgraded_store_end_equal(store_url: str, tmp_path) -> None:
    """A store made at the first schema, holding data, then upgraded, equals a fresh one."""
    upgraded = Store(store_url)
    upgraded.migrate(up_to="001")
    with upgraded.transaction() as tx:
        tx.insert(
            "agreements",
            {
                "agreement_id": "a1",
                "conversation_id": None,
                "subject_type": "medewerker",
                "subject_id": "E1",
                "what": "Dossiers afronden",
                "owner": "E1",
                "due_on": "2027-01-01",
                "created_by": "demo",
                "created_at": "2026-11-01T10:00:00+00:00",
            },
        )
    upgraded.migrate()
    assert upgraded.applied_migrations() == [v for v, _, _ in available_migrations()]
    assert upgraded.fetch("select what, team_id from agreements") == [
        {"what": "Dossiers afronden", "team_id": None}
    ]
    upgraded_description = upgraded.schema_description()
    assert "team_id" in [column for column, _, _ in upgraded_description["agreements"]]
    assert upgraded_description == _fresh_description(upgraded, tmp_path)


def test_transaction_rolls_back_on_error(store: Store) -> None:
    goal = {
        "goal_id": "g1",
        "goal_key": "k",
        "version": 1,
        "unit_type": "team",
        "unit_id": "T1",
        "indicator": "tijdigheid_pct",
        "period_start": "2026-01-01",
        "period_end": "2026-02-01",
        "direction": "higher",
        "target_value": 80,
        "red_threshold": 70,
        "set_by": "demo",
        "set_at": "2026-01-01T00:00:00+00:00",
    }
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.insert("goals", goal)
        raise RuntimeError("failure after the insert")
    assert store.fetch("select count(*) as n from goals") == [{"n": 0}]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("mysql://host/db", "onbekende URL"),
        ("sqlite:///", "bestand"),
        ("sqlite:///:memory:", "bestand"),
    ],
)
def test_bad_url_gives_a_clear_error(url: str, problem: str) -> None:
    with pytest.raises(StoreError, match=problem):
        Store(url).migrate()


def test_split_statements_drops_comments_and_splits_at_line_ends() -> None:
    sql = "-- a table; with a semicolon\ncreate table a (x text);\ncreate index i on a (x);\n"
    assert split_statements(sql) == ["create table a (x text)", "create index i on a (x)"]


def test_sqlite_store_uses_wal(tmp_path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'pdca.sqlite'}")
    store.migrate()
    assert store.fetch("pragma journal_mode") == [{"journal_mode": "wal"}]
