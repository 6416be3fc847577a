"""Формы карт активации и число параметров в цепочке слоёв — бухгалтерия урока.

Формы записываются как в уроке: высота × ширина × каналы, ``(H, W, C)``;
после ``Flatten`` — вектор ``(n,)``.

>>> infos = trace((32, 32, 3), [Conv(5, 3), ReLU(), Conv(3, 4)])
>>> [info.output_shape for info in infos]
[(30, 30, 5), (30, 30, 5), (27, 27, 3)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lessonlib.conv import check_int, output_size

__all__ = ["Conv", "Dense", "Flatten", "LayerInfo", "LayerSpec", "ReLU", "format_count", "trace"]


@dataclass(frozen=True)
class Conv:
    """Свёрточный слой: ``filters`` трёхмерных фильтров ``size×size×C`` (``C`` — каналы входа)."""

    filters: int
    size: int
    stride: int = 1
    padding: int = 0

    def __post_init__(self) -> None:
        check_int(self.filters, "filters (число фильтров)", minimum=1)
        check_int(self.size, "size (размер фильтра)", minimum=1)
        check_int(self.stride, "stride (шаг)", minimum=1)
        check_int(self.padding, "padding", minimum=0)


@dataclass(frozen=True)
class ReLU:
    """Функция активации ReLU: форма не меняется, параметров нет."""


@dataclass(frozen=True)
class Flatten:
    """Растягивает все карты активации в один вектор (операция flatten)."""


@dataclass(frozen=True)
class Dense:
    """Полносвязный слой из ``units`` нейронов; его вход — вектор."""

    units: int

    def __post_init__(self) -> None:
        check_int(self.units, "units (число нейронов)", minimum=1)


LayerSpec = Conv | ReLU | Flatten | Dense


@dataclass(frozen=True)
class LayerInfo:
    """Итог одного слоя.

    Attributes:
        name: описание по-русски, например ``"свёртка: 5 фильтров 3×3×3"``.
        output_shape: форма выхода ``(H, W, C)`` или ``(n,)``.
        weights: число весов (чисел в фильтрах или в матрице полносвязного слоя).
        biases: число сдвигов (по одному на фильтр или нейрон).
    """

    name: str
    output_shape: tuple[int, ...]
    weights: int
    biases: int

    @property
    def params(self) -> int:
        """Все обучаемые параметры слоя: веса и сдвиги."""
        return self.weights + self.biases


def format_count(n: int) -> str:
    """Число с неразрывными пробелами между тысячами, как пишут по-русски: ``40 500``."""
    return f"{n:,}".replace(",", "\u00a0")


def _plural(n: int, one: str, few: str, many: str) -> str:
    if n % 10 == 1 and n % 100 != 11:
        word = one
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        word = few
    else:
        word = many
    return f"{format_count(n)} {word}"


def _check_input(shape: object) -> tuple[int, int, int]:
    if not isinstance(shape, tuple | list) or len(shape) != 3:
        raise ValueError(
            f"input_shape: ожидалась форма (H, W, C), например (32, 32, 3), получено {shape!r}"
        )
    h, w, c = (check_int(d, "input_shape", minimum=1) for d in shape)
    return h, w, c


def _step(k: int, layer: object, shape: tuple[int, ...]) -> LayerInfo:
    where = f"layers[{k}]"
    if isinstance(layer, Conv):
        if len(shape) != 3:
            raise ValueError(
                f"{where}: свёртке нужен вход (H, W, C), а после Flatten получен вектор {shape}"
            )
        h, w, c = shape
        try:
            oh, ow = (
                output_size(n, layer.size, padding=layer.padding, stride=layer.stride)
                for n in (h, w)
            )
        except ValueError as err:
            raise ValueError(
                f"{where}: свёртке {layer.size}×{layer.size} не хватает входа {h}×{w}×{c}. {err}"
            ) from None
        name = f"свёртка: {_plural(layer.filters, 'фильтр', 'фильтра', 'фильтров')} "
        name += f"{layer.size}×{layer.size}×{c}"
        return LayerInfo(
            name=name,
            output_shape=(oh, ow, layer.filters),
            weights=layer.filters * layer.size * layer.size * c,
            biases=layer.filters,
        )
    if isinstance(layer, ReLU):
        return LayerInfo(name="ReLU", output_shape=shape, weights=0, biases=0)
    if isinstance(layer, Flatten):
        n = 1
        for d in shape:
            n *= d
        return LayerInfo(
            name=f"flatten: вектор из {_plural(n, 'числа', 'чисел', 'чисел')}",
            output_shape=(n,),
            weights=0,
            biases=0,
        )
    if isinstance(layer, Dense):
        if len(shape) != 1:
            raise ValueError(
                f"{where}: полносвязному слою нужен вектор, а получена форма {shape}; "
                "добавьте перед ним Flatten()"
            )
        return LayerInfo(
            name=f"полносвязный слой: {_plural(layer.units, 'нейрон', 'нейрона', 'нейронов')}",
            output_shape=(layer.units,),
            weights=shape[0] * layer.units,
            biases=layer.units,
        )
    raise TypeError(f"{where}: ожидался слой Conv, ReLU, Flatten или Dense, получено {layer!r}")


def trace(input_shape: tuple[int, int, int], layers: Sequence[LayerSpec]) -> list[LayerInfo]:
    """Пройти по слоям: форма выхода и параметры каждого слоя.

    Args:
        input_shape: ``(H, W, C)`` — например ``(100, 100, 1)`` для чёрно-белой картинки.
        layers: слои ``Conv``, ``ReLU``, ``Flatten``, ``Dense`` по порядку.

    Raises:
        ValueError: невозможная цепочка (вход меньше фильтра, полносвязный слой без
            Flatten, свёртка после Flatten); в сообщении — номер слоя ``layers[k]``.
    """
    shape: tuple[int, ...] = _check_input(input_shape)
    if isinstance(layers, str) or not isinstance(layers, Sequence):
        raise TypeError(f"layers: ожидался список слоёв, получено {layers!r}")
    if not layers:
        raise ValueError("layers: список слоёв пуст — нужен хотя бы один слой")
    infos = []
    for k, layer in enumerate(layers):
        info = _step(k, layer, shape)
        infos.append(info)
        shape = info.output_shape
    return infos
