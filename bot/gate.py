"""The door to /slack/events: size cap and Slack signature check before Bolt sees anything.

Bolt's own checks run too late and too trustingly for an endpoint on the internet: its ASGI
adapter decodes headers and body as UTF-8 (a 0xFF byte is a 500), reads the whole body before
checking anything, and its verifier raises on a non-numeric timestamp, which sent the request
to the error handler, whose apology went to the `response_url` named in the unsigned body. Here
a request is refused (401, 400 or 413) with no handler run, no Slack call and no body logged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import Any

logger = logging.getLogger(__name__)

# Slack refuses to replay requests older than five minutes; so do we.
MAX_AGE_SECONDS = 300
# Unix seconds: ten digits until 2286. More digits are not a time, just a way to make work.
_TIMESTAMP = re.compile(rb"[0-9]{1,12}")
_SIGNATURE = re.compile(rb"v0=[0-9a-f]{64}")

Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]


class Refused(Exception):
    """A request that must not reach Bolt: the HTTP status and a short reason for the log."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class RawRequest:
    """A request as bytes, before anything trusts it."""

    headers: dict[str, bytes]  # lower-case names; the last value of a repeated header
    body: bytes


def header_map(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, bytes]:
    """Header names as text (latin-1 never fails to decode), values kept as bytes."""
    return {name.decode("latin-1").lower(): value for name, value in raw}


def declared_length(headers: dict[str, bytes], cap: int) -> int | None:
    """The Content-Length, if any; Refused(413) when it is over `cap`, 400 when malformed."""
    value = headers.get("content-length")
    if value is None:
        return None
    if not re.fullmatch(rb"[0-9]{1,20}", value.strip()):
        raise Refused(400, "malformed Content-Length")
    length = int(value)
    if length > cap:
        raise Refused(413, f"body of {length} bytes is over the {cap}-byte limit")
    return length


async def read_body(receive: Receive, cap: int) -> bytes:
    """The body, read chunk by chunk; Refused(413) as soon as it passes `cap` bytes."""
    chunks = bytearray()
    while True:
        message = await receive()
        if message.get("type") != "http.request":
            raise Refused(400, "the client went away before sending the body")
        chunks.extend(message.get("body", b""))
        if len(chunks) > cap:
            raise Refused(413, f"body is over the {cap}-byte limit")
        if not message.get("more_body", False):
            return bytes(chunks)


def verify(request: RawRequest, secret: str, now: float) -> None:
    """Raise Refused(401) unless the request carries a fresh, valid Slack signature.

    Every header is checked as bytes against its exact shape first, so no input can make
    the check itself fail.
    """
    timestamp = request.headers.get("x-slack-request-timestamp", b"").strip()
    signature = request.headers.get("x-slack-signature", b"").strip()
    if not _TIMESTAMP.fullmatch(timestamp):
        raise Refused(401, "missing or malformed X-Slack-Request-Timestamp")
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        raise Refused(401, "X-Slack-Request-Timestamp is more than five minutes off")
    if not _SIGNATURE.fullmatch(signature):
        raise Refused(401, "missing or malformed X-Slack-Signature")
    base = b"v0:" + timestamp + b":" + request.body
    expected = b"v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest().encode()
    if not hmac.compare_digest(expected, signature):
        raise Refused(401, "invalid signature")


def log_refusal(refused: Refused, client: str | None) -> None:
    """One line naming why; never the body, the headers or the signature."""
    logger.warning(
        "refused a request from %s with status %d: %s",
        client or "an unknown client",
        refused.status,
        refused.reason,
    )
