"""Выводы страниц из чисел опытов: правила проверок на придуманных числах."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from lessonlib.findings import Claim, Topic, claims_list, cosine
from lessonlib.lessons.lesson01.findings import (
    CLAIMS_PAGE,
    CLOSE_ACCURACY,
    equivariance_claim,
    filter_similarity,
    prototype_claims,
    shift_claims,
    trained_filters_claim,
    vector_halves,
    verdict,
)
from lessonlib.runs import Run


def _run(key: str, *accuracies: float, filters: tuple[np.ndarray, ...] = ()) -> Run:
    n = len(accuracies)
    return Run(
        key=key,
        title=key,
        parameters=1,
        seeds=tuple(range(n)),
        accuracies=accuracies,
        seconds=(1.0,) * n,
        cpu_seconds=(1.0,) * n,
        losses=((1.0,),) * n,
        filters_before=filters,
        filters_after=filters,
        state={},
    )


def test_cosine_is_the_angle_between_number_patterns() -> None:
    a = np.array([[1.0, 0.0], [2.0, 0.0]])
    assert cosine(a, 3 * a) == pytest.approx(1.0)
    assert cosine(a, -a) == pytest.approx(-1.0)
    assert cosine(a, np.array([[0.0, 1.0], [0.0, 0.0]])) == pytest.approx(0.0)


def test_prototype_claims_follow_the_one_point_rule() -> None:
    close = 0.97 - CLOSE_ACCURACY / 2
    runs = {"a": _run("a", 0.95), "b": _run("b", close), "c": _run("c", 0.97), "d": _run("d", 0.97)}
    one, fc, learned = prototype_claims(runs)
    assert one.held and not fc.held and learned.held
    assert "97,0" in one.finding and "95,0" in fc.finding
    runs["b"] = _run("b", 0.90)
    assert not prototype_claims(runs)[0].held
    listed = claims_list(prototype_claims(runs))._repr_markdown_()
    assert "— не подтвердилось.**" in listed and "— подтвердилось.**" in listed


def test_vector_halves_count_by_definition() -> None:
    # Вектор: первая половина — верх, вторая — низ. Три четвёрки, одна восьмёрка.
    features = torch.tensor(
        [
            [3.0, 3.0, 1.0, 1.0],
            [1.0, 1.0, 2.0, 2.0],
            [-4.0, 4.0, 2.0, 2.0],  # знак не важен: «сила» — средний модуль
            [1.0, 1.0, 4.0, 4.0],
        ]
    )
    labels = torch.tensor([0, 0, 0, 1])
    halves = vector_halves(features, labels)
    assert halves.four_top == pytest.approx(2 / 3)
    assert halves.eight_bottom == 1.0
    assert halves.four_ratio == pytest.approx(np.median([3.0, 0.5, 2.0]))
    assert halves.eight_ratio == pytest.approx(0.25)
    assert halves.claim().held  # и верх у большинства четвёрок, и низ у восьмёрок


def test_filter_similarity_ignores_sign_and_order() -> None:
    hand = np.array([np.eye(3), np.ones((3, 3))])
    learned = np.array([-2 * np.ones((3, 3)), np.eye(3)])[:, None]
    sims = filter_similarity(_run("d", 1.0, filters=(learned,)), hand)
    assert sims == pytest.approx([1.0, 1.0])


def test_shift_and_frozen_claims() -> None:
    shifts = [0, 1, 2, 3, 4]
    cnn = np.array([0.95, 0.9, 0.7, 0.45, 0.26])
    fc = np.array([0.93, 0.84, 0.58, 0.33, 0.18])
    robust, anywhere = shift_claims(shifts, cnn, fc)
    assert robust.held and not anywhere.held and "26,5" not in anywhere.finding
    assert trained_filters_claim(_run("cnn", 0.945), _run("frozen", 0.885)).held
    assert not trained_filters_claim(_run("cnn", 0.885), _run("frozen", 0.885)).held


def test_verdict_names_what_failed_and_links_the_claims_page() -> None:
    yes, no = Claim("Первое", True, "да", key="a"), Claim("Второе", False, "нет", key="b")
    assert verdict([yes]).text.startswith("На наших сетях так и вышло")
    mixed = verdict([yes, no, yes]).text
    assert mixed.startswith("На наших сетях вышло иначе: нет.") and "да" not in mixed
    assert "Первое" not in mixed and "Второе" not in mixed and f"]({CLAIMS_PAGE})" in mixed
    both = verdict([no, Claim("Третье", False, "Тоже нет.")]).text
    assert "иначе: нет. Тоже нет." in both
    with pytest.raises(ValueError, match="claims"):
        verdict([])
    listed = claims_list([yes, no]).text.splitlines()
    assert listed == [
        "* **«Первое» — подтвердилось.** да",
        "* **«Второе» — не подтвердилось.** нет",
    ]
    topic = Topic("Опыт", "plot_01_a", (yes, no))
    assert topic.claim("b") is no
    with pytest.raises(KeyError, match="есть: a, b"):
        topic.claim("c")


class _Maps(torch.nn.Module):
    """Одна свёртка 3×3 с рамкой из нулей; ``bias_map`` добавляет к карте число,
    зависящее от места, — такая «сеть» уже не эквивариантна."""

    def __init__(self, bias_map: bool) -> None:
        super().__init__()
        torch.manual_seed(0)
        self.conv = torch.nn.Conv2d(1, 2, 3, padding=1)
        self.bias_map = bias_map

    def activations(self, x: torch.Tensor) -> list[torch.Tensor]:
        out = torch.relu(self.conv(x))
        if self.bias_map:
            out = out + torch.linspace(0, 1, x.shape[-1])
        return [out]


def test_equivariance_claim_compares_shifted_maps() -> None:
    # Как у цифр MNIST: объект в середине, по краям пусто (иначе сдвиг срезал бы его край).
    images = torch.zeros(2, 1, 10, 10)
    images[..., 3:7, 2:5] = torch.rand(2, 1, 4, 3)
    held = equivariance_claim(_Maps(bias_map=False), images, 3)
    assert held.held and "3 пикселя" in held.finding
    assert not equivariance_claim(_Maps(bias_map=True), images, 3).held
