"""
Разные фильтры — разные узоры
=============================

**После этой страницы вы сможете:**

- найти участки картинок, на которые сильнее всего откликается фильтр;
- сравнить узоры, которые находят фильтры ближних и дальних слоёв;
- проверить по числам, правда ли карты дальних слоёв чаще бывают пустыми.

Урок говорит: разные фильтры, даже в одном слое, откликаются на разные по смыслу
узоры — один на колесо машины, другой на крыло самолёта, третий на глаз кошки. Фильтры
первого слоя находят простые линии, которые есть почти на любой картинке, поэтому их
карты не бывают пустыми. Фильтры дальних слоёв откликаются на сложные узоры, каждый на
свой, и на конкретной картинке многие их карты пусты. Проверим это на сети из пяти
слоёв со страницы [«Что видят слои»](plot_11_layer_activations.ipynb), обученной на
цветных сценах.
"""

# %%
# Лучшие участки фильтра
# ----------------------
#
# Чтобы понять, на что откликается фильтр, сделаем как Зейлер и Фергус (2013): пропустим
# через сеть все 400 тестовых сцен, для каждой найдём самое большое число на карте
# фильтра и отберём 9 сцен, где это число больше всего. Из каждой вырежем рецептивное
# поле этого пикселя — ровно тот участок, который фильтр «видел». Чем дальше слой, тем
# больше участок.
#
# Показаны первые четыре фильтра каждого слоя, у которых карта хоть раз была не
# пустой. Над мозаикой — номер фильтра и класс, к которому относится больше всего
# из девяти сцен.

import numpy as np

from lessonlib.activations import crop_receptive_field
from lessonlib.experiments import TOP_K, scenes_experiment, scenes_test_set
from lessonlib.figures.training import patch_mosaic, top_patches_figure
from lessonlib.models import receptive_field_layers
from lessonlib.receptive_field import receptive_fields
from lessonlib.style import save_figure

result = scenes_experiment()
test = scenes_test_set()
layers = receptive_field_layers(result.model())
sizes = [rf.size for rf in receptive_fields(layers)]
images, labels = test.images.numpy(), test.labels.numpy()

mosaics, titles = [], []
for k, top in enumerate(result.top):
    alive = [f for f in range(len(top.value)) if top.value[f, 0] > 0][:4]
    row_mosaics, row_titles = [], []
    for f in alive:
        patches = [
            crop_receptive_field(images[i], layers[: k + 1], r, c)
            for i, r, c in zip(top.image[f], top.row[f], top.col[f], strict=True)
        ]
        row_mosaics.append(patch_mosaic(np.stack(patches)))
        counts = np.bincount(labels[top.image[f]], minlength=len(test.class_names))
        row_titles.append(
            f"фильтр {f + 1}: {test.class_names[counts.argmax()]} {counts.max()}/{TOP_K}"
        )
    mosaics.append(row_mosaics)
    titles.append(row_titles)
row_names = [f"слой {k + 1}\nполе {s}×{s}" for k, s in enumerate(sizes)]
save_figure(top_patches_figure(mosaics, row_names, titles), "filter_top_patches")

# %%
# Белые края у некоторых участков — это часть поля за краем картинки: там сеть видела
# рамку из нулей.
#
# Насколько фильтр «про один класс»
# ---------------------------------
#
# Глазами видно, что участки первого слоя — кусочки границ и пятна цвета, а дальше
# участки крупнее. Измерим, насколько лучшие сцены фильтра принадлежат одному классу:
# для каждого фильтра — доля самого частого класса среди его 9 лучших сцен, в среднем по
# всем фильтрам слоя. Если бы класс фильтру был безразличен, эта доля была бы около
# значения, которое даёт случайный выбор 9 сцен из четырёх равных классов (пунктир).

from lessonlib.activations import chance_majority_share
from lessonlib.experiments import SCENES_SEEDS
from lessonlib.figures.training import layer_purity_figure

chance = chance_majority_share(TOP_K, len(test.class_names))
save_figure(layer_purity_figure(result.majority, chance, sizes), "filter_class_purity")

# %%
# Сеть обучалась с разными зёрнами, и для каждой обученной сети доля посчитана
# отдельно: точка — среднее, чёрточка — разброс. Вот числа и выводы из них:

from lessonlib.report import Markdown, percent

purity = result.majority.mean(axis=0)
grows = bool(np.all(np.diff(purity) >= 0))
change = purity[-1] - purity[0]
if change > 0.1:
    purity_verdict = (
        "* Фильтры последнего слоя заметно больше «про один класс», чем фильтры первого: "
        "дальние слои откликаются на крупные узоры, характерные для класса, — это "
        "согласуется с уроком."
    )
