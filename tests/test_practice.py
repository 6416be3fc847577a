"""Практическая работа (lessonlib.practice): какие ошибки сети попадают на рисунок «Ошибки сети»,
время обучения в таблице сравнения — в блокноте ученика, но не на сайте."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn

from lessonlib.data import load_mnist
from lessonlib.fmt import seconds
from lessonlib.folders import SITE_ENV
from lessonlib.practice import ON_SITE_TIME, Fit, comparison, mistakes
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


ROOT = Path(__file__).resolve().parent.parent
_SECONDS = re.compile(r"\d+(?:,\d+)?\u00a0с\b")


def _fit(title: str, took: float) -> Fit:
    return Fit(title, nn.Identity(), (0.5, 0.25), (0.875, 0.9375), took, 7_850)


def test_comparison_prints_the_measured_time_only_outside_the_site(monkeypatch):
    runs = [_fit("полносвязная сеть", 12.34), _fit("CNN", 56.78)]
    monkeypatch.delenv(SITE_ENV, raising=False)
    mine = comparison(runs).text
    assert seconds(12.34) in mine and seconds(56.78) in mine  # ученик видит свои секунды
    monkeypatch.setenv(SITE_ENV, "plot_01_own_cnn")
    site = comparison(runs).text
    # Сборка сайта: другой замер времени — та же страница, байт в байт.
    slower = [dataclasses.replace(f, seconds=f.seconds * 3 + 1) for f in runs]
    assert comparison(slower).text == site
    assert not _SECONDS.search(site) and site.count(ON_SITE_TIME) == len(runs)
    assert "7\u00a0850" in site and "93,8" in site  # остальные числа — как были


def test_built_pages_show_no_measured_training_time():
    """Таблица сравнения на выполненных страницах сайта — без замера времени: две сборки
    одного коммита дают одинаковые страницы."""
    tables = 0
    for notebook in sorted((ROOT / "docs").glob("lesson*/plot_*.ipynb")):
        for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                text = "".join(output.get("data", {}).get("text/markdown", ""))
                if text.startswith("| сеть | параметров | точность на тесте | обучение |"):
                    tables += 1
                    assert not _SECONDS.search(text), f"{notebook.stem}: {text}"
                    assert ON_SITE_TIME in text, notebook.stem
    if not tables:
        pytest.skip("нет выполненных страниц с таблицей сравнения: nox -s build")
