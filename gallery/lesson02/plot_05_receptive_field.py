"""
Рецептивное поле с шагом и пулингом
===================================

**После этой страницы вы сможете:**

- посчитать [рецептивное поле](../glossary.html#retseptivnoe-pole) слой за слоем в
  сети с пулингом и шагом;
- объяснить, почему после пулинга свёртка расширяет поле сильнее.

Пять свёрток 3×3 подряд давали поле 11×11: каждая добавляла 2 пикселя.
"""

# %%
# Поле растёт быстрее
# -------------------
#
# После пулинга 2×2 поля соседних пикселей сдвинуты на 2 пикселя входа — это **скачок**
# (jump); каждый пулинг или шаг 2 удваивает его. Поэтому свёртка 3×3 после пулинга
# расширяет поле на 4 пикселя, после второго — на 8.

from lessonlib.figures.receptive_field import receptive_field_growth_figure
from lessonlib.lessons.lesson02 import DEEP_CONVS, POOLED_LAYERS, STRIDED_LAYERS
from lessonlib.style import save_figure

stacks = {"без пулинга": DEEP_CONVS, "с пулингом": POOLED_LAYERS, "с шагом 2": STRIDED_LAYERS}
save_figure(receptive_field_growth_figure(stacks), "field_growth")

# %%
# Слой за слоем
# -------------
#
# Для свёртки и для пулинга: окно $f$ расширяет поле на $(f - 1) \cdot j$ ($j$ — скачок
# перед слоем), а шаг $s$ умножает скачок на $s$.

#| fold
from lessonlib.markdown import table
from lessonlib.receptive_field import receptive_fields
from lessonlib.report import Details
from lessonlib.shapes import Pool

rows = []
for layer, rf in zip(POOLED_LAYERS, receptive_fields(POOLED_LAYERS), strict=True):
    kind = "пулинг" if isinstance(layer, Pool) else "свёртка"
    name = f"{kind} {layer.size}×{layer.size}, шаг {layer.stride}"
    rows.append([name, rf.jump, f"{rf.size}×{rf.size}"])
Details(
    table(["слой", "скачок после слоя", "рецептивное поле"], rows).text,
    summary="Подробнее: сеть с пулингом слой за слоем",
)

# %%
# Пулинг уменьшает карты и даёт дальним слоям видеть больше картинки:

from lessonlib.fmt import decimal
from lessonlib.lessons.lesson02 import FIELD_PLAIN, FIELD_POOLED

print(f"без пулинга: поле {FIELD_PLAIN}×{FIELD_PLAIN}")
wider = decimal(FIELD_POOLED / FIELD_PLAIN)
print(f"с пулингом:  поле {FIELD_POOLED}×{FIELD_POOLED}, в {wider} раза шире")

# %%
# Где уменьшает карты настоящая сеть
# ----------------------------------

#| fold
from lessonlib.fmt import plural
from lessonlib.markdown import Markdown
from lessonlib.squeezenet import CONV1, POOL, POOL_BEFORE

pools = plural(len(POOL_BEFORE), "максимум-пулинг", "максимум-пулинга", "максимум-пулингов")
Markdown(
    "У сети SqueezeNet с первого занятия карты уменьшают всего "
    f"{plural(len(POOL_BEFORE) + 1, 'слой', 'слоя', 'слоёв')}: первая свёртка с шагом "
    f"{CONV1.stride} и {pools} {POOL.size}×{POOL.size} с шагом {POOL.stride}. Модули fire "
    "между ними сторону карты не меняют, но их свёртки 3×3 расширяют поле."
)

# %%
# Сторону карты считаем по формуле $m = \lfloor (i + 2p - f)/s \rfloor + 1$, только
# пулинг этой сети округляет дробь вверх. Рядом — стороны настоящих карт, которые сеть
# выдала на фотографии кошки.

#| fold
from itertools import groupby

from lessonlib.images import photo
from lessonlib.realnet import network
from lessonlib.squeezenet import field_path, formula_sides, hooked_sides, preprocess

