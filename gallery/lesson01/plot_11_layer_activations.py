"""
Что видят слои
==============

**После этой страницы вы сможете:**

- рассмотреть карты активации каждого слоя обученной сети;
- показать на картинке, какой участок видит пиксель каждого слоя.

Сети, обученной на ImageNet, как в уроке, у нас нет, поэтому мы обучили свою — на
нарисованных сценах.
"""

# %%
# Сцены
# -----
#
# Домик, ёлка, солнце или машина в случайном месте, случайного размера и цвета: класс
# узнаётся только по форме.
#
# <details>
# <summary>Подробнее: какие это сцены</summary>
#
# Сцена — цветная картинка 48×48. Цвет тоже случайный (ёлка бывает синей), поэтому по
# цвету класс не угадать. Тестовых сцен сеть при обучении не видела.
#
# </details>

#| fold
from lessonlib.experiments import ScenesConfig, scenes_test_set
from lessonlib.figures.training import scene_samples_figure
from lessonlib.style import save_figure

config = ScenesConfig()
test = scenes_test_set(config)
print(f"обучение: {config.train_images} сцен, тест: {config.test_images} сцен")
save_figure(scene_samples_figure(test), "scene_samples")

# %%
# Сеть из пяти свёрточных слоёв
# -----------------------------
#
# После каждого свёрточного слоя — ReLU, после последнего — flatten и полносвязный слой
# с четырьмя выходами.

#| fold
import torch

from lessonlib.experiments import scenes_experiment
from lessonlib.models import receptive_field_layers
from lessonlib.receptive_field import receptive_fields
from lessonlib.report import Details, conv_layers_table

result = scenes_experiment(config)
model = result.model()
layers = receptive_field_layers(model)
Details(
    "Во втором и четвёртом слоях фильтр шагает по карте через пиксель "
    "([шаг свёртки](../glossary.html#shag) 2), поэтому карты этих слоёв вдвое меньше. "
    "А рамка из нулей по краю (padding) сохраняет размер карты в остальных слоях. "
    "Последний столбец — рецептивное поле: какой участок картинки видит один пиксель "
    "карты этого слоя (подробно — на странице "
    "[«Рецептивное поле»](plot_12_receptive_field.ipynb)).\n\n"
    + conv_layers_table(model, test.images[0]).text,
    summary="Подробнее: слои сети",
)

# %%
# Обучение
# --------

#| fold
from lessonlib.fmt import accuracy, integer, percent, seconds
from lessonlib.train import predict

run = result.run
print(f"точность на тестовых сценах: {accuracy(run.mean)}")
predicted = predict(model, test.images)
Details(
    f"Обучаемых параметров — {integer(run.parameters)}; {config.epochs} эпох; "
    f"обучение одной сети заняло {seconds(run.total_seconds / len(run.seeds))}. "
    "Сеть обучили несколько раз с разными "
    f"случайными начальными весами (запусков — {len(run.seeds)}): точность "
    f"{accuracy(run.mean, run.std)} — «среднее ± разброс». Карты ниже — у сети первого "
    "запуска; вот как она узнаёт каждый класс:\n\n"
    + "\n".join(
        f"* {name}: {accuracy(float((predicted[test.labels == label] == label).float().mean()))}"
        for label, name in enumerate(test.class_names)
    )
)

# %%
# Домик, которого сеть не видела
# ------------------------------
#
# Возьмём самый крупный домик из тестовых сцен.

#| fold
house = max(
    (i for i, label in enumerate(test.labels.tolist()) if label == 0),
    key=lambda i: test.parts[i]["стена"][3] - test.parts[i]["стена"][1],
)
image = test.images[house : house + 1]
with torch.no_grad():
    maps = [m[0].numpy() for m in model.activations(image)]
    probabilities = torch.softmax(model(image), dim=1)[0]
guess = int(probabilities.argmax())
print(
    f"сеть считает, что это {test.class_names[guess]}: "
    f"вероятность {accuracy(float(probabilities[guess]))}"
)

# %%
# Ниже — все карты каждого слоя для этого домика: чёрный — ноль, белый — самое большое
# число слоя. Тёмная карта значит, что на домике нет паттерна её фильтра.
#
# <details>
# <summary>Подробнее: почти пустые карты</summary>
#
# Внутри слоя шкала общая. Карту мы называем **почти пустой**, если её максимум меньше
# 10 % максимума самой яркой карты слоя; под каждым рисунком сказано, сколько их.
#
# </details>

#| fold
from lessonlib.figures.training import layer_maps_figure
from lessonlib.style import save_figure

fields = [rf.size for rf in receptive_fields(layers)]

save_figure(layer_maps_figure(maps[0], 0, fields[0]), "layer_maps_1")

# %%
# Карты первого слоя повторяют картинку: границы и цвета стен, крыши, двери, окон.

#| fold
save_figure(layer_maps_figure(maps[1], 1, fields[1]), "layer_maps_2")

