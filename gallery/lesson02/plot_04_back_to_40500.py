"""
Снова 40 500
============

**После этой страницы вы сможете:**

- пересчитать сеть с пулингом и с шагом слой за слоем;
- оценить по опыту, что пулинг даёт и чего стоит.

Вернёмся к 40 500 числам на входе полносвязного слоя.
"""

# %%
# Пересчитаем слой за слоем
# -------------------------
#
# Поставим после второй и четвёртой свёртки пулинг 2×2 с шагом 2: каждый пулинг делит
# сторону карты пополам, а параметров у него нет.

#| fold
from lessonlib.fmt import integer, shape
from lessonlib.lessons.lesson02 import DEEP_INPUT, POOLED_LAYERS
from lessonlib.markdown import table
from lessonlib.report import Details
from lessonlib.shapes import Flatten, trace


def layer_table(layers):
    """Слой, форма его выхода, сколько чисел он выдаёт и сколько у него параметров."""
    rows = [["вход", shape(DEEP_INPUT), integer(DEEP_INPUT[0] * DEEP_INPUT[1]), "0"]]
    for info in trace(DEEP_INPUT, [*layers, Flatten()]):
        numbers = 1
        for d in info.output_shape:
            numbers *= d
        rows.append([info.name, shape(info.output_shape), integer(numbers), integer(info.params)])
    return table(["слой", "форма выхода", "чисел на выходе", "параметров"], rows).text


Details(layer_table(POOLED_LAYERS), summary="Подробнее: сеть с пулингом слой за слоем")

# %%
# То же даёт шаг 2 у второй и четвёртой свёртки вместо пулинга.

#| fold
from lessonlib.lessons.lesson02 import STRIDED_LAYERS
from lessonlib.windows import size_fit

side = trace(DEEP_INPUT, STRIDED_LAYERS[:1])[0].output_shape[0]
second = STRIDED_LAYERS[1]
Details(
    layer_table(STRIDED_LAYERS)
    + "\nВектор той же длины. Окна второй свёртки ([страница про шаг](plot_02_stride.ipynb)) "
    f"на входе {side}×{side}: {size_fit(side, second.size, stride=second.stride).explanation}",
    summary="Подробнее: сеть с шагом 2 слой за слоем",
)

# %%
# Вход полносвязного слоя и его параметры:

#| fold
from lessonlib.lessons.lesson02 import DEEP_CONVS, DEEP_DENSE

variants = {"без пулинга": DEEP_CONVS, "с пулингом": POOLED_LAYERS, "с шагом 2": STRIDED_LAYERS}
rows = []
for name, layers in variants.items():
    infos = trace(DEEP_INPUT, [*layers, Flatten(), DEEP_DENSE])
    rows.append([name, integer(infos[-2].output_shape[0]), integer(infos[-1].params)])
table(["сеть", "вход полносвязного слоя", f"его параметров ({DEEP_DENSE.units} нейронов)"], rows)

# %%
# Соберите сеть сами
# ------------------
#
# Добавляйте свёртки и пулинги — калькулятор пересчитает формы и параметры.

#| fold
from lessonlib.lessons.lesson02.trainers import shape_calculator

shape_calculator(
    "Калькулятор работает на сайте с включённым JavaScript; здесь меняйте слои в коде выше."
)

# %%
# Проверка опытом
# ---------------
#
# Не пострадала ли точность? Обучим такие сети на цифрах MNIST 28×28.

#| fold
from lessonlib.fmt import accuracy, seconds
from lessonlib.lessons.lesson02.experiment import pooling_experiment

result = pooling_experiment()
runs = result.runs
experiment_table = table(
    ["сеть", "параметров", "точность", "время обучения"],
    [
        [
            run.title,
            integer(run.parameters),
            accuracy(run.mean, run.std),
            seconds(run.total_cpu_seconds / len(run.seeds)),
        ]
        for run in runs.values()
    ],
).text

from lessonlib.lessons.lesson02.findings import pooling_topic
from lessonlib.markdown import Markdown

labels = {"accuracy": "Точность", "parameters": "Параметры", "time": "Время"}
Markdown("".join(f"- **{labels[c.key]}:** {c.finding}.\n" for c in pooling_topic(result).claims))

# %%

#| fold
from lessonlib.data import load_mnist

config = result.config
Details(
    experiment_table + "\n\n"
    "На маленькой картинке два пулинга сжали бы карты до 2×2, поэтому пулинг (или шаг 2) "
    "здесь один — после второй свёртки. "
    "Начальные веса свёрток — по Каймину (He), а из яркостей вычитается 0,5: с обычными "
    "весами PyTorch пять узких слоёв с ReLU часто «умирали» целиком, и сеть угадывала "
    "наугад. "
    f"Обучали на {integer(config.train_images)} цифрах (всех поровну), проверяли на "
    f"{integer(len(load_mnist().x_test))} других; {config.epochs} эпохи, мини-батчи по "
    f"{config.batch_size}, оптимизатор Adam, запусков с разными зёрнами — "
    f"{len(config.seeds)}. Точность — «среднее ± разброс» по запускам, время — "
    "процессорное время одного обучения на компьютере, который собирал сайт: оно "
    "зависит от машины, сравнивать стоит только строки таблицы между собой.",
    summary="Подробнее: таблица опыта и как обучали",
)

# %%
# Проверь себя
# ------------
#
# **1.** Сколько чисел получит полносвязный слой, если в сети 100×100 поставить пулинг
# 2×2 после **каждой** из пяти свёрток?

#| answer
from lessonlib.lessons.lesson02 import POOL
from lessonlib.quiz import answer

every = tuple(x for conv in DEEP_CONVS for x in (conv, POOL))
steps = trace(DEEP_INPUT, [*every, Flatten()])
sides = " → ".join(str(info.output_shape[0]) for info in steps[:-1])
answer(f"{integer(steps[-1].output_shape[0])}: стороны карт 100 → {sides}.")

# %%
# **2.** Сколько параметров добавляют два пулинга в сети с пулингом?

#| answer
answer("Ни одного: параметры в таблице есть только у свёрток, у строк пулинга — 0.")
