"""A fake Socket Mode endpoint on loopback: one WebSocket, envelopes in, acknowledgements out.

Just enough of RFC 6455 for slack_sdk's built-in Socket Mode client: the handshake, text frames
both ways (client frames are masked), ping/pong and close.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import socket
import struct
import threading
import time
from typing import Any

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class FakeSocketModeServer:
    """Accepts one Socket Mode connection, sends `hello`, then envelopes; records the acks."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(10)
        self._conn: socket.socket | None = None
        self._connected = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> FakeSocketModeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._listener.close()
        if self._conn is not None:
            with contextlib.suppress(OSError):  # the client may have closed it already
                self._conn.shutdown(socket.SHUT_RDWR)
            self._conn.close()
        self._thread.join(timeout=5)

    @property
    def url(self) -> str:
        """The wss-style URL apps.connections.open returns (plain ws: loopback only)."""
        return f"ws://127.0.0.1:{self._listener.getsockname()[1]}/link/?ticket=fake"

    def send(self, envelope: dict[str, Any], timeout: float = 10.0) -> None:
        """Send one envelope to the connected client (waits, bounded, for it to connect)."""
        if not self._connected.wait(timeout):
            raise TimeoutError("no Socket Mode client connected")
        assert self._conn is not None
        self._conn.sendall(_frame(TEXT, json.dumps(envelope).encode()))

    def wait_for_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """The client's acknowledgement of an envelope."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for message in self.received:
                    if message.get("envelope_id") == envelope_id:
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no ack for {envelope_id}; got {self.received}")
                self._changed.wait(remaining)

    def _serve(self) -> None:
        try:
            conn, _ = self._listener.accept()
        except OSError:
            return
        self._conn = conn
        conn.settimeout(None)
        try:
            if not self._handshake(conn):
                return
            conn.sendall(_frame(TEXT, json.dumps({"type": "hello", "num_connections": 1}).encode()))
            self._connected.set()
            while True:
                opcode, payload = _read_frame(conn)
                if opcode == TEXT:
                    with self._changed:
                        self.received.append(json.loads(payload))
                        self._changed.notify_all()
                elif opcode == PING:
                    conn.sendall(_frame(PONG, payload))
                elif opcode == CLOSE:
                    conn.sendall(_frame(CLOSE, payload[:2]))
                    return
        except (OSError, ConnectionError):
            return

    @staticmethod
    def _handshake(conn: socket.socket) -> bool:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return False
            request += chunk
        headers = {}
        for line in request.decode().split("\r\n")[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                headers[name.strip().lower()] = value.strip()
        key = headers["sec-websocket-key"]
        accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
        conn.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        return True


def _frame(opcode: int, payload: bytes) -> bytes:
    # Server-to-client frames are never masked.
    header = bytes([0x80 | opcode])
    if len(payload) <= 125:
        header += bytes([len(payload)])
    elif len(payload) <= 0xFFFF:
        header += bytes([126]) + struct.pack("!H", len(payload))
    else:
        header += bytes([127]) + struct.pack("!Q", len(payload))
    return header + payload


def _read_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise ConnectionError("client went away")
        data += chunk
    return data


def _read_frame(conn: socket.socket) -> tuple[int, bytes]:
    first, second = _read_exactly(conn, 2)
    length = second & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", _read_exactly(conn, 2))
    elif length == 127:
        (length,) = struct.unpack("!Q", _read_exactly(conn, 8))
    mask = _read_exactly(conn, 4) if second & 0x80 else b"\0\0\0\0"
    data = _read_exactly(conn, length)
    return first & 0x0F, bytes(b ^ mask[i % 4] for i, b in enumerate(data))
