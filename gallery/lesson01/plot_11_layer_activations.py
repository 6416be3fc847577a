"""
Что видят слои
==============

**После этой страницы вы сможете:**

- обучить свёрточную сеть из пяти слоёв на цветных картинках;
- рассмотреть карты активации каждого слоя обученной сети;
- показать на картинке, какой участок видит пиксель каждого слоя.

В уроке берут сеть, обученную на ImageNet, подают ей картинку кошки и смотрят на карты
активации пяти свёрточных слоёв. Ни картинок ImageNet, ни обученных на нём весов без
интернета у нас нет. Поэтому мы обучим сеть сами — на маленьких нарисованных сценах,
— и посмотрим на её слои. Сеть настоящая и обучена при сборке сайта; масштаб,
конечно, гораздо скромнее, чем у ImageNet.
"""

# %%
# Сцены
# -----
#
# Каждая сцена — цветная картинка 48×48 одного из четырёх классов: домик, ёлка,
# солнце или машина. Положение и размер объекта, цвета его частей и фон выбираются
# случайно, поверх добавлен шум. Цвета выбираются одинаково для всех классов — ёлка
# бывает синей, а солнце зелёным, — так что узнать класс можно только по форме.
# Обучающие и тестовые сцены рисуются с разными зёрнами, так что тестовых картинок
# сеть не видела. Вот первые тестовые сцены каждого класса:

from lessonlib.experiments import SCENES_TEST, SCENES_TRAIN, scenes_test_set
from lessonlib.figures.training import scene_samples_figure
from lessonlib.style import save_figure

test = scenes_test_set()
print(f"обучение: {SCENES_TRAIN} сцен, тест: {SCENES_TEST} сцен")
save_figure(scene_samples_figure(test), "scene_samples")

# %%
# Сеть из пяти свёрточных слоёв
# -----------------------------
#
# После каждого свёрточного слоя — ReLU, после последнего — flatten и полносвязный слой
# с четырьмя выходами. Во втором и четвёртом слоях фильтр шагает по карте через пиксель
# (шаг 2), поэтому карты этих слоёв вдвое меньше. А рамка из нулей по краю (padding)
# сохраняет размер карты в остальных слоях. Последний столбец — рецептивное поле: какой
# участок картинки видит один пиксель карты этого слоя (подробно — на странице
# [«Рецептивное поле»](plot_12_receptive_field.ipynb)).

import torch

from lessonlib.experiments import scenes_experiment
from lessonlib.models import receptive_field_layers
from lessonlib.receptive_field import receptive_fields
from lessonlib.report import conv_layers_table

result = scenes_experiment()
model = result.model()
layers = receptive_field_layers(model)
conv_layers_table(model, test.images[0])

# %%
# Обучение
# --------

from lessonlib.experiments import SCENES_CONFIG
from lessonlib.fmt import accuracy, integer, percent, seconds
from lessonlib.train import predict

run = result.run
print(f"обучаемых параметров: {integer(run.parameters)}")
print(
    f"{SCENES_CONFIG.epochs} эпох, обучение одной сети заняло "
    f"{seconds(run.total_seconds / len(run.seeds))} (при сборке сайта, один поток процессора)"
)
print(
    f"точность на тестовых сценах: {accuracy(run.mean, run.std)} "
    f"(среднее ± отклонение по {len(run.seeds)} зёрнам)"
)
print("по классам для сети первого зерна — её карты показаны ниже:")
predicted = predict(model, test.images)
for label, name in enumerate(test.class_names):
    mask = test.labels == label
    print(f"  {name}: {accuracy(float((predicted[mask] == label).float().mean()))}")

# %%
# Домик, которого сеть не видела
# ------------------------------
#
# Возьмём из тестовых сцен самый крупный домик и пропустим через сеть.

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
# Ниже — все карты активации каждого слоя для этого домика. Внутри слоя шкала общая:
# чёрный — ноль, белый — самое большое число слоя. Поэтому тёмная карта значит, что
# фильтр здесь почти не откликнулся. Под каждым рисунком — сколько карт слоя почти
# пусты: их максимум меньше 10 % максимума самой яркой карты слоя.

