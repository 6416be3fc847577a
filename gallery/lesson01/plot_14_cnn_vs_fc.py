"""
Почему CNN лучше полносвязной сети
==================================

**После этой страницы вы сможете:**

- сравнить CNN и полносвязную сеть с почти одинаковым числом параметров;
- объяснить, почему обученные фильтры лучше случайных;
- объяснить, что происходит с ответом сети, когда цифра сдвигается.
"""

# %%
# Настройки
# ---------
#
# Обучим три сети узнавать все десять цифр MNIST. Эти числа можно менять.

from lessonlib.experiments import CnnVsFcConfig

config = CnnVsFcConfig(
    epochs=6,  # сколько раз сеть просмотрит все обучающие картинки
    seeds=(0, 1, 2),  # по запуску обучения на каждое случайное начало
)

# %%
# Три сети
# --------
#
# **Полносвязная** получает вытянутую картинку 28×28 — вектор из 784 чисел. **CNN**
# сначала пропускает картинку через два свёрточных слоя по 8 фильтров 3×3, а потом
# вытягивает карты в вектор. Третья сеть — та же CNN, но её фильтры оставлены
# случайными: учится только полносвязная часть. Параметров у всех почти поровну, так что
# сравниваем устройство сетей, а не размер.

#| fold
from lessonlib.experiments import cnn_vs_fc_experiment
from lessonlib.fmt import accuracy, integer
from lessonlib.markdown import table
from lessonlib.report import runs_note

result = cnn_vs_fc_experiment(config)
runs = result.runs
runs_note(config)

# %%

#| fold
table(
    ["сеть", "параметров", "точность"],
    [[run.title, integer(run.parameters), accuracy(run.mean)] for run in runs.values()],
)

# %%
# Обученные фильтры подогнаны под задачу, случайные — нет:

#| fold
from lessonlib.findings import cnn_vs_fc_topic, verdict

topic = cnn_vs_fc_topic(result)
topic.claim("trained_filters")

# %%
# Сдвинутые цифры
# ---------------
#
# В MNIST цифры стоят в центре. Сдвинем тестовые цифры на несколько пикселей и
# посмотрим, как меняется точность.

#| fold
from lessonlib.data import load_mnist
from lessonlib.figures.training import shift_curves_figure, shifted_digits_figure
from lessonlib.style import save_figure

split = load_mnist()
save_figure(shifted_digits_figure(split.x_test[0, 0].numpy(), [0, 2, 4, 6]), "shifted_digit")

# %%

#| fold
save_figure(
    shift_curves_figure(
        result.config.shifts, {run.title: result.shift_accuracy[key] for key, run in runs.items()}
    ),
    "shift_accuracy",
)

# %%
# Почему так? Свёртка [**эквивариантна**](../glossary.html#ekvivariantnost): сдвинули
# цифру — карта сдвинулась вместе с ней, а числа на ней те же
# ([страница 3](plot_03_locality.ipynb)). Но потом карта вытягивается в вектор, а у
# полносвязного слоя для каждого места вектора свой вес. Сдвинутая карта приходит на
# другие веса, и ответ меняется: ответ такой сети не
# [**инвариантен**](../glossary.html#invariantnost-k-perenosu) к сдвигу.

#| fold
verdict([topic.claim(key) for key in ("equivariance", "shift_robust", "shift_anywhere")])

# %%
# <details>
# <summary>Подробнее: пулинг и выделители признаков</summary>
#
# Сделать ответ устойчивее к сдвигу помогает пулинг — тема следующего занятия; почему
# вытягивание карт в вектор ещё и раздувает число параметров — на странице
# [«Проблема числа параметров»](plot_15_parameter_problem.ipynb).
#
# Случайные фильтры тоже что-то выделяют: наугад сеть угадывала бы только 10 % цифр.
# Обучаемый выделитель признаков — главное отличие CNN от классических методов, где
# выделитель (например, HOG) задан заранее.
#
# </details>
#
# Проверь себя
# ------------
#
# **1.** На сколько меньше обучаемых параметров у CNN с замороженными фильтрами?

#| answer
from lessonlib.quiz import answer

frozen_gap = runs["cnn"].parameters - runs["frozen"].parameters
answer(
    f"На {integer(frozen_gap)}: столько чисел в фильтрах и смещениях свёрточных слоёв. "
    "Замороженные, они не считаются обучаемыми."
)

# %%
# **2.** Почему точность полносвязной сети при сдвиге падает?
#
# <details>
# <summary>Ответ</summary>
#
# У полносвязной сети каждый вес привязан к одному пикселю картинки. Когда цифра
# сдвигается, её штрихи попадают на другие пиксели, а значит, и на другие веса —
# с такими картинками сеть при обучении не встречалась.
#
# </details>
