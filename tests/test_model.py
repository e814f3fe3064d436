"""The answer model's data file: read strictly, scored in plain Python, swappable in tests."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

import pytest

from facts.errors import StoreError
from facts.model import DECIDER_EXTRAS, Linear, RankModel, load_model, neutral_model, use_model
from facts.ranking import FEATURES

NAMES = ("coverage", "kind_fit")


@pytest.fixture
def model() -> RankModel:
    return RankModel(
        features=NAMES,
        ranker=Linear((0.5, 0.0), (0.25, 1.0), (2.0, 1.0), 0.0),
        decider=Linear((0.0,) * 5, (1.0,) * 5, (1.0, 0.0, 0.0, 0.0, 0.0), -1.0),
        threshold=0.4,
        runner_up_gap=1.5,
    )


@pytest.fixture
def restore() -> Iterator[None]:
    yield
    use_model(None)


def test_a_model_reads_back_what_it_writes(model: RankModel) -> None:
    again = RankModel.from_json(json.loads(json.dumps(model.to_json())), NAMES)
    assert again == model


def test_scores_standardize_then_weigh(model: RankModel) -> None:
    # (0.75 - 0.5) / 0.25 * 2 + (1.0 - 0) / 1 * 1 = 3
    assert model.rank_score([0.75, 1.0]) == pytest.approx(3.0)
    # the decider reads the best candidate's score first: z = 3 - 1
    p = model.answer_probability([0.75, 1.0], 3.0, 0.5, 4)
    assert p == pytest.approx(1 / (1 + math.exp(-2.0)))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"features": ["coverage"]}, "fitted on features"),
        ({"threshold": "high"}, "'threshold' must be a number"),
        ({"ranker": []}, "'ranker' must be an object"),
        (
            {"ranker": {"means": [0.0], "scales": [1, 1], "weights": [1, 1], "bias": 0}},
            "ranker.means",
        ),
        (
            {"decider": {"means": ["x"] * 5, "scales": [1] * 5, "weights": [1] * 5, "bias": 0}},
            "numbers",
        ),
    ],
)
def test_a_bad_model_file_is_refused_by_name(
    model: RankModel, change: dict[str, object], message: str
) -> None:
    data = {**model.to_json(), **change}
    with pytest.raises(StoreError, match=r"ranker\.json") as err:
        RankModel.from_json(data, NAMES)
    assert message in str(err.value)


def test_the_shipped_model_fits_the_features_computed() -> None:
    shipped = load_model(FEATURES)
    assert shipped.features == FEATURES
    assert len(shipped.decider.weights) == len(FEATURES) + len(DECIDER_EXTRAS)
    assert 0.0 < shipped.threshold < 1.0


def test_another_model_can_stand_in(restore: None) -> None:
    stand_in = neutral_model(FEATURES)
    use_model(stand_in)
    assert load_model(FEATURES) is stand_in
    use_model(None)
    assert load_model(FEATURES) is not stand_in
