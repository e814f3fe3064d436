"""`python -m bot` and the `factbot` script: read the settings and run the Slack app.

The Slack packages are the `slack` extra, so they are imported only once the arguments are
read: `factbot --help` works without them, and a missing extra is named instead of a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from facts.cli import program_name

# What `pip install 'factbot[slack]'` adds; bot/ imports each of them, facts/ none.
SLACK_EXTRA_MODULES = frozenset({"slack_bolt", "slack_sdk", "uvicorn", "pydantic_settings"})

DESCRIPTION = """\
Run factbot's Slack app: /company, mentions, direct messages and App Home, answered from the
fact store (built from the seeds first when it is missing or stale).

Settings come from the environment or a .env file in the working directory (.env.example
lists them all). HTTP mode needs SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET; setting
SLACK_APP_TOKEN as well runs Socket Mode. See docs/slack-app.md and docs/operations.md.
"""

EPILOG = """\
SIGHUP reloads FACTS_STORE; SIGTERM finishes the requests in flight and exits 0.
Offline, without Slack: python -m facts ask "What is Meituan's market cap?"
"""


def _parser(prog: str) -> argparse.ArgumentParser:
    return argparse.ArgumentParser(
        prog=prog,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def missing_extra_message(module: str, prog: str) -> str:
    """What to install when a Slack package is missing, and what works without it."""
    return (
        f"{prog} cannot start: the Slack app needs the `slack` extra ({module} is not installed).\n"
        "Install it with: pip install 'factbot[slack]'  (in a clone: pip install -e '.[slack]')\n"
        'The offline library and CLI need no extra: python -m facts ask "QUESTION"'
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for `python -m bot` and the `factbot` script; returns the exit code."""
    prog = program_name("bot", script="factbot")
    _parser(prog).parse_args(argv)  # --help prints and exits 0; unknown arguments exit 2
    try:
        from bot.logs import configure_logging
        from bot.serve import run
        from bot.settings import SettingsError, load_settings
    except ModuleNotFoundError as error:
        top = (error.name or "").partition(".")[0]
        if top not in SLACK_EXTRA_MODULES:
            raise
        print(missing_extra_message(top, prog), file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"factbot cannot start: {error}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level, settings.secrets(), settings.log_format)
    return run(settings)


if __name__ == "__main__":
    sys.exit(main())
