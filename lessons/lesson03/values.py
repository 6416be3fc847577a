"""Числа заданий урока 3: их считает сеть из решения задания 1 (``solutions.py``)."""

from __future__ import annotations

from pathlib import Path

import torch
from sitebuild.classroom.teacher_copy import solutions
from torch import nn

from lessonlib.checks import check_model


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
