"""
Разные фильтры — разные паттерны
================================

**После этой страницы вы сможете:**

- найти участки картинок, на которые сильнее всего откликается фильтр;
- сравнить паттерны, которые находят фильтры ближних и дальних слоёв;
- объяснить, почему карты дальних слоёв чаще бывают пустыми.

Разные фильтры, даже в одном слое, откликаются на разные паттерны: один на колесо,
другой на глаз кошки. Посмотрим на это в сети со страницы
[«Что видят слои»](plot_11_layer_activations.ipynb).
"""

# %%
# Лучшие участки фильтра
# ----------------------
#
# Для каждого фильтра найдём 9 тестовых сцен, на которых он откликается сильнее всего,
# и вырежем из каждой участок, который фильтр «видел», — рецептивное поле самого
# яркого пикселя его карты (так делали Зейлер и Фергус в 2013 году). Над мозаикой —
# номер фильтра и класс, к которому относится больше всего из девяти сцен.

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
# Участки первого слоя — кусочки границ и пятна цвета. Чем дальше слой, тем крупнее
# участок и тем больше в нём целых деталей: в третьем слое фильтры находят дверь
# домика, в четвёртом — окна машины, в пятом — колесо или весь домик целиком.
#
# Пустые карты
# ------------
#
# Карту назовём **почти пустой**, если её максимум меньше 10 % максимума самой яркой
# карты того же слоя на той же картинке: на рисунке с общей шкалой слоя такая карта
# почти чёрная. Посчитаем, какая доля карт почти пуста в каждом слое, по всем 400
# тестовым сценам.

from lessonlib.findings import empty_maps_claims, findings_list

near = result.near_empty.mean(axis=0)
alive = result.near_empty_alive.mean(axis=0)
findings_list(empty_maps_claims(near, alive))

# %%
# Фильтр загорается, только когда на картинке есть его паттерн. В сети, обученной на
# тысяче классов ImageNet, чужих паттернов ещё больше, и пустых карт тоже.

#| fold
from lessonlib.activations import NEAR_EMPTY_FRACTION, chance_majority_share
from lessonlib.figures.training import empty_maps_figure, layer_purity_figure
from lessonlib.findings import class_purity_claim
from lessonlib.fmt import percent
from lessonlib.report import Details, figure_markdown

dead = result.dead.mean(axis=0)
chance = chance_majority_share(result.config.top_k, len(test.class_names))
empty_figure = empty_maps_figure(
    result.near_empty, result.near_empty_alive, result.dead, NEAR_EMPTY_FRACTION
)
purity_figure = layer_purity_figure(result.majority, chance, sizes)
Details(
    "Белые края у некоторых участков мозаики — часть поля за краем картинки: там сеть "
    "видела рамку из нулей.\n\n"
    "**Фильтры, которые молчат всегда.** Бывает, что фильтр не откликается ни на одну "
    "картинку: всё, что он выдаёт, ReLU превращает в ноль, и такой фильтр больше не "
    "учится. Урок говорит о другом — о фильтрах, которые ищут *чужой* паттерн. Поэтому "
    "на рисунке доля почти пустых карт посчитана дважды: среди всех фильтров и только "
    "среди тех, что хоть на что-то откликаются. Молчащих фильтров по слоям: "
    + ", ".join(percent(v, 0) for v in dead)
    + ". Доли — среднее по сетям из нескольких запусков обучения.\n\n"
    + figure_markdown(empty_figure, "empty_maps_by_layer")
    + "\n\n**Насколько фильтр «про один класс».** Для каждого фильтра посчитаем, какая "
    f"доля его {result.config.top_k} лучших сцен — одного класса. "
    + class_purity_claim(result.majority, chance).finding
    + "\n\n"
    + figure_markdown(purity_figure, "filter_class_purity")
)

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
