"""``javascripts/digit-model.js`` — сеть тренажёра «Нарисуй цифру» для браузера.

Веса обученной сети (:func:`lessonlib.handwriting.trained_digit_net`) и примеры цифр
лежат в JS-файле, а не в двоичном: страница, открытая прямо с диска, не может
загрузить двоичный файл запросом, а скрипт тегом ``<script>`` — может. Числа весов —
float32 в base64 (точно те же, что у PyTorch). Файл подключает
``javascripts/digit-trainer.js``, когда тренажёр впервые нужен.
"""

from __future__ import annotations

import base64
import json

import numpy as np
import torch
from torch import nn

from lessonlib import data, fmt, handwriting
from sitebuild.settings import PATHS

__all__ = ["PATH", "digit_model", "digit_model_js", "layers", "page_values"]

PATH = "javascripts/digit-model.js"


def _b64(array: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode()


def _floats(tensor: torch.Tensor) -> str:
    return _b64(tensor.detach().numpy(), "<f4")


def layers(net: nn.Sequential) -> list[dict]:
    """Слои сети по порядку в виде данных для прямого прохода на JavaScript."""
    out: list[dict] = []
    for module in net:
        if isinstance(module, nn.Conv2d):
            out.append(
                {
                    "type": "conv",
                    "in": module.in_channels,
                    "out": module.out_channels,
                    "size": module.kernel_size[0],
                    "weight": _floats(module.weight),
                    "bias": _floats(module.bias),
                }
            )
        elif isinstance(module, nn.ReLU):
            out.append({"type": "relu"})
        elif isinstance(module, nn.MaxPool2d):
            out.append({"type": "maxpool", "size": module.kernel_size})
        elif isinstance(module, nn.Flatten):
            out.append({"type": "flatten"})
        elif isinstance(module, nn.Linear):
            out.append(
                {
                    "type": "linear",
                    "in": module.in_features,
                    "out": module.out_features,
                    "weight": _floats(module.weight),
                    "bias": _floats(module.bias),
                }
            )
        else:
            raise ValueError(f"net: слой {module!r} тренажёр не умеет считать")
    return out


def _trained() -> handwriting.DigitNet:
    # Сеть обучается один раз и лежит в кэше проекта рядом с сетями галереи.
    PATHS.use_lessonlib_cache()
    return handwriting.trained_digit_net()


def digit_model() -> dict:
    """Всё, что нужно тренажёру: слои, правила подготовки рисунка и примеры цифр."""
    trained = _trained()
    split = data.load_mnist()
    examples = []
    for label, name in enumerate(split.class_names):
        index = data.typical(split.x_test, split.y_test, label)
        pixels = np.round(split.x_test[index, 0].numpy() * 255)
        examples.append({"digit": name, "pixels": _b64(pixels, "u1")})
    return {
        "field": handwriting.FIELD,
        "box": handwriting.BOX,
        "ink": handwriting.INK,
        "confident": handwriting.CONFIDENT,
        "crowded": handwriting.crowded_level(),
        "accuracy": trained.accuracy,
        "classes": list(split.class_names),
        "layers": layers(trained.model()),
        "examples": examples,
    }


def digit_model_js() -> str:
    """Текст файла :data:`PATH`."""
    text = json.dumps(digit_model(), ensure_ascii=False, separators=(",", ":"))
    return f"window.DIGIT_MODEL = {text};\n"


def page_values() -> dict[str, str]:
    """Числа для текста страницы тренажёра: поле, рамка цифры, точность, размеры наборов."""
    trained = _trained()
    split = data.load_mnist()
    return {
        "digit_field": fmt.shape((handwriting.FIELD, handwriting.FIELD)),
        "digit_box_side": fmt.integer(handwriting.BOX),
        "digit_accuracy": fmt.percent(trained.accuracy),
        "digit_train": fmt.integer(len(split.x_train)),
        "digit_test": fmt.integer(len(split.x_test)),
    }
