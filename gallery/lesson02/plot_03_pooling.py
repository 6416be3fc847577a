"""
Пулинг
======

**После этой страницы вы сможете:**

- выполнить максимум-пулинг и средний пулинг вручную, окно за окном;
- объяснить, почему у пулинга нет обучаемых параметров;
- сказать, какая часть чисел остаётся после пулинга 2×2.

Пулинг уменьшает карту совсем без весов.
"""

# %%
# Одно число из окна
# ------------------
#
# **[Пулинг](../glossary.html#puling)** (pooling) делит карту на окна — чаще всего 2×2
# с шагом 2 — и из каждого окна оставляет одно число.
# **[Максимум-пулинг](../glossary.html#puling-okno)** берёт самое большое число окна,
# **средний пулинг** — среднее арифметическое. Вот карта с
# [первой страницы](plot_01_padding.ipynb):

from lessonlib.figures.pooling import pooling_figure
from lessonlib.lessons.lesson02 import POOL, SAME_MAP
from lessonlib.style import save_figure

save_figure(pooling_figure(SAME_MAP, POOL.size, POOL.stride), "pooling")

# %%
# Клетка с максимумом окна залита цветом его обводки.

#| fold
from lessonlib.fmt import exact, number
from lessonlib.pooling import pool2d_steps
from lessonlib.report import Details

maximums = pool2d_steps(SAME_MAP, POOL.size, POOL.stride, "max")
averages = pool2d_steps(SAME_MAP, POOL.size, POOL.stride, "average")
Details(
    "\n\n".join(
        f"Окно {k}: {', '.join(number(v) for v in top.values.ravel())} → максимум "
        f"{number(top.result)}, среднее {exact(mean.result)}."
        for k, (top, mean) in enumerate(zip(maximums, averages, strict=True), start=1)
    ),
    summary="Подробнее: окна по порядку",
)

# %%
# Пройдите окна сами в тренажёре: числа карты, окно и шаг можно менять.

#| fold
from lessonlib.lessons.lesson02.trainers import pooling_stepper

pooling_stepper(
    "Тренажёр работает на сайте с включённым JavaScript; здесь меняйте числа в коде выше."
)

# %%
# Максимум-пулинг оставляет самый сильный отклик участка: «здесь есть граница». Где
# именно в окне она была, забывается.
#
# Ни одного веса
# --------------
#
# Пулинг — правило («возьми максимум»), а не набор чисел: учить нечего. Спросим PyTorch:

from torch import nn

layers = {
    "максимум-пулинг 2×2": nn.MaxPool2d(2),
    "средний пулинг 2×2": nn.AvgPool2d(2),
    "свёртка 3×3": nn.Conv2d(1, 1, 3),
}
for name, layer in layers.items():
    count = sum(p.numel() for p in layer.parameters())
    print(f"{name}: обучаемых параметров — {count}")

# %%
# Что остаётся
# ------------
#
# Окно 2×2 превращает 4 числа в одно. Карта 90×90 станет 45×45.

from lessonlib.fmt import percent
from lessonlib.lessons.lesson02 import POOL_KEPT

print(f"остаётся {percent(POOL_KEPT, 0)} чисел карты")

# %%
# Каждая карта — отдельно
# -----------------------
#
# Если карт несколько, пулинг обрабатывает каждую отдельно, их число не меняется.

#| fold
import numpy as np

from lessonlib.conv import conv2d
from lessonlib.filters import SOBEL_HORIZONTAL, SOBEL_VERTICAL
from lessonlib.fmt import shape
from lessonlib.lessons.lesson02 import IMAGE, PADDING
from lessonlib.pooling import pool2d

bank = np.stack([SOBEL_VERTICAL.kernel, SOBEL_HORIZONTAL.kernel])[..., np.newaxis]
maps = conv2d(IMAGE, bank, padding=PADDING)  # форма (4, 4, 2): две карты
pooled = pool2d(maps, POOL.size, POOL.stride)
alone = [
    np.array_equal(pooled[:, :, k], pool2d(maps[:, :, k], POOL.size, POOL.stride))
    for k in range(maps.shape[2])
]
Details(
    "Две карты картинки 4×4 — от вертикального и горизонтального фильтров Собеля: "
    f"до пулинга {shape(maps.shape)}, после {shape(pooled.shape)}.\n\n"
    + "\n\n".join(
        f"Карта {k}: как пулинг одной этой карты — {'да' if same else 'нет'}."
        for k, same in enumerate(alone, start=1)
    ),
    summary="Подробнее: две карты сразу",
)

# %%
# <details>
# <summary>Подробнее: максимум или среднее</summary>
#
# Внутри сети чаще ставят максимум-пулинг: фильтр говорит «паттерн есть» большим числом,
# и максимум сохраняет именно это, даже если паттерн занимает одну клетку окна. Среднее
# размывает одиночный сильный отклик слабыми соседями. Средний пулинг по всей карте
# целиком иногда ставят в самом конце сети вместо вытягивания.
#
# </details>
#
# Проверь себя
# ------------
#
# **1.** Выполните максимум-пулинг 2×2 с шагом 2 для карты
# `[[1, 3, 0, 2], [4, 2, 1, 1], [0, 0, 5, 6], [2, 1, 7, 0]]`.

#| answer
from lessonlib.quiz import answer

task = [[1, 3, 0, 2], [4, 2, 1, 1], [0, 0, 5, 6], [2, 1, 7, 0]]
answer(f"`{pool2d(task, 2).tolist()}`: в каждом окне 2×2 — самое большое число.")

# %%
# **2.** Сколько обучаемых параметров у слоя максимум-пулинга 3×3 на входе с 64 картами?

#| answer
count = sum(p.numel() for p in nn.MaxPool2d(3).parameters())
answer(f"{count}: пулинг — правило, размер окна и число карт ничего не меняют.")

# %%
# **3.** Карта 6×6, пулинг 3×3 с шагом 3. Какая доля чисел останется?

#| answer
from lessonlib.pooling import kept_share

share = kept_share((6, 6), 3)
answer(f"{percent(share, 0)}: карта станет 2×2, это 4 числа из 36, то есть одна девятая.")
