"""
Проблема числа параметров
=========================

**После этой страницы вы сможете:**

- посчитать параметры первого полносвязного слоя после свёрток;
- объяснить, почему свёрточной сети нужен ещё один приём, чтобы не
  [переобучаться](../glossary.html#pereobuchenie).
"""

# %%
# Считаем
# -------
#
# Картинки 100×100, пять свёрточных слоёв 3×3, в последнем пять карт 90×90. После
# вытягивания — вектор из $90 \cdot 90 \cdot 5 = 40\,500$ чисел, и у каждого нейрона
# первого полносвязного слоя на каждое из них свой вес.

#| fold
from lessonlib.fmt import integer, shape
from lessonlib.lessons.lesson01 import DEEP_CONVS, DEEP_DENSE, DEEP_DENSE_WIDTHS, DEEP_INPUT
from lessonlib.report import Details
from lessonlib.shapes import Conv, Flatten, trace

Details(
    "Для простоты пусть фильтров по пять в каждом слое. Каждый слой срезает по пикселю с "
    "каждого края карты:\n\n"
    + "\n".join(
        f"* {info.name} → {shape(info.output_shape)}"
        for info in trace(DEEP_INPUT, [*DEEP_CONVS, Flatten()])
    ),
    summary="Подробнее: формы слой за слоем",
)

# %%
# Сколько это параметров
# ----------------------
#
# По весу на пару «вход — нейрон» и [смещение](../glossary.html#smeshchenie) на нейрон;
# справа для сравнения — все пять свёрток.

#| fold
from lessonlib.figures.networks import parameter_table_figure
from lessonlib.report import parameter_table
from lessonlib.style import save_figure

widths = DEEP_DENSE_WIDTHS
save_figure(parameter_table_figure(DEEP_INPUT, DEEP_CONVS, widths), "parameter_table")  # слайд
parameter_table(DEEP_INPUT, DEEP_CONVS, widths)

# %%
# Свёртки — меньше тысячи чисел, а полносвязный слой из 128 нейронов — больше пяти
# миллионов весов: такая сеть переобучится. Решение — слой **пулинга**: он уменьшает
# карты без новых параметров. О нём — на следующем занятии.

# %%
# Посчитайте сами
# ---------------
#
# Калькулятор открыт на примере этой страницы — поменяйте числа.

#| fold
from lessonlib.lessons.lesson01.trainers import shape_calculator

shape_calculator("Калькулятор работает на сайте с включённым JavaScript.", start="parameters")

# %%
# Проверь себя
# ------------
#
# **1.** Картинка 28×28, два свёрточных слоя 3×3, в последнем 8 карт. Какой длины
# вектор после вытягивания?

#| answer
from lessonlib.fmt import tex_integer
from lessonlib.quiz import answer

n = trace((28, 28, 1), [Conv(8, 3), Conv(8, 3), Flatten()])[-1].output_shape[0]
answer(f"{integer(n)}: карты 24×24, их 8, $24 \\cdot 24 \\cdot 8 = {tex_integer(n)}$.")

# %%
# **2.** Станет ли полносвязному слою легче, если у сети для картинок 100×100 оставить
# два свёрточных слоя?

#| answer
n2 = trace(DEEP_INPUT, [*DEEP_CONVS[:2], Flatten()])[-1].output_shape[0]
n5 = trace(DEEP_INPUT, [*DEEP_CONVS, Flatten()])[-1].output_shape[0]
answer(
    f"Нет, тяжелее: карты 96×96, вектор из {integer(n2)} чисел против "
    f"{integer(n5)}. Каждая свёртка без рамки лишь чуть-чуть уменьшает карту."
)

# %%
# **3.** Сколько параметров у первого полносвязного слоя из 128 нейронов на входе
# из 40 500 чисел?

#| answer
dense = trace(DEEP_INPUT, [*DEEP_CONVS, Flatten(), DEEP_DENSE])[-1]
answer(f"{integer(dense.params)}: {integer(dense.weights)} весов и {dense.biases} смещений.")
