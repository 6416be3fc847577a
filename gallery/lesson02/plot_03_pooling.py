"""
Пулинг
======

**После этой страницы вы сможете:**

- выполнить максимум-пулинг и средний пулинг карты вручную, окно за окном;
- объяснить, почему у пулинга нет обучаемых параметров;
- сказать, какая часть чисел остаётся после пулинга 2×2 с шагом 2.

Рамка сохраняет размер карт, шаг их уменьшает. Но у свёртки с шагом есть веса, которые
надо обучать. Есть способ уменьшить карту совсем без весов.
"""

# %%
# Одно число из окна
# ------------------
#
# **[Пулинг](../glossary.html#puling)** (pooling) делит карту активации на окна — чаще
# всего 2×2 с шагом 2, так что окна не перекрываются, — и из каждого окна оставляет одно
# число. **[Максимум-пулинг](../glossary.html#puling-okno)** берёт самое большое число
# окна, **средний пулинг** — среднее арифметическое. Возьмём карту 4×4 с
# [первой страницы](plot_01_padding.ipynb):

from lessonlib.figures.pooling import pooling_figure
from lessonlib.lessons.lesson02 import POOL, SAME_MAP
from lessonlib.style import save_figure

save_figure(pooling_figure(SAME_MAP, POOL.size, POOL.stride), "pooling")

# %%
# Пройдём окна по порядку — слева направо, затем вниз, как фильтр свёртки. Клетка
# с максимумом окна на рисунке залита цветом его обводки.

from lessonlib.fmt import exact, number
from lessonlib.pooling import pool2d_steps

maximums = pool2d_steps(SAME_MAP, POOL.size, POOL.stride, "max")
averages = pool2d_steps(SAME_MAP, POOL.size, POOL.stride, "average")
for k, (top, mean) in enumerate(zip(maximums, averages, strict=True), start=1):
    numbers = ", ".join(number(v) for v in top.values.ravel())
    print(f"окно {k}: {numbers} → максимум {number(top.result)}, среднее {exact(mean.result)}")

# %%
# Пройдите окна сами: выберите вид пулинга и нажимайте «Вперёд». Числа карты можно
# менять, окно и шаг — тоже.

#| fold
from lessonlib.lessons.lesson02.trainers import pooling_stepper

pooling_stepper(
    "Тренажёр работает на сайте с включённым JavaScript; здесь меняйте числа в коде выше."
)

# %%
# Сравните с рисунком. Максимум-пулинг оставляет самый сильный отклик фильтра в
# каждом участке: «здесь есть граница». Где именно внутри окна она была, забывается.
#
# Ни одного веса
# --------------
#
# Свёртке нужны фильтры, и их числа подбирает обучение. Пулинг же — правило
# («возьми максимум»), а не набор чисел, поэтому учить в нём нечего. Спросим PyTorch:

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
# Окно 2×2 превращает 4 числа в одно: остаётся четверть чисел, три четверти
# отбрасываются. Карта 90×90 станет 45×45.

from lessonlib.fmt import percent
from lessonlib.lessons.lesson02 import POOL_KEPT
from lessonlib.pooling import kept_share

print(f"остаётся {percent(POOL_KEPT, 0)} чисел карты")
print(f"карта 90×90: остаётся {percent(kept_share((90, 90), POOL.size), 0)}")

# %%
# Каждая карта — отдельно
# -----------------------
#
# Если карт несколько (после слоя с пятью фильтрами их пять), пулинг обрабатывает
# каждую сама по себе: карты не смешиваются, их число не меняется. Возьмём две карты
# картинки 4×4 — от вертикального и горизонтального фильтров Собеля:

import numpy as np

from lessonlib.conv import conv2d
from lessonlib.filters import SOBEL_HORIZONTAL, SOBEL_VERTICAL
from lessonlib.fmt import shape
from lessonlib.lessons.lesson02 import IMAGE, PADDING
from lessonlib.pooling import pool2d

bank = np.stack([SOBEL_VERTICAL.kernel, SOBEL_HORIZONTAL.kernel])[..., np.newaxis]
maps = conv2d(IMAGE, bank, padding=PADDING)  # форма (4, 4, 2): две карты
pooled = pool2d(maps, POOL.size, POOL.stride)
print(f"до пулинга {shape(maps.shape)}, после {shape(pooled.shape)}")
for k in range(maps.shape[2]):
    same = np.array_equal(pooled[:, :, k], pool2d(maps[:, :, k], POOL.size, POOL.stride))
    print(f"карта {k + 1}: как пулинг одной этой карты — {'да' if same else 'нет'}")

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
share = kept_share((6, 6), 3)
answer(f"{percent(share, 0)}: карта станет 2×2, это 4 числа из 36, то есть одна девятая.")
