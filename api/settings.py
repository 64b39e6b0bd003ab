"""Settings in one place: environment variables (``INNOKG_*``) and a ``.env`` file."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INNOKG_", env_file=".env", extra="ignore")

    data: Path = Path("innokg-data")
