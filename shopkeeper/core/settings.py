"""Typed settings for shopkeeper, read from the environment and `.env`.

Every key here is listed in `.env.example` with a comment.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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
    service_scope: Literal["shop", "product"] = "shop"
    min_product_service_level: float = Field(0.8, ge=0.5, lt=1.0)
    review_period_days: int = Field(7, ge=1, le=90)
    holding_cost_rate: float = Field(0.25, ge=0.0, le=2.0)
    order_cost: float = Field(2.0, ge=0.0)
    forecast_horizon_days: int = Field(91, ge=14, le=365)
    proposal_ttl_days: int = Field(7, ge=1, le=90)
    # "owner,manager" in the environment; parsed once into a tuple of roles.
    approver_roles: Annotated[tuple[str, ...], NoDecode] = ("owner", "manager")

    @field_validator("approver_roles", mode="before")
    @classmethod
    def _roles(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(r.strip() for r in value.split(",") if r.strip())
        return value

    # Model (used by the LLM agent when configured)
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    llm_timeout_seconds: float = Field(30.0, gt=0, le=600)
    llm_max_steps: int = Field(8, ge=2, le=50)
    daily_token_budget: int = Field(200_000, ge=0)
    history_token_budget: int = Field(4_000, ge=500)

    # Telegram (used by the bot channel)
    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_mode: str = Field("polling", pattern="^(polling|webhook)$")
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(8443, ge=1, le=65535)
    webhook_secret: SecretStr | None = None
    daily_scan_time: str = Field("08:00", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    max_upload_mb: float = Field(10.0, gt=0, le=50)

    # Pricing guard-rails (price_advice)
    price_max_change_pct: float = Field(10.0, gt=0, le=50)
    price_min_margin_pct: float = Field(20.0, ge=0, lt=100)
    price_max_above_competitor_pct: float = Field(5.0, ge=0, le=100)
    price_endings: str = ".49,.99"

    # Forecasting at scale
    forecast_backend: str = Field("local", pattern="^(local|dask)$")
    dask_scheduler_address: str | None = None

    @property
    def db_url(self) -> str:
        """SQLAlchemy URL: `DATABASE_URL` if set, else a SQLite file in `data_dir`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'shopkeeper.sqlite').as_posix()}"
