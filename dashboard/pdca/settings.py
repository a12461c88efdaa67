"""Where the PDCA store lives and who the local user is, from the environment (prefix STURING_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from pipelines.settings import get_settings as get_pipeline_settings


class PdcaSettings(BaseSettings):
    """STURING_PDCA_URL picks the store: `sqlite:///path` (embedded) or `postgresql://...`."""

    model_config = SettingsConfigDict(env_prefix="STURING_", env_file=".env", extra="ignore")

    pdca_url: str | None = Field(
        default=None,
        description="Connection URL of the PDCA store; default sqlite:///<data_dir>/pdca.sqlite.",
    )
    demo_user_id: str = Field(
        default="demo", description="The user recorded as author while there is no login."
    )
    demo_user_name: str = Field(default="Demo-gebruiker", description="Name shown for that user.")

    @property
    def store_url(self) -> str:
        if self.pdca_url:
            return self.pdca_url
        return f"sqlite:///{get_pipeline_settings().data_dir / 'pdca.sqlite'}"


def get_pdca_settings() -> PdcaSettings:
    """Read on each call: tests and the admin command point the store elsewhere by environment."""
    return PdcaSettings()