from lessonlib.activations import NEAR_EMPTY_FRACTION
from lessonlib.figures.training import activation_maps_figure


def layer_figure(k: int):
    rf = receptive_fields(layers)[k].size
    fig = activation_maps_figure(
        maps[k],
        f"Слой {k + 1}: все карты ({len(maps[k])}), "
        f"каждая {maps[k].shape[-1]}×{maps[k].shape[-1]}, поле {rf}×{rf}",
    )
    peaks = maps[k].max(axis=(1, 2))
    empty = int((peaks < NEAR_EMPTY_FRACTION * peaks.max()).sum())
    print(f"слой {k + 1}: почти пустых карт {empty} из {len(peaks)}")
    return save_figure(fig, f"layer_maps_{k + 1}")


layer_figure(0)

# %%
# Карты первого слоя повторяют картинку: фильтры откликаются на границы и цвета —
# стены, крыши, двери, окна, — и детали видны почти попиксельно.

layer_figure(1)

# %%

layer_figure(2)

# %%
# С каждым слоем карты становятся мельче, а один их пиксель видит всё больший участок
# картинки: детализация снижается.

layer_figure(3)

# %%

layer_figure(4)

# %%
# Фильтры первого слоя
# --------------------
#
# Фильтры первого слоя трёхмерные, 5×5×3: их можно нарисовать как маленькие цветные
# картинки. Каждый растянут в свою шкалу: тёмное — самые маленькие числа фильтра,
# яркое — самые большие. Фильтр откликается сильнее всего на участок картинки, похожий
# на него самого.

from lessonlib.figures.training import rgb_filters_figure

save_figure(rgb_filters_figure(run.filters_after[0]), "scene_filters_layer1")

# %%
# Сколько видит пиксель каждого слоя
# ----------------------------------
#
# Рамки — рецептивные поля пикселя каждого слоя рядом с центром домика: всё, что
# внутри рамки, может повлиять на этот пиксель, а всё снаружи — нет. Размеры рамок
# посчитаны по настоящим размерам фильтров, шагам и рамкам из нулей этой сети.

from lessonlib.figures.training import receptive_field_boxes_figure

top, left, bottom, right = test.parts[house]["стена"]
roof_top = test.parts[house]["крыша"][0]
centre = (round((roof_top + bottom) / 2), round((left + right) / 2))
save_figure(
    receptive_field_boxes_figure(image[0].numpy(), layers, centre), "scene_receptive_fields"
)

# %%
# Сравним поле последнего слоя с самим домиком:

house_w, house_h = round(right - left), round(bottom - roof_top)
last_rf = receptive_fields(layers)[-1].size
print(f"домик: {house_w}×{house_h} пикселей, поле последнего слоя: {last_rf}×{last_rf}")
covered = min(1, last_rf / house_w) * min(1, last_rf / house_h)
print(f"поле может накрыть {percent(covered, 0)} площади рамки домика")

# %%
# Поле первого слоя — несколько пикселей: в нём помещается кусочек границы. Поле
# последнего слоя сравнимо с размером всего домика. Это и позволяет дальним слоям
# откликаться на крупные составные узоры, а не на отдельные линии. Так складывается
# [иерархия признаков](../glossary.html#ierarkhiya-priznakov): первые слои находят линии и края, а
# следующие собирают из них всё более сложные узоры. Что именно находят
# фильтры разных слоёв, — на странице
# [«Разные фильтры — разные узоры»](plot_13_filter_patterns.ipynb).
#
# Проверь себя
# ------------
#
# **1.** Какая глубина у фильтров второго слоя и почему?

from lessonlib.quiz import answer

answer(
    f"{model.convs[0].out_channels}: первый слой выдаёт {model.convs[0].out_channels} карт, "
    f"и второй слой сворачивает их все сразу — как картинку с "
    f"{model.convs[0].out_channels} каналами."
)

# %%
# **2.** Сколько чисел получает полносвязный слой после flatten?

last = maps[-1]
answer(
    f"{integer(last.size)} = {last.shape[0]} · {last.shape[1]} · {last.shape[2]}: "
    "по одному числу с каждого пикселя каждой карты последнего слоя."
)
