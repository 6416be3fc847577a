"""
Проверяем утверждения урока
===========================

**После этой страницы вы сможете:**

- сказать, какие утверждения урока подтвердились на наших обученных сетях, а какие нет;
- объяснить, почему маленькая сеть может вести себя не так, как большая.

Каждое утверждение урока мы проверили на настоящих сетях: на своих, обученных на
цифрах, и на SqueezeNet, обученной на ImageNet. Здесь собраны все проверки: страницы
урока показывают только вывод и ведут сюда.
"""

# %%
# Прототип: четвёрки и восьмёрки
# ------------------------------
#
# Пять моделей со страницы [«Обучение прототипа»](plot_07_prototype_training.ipynb):
# (a) без свёрток, (b) с одним фильтром, (c) прототип урока с двумя ручными фильтрами,
# (d) и (e) — с обучаемыми фильтрами.

#| fold
from lessonlib.findings import claims_list, cnn_vs_fc_topic, prototype_topic

claims_list(prototype_topic().claims)

# %%
# Каждую модель обучили несколько раз, начиная с разных случайных весов: точки —
# отдельные запуски, черта — среднее.

#| fold
from lessonlib.experiments import prototype_experiment
from lessonlib.figures.training import seed_accuracy_figure
from lessonlib.style import save_figure

runs = prototype_experiment().runs
save_figure(
    seed_accuracy_figure({f"({k}) {run.title}": run.accuracies for k, run in runs.items()}),
    "claims_prototype_accuracy",
)

# %%
# Слои настоящей сети
# -------------------
#
# Сеть SqueezeNet, обученная на ImageNet, со страниц
# [«Что видят слои»](plot_11_layer_activations.ipynb) и
# [«Разные фильтры — разные паттерны»](plot_13_filter_patterns.ipynb), на четырёх
# фотографиях урока.

#| fold
from lessonlib.realnet import real_network_topic

claims_list(real_network_topic().claims)

# %%
# **Как считали долю на морде.** Рамка морды кошки (оба глаза, нос и рот) задана
# заранее. Сеть видит снимок сжатым в квадрат, поэтому карта ступени растягивается на
# весь снимок; пиксель карты попадает на морду, если туда попадает его центр.

#| fold
from lessonlib.realnet import face_shares, faces_table

faces_table(face_shares())

# %%
# **Пустые карты.** Карта почти пуста, если её максимум меньше 10 % максимума самой
# яркой карты той же ступени на той же фотографии.

#| fold
from lessonlib.realnet import empty_shares, empty_table

empty_table(empty_shares())

# %%
# CNN против полносвязной сети
# ----------------------------
#
# Три модели со страницы [«Почему CNN лучше полносвязной сети»](plot_14_cnn_vs_fc.ipynb)
# на всех десяти цифрах: полносвязная сеть, CNN и CNN с замороженными случайными
# фильтрами.

#| fold
claims_list(cnn_vs_fc_topic().claims)

# %%
# Точность на сдвинутых цифрах — среднее по четырём направлениям сдвига и по запускам
# обучения:

#| fold
from lessonlib.experiments import cnn_vs_fc_experiment
from lessonlib.figures.training import shift_curves_figure

digits = cnn_vs_fc_experiment()
save_figure(
    shift_curves_figure(
        digits.config.shifts,
        {run.title: digits.shift_accuracy[key] for key, run in digits.runs.items()},
    ),
    "claims_shift_accuracy",
)

# %%
# Карты свёрточной части сдвигаются вместе с цифрой — это значит, что свёртка
# *эквивариантна*: сдвинул картинку — сдвинулась и карта. Но после flatten каждый
# пиксель карты попадает на свой вес полносвязного слоя, поэтому сдвинутая цифра
# приходит «не на те» веса. Сделать сеть устойчивее к сдвигу обещает пулинг — тема
# следующего занятия.
#
# **Дальше:** [урок 2 «Пулинг, шаг и рамка»](../lesson02/plot_01_padding.ipynb) — как
# уменьшать карты и решить проблему 40 500 входов, и помогает ли пулинг при сдвиге на
# самом деле.
