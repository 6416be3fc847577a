"""
Почему CNN лучше полносвязной сети
==================================

**После этой страницы вы сможете:**

- сравнить CNN и полносвязную сеть одного размера;
- объяснить, что происходит с ответом сети, когда цифра сдвигается.
"""

# %%
# Настройки
# ---------
#
# Эти числа можно менять.

from lessonlib.lessons.lesson01.experiments import CnnVsFcConfig

config = CnnVsFcConfig(
    epochs=6,  # сколько раз сеть просмотрит все обучающие картинки
    seeds=(0, 1, 2),  # по запуску обучения на каждое случайное начало
)

# %%
# Три сети
# --------
#
# Все три узнают десять цифр MNIST, параметров у них почти поровну. **Полносвязная**
# получает вытянутую картинку 28×28. **CNN** сначала пропускает её через два свёрточных
# слоя по 8 фильтров 3×3. Третья — та же CNN, но с замороженными случайными фильтрами.

#| fold
from lessonlib.fmt import accuracy, integer
from lessonlib.lessons.lesson01.experiments import cnn_vs_fc_experiment
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
from lessonlib.lessons.lesson01.findings import cnn_vs_fc_topic, verdict

topic = cnn_vs_fc_topic(result)
topic.claim("trained_filters")

# %%
# Сдвинутые цифры
# ---------------
#
# Сдвинем тестовые цифры на несколько пикселей от центра.

#| fold
from lessonlib.data import load_mnist
from lessonlib.figures.training import shift_curves_figure, shifted_digits_figure
from lessonlib.style import save_figure

split = load_mnist()
save_figure(shifted_digits_figure(split.x_test[0, 0].numpy(), [0, 2, 4, 6]), "shifted_digit")

# %%

#| fold
# Средняя по запускам кривая: разброс запусков — на странице подробностей опытов.
mean_curves = {
    run.title: result.shift_accuracy[key].mean(axis=0, keepdims=True) for key, run in runs.items()
}
save_figure(shift_curves_figure(result.config.shifts, mean_curves), "shift_accuracy")

# %%
# Свёртка [**эквивариантна**](../glossary.html#ekvivariantnost): карта сдвигается вместе с
# цифрой ([страница 3](plot_03_locality.ipynb)). Но у полносвязного слоя для каждого
# места вытянутой карты свой вес, и сдвинутая карта попадает на другие веса. Поэтому
# ответ не [**инвариантен**](../glossary.html#invariantnost-k-perenosu) к сдвигу.

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
