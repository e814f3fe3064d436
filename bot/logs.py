"""Logging setup that keeps tokens and signing secrets out of every log line, as text or JSON."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from bot.delivery import DeliveryFailed

# Slack token shapes (bot, user, app-level, config and refresh tokens).
_TOKEN = re.compile(r"\b(?:xox[abposer]|xapp|xoxe\.xox[bp])-[A-Za-z0-9-]+")
REDACTED = "[redacted]"


class RedactSecrets(logging.Filter):
    """Replace known secrets and anything shaped like a Slack token in messages and tracebacks."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Every secret, however short, longest first (so a secret inside another one cannot
        # leave the rest of the longer one behind); a short secret costs some over-redaction.
        self._secrets = sorted({s for s in secrets if s}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        """The text with every secret replaced."""
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return _TOKEN.sub(REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = self.redact(record.getMessage())
        record.args = None
        if record.exc_info and not record.exc_text:
            # Format the traceback now, so the redacted text is what the formatter reuses.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and a request's fields if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, REQUEST_FIELDS, None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str, secrets: Iterable[str] = (), log_format: str = "text") -> None:
    """Log to stderr at `level` as text or JSON, through a handler that redacts secrets."""
    handler = logging.StreamHandler()
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


# -- one line per request -------------------------------------------------------------------

REQUEST_FIELDS = "request_fields"
request_logger = logging.getLogger("bot.requests")


@dataclass
class RequestRecord:
    """What one request was and how it went; logged as a single line when it ends."""

    surface: str
    user: str | None
    channel: str | None
    question_chars: int
    answers: int = 0
    ok: bool = True
    latency_ms: float = 0.0
    error: str | None = None  # why ok is false: the exception's type, or a delivery's cause


@contextmanager
def logged_request(
    surface: str, user: object, channel: object, question: str = ""
) -> Iterator[RequestRecord]:
    """Time the block and log one `request` line for it; set `.answers` inside the block.

    IDs and lengths only: the question itself and any token never reach this line.
    """
    record = RequestRecord(
        surface=surface,
        user=user if isinstance(user, str) and user else None,
        channel=channel if isinstance(channel, str) and channel else None,
        question_chars=len(question),
    )
    started = time.perf_counter()
    try:
        yield record
    except BaseException as error:
        record.ok = False
        record.error = str(error) if isinstance(error, DeliveryFailed) else type(error).__name__
        raise
    finally:
        record.latency_ms = round((time.perf_counter() - started) * 1000, 1)
        fields = asdict(record)
        shown = " ".join(f"{key}={_shown(value)}" for key, value in fields.items())
        request_logger.info("request %s", shown, extra={REQUEST_FIELDS: fields})


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
