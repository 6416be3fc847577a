"""Практическая работа: ячейки-задания, их проверки и экземпляр педагога.

Код задания из скрипта урока (рабочая заготовка), решение педагога и типичные неверные
варианты исполняются по-настоящему; проверка lessonlib.checks должна пропустить первые
два и назвать ошибку в остальных — так, как их поймал бы PyTorch."""

from __future__ import annotations

import ast

import pytest
import torch
from sitebuild.classroom.teacher_copy import gaps, lessons_with_solutions, solutions, teacher_copy
from sitebuild.lesson import lessontext
from torch import nn

from lessonlib.checks import check_model

SCRIPTS = [
    (lesson, script)
    for lesson in lessons_with_solutions()
    for script in sorted((lessontext.GALLERY_DIR / lesson).glob("plot_*.py"))
    if gaps(script.read_text(encoding="utf-8"))
]


def model_from(code: str) -> nn.Module:
    """Выполняет код ячейки и возвращает сеть, которую он присвоил."""
    namespace: dict = {"nn": nn}
    exec(compile(code, "<ячейка>", "exec"), namespace)
    (model,) = [v for v in namespace.values() if isinstance(v, nn.Module)]
    return model


def test_some_lesson_has_tasks():
    assert SCRIPTS


@pytest.mark.parametrize(("lesson", "script"), SCRIPTS, ids=lambda v: getattr(v, "name", v))
def test_default_and_solution_pass_the_check(lesson, script):
    text = script.read_text(encoding="utf-8")
    answers = solutions(lessontext.LESSONS_DIR / lesson)
    copy = teacher_copy(text, answers, script.name)
    ast.parse(copy)
    for gap in gaps(text):
        default = model_from(text[gap.start : gap.end])
        solved = model_from(answers[gap.key])
        for model in (default, solved):
            assert check_model(model, "cnn").ok
            assert model(torch.zeros(1, 1, 28, 28)).shape == (1, 10)
        assert answers[gap.key].strip() in copy
        assert text[gap.start : gap.end].strip() not in copy


# Ошибки, которые ученик делает в задании 1, — кодом, как он бы их написал.
WRONG_CODE = {
    "забыт Flatten": (
        "cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),"
        " nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Linear(400, 10))",
        "Забыли Flatten",
    ),
    "не исправлен Linear": (
        "cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),"
        " nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),"
        " nn.Linear(8 * 13 * 13, 10))",
        "nn.Linear(400, 10)",
    ),
    "блок после Flatten": (
        "cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),"
        " nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Linear(400, 10))",
        "не в том порядке",
    ),
    "каналы не сходятся": (
        "cnn = nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2),"
        " nn.Conv2d(16, 16, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 10))",
        "16 каналов",
    ),
}


@pytest.mark.parametrize("case", list(WRONG_CODE))
def test_wrong_code_gets_a_russian_hint(case):
    code, phrase = WRONG_CODE[case]
    model = model_from(code)
    verdict = check_model(model, "cnn")
    assert not verdict.ok and phrase in verdict.message, verdict.message
    with pytest.raises(RuntimeError):
        model(torch.zeros(1, 1, 28, 28))


def test_missing_solution_is_named():
    script = "# %%\n# ✏️ Задание 7. Что-то\n\nx = 1\n"
    with pytest.raises(ValueError, match=r"demo.py: нет решения для \['Задание 7'\]"):
        teacher_copy(script, {}, "demo.py")


@pytest.mark.parametrize(("lesson", "script"), SCRIPTS, ids=lambda v: getattr(v, "name", v))
def test_site_offers_the_teacher_copy(site_dir, lesson, script):
    answers = solutions(lessontext.LESSONS_DIR / lesson)
    expected = teacher_copy(script.read_text(encoding="utf-8"), answers, script.name)
    path = site_dir / lesson / "teacher" / f"{script.stem}-solutions.py"
    assert path.read_text(encoding="utf-8") == expected
