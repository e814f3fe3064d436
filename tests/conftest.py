"""Shared fixtures: a store built from the project's seed articles, and scratch seed folders."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from facts import Store, build_store

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def seed_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built once per test session from seeds/."""
    out = tmp_path_factory.mktemp("store") / "facts.sqlite"
    build_store([SEEDS], out)
    return out


@pytest.fixture(scope="session")
def seed_store(seed_store_path: Path) -> Iterator[Store]:
    with Store.open(seed_store_path) as store:
        yield store


@pytest.fixture
def make_seeds(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Write {relative path: text or bytes} into a fresh seeds folder and return the folder."""

    def make(files: dict[str, str | bytes]) -> Path:
        folder = tmp_path / "seeds"
        folder.mkdir(exist_ok=True)
        for name, content in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return folder

    return make
