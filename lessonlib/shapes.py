"""Слои сети и бухгалтерия урока: формы карт активации и число параметров.

Формы записываются как в уроке: высота × ширина × каналы, ``(H, W, C)``;
после ``Flatten`` — вектор ``(n,)``. Те же слои ``Conv`` и ``Pool`` описывают сеть и
для рецептивного поля (:mod:`lessonlib.receptive_field`).

>>> infos = trace((32, 32, 3), [Conv(5, 3), ReLU(), Conv(3, 4)])
>>> [info.output_shape for info in infos]
[(30, 30, 5), (30, 30, 5), (27, 27, 3)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lessonlib.conv import check_int, output_size
from lessonlib.fmt import plural

__all__ = ["Conv", "Dense", "Flatten", "LayerInfo", "LayerSpec", "Pool", "ReLU", "trace"]


@dataclass(frozen=True)
class Conv:
    """Свёрточный слой: ``filters`` трёхмерных фильтров ``size×size×C`` (``C`` — каналы входа).

    Attributes:
        filters: число фильтров — столько карт на выходе.
        size: сторона квадратного фильтра ``f``.
        stride: шаг фильтра.
        padding: ширина рамки из нулей с каждой стороны.
        dilation: разрежение фильтра: между его числами ``dilation − 1`` пропусков.
    """

    filters: int
    size: int
    stride: int = 1
    padding: int = 0
    dilation: int = 1

    def __post_init__(self) -> None:
        check_int(self.filters, "filters (число фильтров)", minimum=1)
        check_int(self.size, "size (размер фильтра)", minimum=1)
        check_int(self.stride, "stride (шаг)", minimum=1)
        check_int(self.padding, "padding", minimum=0)
        check_int(self.dilation, "dilation", minimum=1)

    @property
    def span(self) -> int:
        """Сколько пикселей входа накрывает фильтр с учётом разрежения: ``dilation·(f − 1) + 1``."""
        return self.dilation * (self.size - 1) + 1

    @property
    def label(self) -> str:
        """Подпись для рисунков: ``свёртка 3×3``."""
        return f"свёртка {self.size}×{self.size}"


@dataclass(frozen=True)
class Pool:
    """Слой пулинга: окно ``size×size`` с шагом ``stride``; каналы не меняются, параметров нет."""

    size: int
    stride: int
    padding: int = 0

    def __post_init__(self) -> None:
        check_int(self.size, "size (размер окна)", minimum=1)
        check_int(self.stride, "stride (шаг)", minimum=1)
        check_int(self.padding, "padding", minimum=0)

    # Окно пулинга сплошное — для рецептивного поля оно как свёртка без разрежения.
    dilation = 1

    @property
    def span(self) -> int:
        """Сколько пикселей входа накрывает окно."""
        return self.size

    @property
    def label(self) -> str:
        """Подпись для рисунков: ``пулинг 2×2``."""
        return f"пулинг {self.size}×{self.size}"


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


LayerSpec = Conv | Pool | ReLU | Flatten | Dense


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


def _check_input(shape: object) -> tuple[int, int, int]:
    if not isinstance(shape, tuple | list) or len(shape) != 3:
        raise ValueError(
            f"input_shape: ожидалась форма (H, W, C), например (32, 32, 3), получено {shape!r}"
        )
    h, w, c = (check_int(d, "input_shape", minimum=1) for d in shape)
    return h, w, c


def _step(k: int, layer: object, shape: tuple[int, ...]) -> LayerInfo:
    where = f"layers[{k}]"
    if isinstance(layer, Conv | Pool):
        what = "свёртке" if isinstance(layer, Conv) else "пулингу"
        if len(shape) != 3:
            raise ValueError(
                f"{where}: {what} нужен вход (H, W, C), а после Flatten получен вектор {shape}"
            )
        h, w, c = shape
        try:
            oh, ow = (
                output_size(
                    n,
                    layer.size,
                    padding=layer.padding,
                    stride=layer.stride,
                    dilation=layer.dilation,
                )
                for n in (h, w)
            )
        except ValueError as err:
            raise ValueError(
                f"{where}: {what} {layer.size}×{layer.size} не хватает входа {h}×{w}×{c}. {err}"
            ) from None
        if isinstance(layer, Pool):
            return LayerInfo(name=layer.label, output_shape=(oh, ow, c), weights=0, biases=0)
        name = f"свёртка: {plural(layer.filters, 'фильтр', 'фильтра', 'фильтров')} "
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
            name=f"flatten: вектор из {plural(n, 'числа', 'чисел', 'чисел')}",
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
            name=f"полносвязный слой: {plural(layer.units, 'нейрон', 'нейрона', 'нейронов')}",
            output_shape=(layer.units,),
            weights=shape[0] * layer.units,
            biases=layer.units,
        )
    raise TypeError(
        f"{where}: ожидался слой Conv, Pool, ReLU, Flatten или Dense, получено {layer!r}"
    )


def trace(input_shape: tuple[int, int, int], layers: Sequence[LayerSpec]) -> list[LayerInfo]:
    """Пройти по слоям: форма выхода и параметры каждого слоя.

    Args:
        input_shape: ``(H, W, C)`` — например ``(100, 100, 1)`` для чёрно-белой картинки.
        layers: слои ``Conv``, ``Pool``, ``ReLU``, ``Flatten``, ``Dense`` по порядку.

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
