"""Практическая работа (lessonlib.practice): какие ошибки сети попадают на рисунок «Ошибки сети»."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import torch
from torch import nn

from lessonlib.data import load_mnist
from lessonlib.practice import mistakes
from lessonlib.train import TrainConfig, train


@pytest.fixture(scope="module")
def weak_net():
    """Недоученная полносвязная сеть: ошибается на многих цифрах разных классов."""
    split = load_mnist()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    train(model, split.x_train[:300], split.y_train[:300], TrainConfig(epochs=1, lr=1e-3), seed=0)
    return model, split


def brute_force(model, split, limit, per_class):
    """Все ошибки перебором: по убыванию уверенности (при равной — по номеру), не больше
    ``per_class`` на верную цифру."""
    with torch.no_grad():
        probs = torch.softmax(model.eval()(split.x_test), dim=1).numpy()
    truth = split.y_test.numpy()
    rows = sorted(
        (-float(probs[i].max()), i) for i in range(len(truth)) if int(probs[i].argmax()) != truth[i]
    )
    counts: dict[int, int] = {}
    picked = []
    for _, i in rows:
        if counts.get(truth[i], 0) < per_class and len(picked) < limit:
            counts[truth[i]] = counts.get(truth[i], 0) + 1
            picked.append(i)
    return picked


@pytest.mark.parametrize(("limit", "per_class"), [(10, 1), (10, 2), (3, 1), (25, 3)])
def test_mistakes_are_wrong_confident_and_spread_over_digits(weak_net, limit, per_class):
    model, split = weak_net
    picked, answers = mistakes(model, split, limit, per_class)
    truth = split.y_test.numpy()
    with torch.no_grad():
        probs = torch.softmax(model.eval()(split.x_test), dim=1).numpy()
    assert (answers != truth[picked]).all()  # все показанные — ошибки
    assert (answers == probs[picked].argmax(axis=1)).all()  # и подписан ответ сети
    assert max(np.bincount(truth[picked])) <= per_class
    with_errors = set(truth[probs.argmax(axis=1) != truth].tolist())
    assert len(with_errors) >= 5  # есть из чего выбирать
    # Цифр на рисунке не меньше, чем позволяет per_class: ни одна не вытесняет другие.
    assert len(set(truth[picked])) >= min(len(with_errors), -(-limit // per_class))
    confidence = probs[picked].max(axis=1)
    assert all(a >= b for a, b in itertools.pairwise(confidence))
    # Сверка с перебором: тот же выбор и тот же порядок.
    assert list(picked) == brute_force(model, split, limit, per_class)


def test_mistakes_are_the_same_every_time(weak_net):
    model, split = weak_net
    first, second = mistakes(model, split), mistakes(model, split)
    assert np.array_equal(first[0], second[0]) and np.array_equal(first[1], second[1])


def test_mistakes_rejects_zero_limit(weak_net):
    with pytest.raises(ValueError, match="limit и per_class"):
        mistakes(*weak_net, limit=0)