else:
    purity_verdict = (
        "* "
        + (
            "В последнем слое эта доля даже ниже, чем в первом"
            if change < -0.1
            else "Заметной разницы между первым и последним слоем нет"
        )
        + " (порог — 10 процентных пунктов): по этой мере утверждение урока в нашей "
        "маленькой сети не подтвердилось. Возможная причина видна на мозаиках: у некоторых "
        "классов есть мелкие узоры постоянного цвета — тёмные колёса машины, тёмная дверь "
        "домика, — и даже фильтр первого слоя, который ловит маленькое тёмное пятно, "
        "сильнее всего откликается на картинки одного класса. Доля главного класса мерит "
        "«привязку к классу», а не сложность узора; сложность лучше видна на самих мозаиках."
    )
Markdown(
    f"* Среднее по {len(SCENES_SEEDS)} зёрнам, первый слой: {percent(purity[0], 0)}, "
    f"последний: {percent(purity[-1], 0)}; если бы класс был безразличен — около "
    f"{percent(chance, 0)}.\n"
    "* По слоям: "
    + ", ".join(percent(p, 0) for p in purity)
    + (" — растёт от слоя к слою.\n" if grows else " — растёт не от каждого слоя к следующему.\n")
    + purity_verdict
    + "\n"
)

# %%
# Пустые карты
# ------------
#
# Теперь проверим утверждение о пустых картах. Договоримся: карта **почти пуста**, если
# её максимум меньше 10 % максимума самой яркой карты того же слоя на той же картинке —
# на рисунке с общей шкалой слоя такая карта почти чёрная. Порог один для всех слоёв.
#
# Есть тонкость. Бывают **мёртвые** фильтры: их карта пуста на любой картинке, потому
# что ReLU гасит всё, что они выдают, — такой фильтр ни на что не откликается и не
# учится. Урок говорит о другом: о фильтрах, которые ищут *чужой* узор. Поэтому
# посчитаем долю почти пустых карт дважды — среди всех фильтров и только среди живых, —
# а мёртвые фильтры покажем отдельно. Доли усреднены по всем 400 тестовым сценам и по
# сетям, обученным с разными зёрнами.

from lessonlib.activations import NEAR_EMPTY_FRACTION
from lessonlib.figures.training import empty_maps_figure

save_figure(
    empty_maps_figure(result.near_empty, result.near_empty_alive, result.dead, NEAR_EMPTY_FRACTION),
    "empty_maps_by_layer",
)

# %%


def verdict(claim: bool) -> str:
    return "подтвердилось" if claim else "не подтвердилось"


def by_layer(values: np.ndarray) -> str:
    return ", ".join(percent(v, 0) for v in values)


near = result.near_empty.mean(axis=0)
alive = result.near_empty_alive.mean(axis=0)
dead = result.dead.mean(axis=0)
Markdown(
    f"* Почти пустые карты по слоям, все фильтры: {by_layer(near)}; только живые: "
    f"{by_layer(alive)}. Мёртвых фильтров: {by_layer(dead)}.\n"
    f"* «В первом слое пустых карт нет» (считаем верным, если почти пустых меньше 5 %): "
    f"{percent(near[0], 0)} — {verdict(near[0] < 0.05)}.\n"
    f"* «В дальних слоях пустых карт больше»: в последнем слое {percent(near[-1], 0)} "
    f"против {percent(near[0], 0)} в первом — {verdict(near[-1] > near[0])}; "
    f"среди живых фильтров {percent(alive[-1], 0)} против {percent(alive[0], 0)} — "
    f"{verdict(alive[-1] > alive[0])}.\n"
    f"* От слоя к слою доля почти пустых карт "
    f"{'растёт' if np.all(np.diff(near) >= 0) else 'растёт не монотонно'}.\n"
)

# %%
# Почему так бывает. В сети, обученной на тысяче классов ImageNet, большинство
# фильтров дальних слоёв ищут узоры чужих классов, и на картинке кошки их карты
# пустеют. У нашей сети классов всего четыре, так что чужих узоров меньше, а часть
# пустоты дают мёртвые фильтры. Мысль урока от этого не меняется: фильтр загорается,
# только когда на картинке есть его узор, — это хорошо видно на мозаиках выше.
#
# Проверь себя
# ------------
#
# **1.** Почему участки дальних слоёв на мозаиках крупнее?

from lessonlib.quiz import answer

answer(
    f"Вырезано рецептивное поле пикселя, а оно растёт с глубиной: "
    f"{', '.join(f'{s}×{s}' for s in sizes)} пикселей для слоёв 1–{len(sizes)}."
)

# %%
# **2.** Почему карты первого слоя редко бывают пустыми?
#
# <details>
# <summary>Ответ</summary>
#
# Фильтры первого слоя откликаются на простые узоры — границы, линии, пятна цвета.
# Такие узоры есть почти на любой картинке, поэтому хоть где-то на карте найдётся
# большое число.
#
# </details>
