"""`python -m bot.healthcheck`: exit 0 when the local bot's /healthz says it can answer.

The Docker HEALTHCHECK runs this; it reads the same HOST and PORT settings as the bot.
"""

from __future__ import annotations

import sys
import urllib.error
import urllib.request

from bot.health import HEALTH_PATH
from bot.settings import SettingsError, load_settings

TIMEOUT = 5.0


def health_url(host: str, port: int) -> str:
    """The loopback URL of the bot listening on `host:port` (a wildcard host means loopback)."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{HEALTH_PATH}"


def check(url: str, timeout: float = TIMEOUT) -> tuple[bool, str]:
    """Whether `url` answers 200, and what it said (or why it could not be reached)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status == 200, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        with error:
            return False, f"{error.code}: {error.read().decode(errors='replace')}"
    except (urllib.error.URLError, OSError) as error:
        return False, f"cannot reach {url}: {error}"


def main() -> int:
    """Print the health and return 0 when healthy, 1 otherwise."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"healthcheck: {error}", file=sys.stderr)
        return 1
    if settings.port == 0:
        print("healthcheck: PORT=0 picks a random port; set PORT to check health", file=sys.stderr)
        return 1
    healthy, said = check(health_url(settings.host, settings.port))
    print(said, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
