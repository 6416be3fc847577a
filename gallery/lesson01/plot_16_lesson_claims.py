"""
Опыты урока: подробности
========================

**Эта страница — для педагога и для тех, кому интересно:**

- какие сети обучали опыты урока, сколько раз и насколько точность зависит от случая;
- какие утверждения урока подтвердились на наших сетях, а какие нет, и почему.

Урок рассказывает о больших сетях, обученных на ImageNet. Таких у нас нет, зато наши
сети обучены по-настоящему, и каждое утверждение урока можно проверить на них. Страницы
урока говорят о результате одной фразой и ведут сюда.
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
from lessonlib.experiments import prototype_experiment
from lessonlib.findings import claims_list, cnn_vs_fc_topic, deep_layers_topic, prototype_topic
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
# Слои сети для сцен
# ------------------
#
# Сеть из пяти свёрточных слоёв со страниц [«Что видят слои»](plot_11_layer_activations.ipynb)
# и [«Разные фильтры — разные паттерны»](plot_13_filter_patterns.ipynb). Сцены нарисованы
# кодом, поэтому прямоугольник, в котором лежит объект, известен точно.

#| fold
topic = deep_layers_topic()
claims_list(topic.claims)

# %%
# **Как считали долю на объекте.** Пиксель карты отвечает квадрату картинки (в слоях 4
# и 5 — квадрату 4×4): его число раскладывается на этот квадрат, и мы считаем, какая часть
# суммы легла в прямоугольник объекта. «Самое яркое место» — доля сцен, где сильнее всего
# слой откликнулся в этом прямоугольнике.

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
# на всех десяти цифрах: полносвязная сеть (картинка 28×28 вытягивается в 784 числа →
# скрытый слой с ReLU → 10 выходов), CNN (два свёрточных слоя по 8 фильтров 3×3 с ReLU →
# вытягивание → 10 выходов) и та же CNN с фильтрами, замороженными случайными. Учим на
# 4 000 цифр, проверяем на 1 000 других.

#| fold
from lessonlib.experiments import cnn_vs_fc_experiment

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
