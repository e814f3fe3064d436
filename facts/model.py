"""The answer model: which candidate figure answers a question, and whether any does.

Two small linear models over named features (``facts.ranking.FEATURES``):
- the *ranker* orders a question's candidates; it was fitted on pairs (a right candidate
  against a wrong one of the same question), so only differences within a question count;
- the *decider* reads the best candidate's features, its ranker score and its lead over the
  runner-up, and gives the probability that it is right: below ``threshold`` the articles
  are taken not to say.

The parameters are a small reviewed data file (``facts/data/ranker.json``) written by
``python -m facts.train``; this module only reads it. Scoring is a few dot products in plain
Python, so answering needs neither numpy nor scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from facts.errors import StoreError

MODEL_FILE = "ranker.json"
# What the decider reads besides the best candidate's own features.
DECIDER_EXTRAS = ("rank_score", "rank_margin", "candidates")


@dataclass(frozen=True, slots=True)
class Linear:
    """Standardized inputs, one weight each, and a bias."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float

    def value(self, values: Sequence[float]) -> float:
        z = self.bias
        for x, m, s, w in zip(values, self.means, self.scales, self.weights, strict=True):
            z += w * (x - m) / s
        return z

    def to_json(self) -> dict[str, object]:
        return {
            "means": [round(m, 6) for m in self.means],
            "scales": [round(s, 6) for s in self.scales],
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
        }

    @classmethod
    def from_json(cls, data: object, size: int, name: str) -> Linear:
        if not isinstance(data, Mapping):
            raise StoreError(f"{MODEL_FILE}: field {name!r} must be an object")
        lists = {k: _numbers(data, k, f"{name}.{k}") for k in ("means", "scales", "weights")}
        for key, values in lists.items():
            if len(values) != size:
                raise StoreError(f"{MODEL_FILE}: {name}.{key} has {len(values)} values, not {size}")
        return cls(
            means=tuple(lists["means"]),
            scales=tuple(v or 1.0 for v in lists["scales"]),
            weights=tuple(lists["weights"]),
            bias=_number(data, "bias", f"{name}.bias"),
        )


@dataclass(frozen=True, slots=True)
class RankModel:
    """The ranker, the decider and the thresholds that turn their output into answers."""

    features: tuple[str, ...]
    ranker: Linear
    decider: Linear
    threshold: float  # below this probability the articles are taken not to say
    runner_up_gap: float  # further answers score at most this much below the first

    def rank_score(self, values: Sequence[float]) -> float:
        """How strongly a candidate ranks: only comparable within one question."""
        return self.ranker.value(values)

    def answer_probability(
        self, best: Sequence[float], best_score: float, margin: float, candidates: int
    ) -> float:
        """The chance that the best-ranked candidate answers the question."""
        return self.decider_probability([best_score, margin, math.log1p(candidates), *best])

    def decider_probability(self, inputs: Sequence[float]) -> float:
        """The decider's probability from its inputs (``DECIDER_EXTRAS``, then features)."""
        z = self.decider.value(inputs)
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(self.features),
            "ranker": self.ranker.to_json(),
            "decider": self.decider.to_json(),
            "threshold": round(self.threshold, 4),
            "runner_up_gap": round(self.runner_up_gap, 4),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object], names: Sequence[str]) -> RankModel:
        """Read a model, checking it was fitted on the features this code computes."""
        features = tuple(str(f) for f in _list(data, "features", "features"))
        if features != tuple(names):
            raise StoreError(
                f"{MODEL_FILE}: fitted on features {list(features)}, this factbot computes"
                f" {list(names)}; retrain it with `python -m facts.train`"
            )
        n = len(features)
        return cls(
            features=features,
            ranker=Linear.from_json(data.get("ranker"), n, "ranker"),
            decider=Linear.from_json(data.get("decider"), n + len(DECIDER_EXTRAS), "decider"),
            threshold=_number(data, "threshold", "threshold"),
            runner_up_gap=_number(data, "runner_up_gap", "runner_up_gap"),
        )


def _list(data: Mapping[str, object], key: str, name: str) -> list[object]:
    value = data.get(key)
    if not isinstance(value, list):
        raise StoreError(f"{MODEL_FILE}: field {name!r} must be a list")
    return value


def _numbers(data: Mapping[str, object], key: str, name: str) -> list[float]:
    values = _list(data, key, name)
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        raise StoreError(f"{MODEL_FILE}: field {name!r} must hold numbers only")
    return [float(v) for v in values]  # type: ignore[arg-type]


def _number(data: Mapping[str, object], key: str, name: str) -> float:
    value = data.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise StoreError(f"{MODEL_FILE}: field {name!r} must be a number")
    return float(value)


def neutral_model(names: Sequence[str]) -> RankModel:
    """A model that ranks by the first feature alone and declines nothing: what training
    builds its stores with, before any weights exist for the features of the day."""
    n = len(names)
    d = n + len(DECIDER_EXTRAS)
    return RankModel(
        features=tuple(names),
        ranker=Linear((0.0,) * n, (1.0,) * n, (1.0,) + (0.0,) * (n - 1), 0.0),
        decider=Linear((0.0,) * d, (1.0,) * d, (0.0,) * d, 0.0),
        threshold=0.0,
        runner_up_gap=1.0,
    )


_override: list[RankModel] = []


def use_model(model: RankModel | None) -> None:
    """Answer with this model instead of the shipped one (None: the shipped one again)."""
    _override.clear()
    if model is not None:
        _override.append(model)


def load_model(names: tuple[str, ...]) -> RankModel:
    """The model in use: the shipped one unless another was set with ``use_model``."""
    if _override:
        return _override[0]
    return _shipped_model(names)


@cache
def _shipped_model(names: tuple[str, ...]) -> RankModel:
    """The shipped model, read once per process (by its path: importlib.resources would add
    its own imports to every one-off question)."""
    text = (Path(__file__).with_name("data") / MODEL_FILE).read_text(encoding="utf-8")
    return RankModel.from_json(json.loads(text), names)
