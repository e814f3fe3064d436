"""Logging never shows a token or the signing secret, in messages or in tracebacks."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from bot.logs import REDACTED, RedactSecrets, configure_logging

BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """A logger writing through the redacting filter into a buffer."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.addFilter(RedactSecrets([SECRET]))
    logger = logging.getLogger("test_bot_logs")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        logger.removeHandler(handler)
        logger.propagate = True


@pytest.mark.parametrize(
    ("message", "args"),
    [
        ("token %s", (BOT_TOKEN,)),
        (f"Authorization: Bearer {BOT_TOKEN}", ()),
        ("secret=%s", (SECRET,)),
        ("app token xapp-1-A0000APP-1234-abcdef", ()),
        ("user token xoxp-1234-5678-abcd", ()),
    ],
)
def test_secrets_are_redacted_from_messages(
    stream: io.StringIO, message: str, args: tuple[str, ...]
) -> None:
    logging.getLogger("test_bot_logs").warning(message, *args)
    out = stream.getvalue()
    assert REDACTED in out
    for secret in (BOT_TOKEN, SECRET, "xapp-1-A0000APP", "xoxp-1234"):
        assert secret not in out


def test_secrets_are_redacted_from_tracebacks(stream: io.StringIO) -> None:
    try:
        raise RuntimeError(f"bad token {BOT_TOKEN} with {SECRET}")
    except RuntimeError:
        logging.getLogger("test_bot_logs").exception("failed")
    out = stream.getvalue()
    assert "RuntimeError" in out and REDACTED in out
    assert BOT_TOKEN not in out and SECRET not in out


def test_configure_logging_installs_the_filter_on_the_root_handler() -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    try:
        configure_logging("WARNING", [SECRET])
        [handler] = root.handlers
        assert any(isinstance(f, RedactSecrets) for f in handler.filters)
        assert root.level == logging.WARNING
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
