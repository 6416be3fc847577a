"""
Обучение прототипа
==================

**После этой страницы вы сможете:**

- обучить прототип свёрточной сети на настоящих четвёрках и восьмёрках MNIST;
- сравнить фиксированные фильтры с обучаемыми по точности и по числу
  [обучаемых параметров](../glossary.html#obuchaemye-parametry);
- сказать, нужна ли свёрточная сеть для такой простой задачи.

На [странице о прототипе](plot_06_prototype.ipynb) мы собрали модель из двух фильтров
и полносвязной сети. Теперь обучим её и соседние варианты по-настоящему.
"""

# %%
# Данные
# ------
#
# Четвёрки и восьмёрки из набора MNIST. Пятая часть картинок отложена для проверки
# (тест): при обучении сеть их не видит.

from lessonlib.data import load_mnist
from lessonlib.lessons.lesson01 import PROTOTYPE_DIGITS

split = load_mnist(PROTOTYPE_DIGITS)  # метка 0 — четвёрка, 1 — восьмёрка
print(f"обучение: {len(split.x_train)} картинок, тест: {len(split.x_test)} картинок")

# %%
# Пять моделей
# ------------
#
# * **(a)** полносвязная сеть прямо на пикселях — без свёрток;
# * **(b)** только вертикальный фильтр Собеля → flatten → полносвязная сеть;
# * **(c)** прототип урока: вертикальный и диагональный (45°) фильтры, заданные руками;
# * **(d)** те же два фильтра обучаются, начиная со случайных чисел;
# * **(e)** то же, но обучение начинается с ручных фильтров из (c).
#
# <details>
# <summary>Подробнее: как устроены модели</summary>
#
# Полносвязная часть у всех пяти моделей одинаковая: скрытый слой с ReLU и выход на два
# класса. В (b) и (c) фильтры заданы руками, учится только полносвязная часть; в (c)
# две карты после flatten склеиваются (конкатенация). Точность — доля правильных
# ответов на тестовых картинках.
#
# </details>

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

#| fold
from lessonlib.findings import prototype_topic, verdict

topic = prototype_topic()
verdict(
    [topic.claim(key) for key in ("vector_halves", "one_filter", "fc_enough", "learned_filters")]
)

# %%
# Вывод простой: четвёрку от восьмёрки отличит и сеть без свёрток. Сила свёрточной
# сети видна на задачах потруднее ([страница 14](plot_14_cnn_vs_fc.ipynb)).

#| fold
from lessonlib.figures.training import seed_accuracy_figure
from lessonlib.findings import findings_list, prototype_claims
from lessonlib.report import figure_markdown, training_details

seeds_figure = seed_accuracy_figure(
    {f"({k}) {run.title}": run.accuracies for k, run in runs.items()}
)
training_details(
    result.config,
    runs,
    {key: f"({key})" for key in runs},
    before=findings_list(prototype_claims(runs)).text
    + f"\nСкрытый слой — {result.config.hidden} нейронов.",
    after=figure_markdown(seeds_figure, "prototype_accuracy"),
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
# Две картинки — не доказательство. На всех тестовых картинках:

#| fold
topic.claim("vector_halves")

# %%
# Полносвязной части не нужно, чтобы верх был больше низа: она учится по тому, **где**
# в векторе стоят большие числа.
#
# Какие фильтры выучила сеть
# --------------------------
#
# Ручные фильтры и обученные: (d) начинались со случайных чисел, (e) — с ручных. Цвет
# показывает знак числа.

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

#| fold
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
