"""Where the access file and the pseudonym key come from (environment prefix STURING_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipelines.settings import PROJECT_ROOT

CONFIG_DIR = PROJECT_ROOT / "config"


class AccessSettings(BaseSettings):
    """Access settings; like the other settings they come from the environment or `.env`."""

    model_config = SettingsConfigDict(env_prefix="STURING_", env_file=".env", extra="ignore")

    access_config: Path = Field(
        default=CONFIG_DIR / "access.yaml",
        description="The access file: users, their roles and scopes, the minimum group size.",
    )
    demo_mode: bool = Field(
        default=False,
        description="Local demo mode without a login (STURING_DEMO_MODE=1, as `make run` sets "
        "it); only on a loopback address, and never instead of a missing login section.",
    )
    pseudonym_key: SecretStr | None = Field(
        default=None,
        description="Secret key (at least 32 characters) for the keyed hash of employee ids.",
    )
    pseudonym_key_file: Path | None = Field(
        default=None,
        description="A file holding that key, outside the repository (instead of the variable).",
    )


def get_access_settings() -> AccessSettings:
    """Read on each call, so tests and deployments can point elsewhere by environment."""
    return AccessSettings()
