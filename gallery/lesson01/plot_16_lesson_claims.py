"""
Проверяем утверждения урока
===========================

**После этой страницы вы сможете:**

- сказать, какие утверждения урока подтвердились на наших обученных сетях, а какие нет;
- объяснить, почему маленькая сеть может вести себя не так, как большая.

Урок рассказывает о больших сетях, обученных на ImageNet. Таких у нас нет, зато наши
сети обучены по-настоящему, и каждое утверждение урока можно проверить на них. Здесь
собраны все проверки: страницы урока показывают только вывод и ведут сюда.
"""

# %%
# Прототип: четвёрки и восьмёрки
# ------------------------------
#
# Пять моделей со страницы [«Обучение прототипа»](plot_07_prototype_training.ipynb):
# (a) без свёрток, (b) с одним фильтром, (c) прототип урока с двумя ручными фильтрами,
# (d) и (e) — с обучаемыми фильтрами.

#| fold
from lessonlib.findings import claims_list, cnn_vs_fc_topic, deep_layers_topic, prototype_topic

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
# Слои сети для сцен
# ------------------
#
# Сеть из пяти свёрточных слоёв со страниц [«Что видят слои»](plot_11_layer_activations.ipynb)
# и [«Разные фильтры — разные паттерны»](plot_13_filter_patterns.ipynb). Сцены нарисованы
# кодом, поэтому рамка объекта известна точно.

#| fold
topic = deep_layers_topic()
claims_list(topic.claims)

# %%
# **Как считали долю внутри рамки.** Пиксель карты отвечает квадрату картинки (в
# слоях 4 и 5 — квадрату 4×4): его число раскладывается на этот квадрат, и мы считаем,
# какая часть суммы легла внутрь рамки. «Самое яркое место» — доля сцен, где сильнее
# всего слой откликнулся внутри рамки.

#| fold
from lessonlib.activations import object_shares
from lessonlib.experiments import scenes_experiment, scenes_test_set
from lessonlib.findings import deep_layers_table

scenes = scenes_experiment()
test = scenes_test_set(scenes.config)
deep_layers_table(object_shares(scenes.model(), test))

# %%
# **Пустые карты и молчащие фильтры.** Карта почти пуста, если её максимум меньше 10 %
# максимума самой яркой карты слоя. Бывает и так, что фильтр не откликается ни на одну
# картинку: всё, что он выдаёт, ReLU превращает в ноль, и такой фильтр больше не
# учится. Урок говорит о другом — о фильтрах, которые ищут *чужой* паттерн. Поэтому
# доля почти пустых карт посчитана дважды: среди всех фильтров и только среди тех, что
# хоть на что-то откликаются.

#| fold
from lessonlib.activations import NEAR_EMPTY_FRACTION
from lessonlib.figures.training import empty_maps_figure

save_figure(
    empty_maps_figure(scenes.near_empty, scenes.near_empty_alive, scenes.dead, NEAR_EMPTY_FRACTION),
    "claims_empty_maps",
)

# %%
# **Насколько фильтр «про один класс».** Для каждого фильтра посчитали, какая доля его
# девяти лучших сцен — одного класса. Если бы класс был фильтру безразличен, доля была
# бы около пунктирной линии.

#| fold
from lessonlib.activations import chance_majority_share
from lessonlib.figures.training import layer_purity_figure
from lessonlib.models import receptive_field_layers
from lessonlib.receptive_field import receptive_fields

chance = chance_majority_share(scenes.config.top_k, len(test.class_names))
sizes = [rf.size for rf in receptive_fields(receptive_field_layers(scenes.model()))]
save_figure(layer_purity_figure(scenes.majority, chance, sizes), "filter_class_purity")

# %%
# Почему не всё совпало с уроком? Скорее всего, потому, что наша сеть маленькая, классов у неё
# четыре, а не тысяча, и сцены простые. Уже мелкий паттерн первого слоя — тёмное колесо или дверь —
# выдаёт класс, поэтому дальним слоям не нужно смотреть только на объект.
#
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