SIDE = 224
path = field_path()
by_formula = formula_sides(SIDE)
by_network = hooked_sides(network(), preprocess(photo("chelsea"), SIDE))
fields = dict(zip([name for name, _ in path], receptive_fields([x for _, x in path]), strict=True))


def what(layer):
    """Что слой делает с картой."""
    kind = "пулинг" if isinstance(layer, Pool) else "свёртка"
    if layer.stride > 1:
        return f"{kind} {layer.size}×{layer.size}, шаг {layer.stride}"
    if layer.size == 1:
        return "свёртка 1×1: карты классов"
    return "модули fire"


def stage(item):
    """Модули fire подряд — одна строка таблицы, остальные слои — каждый своя."""
    return "fire" if item[0].startswith("fire") else item[0]


rows = [[f"вход: фотография {SIDE}×{SIDE}", f"{SIDE} / {SIDE}", "1×1", 1]]
for key, group in groupby(path, key=stage):
    group = list(group)
    name, layer = group[-1]
    names = f"{group[0][0]}–{name}" if key == "fire" else name
    rf = fields[name]
    sides = f"{by_formula[name]} / {by_network[name]}"
    rows.append([f"{names}: {what(layer)}", sides, f"{rf.size}×{rf.size}", rf.jump])
squeeze_table = table(["слои", "сторона: формула / сеть", "поле", "скачок"], rows).text

# %%

#| fold
from lessonlib.fmt import percent

apart = [name for name in by_formula if by_formula[name] != by_network[name]]
agree = (
    "Формула и сеть сошлись на каждой строке."
    if not apart
    else (f"Формула и сеть разошлись в строках {', '.join(apart)}.")
)
last = fields[path[-1][0]].size
Details(
    f"{squeeze_table}\n{agree} Пиксель последней карты видит участок {last}×{last} — это "
    f"{percent(last / SIDE, 0)} стороны фотографии {SIDE}×{SIDE}.",
    summary="Подробнее: стороны и поля карт SqueezeNet",
)

# %%
#
# Проверь себя
# ------------
#
# **1.** Две свёртки 3×3, между ними пулинг 2×2 с шагом 2. Какое рецептивное поле у
# пикселя второй карты?

#| answer
from lessonlib.quiz import answer
from lessonlib.shapes import Conv

small = [Conv(1, 3), Pool(2, 2), Conv(1, 3)]
sizes = [rf.size for rf in receptive_fields(small)]
answer(
    f"{sizes[-1]}×{sizes[-1]}: свёртка даёт {sizes[0]}, пулинг — {sizes[1]} (и скачок 2), "
    f"вторая свёртка добавляет $(3 - 1) \\cdot 2 = 4$: ${sizes[1]} + 4 = {sizes[-1]}$."
)

# %%
# **2.** Во сколько раз вырос скачок после двух пулингов 2×2?

#| answer
jump = receptive_fields(POOLED_LAYERS)[-1].jump
answer(f"В {jump} раза: каждый пулинг с шагом 2 удваивает скачок, $2 \\cdot 2 = {jump}$.")

# %%
# **3.** SqueezeNet обучали на картинках 227×227. Какая сторона карты будет после
# третьего пулинга? А если бы пулинг округлял дробь вниз?

#| answer
from lessonlib.conv import output_size
from lessonlib.squeezenet import IMAGE_SIZE, POOL

trained = formula_sides(IMAGE_SIZE)
side = trained["conv1"]
for name, layer in path[1:]:
    side = output_size(side, layer.size, padding=layer.padding, stride=layer.stride)
    if name == "pool3":
        break
first = trained["pool1"]
answer(
    f"{trained['pool3']}×{trained['pool3']}: стороны {trained['conv1']} → {first} → "
    f"{trained['pool2']} → {trained['pool3']}. С округлением вниз вышло бы {side}×{side}: "
    f"на карте {first}×{first} дробь ({first} − {POOL.size})/{POOL.stride} = "
    f"{decimal((first - POOL.size) / POOL.stride)} не целая, и пулинг сети берёт ещё одно "
    "окно — у края, неполное."
)
