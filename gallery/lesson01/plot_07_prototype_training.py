"""
Обучение прототипа
==================

**После этой страницы вы сможете:**

- обучить [прототип](plot_06_prototype.ipynb) свёрточной сети на цифрах MNIST;
- сравнить ручные фильтры с обучаемыми по точности и
  [обучаемым параметрам](../glossary.html#obuchaemye-parametry).
"""

# %%
# Настройки
# ---------
#
# Эти числа можно менять.

from lessonlib.lessons.lesson01.experiments import PrototypeConfig

config = PrototypeConfig(
    epochs=10,  # сколько раз сеть просмотрит все обучающие картинки
    hidden=16,  # нейронов в скрытом слое
    seeds=(0, 1, 2, 3, 4),  # по запуску обучения на каждое случайное начало
)

# %%

#| fold
from lessonlib.data import load_mnist
from lessonlib.fmt import plural

split = load_mnist(config.digits)  # метка 0 — четвёрка, 1 — восьмёрка
images = ("картинка", "картинки", "картинок")
print(
    f"обучение: {plural(config.train_images, *images)}, тест: {plural(len(split.x_test), *images)}"
)

# %%
# Пять моделей
# ------------

#| fold
from lessonlib.fmt import accuracy, integer
from lessonlib.lessons.lesson01.experiments import prototype_experiment
from lessonlib.markdown import table
from lessonlib.report import runs_note

result = prototype_experiment(config)
runs = result.runs
runs_note(config)

# %%

#| fold
table(
    ["модель", "точность", "параметров"],
    [[run.title, accuracy(run.mean), integer(run.parameters)] for run in runs.values()],
)

# %%
# Что мы узнали
# -------------

#| fold
from lessonlib.findings import findings_list
from lessonlib.lessons.lesson01.findings import prototype_claims

findings_list(prototype_claims(runs))

# %%
# Сила свёрточной сети видна на задачах потруднее ([страница 14](plot_14_cnn_vs_fc.ipynb)).
#
# Что получает полносвязная часть
# -------------------------------
#
# По задумке у четвёрки большие числа **наверху** вектора, у восьмёрки — **внизу**:

#| fold
import torch

from lessonlib.data import typical
from lessonlib.figures.training import feature_vectors_figure
from lessonlib.lessons.lesson01.findings import vector_halves
from lessonlib.style import save_figure

with torch.no_grad():
    features = result.model("c").features(split.x_test)
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

#| fold
vector_halves(features, split.y_test).claim()

# %%

#| fold
from lessonlib.figures.training import filters_figure
from lessonlib.lessons.lesson01.findings import filter_similarity, learned_filters_finding
from lessonlib.report import Details, figure_markdown

hand = runs["e"].filters_before[0][:, 0]
learned = filters_figure(
    {
        "заданы руками": hand,
        "случайное начало": runs["d"].filters_before[0][:, 0],
        "обучены со случайного начала": runs["d"].filters_after[0][:, 0],
        "обучены с ручного начала": runs["e"].filters_after[0][:, 0],
    },
    ["фильтр 1", "фильтр 2"],
)
Details(
    learned_filters_finding(filter_similarity(runs["d"], hand)).text
    + " Цвет показывает знак числа.\n\n"
    + figure_markdown(learned, "prototype_filters"),
    summary="Подробнее: какие фильтры выучила сеть",
)

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
# Как обучали модели и насколько точность зависит от случайного начала — на странице
# [«Опыты урока: подробности»](plot_16_lesson_claims.ipynb).
#
# </details>
#
# Проверь себя
# ------------
#
# **1.** Почему с двумя ручными фильтрами параметров вдвое больше, чем с одним?

#| answer
from lessonlib.quiz import answer

one, two = (result.model(k).head.net[1] for k in "bc")
answer(
    f"С одним фильтром полносвязная часть получает вектор длины {integer(one.in_features)}, "
    f"с двумя — вдвое длиннее, {integer(two.in_features)}. Поэтому и весов первого "
    f"полносвязного слоя вдвое больше: {integer(two.weight.numel())} "
    f"против {integer(one.weight.numel())} — по весу на каждую пару «вход — нейрон»."
)

# %%
# **2.** На сколько параметров больше у модели с обучаемыми фильтрами?

#| answer
answer(
    f"На {runs['d'].parameters - runs['c'].parameters}: это 2 фильтра по 3×3 = 9 чисел, "
    "которые теперь обучаются."
)
