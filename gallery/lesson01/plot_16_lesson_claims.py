"""
Опыты урока: подробности
========================

**Эта страница — для педагога и для тех, кому интересно:**

- узнать, какие сети обучали опыты урока, сколько раз и насколько точность зависит от случая;
- увидеть, какие утверждения урока подтвердились на наших сетях, а какие нет, и почему.

Каждое утверждение урока мы проверили на настоящих сетях: на своих, обученных на
цифрах, и на SqueezeNet, обученной на ImageNet. Здесь собраны все проверки: страницы
урока показывают только вывод и ведут сюда.
"""

# %%
# Прототип: четвёрки и восьмёрки
# ------------------------------
#
# Пять моделей со страницы [«Обучение прототипа»](plot_07_prototype_training.ipynb):
#
# * **(a)** полносвязная сеть прямо на пикселях — без свёрток;
# * **(b)** только вертикальный фильтр Собеля → вытягивание → полносвязная сеть;
# * **(c)** прототип урока: вертикальный и диагональный (45°) фильтры, заданные руками;
# * **(d)** те же два фильтра обучаются, начиная со случайных чисел;
# * **(e)** то же, но обучение начинается с ручных фильтров из (c).
#
# Полносвязная часть у всех пяти моделей одинаковая: скрытый слой с ReLU и выход на два
# класса. В (b) и (c) фильтры заданы руками, учится только полносвязная часть; в (c) две
# карты после вытягивания склеиваются (конкатенация). Тестовых картинок 200, так что одна
# картинка — это 0,5 % точности.

#| fold
from lessonlib.findings import claims_list
from lessonlib.lessons.lesson01.experiments import prototype_experiment
from lessonlib.lessons.lesson01.findings import cnn_vs_fc_topic, prototype_topic
from lessonlib.report import training_details

prototype = prototype_experiment()
training_details(prototype.config, prototype.runs, {key: f"({key})" for key in prototype.runs})

# %%

#| fold
claims_list(prototype_topic().claims)

# %%
# Каждую модель обучили несколько раз, начиная с разных случайных весов: точки —
# отдельные запуски, черта — среднее.

#| fold
from lessonlib.figures.training import seed_accuracy_figure
from lessonlib.style import save_figure

runs = prototype.runs
save_figure(
    seed_accuracy_figure({f"({k}) {run.title}": run.accuracies for k, run in runs.items()}),
    "prototype_accuracy",
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
from lessonlib.lessons.lesson01.realnet import real_network_topic

claims_list(real_network_topic().claims)

# %%
# **Как считали долю на морде.** Рамка морды кошки (оба глаза, нос и рот) задана
# заранее. Сеть видит снимок сжатым в квадрат, поэтому карта ступени растягивается на
# весь снимок; пиксель карты попадает на морду, если туда попадает его центр.

#| fold
from lessonlib.lessons.lesson01.realnet import face_shares, faces_table

faces_table(face_shares())

# %%
# **Пустые карты.** Карта почти пуста, если её максимум меньше 10 % максимума самой
# яркой карты той же ступени на той же фотографии.

#| fold
from lessonlib.lessons.lesson01.realnet import empty_shares, empty_table

empty_table(empty_shares())

# %%
# CNN против полносвязной сети
# ----------------------------
#
# Три модели со страницы [«Почему CNN лучше полносвязной сети»](plot_14_cnn_vs_fc.ipynb)
# на всех десяти цифрах: полносвязная сеть (картинка 28×28 вытягивается в 784 числа →
# скрытый слой с ReLU → 10 выходов), CNN (два свёрточных слоя по 8 фильтров 3×3 с ReLU →
# вытягивание → 10 выходов) и та же CNN с фильтрами, замороженными случайными. Учим на
# 4 000 цифр, проверяем на 1 000 других.

#| fold
from lessonlib.lessons.lesson01.experiments import cnn_vs_fc_experiment

digits = cnn_vs_fc_experiment()
training_details(digits.config, digits.runs)

# %%

#| fold
claims_list(cnn_vs_fc_topic(digits).claims)

# %%
# Точность на сдвинутых цифрах — среднее по четырём направлениям сдвига и по запускам
# обучения; полоса — разброс по запускам.

#| fold
from lessonlib.figures.training import shift_curves_figure

save_figure(
    shift_curves_figure(
        digits.config.shifts,
        {run.title: digits.shift_accuracy[key] for key, run in digits.runs.items()},
    ),
    "claims_shift_accuracy",
)

# %%
# Карты свёрточной части сдвигаются вместе с цифрой: свёртка
# [эквивариантна](../glossary.html#ekvivariantnost). Но после вытягивания каждый пиксель
# карты попадает на свой вес полносвязного слоя, поэтому сдвинутая цифра приходит «не на
# те» веса, и ответ сети не [инвариантен](../glossary.html#invariantnost-k-perenosu) к
# сдвигу. Сделать его устойчивее помогает пулинг — тема следующего занятия.
#
# **Дальше:** [урок 2 «Пулинг, шаг и рамка»](../lesson02/plot_01_padding.ipynb) — как
# уменьшать карты и решить проблему 40 500 входов, и помогает ли пулинг при сдвиге на
# самом деле.
