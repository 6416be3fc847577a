"""
Шаг свёртки
===========

**После этой страницы вы сможете:**

- посчитать размер карты при любых рамке и шаге по формуле
  $m = \\lfloor (i + 2p - f)/s \\rfloor + 1$;
- заметить, когда окна не доходят до края картинки.

Фильтр можно сдвигать не на один пиксель, а сразу на несколько — это
**[шаг свёртки](../glossary.html#shag)** (stride).
"""

# %%
# Шаг 2
# -----
#
# Сдвигаем окно 3×3 по картинке 4×4 с рамкой 1 ([прошлая страница](plot_01_padding.ipynb))
# на **два** пикселя: окон четыре вместо шестнадцати, карта — 2×2. Одинаковая обводка
# у окна и его числа.

from lessonlib.figures.pooling import stride_figure
from lessonlib.lessons.lesson02 import IMAGE, KERNEL, PADDING, STRIDE
from lessonlib.style import save_figure

save_figure(stride_figure(IMAGE, KERNEL, PADDING, STRIDE), "stride")

# %%
# Это каждое второе число карты с шагом 1 — считать вчетверо меньше.
#
# Формула
# -------
#
# Размер картинки $i$, фильтра $f$, рамка $p$, шаг $s$; скобки $\lfloor\ \rfloor$ —
# округление вниз. Размер карты:
#
# $$m = \left\lfloor \frac{i + 2p - f}{s} \right\rfloor + 1.$$
#
# <details>
# <summary>Подробнее: откуда формула</summary>
#
# Картинка с рамкой занимает $i + 2p$ пикселей; первое окно стоит у левого края, и до
# правого края оно может пройти $i + 2p - f$ пикселей. Каждый шаг — $s$ пикселей,
# поэтому целых шагов $\lfloor (i + 2p - f)/s \rfloor$, а окон на один больше. При
# $p = 0$ и $s = 1$ это формула прошлого занятия $m = i - f + 1$.
#
# </details>
#
# Сверим с настоящей свёрткой PyTorch; числа в списке можно менять:

import torch
import torch.nn.functional as F

from lessonlib.windows import size_fit

for i, f, p, s in [(4, 3, 1, 2), (28, 5, 0, 3)]:
    fit = size_fit(i, f, padding=p, stride=s)
    maps = F.conv2d(torch.zeros(1, 1, i, i), torch.zeros(1, 1, f, f), stride=s, padding=p)
    print(f"{fit.formula}; у PyTorch — {maps.shape[-1]}")

# %%
# Когда шаг не укладывается
# -------------------------
#
# Если $i + 2p - f$ не делится на $s$, полоса у правого и нижнего края не попадает
# в окна. Если в ней только рамка — не страшно, а пиксели картинки сеть не видит.

#| fold
from lessonlib.report import Details

cases = [(7, 3, 0, 2), (8, 3, 0, 2), (8, 3, 1, 2)]
Details(
    "\n\n".join(
        f"$i = {i}$, $f = {f}$, $p = {p}$, $s = {s}$: "
        + size_fit(i, f, padding=p, stride=s).explanation
        for i, f, p, s in cases
    ),
    summary="Подробнее: три примера",
)

# %%
# Тренажёр
# --------
#
# В клетке — сколько окон её накрывает; красная точечная обводка — клетка без окна.

#| fold
from lessonlib.lessons.lesson02.trainers import padding_stride

padding_stride(
    "Тренажёр работает на сайте с включённым JavaScript; здесь меняйте числа в коде выше."
)

# %%
# <details>
# <summary>Подробнее: что делают библиотеки</summary>
#
# PyTorch в таком случае молча отбрасывает край, как в формуле, — ошибки не будет.
# Поэтому, собирая сеть, размеры картинки, рамки и шага подбирают так, чтобы деление
# шло нацело, или хотя бы проверяют, что потерянный край не важен для задачи.
#
# </details>
#
# Проверь себя
# ------------
#
# **1.** Картинка 28×28, фильтр 3×3, рамка 1, шаг 2. Какого размера карта?

#| answer
from lessonlib.quiz import answer

fit = size_fit(28, 3, padding=1, stride=2)
answer(f"{fit.m}×{fit.m}: {fit.formula}.")

# %%
# **2.** Подходит ли шаг 2 для картинки 8×8 и фильтра 3×3 без рамки? А с рамкой 1?

#| answer
from lessonlib.fmt import plural


def pixels(n):
    return plural(n, "пиксель", "пикселя", "пикселей")


bad, padded = size_fit(8, 3, stride=2), size_fit(8, 3, padding=1, stride=2)
side = next(i for i in range(9, 30) if size_fit(i, 3, stride=2).exact)
if padded.lost_image:
    with_padding = (
        f"тоже нечётно, и полосу картинки шириной {pixels(padded.lost_image)} у правого и "
        "нижнего края сеть не видит"
    )
else:
    with_padding = "тоже нечётно, но без окна остаётся только полоса рамки — все пиксели в деле"
answer(
    f"Без рамки — нет: $8 - 3 = 5$ не делится на 2, и полосу картинки шириной "
    f"{pixels(bad.lost_image)} у правого и нижнего края сеть не видит (подошла бы картинка "
    f"{side}×{side}). "
    f"С рамкой 1: $8 + 2 - 3 = 7$, {with_padding}."
)

# %%
# **3.** Во сколько раз меньше чисел в карте 100×100 после свёртки 3×3 с рамкой 1 и
# шагом 2, чем с шагом 1?

#| answer
from lessonlib.fmt import tex_integer

one = size_fit(100, 3, padding=1).m
two = size_fit(100, 3, padding=1, stride=2).m
answer(
    f"Карты {one}×{one} и {two}×{two}: в ${tex_integer(one * one)} / {tex_integer(two * two)} = "
    f"{one * one // (two * two)}$ раза меньше чисел — по половине на каждую сторону."
)
