"""
Обучение прототипа
==================

**После этой страницы вы сможете:**

- обучить прототип свёрточной сети на настоящих четвёрках и восьмёрках MNIST;
- сравнить фиксированные фильтры с обучаемыми по точности и по числу
  [обучаемых параметров](../glossary.html#obuchaemye-parametry);
- сказать, нужна ли свёрточная сеть для такой простой задачи.

На [странице о прототипе](plot_06_prototype.ipynb) мы собрали модель из двух фильтров
и полносвязной сети. Теперь обучим её по-настоящему — вместе с несколькими соседними
вариантами — и сравним, как они справляются.
"""

# %%
# Данные
# ------
#
# Берём четвёрки и восьмёрки из набора MNIST. Пятая часть картинок каждой цифры отложена
# для проверки (тест): во время обучения сеть их не видит.

from lessonlib.data import load_mnist
from lessonlib.lessons.lesson01 import PROTOTYPE_DIGITS

split = load_mnist(PROTOTYPE_DIGITS)  # метка 0 — четвёрка, 1 — восьмёрка
print(f"обучение: {len(split.x_train)} картинок, тест: {len(split.x_test)} картинок")

# %%
# Пять моделей
# ------------
#
# Полносвязная часть у всех пяти моделей одинаковая: скрытый слой с ReLU и выход на два
# класса.
#
# * **(a)** полносвязная сеть прямо на пикселях картинки — без свёрток;
# * **(b)** только вертикальный фильтр Собеля → flatten → полносвязная сеть;
# * **(c)** прототип урока: вертикальный и диагональный (45°) фильтры → flatten →
#   конкатенация → полносвязная сеть; фильтры заданы руками, учится только полносвязная
#   часть;
# * **(d)** та же архитектура, но фильтры обучаемые и начинаются со случайных чисел;
# * **(e)** то же, но обучение фильтров начинается с ручных фильтров из (c).
#
# Точность — доля правильных ответов на тестовых картинках.

#| fold
from lessonlib.experiments import prototype_experiment
from lessonlib.fmt import accuracy, integer
from lessonlib.markdown import table

result = prototype_experiment()
runs = result.runs
table(
    ["модель", "точность на тесте", "обучаемых параметров"],
    [
        [f"({key}) {run.title}", accuracy(run.mean), integer(run.parameters)]
        for key, run in runs.items()
    ],
)

# %%
# Что мы узнали
# -------------

from lessonlib.findings import findings_list, prototype_claims

findings_list(prototype_claims(runs))

# %%
# Вывод простой: четвёрку от восьмёрки отличит и сеть без свёрток. Сила свёрточной
# сети видна на задачах потруднее — на всех десяти цифрах и на сдвинутых картинках
# ([страница 14](plot_14_cnn_vs_fc.ipynb)).
#
# Как проходило обучение — число эпох, разброс точности между запусками, время —
# спрятано в блоке ниже.

#| fold
from lessonlib.figures.training import seed_accuracy_figure
from lessonlib.fmt import seconds
from lessonlib.report import Details, figure_markdown

seeds_figure = seed_accuracy_figure(
    {f"({k}) {run.title}": run.accuracies for k, run in runs.items()}
)
Details(
    f"Скрытый слой — {result.config.hidden} нейронов; {result.config.epochs} эпох, "
    f"мини-батчи по {result.config.batch_size}, оптимизатор Adam.\n\n"
    "Каждую модель мы обучили несколько раз с разными начальными случайными весами и "
    f"разным порядком примеров (запусков — {len(result.config.seeds)}): так видно, насколько "
    "точность зависит от случая. "
    "Ниже — точность «среднее ± разброс» по всем запускам и время обучения одной модели.\n\n"
    + table(
        ["модель", "точность", "время обучения"],
        [
            [
                f"({key})",
                accuracy(run.mean, run.std),
                seconds(run.total_seconds / len(run.seeds)),
            ]
            for key, run in runs.items()
        ],
    ).text
    + "\n"
    + figure_markdown(seeds_figure, "prototype_accuracy")
)

# %%
# Что получает полносвязная часть
# -------------------------------
#
# По задумке урока после flatten и конкатенации у четвёрки большие числа стоят
# **наверху** вектора (карта вертикального фильтра), а у восьмёрки — **внизу** (карта
# диагонального). Посмотрим на вектор, который модель (c) на самом деле передаёт
# полносвязной части, для самых типичных тестовых четвёрки и восьмёрки.

