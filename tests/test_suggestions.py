"""Suggestions name measures the asked company has, as clean phrases."""

from __future__ import annotations

import pytest

from facts.store import suggestion_label


@pytest.mark.parametrize(
    ("metric", "label"),
    [
        ("revenue", "revenue"),
        ("Friday revenue", "revenue"),  # a day is no part of the measure
        ("active users", "active users"),
        ("away", None),  # names no measure
        ("company", None),
        ("additional", None),  # a quantifier, not a measure
        ("grew", None),  # a change, not a measure
        ("report revenue between", "revenue"),
        ("number of robot warehouses opened across the country", None),  # too long to suggest
        ("million transactions amounting", "transactions"),  # a scale, then the verb after
        ("transactions worth Rs", "transactions"),  # a currency mark
        ("users spending", "users"),
        ("downloads", "downloads"),  # a plural noun says what is counted
        ("was", None),
        ("amounting", None),  # a verb alone
        (None, None),
    ],
)
def test_a_metric_label_becomes_a_clean_suggestion(metric: str | None, label: str | None) -> None:
    assert suggestion_label(metric) == label
