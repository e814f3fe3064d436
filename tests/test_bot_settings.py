"""Settings from the environment: defaults, validation messages that name variables, modes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.serve import missing_settings_message, run
from bot.settings import Settings, SettingsError, load_settings

SLACK_VARS = [
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "HOST",
    "PORT",
    "FACTS_STORE",
    "FACTS_SEEDS",
    "FACTS_PERMALINK_TEMPLATE",
    "ANSWER_LIMIT",
    "CARD_LIMIT",
    "LOG_LEVEL",
    "MAX_BODY_BYTES",
    "ANSWER_THREADS",
    "ANSWER_QUEUE",
    "BUILD_TIME_LIMIT",
    "FACTS_STATE",
]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """A clean environment and a working directory without a .env file."""
    for name in SLACK_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_defaults(env: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.port == 3000
    assert settings.socket_mode is False
    assert settings.log_level == "INFO"
    assert settings.facts_store is None and settings.facts_seeds is None


@pytest.mark.parametrize(
    ("name", "value", "field", "expected"),
    [
        (
            "SLACK_API_URL",
            "http://127.0.0.1:9999/api",
            "slack_api_url",
            "http://127.0.0.1:9999/api/",
        ),
        (
            "SLACK_API_URL",
            "https://slack-gov.com/api/",
            "slack_api_url",
            "https://slack-gov.com/api/",
        ),
        ("PORT", "8080", "port", 8080),
        ("LOG_LEVEL", "debug", "log_level", "DEBUG"),
        ("FACTS_STORE", "var/x.sqlite", "facts_store", Path("var/x.sqlite")),
        ("SLACK_APP_TOKEN", "", "slack_app_token", None),
        (
            "FACTS_PERMALINK_TEMPLATE",
            "https://github.com/o/r/blob/main/{path}#L{line}",
            "facts_permalink_template",
            "https://github.com/o/r/blob/main/{path}#L{line}",
        ),
    ],
)
def test_values_from_the_environment(
    env: pytest.MonkeyPatch, name: str, value: str, field: str, expected: object
) -> None:
    env.setenv(name, value)
    assert getattr(load_settings(), field) == expected


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token-not-a-bot-9f8e7d"),
        ("SLACK_APP_TOKEN", "xoxb-wrong-kind-of-token-5a4b3c"),
        ("SLACK_API_URL", "ftp://slack.com/api/"),
        ("PORT", "eighty"),
        ("PORT", "70000"),
        ("LOG_LEVEL", "chatty"),
        ("ANSWER_LIMIT", "0"),
        ("CARD_LIMIT", "7"),  # a card shows six figures at most
        ("FACTS_PERMALINK_TEMPLATE", "https://x.example/{path}/{secret}"),
        ("FACTS_PERMALINK_TEMPLATE", "file:///etc/{path}"),
    ],
)
def test_malformed_settings_are_named_and_their_values_never_echoed(
    env: pytest.MonkeyPatch, name: str, value: str
) -> None:
    env.setenv(name, value)
    with pytest.raises(SettingsError) as raised:
        load_settings()
    assert name in str(raised.value)
    assert value not in str(raised.value)


@pytest.mark.parametrize(
    ("values", "missing"),
    [
        ({}, ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]),
        ({"slack_bot_token": "xoxb-1"}, ["SLACK_SIGNING_SECRET"]),
        ({"slack_signing_secret": "s"}, ["SLACK_BOT_TOKEN"]),
        ({"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"}, []),
        ({"slack_app_token": "xapp-1"}, ["SLACK_BOT_TOKEN"]),
        ({"slack_app_token": "xapp-1", "slack_bot_token": "xoxb-1"}, []),
    ],
    ids=["nothing", "http-no-secret", "http-no-token", "http-ok", "socket-no-token", "socket-ok"],
)
def test_missing_names_what_the_chosen_mode_needs(
    env: pytest.MonkeyPatch, values: dict[str, str], missing: list[str]
) -> None:
    assert Settings(_env_file=None, **values).missing() == missing  # type: ignore[arg-type]


def test_without_tokens_run_explains_and_points_to_offline_use(
    env: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(load_settings()) == 2
    err = capsys.readouterr().err
    assert "SLACK_BOT_TOKEN" in err and "SLACK_SIGNING_SECRET" in err
    assert "python -m facts ask" in err
    assert err == missing_settings_message(["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]) + "\n"


def test_secrets_are_not_in_the_settings_repr(env: pytest.MonkeyPatch) -> None:
    env.setenv("SLACK_BOT_TOKEN", "xoxb-very-secret-value-123")
    env.setenv("SLACK_SIGNING_SECRET", "signing-secret-value-456")
    settings = load_settings()
    assert "very-secret" not in repr(settings) and "secret-value-456" not in repr(settings)
    assert settings.secrets() == ["xoxb-very-secret-value-123", "signing-secret-value-456"]


def test_limit_defaults(env: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.max_body_bytes == 1_000_000
    assert (settings.answer_threads, settings.answer_queue) == (8, 64)
    assert settings.build_time_limit == 1800
    assert settings.facts_state is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MAX_BODY_BYTES", "0"),
        ("MAX_BODY_BYTES", "lots"),
        ("ANSWER_THREADS", "0"),
        ("ANSWER_QUEUE", "-1"),
        ("BUILD_TIME_LIMIT", "0"),
    ],
)
def test_bad_limits_name_the_variable(env: pytest.MonkeyPatch, name: str, value: str) -> None:
    env.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert name in str(info.value)
