"""Сети урока — обычные модули PyTorch, без хитростей.

* :class:`FullyConnected` — полносвязная сеть на пикселях картинки;
* :class:`PrototypeCNN` — прототип из урока: один слой свёртки (фильтры заданы руками
  или обучаются) → flatten → конкатенация → полносвязная сеть;
* :class:`ConvNet` — «настоящая» CNN: несколько свёрточных слоёв с ReLU после каждого
  и полносвязная часть.

Функции :func:`trainable_parameters` и :func:`freeze_convolutions` работают с любой из них.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch
from torch import nn

from lessonlib.conv import check_int
from lessonlib.shapes import Conv, Flatten, trace

__all__ = [
    "ConvNet",
    "FullyConnected",
    "PrototypeCNN",
    "freeze_convolutions",
    "trainable_parameters",
]


class FullyConnected(nn.Module):
    """Полносвязная сеть: картинка вытягивается в вектор → скрытый слой с ReLU → классы."""

    def __init__(self, in_features: int, hidden: int, n_classes: int) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Flatten(),
            nn.Linear(check_int(in_features, "in_features", minimum=1), hidden),
            nn.ReLU(),
            nn.Linear(check_int(hidden, "hidden", minimum=1), n_classes),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class PrototypeCNN(nn.Module):
    """Прототип CNN из урока для чёрно-белых картинок.

    Свёртка без смещения и без функции активации (как в уроке: карта активации — прямо
    результат свёртки) → каждая карта вытягивается в вектор (flatten) → векторы
    склеиваются (конкатенация) → полносвязная сеть со скрытым слоем.

    Args:
        kernels: фильтры формы ``(F, k, k)`` — начальные значения; ``None`` — ``n_filters``
            случайных фильтров (начальные значения PyTorch по умолчанию).
        n_filters, kernel_size: число и размер случайных фильтров, если ``kernels`` нет.
        trainable: обучаются ли фильтры. Если нет — у весов свёртки ``requires_grad=False``,
            и обучается только полносвязная часть.
        image_size, hidden, n_classes: сторона входной картинки, ширина скрытого слоя
            и число классов.
    """

    def __init__(
        self,
        kernels: Sequence[np.ndarray] | None = None,
        *,
        n_filters: int = 2,
        kernel_size: int = 3,
        trainable: bool = True,
        image_size: int = 28,
        hidden: int = 16,
        n_classes: int = 2,
    ) -> None:
        super().__init__()
        if kernels is not None:
            bank = torch.tensor(np.stack([np.asarray(k, dtype=np.float32) for k in kernels]))
            if bank.ndim != 3 or bank.shape[1] != bank.shape[2]:
                raise ValueError(
                    f"kernels: ожидались квадратные фильтры одного размера, получено {bank.shape}"
                )
            n_filters, kernel_size = bank.shape[0], bank.shape[1]
        self.conv = nn.Conv2d(
            1,
            check_int(n_filters, "n_filters", minimum=1),
            check_int(kernel_size, "kernel_size", minimum=1),
            bias=False,
        )
        if kernels is not None:
            with torch.no_grad():
                self.conv.weight.copy_(bank[:, None])
        self.conv.weight.requires_grad_(trainable)
        side = check_int(image_size, "image_size (сторона картинки)", minimum=1) - kernel_size + 1
        if side < 1:
            raise ValueError(
                f"kernel_size: фильтр {kernel_size}×{kernel_size} больше картинки "
                f"{image_size}×{image_size}; ожидался размер не больше {image_size}"
            )
        self.head = FullyConnected(n_filters * side * side, hidden, n_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """Вектор, который получает полносвязная часть: карты фильтров, вытянутые
        и склеенные по порядку (сначала вся карта фильтра 1, потом фильтра 2, …)."""
        return torch.flatten(self.conv(x), start_dim=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x))


class ConvNet(nn.Module):
    """CNN: свёрточные слои с ReLU после каждого → flatten → полносвязная часть.

    Args:
        in_channels: каналы входа (1 — чёрно-белая картинка, 3 — цветная).
        image_size: сторона квадратной входной картинки.
        convs: свёрточные слои по порядку (описания :class:`lessonlib.shapes.Conv`).
        n_classes: число классов.
        hidden: ширина скрытого полносвязного слоя; ``None`` — после flatten сразу
            слой с ответами.
    """

    def __init__(
        self,
        in_channels: int,
        image_size: int,
        convs: Sequence[Conv],
        n_classes: int,
        hidden: int | None = None,
    ) -> None:
        super().__init__()
        if not convs:
            raise ValueError("convs: нужен хотя бы один свёрточный слой")
        self.specs = tuple(convs)
        self.convs = nn.ModuleList()
        channels = check_int(in_channels, "in_channels", minimum=1)
        for spec in self.specs:
            self.convs.append(
                nn.Conv2d(channels, spec.filters, spec.size, spec.stride, spec.padding)
            )
            channels = spec.filters
        # Длину вектора после flatten считает trace — та же функция, что и на страницах.
        (flat,) = trace((image_size, image_size, in_channels), [*convs, Flatten()])[-1].output_shape
        if hidden is None:
            self.head: nn.Module = nn.Sequential(nn.Flatten(), nn.Linear(flat, n_classes))
        else:
            self.head = FullyConnected(flat, hidden, n_classes)

    def activations(self, x: torch.Tensor) -> list[torch.Tensor]:
        """Карты активации после ReLU каждого свёрточного слоя: список ``(N, F, H, W)``."""
        maps = []
        for conv in self.convs:
            x = torch.relu(conv(x))
            maps.append(x)
        return maps

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.activations(x)[-1])


def trainable_parameters(model: nn.Module) -> int:
    """Сколько чисел модели меняет обучение (параметры с ``requires_grad``)."""
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def freeze_convolutions(model: nn.Module) -> nn.Module:
    """Замораживает все свёрточные слои модели: их фильтры и смещения больше не обучаются."""
    for module in model.modules():
        if isinstance(module, nn.Conv2d):
            module.requires_grad_(False)
    return model
