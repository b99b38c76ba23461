"""Typed settings for shopkeeper, read from the environment and `.env`.

Every key here is listed in `.env.example` with a comment.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """All configuration of one shopkeeper deployment (one shop per database)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", env_ignore_empty=True
    )

    # Shop
    shop_name: str = "My Shop"
    currency: str = "EUR"
    timezone: str = "Europe/Berlin"
    country: str = Field("DE", description="ISO country code for public holidays")
    today: date | None = Field(None, description="Fixed 'today' (for reproducible runs)")

    # Storage
    data_dir: Path = Path("data")
    database_url: str | None = None

    # Replenishment policy
    service_level: float = Field(0.95, gt=0.5, lt=1.0)
    review_period_days: int = Field(7, ge=1, le=90)
    holding_cost_rate: float = Field(0.25, ge=0.0, le=2.0)
    order_cost: float = Field(2.0, ge=0.0)
    forecast_horizon_days: int = Field(91, ge=14, le=365)
    proposal_ttl_days: int = Field(7, ge=1, le=90)
    approver_roles: str = "owner,manager"

    # Model (used by the LLM agent when configured)
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"

    # Telegram (used by the bot channel)
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"

    @property
    def db_url(self) -> str:
        """SQLAlchemy URL: `DATABASE_URL` if set, else a SQLite file in `data_dir`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'shopkeeper.sqlite').as_posix()}"
