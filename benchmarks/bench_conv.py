"""Скорость lessonlib.conv по сравнению со свёрткой PyTorch на процессоре.

Запуск: ``python benchmarks/bench_conv.py`` (или ``nox -s bench``). Все замеры — в одном
запуске, на двух потоках; замеры нашей функции и PyTorch чередуются, берётся лучшее
время из нескольких повторов ``timeit`` — так фоновая нагрузка меньше искажает отношение.
Числа ``float32`` у обеих библиотек: так по умолчанию считает PyTorch.

Свёртка как матрица: ``W @ x`` с ``W = conv_matrix(...)``. Для 224×224×3 плотная ``W``
заняла бы сотни гигабайт, поэтому там она собирается разреженной (SciPy CSR) из
``conv_matrix`` для одной строки карты активации — все строки устроены одинаково.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable

import numpy as np
import scipy.sparse
import torch
import torch.nn.functional as F

from lessonlib.conv import conv2d, conv_matrix

THREADS = 2
REPEATS = 15
DENSE_LIMIT = 2**27  # байт: плотную W больше 128 МиБ не строим


def best_times(*fns: Callable[[], object]) -> list[float]:
    """Лучшее время одного вызова каждой функции (в секундах), замеры вперемешку."""
    timers = [timeit.Timer(fn) for fn in fns]
    numbers = [timer.autorange()[0] for timer in timers]
    best = [float("inf")] * len(fns)
    for _ in range(REPEATS):
        for k, (timer, number) in enumerate(zip(timers, numbers, strict=True)):
            best[k] = min(best[k], timer.timeit(number) / number)
    return best


def sparse_conv_matrix(kernel: np.ndarray, shape: tuple[int, ...]) -> scipy.sparse.csr_matrix:
    """Разреженная ``W``: строки одной строки карты активации, сдвинутые на каждую строку."""
    h, w = shape[:2]
    c = shape[2] if len(shape) == 3 else 1
    kh = kernel.shape[-3] if kernel.ndim == 4 else kernel.shape[0]
    strip = scipy.sparse.coo_matrix(conv_matrix(kernel, (kh, *shape[1:])))
    oh = h - kh + 1
    shift = np.arange(oh)[:, None]
    rows = (shift * strip.shape[0] + strip.row).ravel()
    cols = (shift * w * c + strip.col).ravel()
    data = np.tile(strip.data, oh)
    return scipy.sparse.csr_matrix((data, (rows, cols)), shape=(oh * strip.shape[0], h * w * c))


def case(name: str, shape: tuple[int, ...], bank: tuple[int, ...], rng: np.random.Generator):
    image = rng.random(shape, dtype=np.float32)
    kernel = rng.standard_normal(bank).astype(np.float32)
    # PyTorch: изображение (1, C, H, W), фильтры (N, C, kh, kw).
    img_t = torch.from_numpy(np.atleast_3d(image)).permute(2, 0, 1)[None].contiguous()
    bank_4d = kernel.reshape((1, *bank, 1)) if len(bank) == 2 else kernel
    ker_t = torch.from_numpy(bank_4d).permute(0, 3, 1, 2).contiguous()
    x = image.ravel()

    sparse_w = sparse_conv_matrix(kernel, shape)
    dense_bytes = sparse_w.shape[0] * sparse_w.shape[1] * 4
    fns = [lambda: conv2d(image, kernel), lambda: F.conv2d(img_t, ker_t), lambda: sparse_w @ x]
    if dense_bytes <= DENSE_LIMIT:
        dense_w = conv_matrix(kernel, shape)
        fns.append(lambda: dense_w @ x)
    ours, theirs, sparse, *dense = best_times(*fns)

    print(f"{name:<40} {ours * 1e3:>9.3f} {theirs * 1e3:>9.3f} {ours / theirs:>7.2f}")
    if dense:
        label = f"  W @ x, плотная W {dense_w.shape[0]}×{dense_w.shape[1]}"
        print(f"{label:<40} {dense[0] * 1e3:>9.3f} {'':>9} {dense[0] / theirs:>7.2f}")
    else:
        print(f"  (плотная W заняла бы {dense_bytes / 2**30:.0f} ГиБ — не строим)")
    label = f"  W @ x, разреженная W ({sparse_w.nnz} ненулей)"
    print(f"{label:<40} {sparse * 1e3:>9.3f} {'':>9} {sparse / theirs:>7.2f}")


def main() -> None:
    torch.set_num_threads(THREADS)
    rng = np.random.default_rng(0)
    print(f"torch {torch.__version__}, numpy {np.__version__}, потоков: {THREADS}, float32")
    print(f"{'случай':<40} {'наше, мс':>9} {'torch, мс':>9} {'наше/torch':>7}")
    case("(a) 28×28, один фильтр 3×3", (28, 28), (3, 3), rng)
    case("(b) 224×224×3, 16 фильтров 3×3×3", (224, 224, 3), (16, 3, 3, 3), rng)


if __name__ == "__main__":
    main()
