"""What `pip install factbot` promises: an MIT-licensed offline library and CLI, the Slack app
as the `slack` extra, a lock the image installs from, and a settings template with no secret."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from bot.__main__ import SLACK_EXTRA_MODULES
from bot.settings import ENV_NAMES, Settings

REPO = Path(__file__).resolve().parent.parent
PROJECT: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))[
    "project"
]
EXTRAS: dict[str, list[str]] = PROJECT["optional-dependencies"]

# Run first in a child process: any import of a Slack package fails, as in an install without
# the extra. Importing it by accident would fail loudly rather than pass unnoticed.
BLOCK_SLACK = f"""
import sys
BLOCKED = {sorted(SLACK_EXTRA_MODULES)!r}
class WithoutSlack:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, WithoutSlack())
for name in list(sys.modules):
    if name.partition(".")[0] in BLOCKED:
        del sys.modules[name]
"""


def without_slack(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_SLACK + code],
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_the_licence_is_mit_and_the_metadata_says_so() -> None:
    licence = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert "Copyright (c) 2026 the factbot authors" in licence
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    assert PROJECT["authors"] == [{"name": "the factbot authors"}]
    assert PROJECT["keywords"] and PROJECT["classifiers"]
    # A licence classifier beside an SPDX expression is refused by current build tools.
    assert not any(c.startswith("License ::") for c in PROJECT["classifiers"])


def test_the_slack_packages_are_an_extra_that_dev_includes() -> None:
    slack = names(EXTRAS["slack"])
    assert {"slack-bolt", "slack-sdk", "uvicorn", "pydantic-settings"} <= slack
    assert not slack & names(PROJECT["dependencies"])
    assert "factbot[slack]" in EXTRAS["dev"], "the tests drive the bot"
    # factbot names a missing extra by these modules: each is a package of the extra.
    assert {canonicalize_name(m) for m in SLACK_EXTRA_MODULES} <= slack


def locked() -> dict[str, list[tuple[Version, list[str]]]]:
    """requirements.lock as {name: [(version, hashes)]} (a name may be pinned per marker)."""
    pins: dict[str, list[tuple[Version, list[str]]]] = {}
    text = (REPO / "requirements.lock").read_text(encoding="utf-8")
    for entry in re.split(r"\n(?=\S)", re.sub(r"(?m)^\s*#.*\n?", "", text)):
        if not entry.strip():
            continue
        head = entry.split("\\")[0].split(";")[0].strip()
        name, _, version = head.partition("==")
        hashes = re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)
        pins.setdefault(canonicalize_name(name), []).append((Version(version), hashes))
    return pins


def test_the_lock_pins_every_runtime_dependency_with_hashes() -> None:
    pins = locked()
    for requirement in map(Requirement, PROJECT["dependencies"] + EXTRAS["slack"]):
        versions = pins.get(canonicalize_name(requirement.name))
        assert versions, f"{requirement.name} is not in requirements.lock: run scripts/lock"
        for version, _ in versions:
            assert requirement.specifier.contains(version), f"{requirement} vs {version}"
    for name, versions in pins.items():
        assert all(hashes for _, hashes in versions), f"{name} has no hash"
    assert not names(EXTRAS["dev"]) - {"factbot"} & set(pins), "test tools stay out of the image"


def test_facts_answers_offline_without_any_slack_package(
    tmp_path: Path, seed_store_path: Path
) -> None:
    code = f"""
import facts, facts.cli, facts.feedback
code = facts.cli.main(["ask", "--store", {str(seed_store_path)!r}, "--json", "Meituan market cap?"])
loaded = sorted(n for n in sys.modules if n.partition(".")[0] in BLOCKED or n == "bot")
print("exit", code, "loaded", loaded)
"""
    result = without_slack(code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "516.2 billion" in result.stdout
    assert result.stdout.rstrip().endswith("exit 0 loaded []")


@pytest.mark.parametrize("argv", [[], ["--help"]], ids=["start", "help"])
def test_factbot_without_the_slack_extra_says_what_to_install(
    tmp_path: Path, argv: list[str]
) -> None:
    result = without_slack(f"from bot.__main__ import main; sys.exit(main({argv!r}))", tmp_path)
    if argv:
        assert result.returncode == 0, "help needs no Slack package"
        assert result.stdout.startswith("usage: ")
        return
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "pip install 'factbot[slack]'" in result.stderr
    assert "python -m facts ask" in result.stderr


def env_example() -> dict[str, str]:
    """Every `NAME=value` line of .env.example, commented out or not."""
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    return dict(re.findall(r"(?m)^#? ?([A-Z][A-Z0-9_]+)=(.*)$", text))


def test_env_example_lists_every_setting_and_holds_no_secret() -> None:
    listed = env_example()
    assert set(ENV_NAMES.values()) <= set(listed)
    assert set(listed) <= set(ENV_NAMES.values()), "no setting the bot does not read"
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        assert listed[name] == "", f"{name} must be blank in the example"
    text = (REPO / ".env.example").read_text(encoding="utf-8")
    assert not re.search(r"xox[abp]-\d|xapp-\d|\b[0-9a-f]{32}\b", text)


def test_env_example_loads_as_the_bot_s_settings_and_asks_for_the_tokens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ENV_NAMES.values():
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=REPO / ".env.example")  # type: ignore[call-arg]
    assert settings.missing() == ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"]
    assert settings.port == 3000
