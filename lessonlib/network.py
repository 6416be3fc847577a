"""Сеть PyTorch прямо из описания слоёв урока.

Те же описания :mod:`lessonlib.shapes`, по которым считается таблица форм и параметров,
превращаются в обычный ``nn.Sequential`` — поэтому таблица на странице и обученная сеть
не могут разойтись: слои одни и те же.

Картинки в PyTorch лежат «каналами вперёд» ``(N, C, H, W)``, а формы урока —
``(H, W, C)``; порядок чисел после flatten у них разный, но длина вектора одна.
"""

from __future__ import annotations

from collections.abc import Sequence

from torch import nn

from lessonlib.shapes import Conv, Dense, Flatten, LayerSpec, Pool, ReLU, trace

__all__ = ["POOLS", "sequential"]

POOLS = {"max": nn.MaxPool2d, "average": nn.AvgPool2d}
"""Вид пулинга → модуль PyTorch."""


def sequential(
    input_shape: tuple[int, int, int], layers: Sequence[LayerSpec], pool: str = "max"
) -> nn.Sequential:
    """Собрать ``nn.Sequential`` из слоёв ``Conv``, ``Pool``, ``ReLU``, ``Flatten``, ``Dense``.

    Args:
        input_shape: ``(H, W, C)`` входной картинки.
        layers: слои по порядку; цепочку проверяет :func:`lessonlib.shapes.trace`
            (ошибка называет номер слоя).
        pool: ``"max"`` или ``"average"`` — каким пулингом станут слои ``Pool``.
    """
    if pool not in POOLS:
        raise ValueError(f"pool: ожидался вид пулинга «max» или «average», получено {pool!r}")
    infos = trace(input_shape, layers)
    modules: list[nn.Module] = []
    shape: tuple[int, ...] = tuple(input_shape)
    for layer, info in zip(layers, infos, strict=True):
        if isinstance(layer, Conv):
            modules.append(
                nn.Conv2d(
                    shape[2], layer.filters, layer.size, layer.stride, layer.padding, layer.dilation
                )
            )
        elif isinstance(layer, Pool):
            modules.append(POOLS[pool](layer.size, layer.stride, layer.padding))
        elif isinstance(layer, ReLU):
            modules.append(nn.ReLU())
        elif isinstance(layer, Flatten):
            modules.append(nn.Flatten())
        elif isinstance(layer, Dense):
            modules.append(nn.Linear(shape[0], layer.units))
        shape = info.output_shape
    return nn.Sequential(*modules)