# %%

#| fold
save_figure(layer_maps_figure(maps[2], 2, fields[2]), "layer_maps_3")

# %%
# С каждым слоем карты мельче, а пиксель видит всё больший участок картинки:
# детализация снижается. В четвёртом и пятом слоях почти пустых карт много — на этом
# домике нет паттернов этих фильтров.

#| fold
save_figure(layer_maps_figure(maps[3], 3, fields[3]), "layer_maps_4")

# %%

#| fold
save_figure(layer_maps_figure(maps[4], 4, fields[4]), "layer_maps_5")

# %%
# Куда смотрят дальние слои
# -------------------------
#
# В уроке последний слой «загорается» там, где на картинке кошка. Вот сумма карт слоя
# поверх домика (рамка объекта — оранжевая).

#| fold
from lessonlib.data import object_box
from lessonlib.figures.training import maps_over_scene_figure

save_figure(
    maps_over_scene_figure(
        image[0].numpy(),
        {f"слой {k + 1}": maps[k] for k in range(2, len(maps))},
        object_box(test.parts[house]),
    ),
    "layers_over_scene",
)

# %%
# Дальние слои ярче всего откликаются у двери, а не на всём домике.

#| fold
from lessonlib.findings import deep_layers_topic, verdict

topic = deep_layers_topic()
verdict([topic.claim("deep_layer")])

# %%

#| fold
Details(
    "Один домик — не доказательство. Мы измерили на всех тестовых сценах, какая доля "
    "всей активации слоя попадает внутрь рамки объекта. "
    + topic.claim("deep_layer").finding
    + " Таблица по слоям и как считали — на странице "
    "[«Проверяем утверждения урока»](plot_16_lesson_claims.ipynb).",
    summary="Подробнее: что показали все сцены",
)

# %%

#| fold
from lessonlib.figures.training import rgb_filters_figure
from lessonlib.report import figure_markdown

Details(
    "Фильтры первого слоя трёхмерные, 5×5×3: их можно нарисовать как маленькие цветные "
    "картинки. Каждый растянут в свою шкалу: тёмное — самые маленькие числа фильтра, "
    "яркое — самые большие. Фильтр откликается сильнее всего на участок картинки, "
    "похожий на него самого.\n\n"
    + figure_markdown(rgb_filters_figure(run.filters_after[0]), "scene_filters_layer1"),
    summary="Подробнее: фильтры первого слоя",
)

# %%
# Сколько видит пиксель каждого слоя
# ----------------------------------
#
# Рамки — рецептивные поля пикселя каждого слоя у центра домика: всё, что внутри
# рамки, может повлиять на этот пиксель.

#| fold
from lessonlib.figures.training import receptive_field_boxes_figure

top, left, bottom, right = test.parts[house]["стена"]
roof_top = test.parts[house]["крыша"][0]
centre = (round((roof_top + bottom) / 2), round((left + right) / 2))
save_figure(
    receptive_field_boxes_figure(image[0].numpy(), layers, centre), "scene_receptive_fields"
)

# %%
# Поле последнего слоя сравнимо со всем домиком, поэтому дальние слои откликаются на
# крупные паттерны. Это [иерархия признаков](../glossary.html#ierarkhiya-priznakov):
# первые слои находят линии и края, следующие собирают из них всё более сложные
# паттерны.

#| fold
house_w, house_h = round(right - left), round(bottom - roof_top)
last_rf = receptive_fields(layers)[-1].size
covered = min(1, last_rf / house_w) * min(1, last_rf / house_h)
Details(
    f"Домик — {house_w}×{house_h} пикселей, поле последнего слоя — {last_rf}×{last_rf}: "
    f"оно может накрыть {percent(covered, 0)} площади рамки домика. Поле первого слоя — "
    "несколько пикселей: в нём помещается кусочек границы. Размеры рамок посчитаны по "
    "настоящим размерам фильтров, шагам свёртки и рамкам из нулей этой сети. Что именно "
    "находят фильтры разных слоёв, — на странице "
    "[«Разные фильтры — разные паттерны»](plot_13_filter_patterns.ipynb).",
    summary="Подробнее: поле и домик",
)

# %%
# Проверь себя
# ------------
#
# **1.** Какая глубина у фильтров второго слоя и почему?

#| answer
from lessonlib.quiz import answer

answer(
    f"{model.convs[0].out_channels}: первый слой выдаёт {model.convs[0].out_channels} карт, "
    f"и второй слой сворачивает их все сразу — как картинку с "
    f"{model.convs[0].out_channels} каналами."
)

# %%
# **2.** Сколько чисел получает полносвязный слой после flatten?

#| answer
last = maps[-1]
answer(
    f"{integer(last.size)} = {last.shape[0]} · {last.shape[1]} · {last.shape[2]}: "
    "по одному числу с каждого пикселя каждой карты последнего слоя."
)
