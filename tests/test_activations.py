"""Почти пустые карты: правило урока против перебора по картам."""

from __future__ import annotations

import numpy as np
import pytest

from lessonlib.activations import NEAR_EMPTY_FRACTION, near_empty_maps


def test_near_empty_maps_match_brute_force() -> None:
    rng = np.random.default_rng(0)
    maps = rng.random((12, 5, 5)) * rng.random((12, 1, 1)) - 0.05
    brightest = max(float(m.max()) for m in maps)
    expected = [m.max() <= 0 or m.max() < NEAR_EMPTY_FRACTION * brightest for m in maps]
    assert near_empty_maps(maps).tolist() == expected
    assert any(expected) and not all(expected)


def test_dark_maps_are_empty_and_bad_shape_is_refused() -> None:
    maps = np.zeros((3, 4, 4))
    maps[0, 1, 1] = 1.0
    assert near_empty_maps(maps).tolist() == [False, True, True]
    with pytest.raises(ValueError, match="maps"):
        near_empty_maps(np.zeros((4, 4)))
