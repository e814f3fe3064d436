"""The app manifest matches what the code listens to, with least-privilege scopes."""

from __future__ import annotations

import re

import pytest
from slack_harness import SEEDS

MANIFEST = (SEEDS.parent / "slack" / "manifest.yml").read_text(encoding="utf-8")


def listed(section: str) -> list[str]:
    """The `- item` entries directly under `section:` (a tiny reader: no YAML library needed)."""
    match = re.search(rf"^(\s*){section}:\n((?:\1\s+(?:-.*|#.*)\n)+)", MANIFEST, re.MULTILINE)
    assert match, section
    return [
        line.strip()[2:].strip()
        for line in match.group(2).splitlines()
        if line.strip().startswith("- ")
    ]


def test_command_events_and_interactivity_match_the_listeners() -> None:
    assert "- command: /company" in MANIFEST
    assert listed("bot_events") == ["app_home_opened", "app_mention", "message.im"]
    assert re.search(r"interactivity:\n\s+is_enabled: true", MANIFEST)
    assert re.search(r"home_tab_enabled: true", MANIFEST)
    assert re.search(r"socket_mode_enabled: true", MANIFEST)


def test_scopes_are_least_privilege() -> None:
    assert listed("bot") == ["app_mentions:read", "chat:write", "commands", "im:history"]


@pytest.mark.parametrize(
    "broad",
    [
        "channels:history",
        "groups:history",
        "chat:write.public",
        "users:read",
        "channels:read",
        "admin",
    ],
)
def test_no_broad_scope(broad: str) -> None:
    assert f"- {broad}" not in MANIFEST
