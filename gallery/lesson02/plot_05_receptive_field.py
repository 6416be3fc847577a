"""
Рецептивное поле с шагом и пулингом
===================================

**После этой страницы вы сможете:**

- посчитать [рецептивное поле](../glossary.html#retseptivnoe-pole) слой за слоем в
  сети с пулингом и шагом;
- объяснить, почему после пулинга каждая следующая свёртка расширяет поле сильнее.

На прошлом занятии пять свёрток 3×3 подряд давали пикселю последней карты поле 11×11:
каждый слой добавлял по 2 пикселя. Посмотрим, что меняет пулинг.
"""

# %%
# Поле растёт быстрее
# -------------------
#
# После пулинга 2×2 соседние пиксели карты смотрят на участки входа, сдвинутые уже не
# на 1, а на 2 пикселя. Поэтому следующая свёртка 3×3, охватывая три соседних пикселя
# карты, расширяет поле не на 2, а на 4 пикселя входа. После второго пулинга — на 8.
# Это расстояние между полями соседних пикселей называют **скачком** (jump): каждый
# пулинг или шаг 2 удваивает его.

from lessonlib.figures.receptive_field import receptive_field_growth_figure
from lessonlib.lessons.lesson02 import DEEP_CONVS, POOLED_LAYERS, STRIDED_LAYERS
from lessonlib.style import save_figure

stacks = {"без пулинга": DEEP_CONVS, "с пулингом": POOLED_LAYERS, "с шагом 2": STRIDED_LAYERS}
save_figure(receptive_field_growth_figure(stacks), "field_growth")

# %%
# Слой за слоем
# -------------
#
# Правило одно для свёртки и для пулинга: окно размера $f$ расширяет поле на
# $(f - 1) \cdot j$, где $j$ — скачок перед слоем, а шаг $s$ умножает скачок на $s$.

from lessonlib.markdown import table
from lessonlib.receptive_field import receptive_fields
from lessonlib.shapes import Pool

rows = []
for layer, rf in zip(POOLED_LAYERS, receptive_fields(POOLED_LAYERS), strict=True):
    kind = "пулинг" if isinstance(layer, Pool) else "свёртка"
    name = f"{kind} {layer.size}×{layer.size}, шаг {layer.stride}"
    rows.append([name, rf.jump, f"{rf.size}×{rf.size}"])
table(["слой", "скачок после слоя", "рецептивное поле"], rows)

# %%
# Пулинг уменьшает карты и при этом даёт дальним слоям видеть большую часть картинки —
# при тех же пяти свёртках:

from lessonlib.fmt import decimal
from lessonlib.lessons.lesson02 import FIELD_PLAIN, FIELD_POOLED

print(f"без пулинга: поле {FIELD_PLAIN}×{FIELD_PLAIN}")
wider = decimal(FIELD_POOLED / FIELD_PLAIN)
print(f"с пулингом:  поле {FIELD_POOLED}×{FIELD_POOLED}, в {wider} раза шире")

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
