"""The installed commands as a user runs them: `factbot` and `facts`, or `python -m bot|facts`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = Path(sys.executable).parent  # the virtualenv's bin/, where pip put the scripts


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "FACTS_", "LOG_")) and k not in ("PORT", "HOST")
    }
    env["PYTHONPATH"] = str(REPO)
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        command,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )


def script(name: str) -> str:
    path = SCRIPTS / name
    assert path.is_file(), f"{name} is not installed beside {sys.executable}: pip install -e ."
    return str(path)


def launcher(how: str, script_name: str, module: str) -> list[str]:
    """The console script, or `python -m module`."""
    return [script(script_name)] if how == "script" else [sys.executable, "-m", module]


@pytest.mark.parametrize(("how", "prog"), [("script", "factbot"), ("module", "python -m bot")])
def test_factbot_help_prints_usage_and_exits_without_starting(
    tmp_path: Path, how: str, prog: str
) -> None:
    result = run([*launcher(how, "factbot", "bot"), "--help"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: {prog} [-h]")
    for told in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", ".env.example"):
        assert told in result.stdout
    assert result.stderr == "", "nothing started: no settings read, no log"


def test_factbot_refuses_an_unknown_argument_instead_of_starting(tmp_path: Path) -> None:
    result = run([script("factbot"), "--port", "80"], tmp_path)
    assert result.returncode == 2
    assert "unrecognized arguments: --port 80" in result.stderr
    assert "cannot start" not in result.stderr


@pytest.mark.parametrize(
    ("how", "prog", "limit"),
    [("script", "facts", "0"), ("module", "python -m facts", "-2"), ("script", "facts", "many")],
    ids=["script-zero", "module-negative", "script-word"],
)
def test_ask_rejects_a_limit_below_one_with_the_program_name_used(
    tmp_path: Path, how: str, prog: str, limit: str
) -> None:
    command = launcher(how, "facts", "facts")
    result = run([*command, "ask", f"--limit={limit}", "Quillo revenue?"], tmp_path)
    assert result.returncode == 2
    assert f"usage: {prog} ask " in result.stderr
    assert f"{prog} ask: error: argument --limit: expected a positive whole number" in result.stderr
    assert result.stdout == ""


def test_top_level_usage_names_the_console_script(tmp_path: Path) -> None:
    result = run([script("facts"), "--help"], tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith("usage: facts [-h] COMMAND")


@pytest.mark.parametrize("command", ["ask", "companies"])
def test_outside_the_repository_a_missing_seeds_folder_comes_with_a_hint(
    tmp_path: Path, command: str
) -> None:
    args = ["ask", "Quillo revenue?"] if command == "ask" else ["companies"]
    result = run([script("facts"), *args], tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: seeds: no folder of articles here")
    for hint in ("repository root", "FACTS_SEEDS", "--store PATH", "facts build"):
        assert hint in result.stderr
    assert not (tmp_path / "var").exists(), "nothing was built"
