"""
Снова 40 500
============

**После этой страницы вы сможете:**

- пересчитать сеть с пулингом и с шагом слой за слоем;
- оценить по опыту, что пулинг даёт и чего стоит.

Вернёмся к сети, с которой началось занятие: полносвязному слою доставалось 40 500 чисел.
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
# Добавляйте свёртки и пулинги, меняйте окно, шаг и рамку — калькулятор пересчитает
# формы и параметры.

#| fold
from lessonlib.trainer import calculator_preset, trainer

units = DEEP_DENSE.units
trainer(
    "shape-calculator",
    "Калькулятор работает на сайте с включённым JavaScript; здесь меняйте слои в коде выше.",
    presets={
        "plain": calculator_preset(
            f"Без пулинга: {shape(DEEP_INPUT[:2])}", DEEP_INPUT, DEEP_CONVS, units
        ),
        "pooled": calculator_preset("С пулингом", DEEP_INPUT, POOLED_LAYERS, units),
    },
)

# %%
# Проверка опытом
# ---------------
#
# Не пострадала ли точность? Обучим такие сети на цифрах MNIST 28×28, с одним пулингом
# (или шагом 2) после второй свёртки.

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

from lessonlib.fmt import decimal
from lessonlib.markdown import Markdown

plain, pooled = runs["plain"], runs["max"]
gap = 100 * (plain.mean - pooled.mean)
fewer = plain.parameters / pooled.parameters
faster = plain.total_cpu_seconds / pooled.total_cpu_seconds
spread = plain.std * 100 + pooled.std * 100
if gap > spread:
    accuracy_words = (
        f"без пулинга сеть точнее на {decimal(gap)} процентного пункта — больше разброса "
        "между запусками"
    )
elif gap < -spread:
    accuracy_words = f"с пулингом сеть точнее на {decimal(-gap)} процентного пункта"
else:
    accuracy_words = "точность почти одинакова"
Markdown(
    f"- **Точность:** {accuracy_words}.\n"
    f"- **Параметры:** с пулингом их в {decimal(fewer)} раза меньше.\n"
    + (
        f"- **Время:** с пулингом обучение быстрее в {decimal(faster)} раза.\n"
        if faster > 1
        else "- **Время:** с пулингом обучение не быстрее.\n"
    )
)

# %%

#| fold
from lessonlib.data import load_mnist

config = result.config
why = "Пулинг выбросил часть сведений, и на маленьком наборе это заметно. " if gap > spread else ""

why += "Почти все веса сидят в полносвязном слое, а с пулингом его вход короче. " + (
    "Дальние свёртки работают на картах вчетверо меньше — обучение быстрее."
    if faster > 1
    else "На маленьких картах время уходит не на свёртки."
)
Details(
    experiment_table + "\n" + why + "\n\n"
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
    summary="Подробнее: таблица опыта, почему так и как обучали",
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
