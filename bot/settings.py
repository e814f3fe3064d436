"""The bot's settings, read from the environment (and an optional `.env` file)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
LogFormat = Literal["text", "json"]

# Names a newcomer sees in error messages; they are the environment variables, not field names.
ENV_NAMES: dict[str, str] = {
    "slack_bot_token": "SLACK_BOT_TOKEN",
    "slack_signing_secret": "SLACK_SIGNING_SECRET",
    "slack_app_token": "SLACK_APP_TOKEN",
    "slack_api_url": "SLACK_API_URL",
    "host": "HOST",
    "port": "PORT",
    "facts_store": "FACTS_STORE",
    "facts_seeds": "FACTS_SEEDS",
    "facts_permalink_template": "FACTS_PERMALINK_TEMPLATE",
    "answer_limit": "ANSWER_LIMIT",
    "card_limit": "CARD_LIMIT",
    "log_level": "LOG_LEVEL",
    "log_format": "LOG_FORMAT",
    "facts_admins": "FACTS_ADMINS",
    "facts_refresh_channel": "FACTS_REFRESH_CHANNEL",
    "facts_state": "FACTS_STATE",
    "facts_feedback": "FACTS_FEEDBACK",
    "max_body_bytes": "MAX_BODY_BYTES",
    "answer_threads": "ANSWER_THREADS",
    "answer_queue": "ANSWER_QUEUE",
    "build_time_limit": "BUILD_TIME_LIMIT",
}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")


class SettingsError(Exception):
    """Settings are missing or malformed; the message names variables, never their values."""


class Settings(BaseSettings):
    """Everything `python -m bot` needs; secrets are `SecretStr` so they never print by accident."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = Field(
        default=None, description="xapp- app-level token; when set the bot runs in Socket Mode"
    )
    slack_api_url: str = "https://slack.com/api/"
    host: str = Field(default="0.0.0.0", description="HTTP mode: interface to listen on")
    port: int = Field(default=3000, ge=0, le=65535, description="HTTP mode: 0 picks a free port")
    facts_store: Path | None = Field(default=None, description="store path; facts.DEFAULT_STORE")
    facts_seeds: Path | None = Field(default=None, description="seeds folder; facts.DEFAULT_SEEDS")
    facts_permalink_template: str | None = Field(
        default=None,
        description="link for sources without a url, e.g. https://github.com/o/r/blob/main/{path}#L{line}",
    )
    answer_limit: int = Field(default=3, ge=1, le=10)
    card_limit: int = Field(default=6, ge=1, le=6)  # a card is a glance: six figures at most
    log_level: LogLevel = "INFO"
    log_format: LogFormat = Field(default="text", description="`json`: one JSON object per line")
    # NoDecode: the variable is a plain comma-separated list (`U123,U456`), not JSON.
    facts_admins: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(), description="user IDs allowed to run `/company refresh`"
    )
    facts_refresh_channel: str | None = Field(
        default=None, description="channel ID where a finished refresh is announced"
    )

    facts_state: Path | None = Field(
        default=None,
        description="retry dedupe state; default facts.state.sqlite beside the store",
    )
    facts_feedback: Path | None = Field(
        default=None,
        description="votes on answers; default facts.feedback.sqlite beside the store",
    )
    max_body_bytes: int = Field(
        default=1_000_000,
        ge=1_000,
        description="requests with a bigger body get 413; Slack's payloads are a few kB",
    )
    answer_threads: int = Field(default=8, ge=1, le=256, description="threads answering")
    answer_queue: int = Field(
        default=64, ge=0, description="answers waiting for a thread before commands get 'busy'"
    )
    build_time_limit: float = Field(
        default=1800.0,
        gt=0,
        description="seconds a start-up or refresh build may take before it is stopped",
    )

    @field_validator("slack_bot_token", "slack_signing_secret", "slack_app_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An exported-but-empty variable (`SLACK_APP_TOKEN=`) means "not set", not "empty token".
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_shape(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        # WebClient joins method names onto the base URL, so it must end with a slash.
        return value if value.endswith("/") else value + "/"

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level_upper(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("log_format", mode="before")
    @classmethod
    def _log_format_lower(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value

    @field_validator("facts_admins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(part.strip() for part in value.split(",") if part.strip())
        return value

    @field_validator("facts_admins")
    @classmethod
    def _admin_ids_shape(cls, value: frozenset[str]) -> frozenset[str]:
        # Names (`@alice`) change and can be reused; only user IDs identify an admin for good.
        if any(not _USER_ID.match(user) for user in value):
            raise ValueError("must be Slack user IDs such as U0123ABCD, separated by commas")
        return value

    @field_validator("facts_refresh_channel", mode="before")
    @classmethod
    def _channel_id_shape(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip()
            if not value:
                return None
            if not _CHANNEL_ID.match(value):
                raise ValueError("must be a channel ID such as C0123ABCD, not a name")
        return value

    @field_validator("facts_permalink_template")
    @classmethod
    def _template_shape(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not re.match(r"^https?://", value):
            raise ValueError("must be an http(s) URL template")
        unknown = set(_PLACEHOLDER.findall(value)) - {"path", "line"}
        if unknown:
            raise ValueError("may only use the placeholders {path} and {line}")
        return value

    @property
    def socket_mode(self) -> bool:
        """Socket Mode when an app-level token is set, HTTP mode otherwise."""
        return self.slack_app_token is not None

    def missing(self) -> list[str]:
        """The environment variables the chosen mode still needs."""
        # Socket Mode needs no signing secret: only the HTTP endpoint verifies signatures.
        needed = [
            "slack_bot_token",
            "slack_app_token" if self.socket_mode else "slack_signing_secret",
        ]
        return [ENV_NAMES[name] for name in needed if getattr(self, name) is None]

    def secrets(self) -> list[str]:
        """Secret values set, so that logging can redact them wherever they appear."""
        values = (self.slack_bot_token, self.slack_signing_secret, self.slack_app_token)
        return [v.get_secret_value() for v in values if v is not None]


def load_settings() -> Settings:
    """Read the settings; raise SettingsError naming each bad variable (values are never echoed)."""
    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for item in error.errors(include_input=False, include_url=False):
            field = str(item["loc"][0]) if item["loc"] else "settings"
            name = ENV_NAMES.get(field, field.upper())
            problems.append(f"{name}: {item['msg']}")
        raise SettingsError("invalid settings: " + "; ".join(problems)) from None
