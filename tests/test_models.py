"""Сети урока: формы выходов, число параметров, фиксированные фильтры, рецептивные поля."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from lessonlib.filters import DIAGONAL_45, SOBEL_VERTICAL
from lessonlib.lessons.lesson01.experiments import CnnVsFcConfig, PrototypeConfig
from lessonlib.models import (
    ConvNet,
    FullyConnected,
    PrototypeCNN,
    freeze_convolutions,
    trainable_parameters,
)

HAND = [SOBEL_VERTICAL.kernel, DIAGONAL_45.kernel]
# Сети сайта: размеры — из настроек опытов по умолчанию.
CNN_SPECS, FC_HIDDEN = CnnVsFcConfig().convs, CnnVsFcConfig().fc_hidden
PROTOTYPE_HIDDEN = PrototypeConfig().hidden


def _count(*layers: tuple[int, int]) -> int:
    """Параметры цепочки линейных слоёв (вход, выход) со смещениями — формулой."""
    return sum(i * o + o for i, o in layers)


@pytest.mark.parametrize(
    ("model", "x_shape", "out", "params"),
    [
        (FullyConnected(784, 16, 2), (5, 1, 28, 28), 2, _count((784, 16), (16, 2))),
        (
            PrototypeCNN(HAND[:1], trainable=False, hidden=PROTOTYPE_HIDDEN),
            (5, 1, 28, 28),
            2,
            _count((676, 16), (16, 2)),
        ),
        (
            PrototypeCNN(HAND, trainable=False, hidden=PROTOTYPE_HIDDEN),
            (5, 1, 28, 28),
            2,
            _count((1352, 16), (16, 2)),
        ),
        (
            PrototypeCNN(n_filters=2, hidden=PROTOTYPE_HIDDEN),
            (5, 1, 28, 28),
            2,
            18 + _count((1352, 16), (16, 2)),
        ),
        (
            FullyConnected(784, FC_HIDDEN, 10),
            (3, 1, 28, 28),
            10,
            _count((784, FC_HIDDEN), (FC_HIDDEN, 10)),
        ),
        (
            ConvNet(1, 28, CNN_SPECS, 10),
            (3, 1, 28, 28),
            10,
            (9 * 8 + 8) + (72 * 8 + 8) + _count((8 * 24 * 24, 10)),
        ),
    ],
)
def test_shapes_and_parameter_counts(model: nn.Module, x_shape, out: int, params: int) -> None:
    assert model(torch.rand(x_shape)).shape == (x_shape[0], out)
    assert trainable_parameters(model) == params


def test_ten_class_models_have_comparable_budgets() -> None:
    fc = trainable_parameters(FullyConnected(784, FC_HIDDEN, 10))
    cnn = trainable_parameters(ConvNet(1, 28, CNN_SPECS, 10))
    assert abs(fc - cnn) / cnn < 0.01


def test_prototype_features_are_flattened_and_concatenated_maps() -> None:
    model = PrototypeCNN(HAND, trainable=False)
    x = torch.rand(4, 1, 28, 28)
    maps = [F.conv2d(x, torch.tensor(k, dtype=torch.float32)[None, None])[:, 0] for k in HAND]
    expected = torch.cat([m.reshape(4, -1) for m in maps], dim=1)
    assert torch.allclose(model.features(x), expected, atol=1e-5)


def test_prototype_uses_given_filters_and_freezes_them() -> None:
    model = PrototypeCNN(HAND, trainable=False)
    assert np.array_equal(model.conv.weight.detach()[:, 0].numpy(), np.stack(HAND))
    assert not model.conv.weight.requires_grad
    assert PrototypeCNN(HAND, trainable=True).conv.weight.requires_grad


def test_prototype_rejects_non_square_filters() -> None:
    with pytest.raises(ValueError, match="kernels"):
        PrototypeCNN([np.ones((3, 2))])


def test_freeze_convolutions_leaves_only_the_head() -> None:
    model = freeze_convolutions(ConvNet(1, 28, CNN_SPECS, 10))
    trainable = {name for name, p in model.named_parameters() if p.requires_grad}
    assert trainable == {"head.1.weight", "head.1.bias"}