#| fold
import torch

from lessonlib.data import typical
from lessonlib.figures.training import feature_vectors_figure
from lessonlib.style import save_figure

prototype = result.model("c")
with torch.no_grad():
    features = prototype.features(split.x_test)
four = typical(split.x_test, split.y_test, 0)
eight = typical(split.x_test, split.y_test, 1)
save_figure(
    feature_vectors_figure(
        {"Четвёрка": features[four].numpy(), "Восьмёрка": features[eight].numpy()},
        ["карта вертикального фильтра", "карта диагонального фильтра"],
    ),
    "prototype_vectors",
)

# %%
# Две картинки — не доказательство. Сравним половины вектора на всех тестовых
# картинках: какая половина «сильнее» (больше средний модуль её чисел).

from lessonlib.findings import vector_halves

vector_halves(features, split.y_test).claim()

# %%
# Полносвязной части не нужно, чтобы верх был больше низа: она смотрит, **где** в
# векторе стоят большие числа, и учится по этому различать цифры.
#
# Какие фильтры выучила сеть
# --------------------------
#
# Сравним ручные фильтры с обученными. В строке (d) фильтры начинались со случайных
# чисел, в строке (e) — с ручных. Цвет показывает знак числа, шкала у каждого фильтра
# своя.

#| fold
from lessonlib.figures.training import filters_figure

hand = runs["e"].filters_before[0][:, 0]
save_figure(
    filters_figure(
        {
            "заданы руками (c)": hand,
            "(d) до обучения": runs["d"].filters_before[0][:, 0],
            "(d) после обучения": runs["d"].filters_after[0][:, 0],
            "(e) после обучения": runs["e"].filters_after[0][:, 0],
        },
        ["фильтр 1", "фильтр 2"],
    ),
    "prototype_filters",
)

# %%
# Фильтры (e) за обучение почти не изменились: ручные фильтры уже годились для задачи.
# А фильтры (d) на ручные не похожи:

from lessonlib.findings import filter_similarity, learned_filters_finding

learned_filters_finding(filter_similarity(runs["d"], hand))

# %%
# <details>
# <summary>Подробнее: как мерить похожесть фильтров</summary>
#
# Фильтр 3×3 — это девять чисел, то есть стрелка в пространстве из девяти измерений.
# Два фильтра похожи, если их стрелки смотрят в одну сторону. Мерой служит косинус
# угла между стрелками: 1 — тот же рисунок чисел (пусть даже все числа в несколько раз
# больше), 0 — ничего общего, −1 — тот же рисунок с обратным знаком. Мы называем
# фильтры похожими, если косинус по модулю больше 0,8, и сравниваем каждый выученный
# фильтр с ближайшим из двух ручных: сеть не знает, какой из фильтров «первый».
#
# </details>
#
# Проверь себя
# ------------
#
# **1.** Почему у модели (b) обучаемых параметров меньше, чем у (c), хотя фильтры в обеих
# не обучаются?

#| answer
from lessonlib.quiz import answer

first_b, first_c = (result.model(k).head.net[1] for k in "bc")
answer(
    f"Полносвязная часть (b) получает вектор длины {integer(first_b.in_features)}, "
    f"а (c) — вдвое длиннее, {integer(first_c.in_features)}. Поэтому и весов первого "
    f"полносвязного слоя у (c) вдвое больше: {integer(first_c.weight.numel())} "
    f"против {integer(first_b.weight.numel())} (по весу на каждую пару «вход — "
    f"нейрон», {result.config.hidden} нейронов)."
)

# %%
# **2.** На сколько параметров модель (d) больше, чем (c)?

#| answer
answer(
    f"На {runs['d'].parameters - runs['c'].parameters}: это 2 фильтра по 3×3 = 9 чисел, "
    "которые в (d) обучаются."
)

# %%
# **3.** Почему точность при разных запусках обучения разная, хотя данные одни и те же?
#
# <details>
# <summary>Ответ</summary>
#
# От случая зависят начальные веса и порядок, в котором сеть видит примеры.
# Обучение идёт разными путями и останавливается в разных точках. Поэтому честно
# сообщать точность как среднее по нескольким запускам и её разброс.
#
# </details>
