"""Settings for the pipelines and the dashboard, from the environment or a `.env` file.

One place for every path and tunable; nothing else reads the environment.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = PROJECT_ROOT / "sql"
REAL_DATA_DIR = PROJECT_ROOT / "data" / "real"


class Settings(BaseSettings):
    """Paths and limits. Environment variables carry the prefix STURING_ (e.g. STURING_DATA_DIR)."""

    model_config = SettingsConfigDict(env_prefix="STURING_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=PROJECT_ROOT / "var", description="Where the demo warehouse and PDCA store live."
    )
    load_batch_rows: int = Field(
        default=500_000, gt=0, description="Rows per batch when streaming a large source file."
    )
    # 1.5GB keeps a whole load (Polars batches and the interpreter included) under 2 GiB of
    # resident memory; a larger budget spills less and refreshes faster (see the README).
    duckdb_memory_limit: str = Field(
        default="1.5GB", description="DuckDB memory_limit during loads and refreshes."
    )
    duckdb_threads: int = Field(default=2, gt=0, description="DuckDB threads.")
    # A source timestamp outside this window is a typing error or a placeholder (9999-12-31,
    # 0001-01-01): the row is quarantined instead of moving the warehouse's as-of date.
    earliest_timestamp: date = Field(
        default=date(1990, 1, 1), description="Earliest plausible timestamp (UTC midnight)."
    )
    future_timestamp_days: int = Field(
        default=366, ge=0, description="Plausible timestamps reach this many days past the load."
    )
    # A legal term plus its extensions can end well over a year after receipt (asiel: 6 + 9
    # months, more in a surge), so a deadline may lie further ahead than an event.
    future_deadline_days: int = Field(
        default=5 * 366, ge=0, description="Plausible deadlines reach this many days past the load."
    )

    # A case id or an activity name is a few dozen characters; a cell of megabytes is a
    # broken export (a whole document pasted into one cell) and would bloat every query.
    max_field_chars: int = Field(
        default=4_000, gt=0, description="Longest text a source cell may hold; longer: quarantined."
    )
    # A gzip or xlsx file of a few megabytes can unpack to many gigabytes. Real event logs
    # unpack to some hundreds of megabytes (BPIC 2012: 74 MB), so 4 GiB leaves ample room.
    max_decompressed_bytes: int = Field(
        default=4 * 1024**3, gt=0, description="Largest size a compressed source may unpack to."
    )

    def plausible_window(self, now: datetime | None = None) -> tuple[datetime, datetime]:
        """The instants [earliest, latest] a source timestamp may take in a load at `now`."""
        now = now or datetime.now(UTC)
        earliest = datetime(
            self.earliest_timestamp.year,
            self.earliest_timestamp.month,
            self.earliest_timestamp.day,
            tzinfo=UTC,
        )
        return earliest, now + timedelta(days=self.future_timestamp_days)

    def plausible_deadline_window(self, now: datetime | None = None) -> tuple[datetime, datetime]:
        """The instants [earliest, latest] a deadline (deadline_at) may take in a load at `now`."""
        now = now or datetime.now(UTC)
        earliest, _ = self.plausible_window(now)
        return earliest, now + timedelta(days=self.future_deadline_days)

    @property
    def demo_warehouse(self) -> Path:
        """The embedded default warehouse that `make run` builds from the demo data."""
        return self.data_dir / "warehouse.duckdb"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (read once)."""
    return Settings()
