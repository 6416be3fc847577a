"""Проверка сети ученика (lessonlib.checks): типичные ошибки дают русское сообщение
с названием слоя и подсказкой, верные сети проходят; вердикт сверяется с тем, что
на самом деле делает PyTorch с такой сетью."""

from __future__ import annotations

import pytest
import torch
from torch import nn

from lessonlib.checks import check_model
from lessonlib.lessons.lesson03 import SOLVED, TYPICAL_ERRORS, build

GOOD_CNN = lambda: nn.Sequential(  # noqa: E731
    nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(8 * 13 * 13, 10)
)
GOOD_FC = lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10))  # noqa: E731


def runs_in_torch(model: nn.Module) -> bool:
    try:
        return model(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    except RuntimeError:
        return False


def test_good_models_pass():
    for model, kind in [(GOOD_CNN(), "cnn"), (GOOD_FC(), "fc")]:
        verdict = check_model(model, kind)
        assert verdict.ok and runs_in_torch(model), verdict
        params = sum(p.numel() for p in model.parameters())
        assert (
            f"{params:,}".replace(",", "\u00a0") in verdict.message
            or str(params) in verdict.message
        )


# Частые ошибки задания 1 — из фактов урока (их же показывает страница педагога «Частые
# ошибки»); здесь — что в сообщении обязано быть.
PHRASES = {
    "forgot_flatten": ["Забыли Flatten", "Слой 6 (Linear)", "16×5×5"],
    "block_after_flatten": ["не в том порядке", "Слой 4 (Conv2d)", "Flatten должен стоять после"],
    "linear_not_fixed": ["ждёт 1\u00a0352 числа на входе", "приходит 400", "nn.Linear(400, 10)"],
    "conv_channels": ["Слой 3 (Conv2d)", "1 канал", "приходит 8"],
    "too_many_blocks": ["Слой 9 (Conv2d)", "меньше окна"],
    "wrong_output": ["10 чисел", "nn.Linear(..., 10)"],
    "no_conv": ["добавьте хотя бы один слой nn.Conv2d"],
}


def test_every_typical_error_has_its_phrases():
    assert [e.key for e in TYPICAL_ERRORS] == list(PHRASES)


@pytest.mark.parametrize("error", TYPICAL_ERRORS, ids=lambda e: e.key)
def test_typical_mistakes_are_named_in_russian(error):
    model = error.model()
    verdict = check_model(model, "cnn")
    assert not verdict.ok
    for phrase in PHRASES[error.key]:
        assert phrase in verdict.message, verdict.message
    assert repr(verdict).startswith("Есть ошибка.")
    # Всё, что проверка бракует по форме, PyTorch действительно не может посчитать
    # (кроме сети без свёрток — она считается, но это не CNN).
    if error.key != "no_conv":
        assert not runs_in_torch(model)


def test_the_fix_of_every_error_is_the_solution_of_task_1():
    """Исправленная сеть проходит проверку, считается в PyTorch и совпадает со слоями
    решения задания 1 из экземпляра педагога."""
    from sitebuild.classroom.teacher_copy import solutions
    from sitebuild.settings import PATHS

    fixed = build(SOLVED)
    assert check_model(fixed, "cnn").ok and runs_in_torch(fixed)
    namespace: dict = {"nn": nn}
    exec(solutions(PATHS.lessons / "lesson03")["Задание 1"], namespace)
    assert [repr(m) for m in fixed] == [repr(m) for m in namespace["cnn"]]


def test_not_a_sequential_and_bad_kind():
    assert "nn.Sequential" in check_model(nn.Linear(784, 10)).message
    with pytest.raises(ValueError, match="kind: ожидалось одно из"):
        check_model(GOOD_CNN(), "rnn")
    assert not check_model(GOOD_CNN(), "fc").ok
