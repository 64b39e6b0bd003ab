"""Settings in one place: environment variables and a ``.env`` file.

innokg's own settings are ``INNOKG_*``; Neo4j's keep the names Neo4j users already have in
their environment (``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DATABASE``).
The password is a secret: it is never printed, logged or taken from the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="INNOKG_", env_file=".env", extra="ignore")

    data: Path = Field(Path("innokg-data"), description="the embedded store's folder")
    store: Literal["embedded", "neo4j"] = "embedded"
    neo4j_uri: str = Field("bolt://localhost:7687", validation_alias=AliasChoices("NEO4J_URI", "INNOKG_NEO4J_URI"))
    neo4j_user: str = Field("neo4j", validation_alias=AliasChoices("NEO4J_USER", "NEO4J_USERNAME"))
    neo4j_password: SecretStr | None = Field(None, validation_alias="NEO4J_PASSWORD")
    neo4j_database: str | None = Field(None, validation_alias="NEO4J_DATABASE")
    neo4j_timeout: float = Field(10.0, description="seconds to wait for the Neo4j server")
    neo4j_dialect: Literal["neo4j", "falkordb"] = Field("neo4j", description="the Bolt server: Neo4j 5, or FalkorDB (tests)")
    api_token: SecretStr | None = Field(None, description="bearer token for write endpoints; unset: writes refused")
    max_upload_bytes: int = Field(5_000_000, description="largest document POST /documents accepts")
    upload_seconds: float = Field(
        60.0, gt=0, description="longest POST /documents may spend reading its document (in a worker process, killed past it)"
    )
