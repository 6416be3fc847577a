"""
Прототип свёрточной сети
========================

**После этой страницы вы сможете:**

- собрать из свёртки и полносвязной сети модель, которая отличает четвёрки от восьмёрок;
- объяснить, что делают [вытягивание](../glossary.html#flatten) и
  [конкатенация](../glossary.html#konkatenatsiya).
"""

# %%
# Задача и фильтры
# ----------------
#
# Различим четвёрки и восьмёрки из MNIST. У четвёрки линии прямые, у восьмёрки — плавные,
# под углом. Возьмём вертикальный фильтр Собеля и диагональный «/» со
# [страницы про фильтры](plot_05_sobel.ipynb).

from lessonlib.filters import DIAGONAL_45, SOBEL_VERTICAL

prototype_filters = [SOBEL_VERTICAL, DIAGONAL_45]

# %%
# Как устроена модель
# -------------------
#
# 1. **Свёртка.** [Свёрточный слой](../glossary.html#svertochnyi-sloi) сворачивает
#    картинку обоими фильтрами — получаются две карты.
# 2. **Вытягивание** (flatten). Каждую карту выписывают строка за строкой в вектор.
# 3. **Конкатенация.** Два вектора склеивают в один, вдвое длиннее.
# 4. **Полносвязная сеть** получает этот вектор и отвечает, какая это цифра.
#
# Чем белее на рисунке, тем сильнее фильтр активировался.

#| fold
from lessonlib.data import load_mnist
from lessonlib.figures.networks import prototype_scheme_figure
from lessonlib.style import save_figure

split = load_mnist((4, 8))  # метка 0 — четвёрка, 1 — восьмёрка
pixels = split.x_train[:, 0].numpy() * 255  # яркости 0…255
labels = split.y_train.numpy()
four, eight = pixels[labels == 0][0], pixels[labels == 1][0]

save_figure(
    prototype_scheme_figure({"Четвёрка": four, "Восьмёрка": eight}, prototype_filters),
    "prototype_scheme",
)

# %%
# Что видно на векторах
# ---------------------
#
# Верх вектора — карта вертикального фильтра, низ — диагонального. Задумка: у четвёрки
# большие числа наверху, у восьмёрки — внизу. На деле низ у восьмёрки ярче, а верх почти
# одинаковый: фильтр Собеля отвечает и на скруглённые бока восьмёрки.

#| fold
import numpy as np

from lessonlib.figures.networks import activation_strength
from lessonlib.fmt import decimal, integer
from lessonlib.report import Details

strength = activation_strength(pixels, prototype_filters)
medians = {
    name: np.median(strength[labels == label], axis=0)
    for label, name in enumerate(split.class_names)
}
Details(
    "Фильтр Собеля отвечает на любую границу, у которой есть вертикальная составляющая. "
    "Чтобы проверить, что это не случайность двух картинок, посчитаем средний модуль "
    "каждой карты для всех четвёрок и восьмёрок обучающей выборки (медиана):\n\n"
    + "\n".join(
        f"* цифра {name}: вертикальная карта {integer(round(v))}, диагональная "
        f"{integer(round(d))}, отношение {decimal(v / d, 2)}"
        for name, (v, d) in medians.items()
    )
)

# %%
# Полносвязная сеть видит, **где** стоят большие числа, и этого хватает, чтобы обучить
# её [обратным распространением ошибки](../glossary.html#obratnoe-rasprostranenie-oshibki)
# ([следующая страница](plot_07_prototype_training.ipynb)).
#
# Фильтры здесь — [**выделители признаков**](../glossary.html#vydelyator-priznakov),
# полносвязная сеть — **классификатор**. Пока фильтры заданы руками; в настоящей
# свёрточной сети они тоже обучаются ([страница 9](plot_09_trainable_filters.ipynb)).
#
# <details>
# <summary>Подробнее: один фильтр, HOG и другие цифры</summary>
#
# Для четвёрок и восьмёрок хватило бы и одного вертикального фильтра: его карты для двух
# цифр сильно различаются по расположению ярких мест. Два фильтра здесь нужны, чтобы
# показать две вещи: в одном слое может быть несколько фильтров, и их карты после
# вытягивания склеиваются в один вектор.
#
# Так картинки классифицировали и до нейросетей: признаки выделял [HOG](../glossary.html#hog),
# а классифицировала логистическая регрессия. Подумайте: какие фильтры помогли бы
# различать единицы и нули или тройки и семёрки?
#
# </details>

# %%
# Проверь себя
# ------------
#
# **1.** Какой длины вектор получает полносвязная часть прототипа для картинки 28×28?

#| answer
from lessonlib.fmt import tex_integer
from lessonlib.quiz import answer
from lessonlib.shapes import Conv, Flatten, trace

flat = trace((28, 28, 1), [Conv(len(prototype_filters), 3), Flatten()])[-1].output_shape[0]
answer(
    f"{integer(flat)}: две карты 26×26, вытянутые и склеенные, — "
    f"$2 \\cdot 26 \\cdot 26 = {tex_integer(flat)}$."
)

# %%
# **2.** А если бы фильтров в слое было три?

#| answer
flat3 = trace((28, 28, 1), [Conv(3, 3), Flatten()])[-1].output_shape[0]
answer(f"{integer(flat3)}: по $26 \\cdot 26 = 676$ чисел от каждого из трёх фильтров.")

# %%
# **3.** Чем вытягивание отличается от конкатенации?
#
# <details>
# <summary>Ответ</summary>
#
# Вытягивание превращает одну матрицу (карту) в вектор, переписывая её строки друг за
# другом. Конкатенация склеивает несколько векторов в один длинный. В прототипе
# сначала каждую карту вытягивают, потом векторы склеивают.
#
# </details>
