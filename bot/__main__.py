"""`python -m bot`: read the settings and run the Slack app (Socket Mode or HTTP)."""

from __future__ import annotations

import sys

from bot.logs import configure_logging
from bot.serve import run
from bot.settings import SettingsError, load_settings


def main() -> int:
    """Entry point for `python -m bot` and the `factbot` script; returns the exit code."""
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"factbot cannot start: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.secrets(), settings.log_format)
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())
