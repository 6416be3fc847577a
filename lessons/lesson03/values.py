"""Числа заданий урока 3: их считает сеть из решения задания 1 (``solutions.py``)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import torch
from sitebuild.classroom.teacher_copy import solutions
from sitebuild.settings import PATHS
from torch import nn

from lessonlib.checks import check_model
from lessonlib.lessons.lesson03 import SOLVED, TYPICAL_ERRORS


def _solution() -> nn.Sequential:
    namespace: dict = {"nn": nn}
    exec(solutions(Path(__file__).parent)["Задание 1"], namespace)
    return namespace["cnn"]


def flatten_after_blocks() -> dict[str, object]:
    body = _solution()[:-1]  # всё до последнего Linear
    size = int(body(torch.zeros(1, 1, 28, 28)).shape[1])
    return {"size": size, "value": size}


def conv_parameters() -> dict[str, object]:
    conv = next(m for m in list(_solution())[1:] if isinstance(m, nn.Conv2d))
    count = sum(p.numel() for p in conv.parameters())
    return {"count": count, "value": count}


def without_flatten() -> dict[str, object]:
    model = nn.Sequential(*[m for m in _solution() if not isinstance(m, nn.Flatten)])
    return {"message": check_model(model, "cnn").message, "value": False}


def typical_errors() -> dict[str, object]:
    """Частые ошибки задания 1 с сообщениями, которые на самом деле печатает проверка."""
    return {
        "errors": [
            {
                "title": error.title,
                "code": error.code,
                "message": repr(check_model(error.model(), "cnn")),  # как в блокноте
                "fix": error.fix,
            }
            for error in TYPICAL_ERRORS
        ],
        "solved": SOLVED,
    }


def digits_cell() -> dict[str, object]:
    """Что печатает первая ячейка урока («Цифры») в блокноте практической работы: её код
    выполняется здесь, а не переписывается."""
    lesson = Path(__file__).parent.name
    script = PATHS.gallery / lesson / "plot_01_own_cnn.py"
    cells = script.read_text(encoding="utf-8").split("\n# %%")
    code = next(
        cell for cell in cells[1:] if any(not x.startswith("#") for x in cell.split("\n") if x)
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(code, {})
    return {"output": out.getvalue().strip()}
