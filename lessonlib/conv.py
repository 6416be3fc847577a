"""Операция свёртки так, как её определяют библиотеки глубокого обучения.

Все функции считают *взаимную корреляцию*: фильтр накладывается на окно изображения
как есть, без переворота. В математике «свёртка» сначала переворачивает ядро
на 180°, но в нейросетях (PyTorch, TensorFlow) и в этом уроке свёрткой называют
именно вариант без переворота — для обучаемого фильтра разницы нет.

Соглашения о формах (как в уроке, каналы — последней осью):

* чёрно-белое изображение — ``(H, W)``, фильтр — ``(kh, kw)``;
* цветное изображение — ``(H, W, C)``, трёхмерный фильтр — ``(kh, kw, C)``;
* набор из ``N`` фильтров — ``(N, kh, kw, C)``, результат — ``(H', W', N)``.

Целочисленный вход даёт точный целочисленный результат (``int64``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from numbers import Integral

import numpy as np
from numpy.lib.stride_tricks import as_strided

__all__ = [
    "ConvStep",
    "as_numeric_array",
    "check_int",
    "conv2d",
    "conv2d_per_channel",
    "conv2d_steps",
    "conv_matrix",
    "im2col",
    "output_size",
    "relu",
]


# ---------------------------------------------------------------------------
# Проверка аргументов (общая для всего пакета)
# ---------------------------------------------------------------------------


def check_int(value: object, name: str, *, minimum: int) -> int:
    """Вернуть ``value`` как ``int``, если это целое число не меньше ``minimum``."""
    if type(value) is not int and (isinstance(value, bool) or not isinstance(value, Integral)):
        raise TypeError(
            f"{name}: ожидалось целое число, получено {value!r} (тип {type(value).__name__})"
        )
    if value < minimum:
        what = "положительное целое число" if minimum == 1 else f"целое число не меньше {minimum}"
        raise ValueError(f"{name}: ожидалось {what}, получено {value}")
    return int(value)


def as_numeric_array(x: object, name: str, ndims: tuple[int, ...] | None = None) -> np.ndarray:
    """Проверить, что ``x`` — непустой конечный числовой массив нужной размерности.

    Целые типы приводятся к ``int64`` (чтобы сумма произведений была точной),
    вещественные сохраняют свою точность.
    """
    arr = np.asarray(x)
    kind = arr.dtype.kind  # b — логический, i/u — целый, f — вещественный
    if kind == "b":
        raise TypeError(f"{name}: ожидались числа, а не логические значения (True/False)")
    if kind not in "iuf":
        raise TypeError(
            f"{name}: ожидался массив целых или вещественных чисел, получен тип {arr.dtype}"
        )
    if ndims is not None and arr.ndim not in ndims:
        expected = " или ".join(str(n) for n in ndims)
        raise ValueError(
            f"{name}: ожидался массив с числом измерений {expected}, "
            f"получен массив формы {arr.shape} ({arr.ndim} измер.)"
        )
    if arr.size == 0:
        raise ValueError(f"{name}: массив пуст (форма {arr.shape}), нужны числа")
    if kind != "f":
        return arr.astype(np.int64, copy=False)
    if not np.isfinite(arr).all():
        raise ValueError(
            f"{name}: массив содержит NaN или бесконечность — ожидались конечные числа"
        )
    return arr


def _too_small(i: int, f: int, padding: int, dilation: int, context: str) -> ValueError:
    details = []
    if padding:
        details.append(f"с рамкой padding = {padding} изображение занимает {i + 2 * padding}")
    if dilation != 1:
        span = dilation * (f - 1) + 1
        details.append(f"фильтр с dilation = {dilation} занимает dilation·(f − 1) + 1 = {span}")
    extra = f" ({'; '.join(details)})" if details else ""
    m = i + 2 * padding - dilation * (f - 1)
    return ValueError(
        f"{context}изображение меньше фильтра: i = {i}, f = {f}{extra}. "
        "Фильтр нельзя целиком наложить на картинку: по формуле m = i − f + 1 "
        f"размер карты активации был бы {m} ≤ 0. "
        "Размер изображения должен быть не меньше размера фильтра."
    )


def output_size(i: int, f: int, *, padding: int = 0, stride: int = 1, dilation: int = 1) -> int:
    """Размер карты активации вдоль одной оси.

    С параметрами по умолчанию это формула урока ``m = i − f + 1``, где ``i`` — размер
    изображения, ``f`` — размер фильтра. В общем случае (как в PyTorch)::

        m = ⌊(i + 2·padding − dilation·(f − 1) − 1) / stride⌋ + 1

    Raises:
        TypeError: размеры не целые.
        ValueError: размеры не положительны, ``padding < 0`` или изображение (с полями)
            меньше фильтра (с учётом разрежения ``dilation``).

    >>> output_size(28, 3), output_size(28, 5)
    (26, 24)
    """
    i = check_int(i, "i (размер изображения)", minimum=1)
    f = check_int(f, "f (размер фильтра)", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    stride = check_int(stride, "stride (шаг)", minimum=1)
    dilation = check_int(dilation, "dilation", minimum=1)
    return _axis_output(i, f, padding, stride, "output_size: ", dilation)


# ---------------------------------------------------------------------------
# Приведение изображения и фильтров к общему виду
# ---------------------------------------------------------------------------


def _image_3d(image: object) -> tuple[np.ndarray, bool]:
    """Изображение формы (H, W, C) и признак «было чёрно-белым»."""
    img = as_numeric_array(image, "image", ndims=(2, 3))
    if img.ndim == 2:
        return img[:, :, np.newaxis], True
    return img, False


def _kernel_bank(kernel: object, image_gray: bool, channels: int) -> tuple[np.ndarray, bool]:
    """Фильтры формы (N, kh, kw, C) и признак «один фильтр» (карта без оси N)."""
    ker = as_numeric_array(kernel, "kernel", ndims=(2, 3, 4))
    if ker.ndim == 2:
        if not image_gray:
            raise ValueError(
                f"kernel: для цветного изображения (каналов: {channels}) нужен трёхмерный фильтр "
                f"(kh, kw, {channels}), получен двумерный {ker.shape}. "
                "Чтобы свернуть каждый канал отдельно, используйте conv2d_per_channel"
            )
        return ker[np.newaxis, :, :, np.newaxis], True
    if ker.ndim == 3:
        if image_gray:
            raise ValueError(
                f"kernel: для чёрно-белого изображения (H, W) нужен двумерный фильтр (kh, kw), "
                f"получен трёхмерный {ker.shape}"
            )
        bank, single = ker[np.newaxis], True
    else:
        bank, single = ker, False
    if bank.shape[3] != channels:
        raise ValueError(
            f"kernel: число каналов фильтра ({bank.shape[3]}) не совпадает с числом каналов "
            f"изображения ({channels}); форма фильтра {ker.shape}, последняя ось — каналы"
        )
    return bank, single


def _axis_output(
    size: int, k: int, padding: int, stride: int, context: str, dilation: int = 1
) -> int:
    """Размер карты активации вдоль оси (аргументы уже проверены)."""
    span = dilation * (k - 1) + 1
    if size + 2 * padding < span:
        raise _too_small(size, k, padding, dilation, context)
    return (size + 2 * padding - span) // stride + 1


def _windows(
    img: np.ndarray, kh: int, kw: int, stride: int, padding: int, dtype: np.dtype, context: str
) -> np.ndarray:
    """Все окна фильтра — вид без копии формы (kh, kw, C, H', W').

    Изображение один раз копируется «каналами вперёд» (C, H, W) вместе с рамкой из нулей:
    тогда соседние окна лежат в памяти подряд, и разворот окон в матрицу — быстрое
    копирование сплошных строк.
    """
    h, w, c = img.shape
    oh = _axis_output(h, kh, padding, stride, f"{context}: image и kernel по высоте — ")
    ow = _axis_output(w, kw, padding, stride, f"{context}: image и kernel по ширине — ")
    planes = np.zeros((c, h + 2 * padding, w + 2 * padding), dtype=dtype)
    planes[:, padding : padding + h, padding : padding + w] = img.transpose(2, 0, 1)
    sc, sh, sw = planes.strides
    return as_strided(
        planes,
        shape=(kh, kw, c, oh, ow),
        strides=(sh, sw, sc, sh * stride, sw * stride),
        writeable=False,
    )


def _columns(win: np.ndarray) -> np.ndarray:
    """Окна (kh, kw, C, H', W') → сплошная матрица (kh·kw·C, H'·W'): столбец — одно окно."""
    kh, kw, c, oh, ow = win.shape
    return np.ascontiguousarray(win).reshape(kh * kw * c, oh * ow)


# ---------------------------------------------------------------------------
# Свёртка
# ---------------------------------------------------------------------------


def im2col(
    image: object, kernel_shape: tuple[int, ...], *, stride: int = 1, padding: int = 0
) -> np.ndarray:
    """Развернуть все окна изображения в строки матрицы («im2col»).

    Строка ``p`` — окно, которое даёт ``p``-й пиксель карты активации (слева направо,
    затем вниз), вытянутое в порядке ``(kh, kw, C)``. Поэтому свёртка — одно
    матричное произведение::

        im2col(image, kernel.shape) @ kernel.ravel() == conv2d(image, kernel).ravel()

    Args:
        image: ``(H, W)`` или ``(H, W, C)``.
        kernel_shape: ``(kh, kw)``, ``(kh, kw, C)`` или форма набора ``(N, kh, kw, C)``.

    Returns:
        Матрица формы ``(H'·W', kh·kw·C)``.
    """
    img, gray = _image_3d(image)
    stride = check_int(stride, "stride (шаг)", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    if not isinstance(kernel_shape, tuple | list) or len(kernel_shape) not in (2, 3, 4):
        raise ValueError(
            "kernel_shape: ожидался кортеж (kh, kw), (kh, kw, C) или (N, kh, kw, C), "
            f"получено {kernel_shape!r}"
        )
    dims = [check_int(d, "kernel_shape", minimum=1) for d in kernel_shape]
    if len(dims) == 4:
        dims = dims[1:]
    if len(dims) == 2 and not gray:
        raise ValueError(
            f"kernel_shape: для цветного изображения нужен фильтр (kh, kw, C), получено {dims}"
        )
    if len(dims) == 3 and dims[2] != img.shape[2]:
        raise ValueError(
            f"kernel_shape: число каналов фильтра ({dims[2]}) не совпадает с числом каналов "
            f"изображения ({img.shape[2]})"
        )
    win = _windows(img, dims[0], dims[1], stride, padding, img.dtype, "im2col")
    return _columns(win).T


def conv2d(image: object, kernel: object, *, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Свернуть изображение фильтром (или набором фильтров).

    Это взаимная корреляция, как в PyTorch и TensorFlow: фильтр **не переворачивается**.
    Каждый пиксель карты активации — сумма поэлементных произведений фильтра
    и окна изображения под ним; окно идёт слева направо, затем вниз с шагом ``stride``.

    Args:
        image: ``(H, W)`` — чёрно-белое или ``(H, W, C)`` — цветное изображение.
        kernel: ``(kh, kw)`` для чёрно-белого, ``(kh, kw, C)`` — трёхмерный фильтр
            для цветного, ``(N, kh, kw, C)`` — набор из ``N`` фильтров.
        stride: шаг окна (положительное целое).
        padding: ширина рамки из нулей вокруг изображения.

    Returns:
        Карта активации ``(H', W')`` для одного фильтра или ``(H', W', N)`` для набора,
        где ``H' = output_size(H, kh, padding=padding, stride=stride)``.
        Целочисленный вход даёт точный результат ``int64``.

    >>> conv2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], [[1, 0], [0, -1]]).tolist()
    [[-4, -4], [-4, -4]]
    """
    img, gray = _image_3d(image)
    bank, single = _kernel_bank(kernel, gray, img.shape[2])
    stride = check_int(stride, "stride (шаг)", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    n, kh, kw, c = bank.shape
    dtype = np.result_type(img, bank)
    exact_in_float = dtype == np.int64 and _fits_float64(img, bank)
    work = np.float64 if exact_in_float else dtype
    win = _windows(img, kh, kw, stride, padding, work, "conv2d")
    oh, ow = win.shape[3:]
    # Окна — столбцы матрицы, фильтры — её строки: вся свёртка — одно умножение матриц (BLAS).
    weights = np.ascontiguousarray(bank.reshape(n, kh * kw * c), dtype=work)
    maps = (weights @ _columns(win)).reshape(n, oh, ow)
    if exact_in_float:
        maps = maps.astype(np.int64)
    return maps[0] if single else np.moveaxis(maps, 0, -1)


def _fits_float64(img: np.ndarray, bank: np.ndarray) -> bool:
    """Можно ли считать целые числа в float64 без потери точности.

    Если любая сумма произведений по модулю меньше 2⁵³, все промежуточные суммы —
    целые числа, которые float64 хранит точно, а BLAS умножает такие матрицы во много
    раз быстрее, чем numpy — целочисленные.
    """
    pixel = max(-int(img.min()), int(img.max()))  # в целых Python: без переполнения int64
    weights = float(np.abs(bank.astype(np.float64)).reshape(len(bank), -1).sum(axis=1).max())
    return pixel * weights < 2**52  # запас вдвое на округление самой оценки


def conv2d_per_channel(image: object, kernel: object) -> np.ndarray:
    """Второй способ свернуть цветную картинку: каждый канал — отдельно.

    Изображение ``(H, W, C)`` рассматривается как ``C`` чёрно-белых картинок; каждая
    сворачивается двумерным фильтром. Фильтр ``(kh, kw)`` общий для всех каналов,
    фильтр ``(kh, kw, C)`` задаёт свой двумерный фильтр для каждого канала.

    Returns:
        ``C`` карт активации, форма ``(H', W', C)``. Их сумма по последней оси равна
        ``conv2d`` с трёхмерным фильтром.
    """
    img = as_numeric_array(image, "image", ndims=(3,))
    ker = as_numeric_array(kernel, "kernel", ndims=(2, 3))
    c = img.shape[2]
    if ker.ndim == 2:
        ker = np.repeat(ker[:, :, np.newaxis], c, axis=2)
    elif ker.shape[2] != c:
        raise ValueError(
            f"kernel: число двумерных фильтров ({ker.shape[2]}) не совпадает с числом каналов "
            f"изображения ({c}); ожидалась форма (kh, kw) или (kh, kw, {c})"
        )
    dtype = np.result_type(img, ker)
    win = _windows(img, ker.shape[0], ker.shape[1], 1, 0, dtype, "conv2d_per_channel")
    return np.einsum("abcij,abc->ijc", win, ker.astype(dtype, copy=False))


@dataclass(frozen=True)
class ConvStep:
    """Один шаг свёртки: фильтр наложен на окно ``window`` изображения.

    Attributes:
        row, col: индекс пикселя карты активации, который вычисляется на этом шаге.
        window: срезы ``(строки, столбцы)`` окна в изображении (с полями, если ``padding > 0``).
        values: числа изображения под фильтром.
        products: поэлементные произведения фильтра и окна.
        total: их сумма — значение карты активации в ``(row, col)``.
    """

    row: int
    col: int
    window: tuple[slice, slice]
    values: np.ndarray
    products: np.ndarray
    total: float | int


def conv2d_steps(
    image: object, kernel: object, *, stride: int = 1, padding: int = 0
) -> Iterator[ConvStep]:
    """Пройти свёртку по шагам, как в уроке: слева направо, затем на строку вниз.

    Подходит для пошаговых рисунков и виджета. Формы — как у :func:`conv2d` с одним
    фильтром: ``(H, W)`` с ``(kh, kw)`` или ``(H, W, C)`` с ``(kh, kw, C)``.
    Значения ``total`` по шагам совпадают с ``conv2d(image, kernel).ravel()``.
    """
    img, gray = _image_3d(image)
    bank, single = _kernel_bank(kernel, gray, img.shape[2])
    if not single:
        raise ValueError(
            f"kernel: пошаговая свёртка показывает один фильтр, получен набор формы {bank.shape}"
        )
    stride = check_int(stride, "stride (шаг)", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    ker = bank[0]
    kh, kw = ker.shape[:2]
    dtype = np.result_type(img, ker)
    win = _windows(img, kh, kw, stride, padding, dtype, "conv2d_steps")
    # Аргументы проверены сразу, при вызове; шаги считаются лениво, по одному.
    return _walk(win, ker.astype(dtype, copy=False), stride, gray)


def _walk(win: np.ndarray, ker: np.ndarray, stride: int, gray: bool) -> Iterator[ConvStep]:
    kh, kw = ker.shape[:2]
    for row in range(win.shape[3]):
        for col in range(win.shape[4]):
            values = win[:, :, :, row, col].copy()
            products = values * ker
            if gray:
                values, products = values[:, :, 0], products[:, :, 0]
            values.setflags(write=False)
            products.setflags(write=False)
            top, left = row * stride, col * stride
            yield ConvStep(
                row=row,
                col=col,
                window=(slice(top, top + kh), slice(left, left + kw)),
                values=values,
                products=products,
                total=products.sum().item(),
            )


def relu(x: object) -> np.ndarray:
    """ReLU: отрицательные числа заменяются нулём, остальные не меняются (``max(x, 0)``)."""
    arr = as_numeric_array(x, "x")
    return np.maximum(arr, 0)


def conv_matrix(
    kernel: object, image_shape: tuple[int, ...], *, stride: int = 1, padding: int = 0
) -> np.ndarray:
    """Матрица ``W`` свёртки: ``W @ image.ravel() == conv2d(image, kernel).ravel()``.

    Свёртка линейна по изображению, поэтому это обычный полносвязный слой с особой
    матрицей: в каждой строке стоят одни и те же числа фильтра, сдвинутые на позицию окна,
    остальное — нули. Значит, фильтры обучаются тем же обратным распространением ошибки.

    Args:
        kernel: ``(kh, kw)``, ``(kh, kw, C)`` или набор ``(N, kh, kw, C)``.
        image_shape: ``(H, W)`` или ``(H, W, C)``.

    Returns:
        Плотная матрица формы ``(H'·W'·N, H·W·C)``; строки идут в порядке
        ``conv2d(...).ravel()``. Для больших картинок она огромна: 224×224×3 с 16 фильтрами —
        это 788 544 × 150 528 чисел, почти все нули.
    """
    if not isinstance(image_shape, tuple | list) or len(image_shape) not in (2, 3):
        raise ValueError(
            f"image_shape: ожидался кортеж (H, W) или (H, W, C), получено {image_shape!r}"
        )
    dims = [check_int(d, "image_shape", minimum=1) for d in image_shape]
    gray = len(dims) == 2
    h, w, c = (*dims, 1) if gray else dims
    bank, _ = _kernel_bank(kernel, gray, c)
    stride = check_int(stride, "stride (шаг)", minimum=1)
    padding = check_int(padding, "padding", minimum=0)
    n, kh, kw, _ = bank.shape
    oh = _axis_output(h, kh, padding, stride, "conv_matrix: image_shape и kernel по высоте — ")
    ow = _axis_output(w, kw, padding, stride, "conv_matrix: image_shape и kernel по ширине — ")
    # Координаты каждого элемента фильтра в каждом окне: оси (oh, ow, n, kh, kw, c).
    i = np.arange(oh).reshape(-1, 1, 1, 1, 1, 1) * stride + np.arange(kh).reshape(1, 1, 1, -1, 1, 1)
    j = np.arange(ow).reshape(1, -1, 1, 1, 1, 1) * stride + np.arange(kw).reshape(1, 1, 1, 1, -1, 1)
    shape = (oh, ow, n, kh, kw, c)
    y, x = np.broadcast_to(i - padding, shape), np.broadcast_to(j - padding, shape)
    ch = np.broadcast_to(np.arange(c), shape)
    rows = np.broadcast_to(np.arange(oh * ow * n).reshape(oh, ow, n, 1, 1, 1), shape)
    vals = np.broadcast_to(bank, shape)
    inside = (y >= 0) & (y < h) & (x >= 0) & (x < w)  # элементы над рамкой из нулей не нужны
    matrix = np.zeros((oh * ow * n, h * w * c), dtype=bank.dtype)
    matrix[rows[inside], ((y * w + x) * c + ch)[inside]] = vals[inside]
    return matrix
