"""
Разные фильтры — разные паттерны
================================

**После этой страницы вы сможете:**

- найти участки картинок, на которые сильнее всего откликается фильтр;
- объяснить, почему карты дальних слоёв чаще бывают пустыми.

Разные фильтры, даже в одном слое, откликаются на разные паттерны: один на колесо,
другой на глаз кошки. Проверим на сети со страницы
[«Что видят слои»](plot_11_layer_activations.ipynb).
"""

# %%
# Лучшие участки фильтра
# ----------------------
#
# Для каждого фильтра — девять сцен, на которые он откликается сильнее всего, и участок,
# который он при этом видел.
#
# <details>
# <summary>Подробнее: как получены мозаики</summary>
#
# Для каждого фильтра мы нашли 9 тестовых сцен, на которых он откликается сильнее
# всего, и вырезали из каждой участок, который фильтр «видел», — рецептивное поле самого
# яркого пикселя его карты (так делали Зейлер и Фергус в 2013 году). Над мозаикой —
# номер фильтра и класс, к которому относится больше всего из девяти сцен.
#
# </details>

#| fold
from lessonlib.experiments import scenes_experiment, scenes_test_set
from lessonlib.figures.training import top_patches_figure
from lessonlib.models import receptive_field_layers
from lessonlib.receptive_field import receptive_fields
from lessonlib.style import save_figure

result = scenes_experiment()
test = scenes_test_set(result.config)
layers = receptive_field_layers(result.model())
sizes = [rf.size for rf in receptive_fields(layers)]
save_figure(top_patches_figure(result.top, test, layers), "filter_top_patches")

# %%
# В первом слое — кусочки границ и пятна цвета, в дальних — целые детали: дверь,
# окна машины, колесо.
#
# <details>
# <summary>Подробнее: что видно на мозаиках</summary>
#
# Чем дальше слой, тем крупнее участок и тем больше в нём целых деталей: в третьем
# слое фильтры находят дверь домика, в четвёртом — окна машины, в пятом — колесо или
# весь домик целиком. В сети, обученной на тысяче классов ImageNet, чужих для
# картинки паттернов ещё больше, и пустых карт тоже.
#
# </details>
#
# Фильтр дальнего слоя загорается, только когда на картинке есть его паттерн, поэтому
# многие его карты почти пусты.

#| fold
from lessonlib.findings import deep_layers_topic, verdict

topic = deep_layers_topic()
claims = [topic.claim(key) for key in ("first_layer_full", "deep_empty", "class_purity")]
verdict(claims)

# %%

#| fold
from lessonlib.report import empty_maps_details

empty_maps_details(result, claims[:2])

# %%
# Проверь себя
# ------------
#
# **1.** Почему участки дальних слоёв на мозаиках крупнее?

#| answer
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
# Фильтры первого слоя откликаются на простые паттерны — границы, линии, пятна цвета.
# Такие паттерны есть почти на любой картинке, поэтому хоть где-то на карте найдётся
# большое число.
#
# </details>
