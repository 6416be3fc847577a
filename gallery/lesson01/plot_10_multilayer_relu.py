"""
Многослойная сеть и ReLU
========================

**После этой страницы вы сможете:**

- проследить, как меняется форма данных от слоя к слою;
- применить [функцию активации](../glossary.html#funktsiya-aktivatsii)
  [ReLU](../glossary.html#relu) к карте.
"""

# %%
# Из слоя в слой
# --------------
#
# Для сложных паттернов — колёс, глаз — в сеть добавляют свёрточные слои. На входе
# **цветная** картинка 32×32×3. **Первый слой** — пять фильтров 3×3×3: пять карт 30×30.
# **Второй слой** видит их как картинку 30×30×5 с пятью каналами, поэтому его фильтры
# глубины 5: три фильтра 4×4×5 дают три карты 27×27.

#| fold
from lessonlib.figures.networks import shape_chain_figure
from lessonlib.lessons.lesson01 import COLOR_INPUT, COLOR_LAYERS
from lessonlib.style import save_figure

save_figure(
    shape_chain_figure(COLOR_INPUT, COLOR_LAYERS, "Свёрточная сеть из двух слоёв: формы данных"),
    "shape_chain",
)

# %%
# Кроме весов, у каждого фильтра есть [смещение](../glossary.html#smeshchenie) — число,
# которое прибавляют к сумме произведений в каждом окне.

#| fold
from lessonlib.fmt import integer, shape
from lessonlib.shapes import trace

for info in trace(COLOR_INPUT, COLOR_LAYERS):
    print(
        f"{info.name:32} → {shape(info.output_shape):8}  "
        f"весов {integer(info.weights)}, смещений {info.biases}"
    )

# %%
# Потом карты вытягивают и склеивают, как в [прототипе](plot_06_prototype.ipynb). Такая
# сеть — **[CNN](../glossary.html#cnn)** (convolutional neural network).
#
# Функция активации ReLU
# ----------------------
#
# После каждого свёрточного слоя стоит функция активации, чаще всего **ReLU**: каждое
# отрицательное число карты она заменяет нулём, остальные не трогает. Карта 2×2 с
# [первой страницы](plot_01_convolution.ipynb):

#| fold
from lessonlib.conv import conv2d, relu
from lessonlib.figures.conv import relu_figure
from lessonlib.lessons.lesson01 import IMAGE, KERNEL

lesson_map = conv2d(IMAGE, KERNEL)
save_figure(relu_figure(lesson_map), "relu_map")

# %%
# Ко всем картам слоя применяется **одна и та же** функция: это часть слоя, поэтому на
# схеме ReLU подписана на стрелке.
#
# <details>
# <summary>Подробнее: обучение и следующие страницы</summary>
#
# Обучается такая сеть обычным обратным распространением ошибки: все фильтры всех
# свёрточных слоёв и все полносвязные слои — обучаемые. Почему следующие слои находят
# всё более сложные паттерны, — на странице [«Что видят слои»](plot_11_layer_activations.ipynb),
# а какую часть картинки видит каждый слой — на странице
# [о рецептивном поле](plot_12_receptive_field.ipynb).
#
# </details>
#
# Посчитайте формы сами
# ---------------------
#
# Добавьте слой или поменяйте фильтр — формы пересчитаются.

#| fold
from lessonlib.lessons.lesson01.trainers import shape_calculator

shape_calculator("Калькулятор работает на сайте с включённым JavaScript.")

# %%
# Проверь себя
# ------------
#
# **1.** Добавим третий слой: 8 фильтров 3×3. Какой они глубины и какой формы выход?

#| answer
from lessonlib.quiz import answer
from lessonlib.shapes import Conv

third = trace(COLOR_INPUT, [*COLOR_LAYERS, Conv(filters=8, size=3)])[-1]
answer(f"Глубины 3 — по числу карт второго слоя; выход {shape(third.output_shape)}.")

# %%
# **2.** Сколько весов во втором свёрточном слое примера?

#| answer
second = trace(COLOR_INPUT, COLOR_LAYERS)[2]
answer(
    f"{second.weights}: три фильтра по $4 \\cdot 4 \\cdot 5 = 80$ чисел "
    f"(и ещё {second.biases} смещения — по одному на фильтр)."
)

# %%
# **3.** Во что ReLU превратит число −35? А 29?

#| answer
answer(f"−35 → {relu(-35)}, 29 → {relu(29)}.")
