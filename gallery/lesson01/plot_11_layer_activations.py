"""
Что видят слои
==============

**После этой страницы вы сможете:**

- рассмотреть карты активации настоящей сети от первого слоя до последнего;
- показать, где на снимке сеть «видит» кошку.

Возьмём настоящую сеть SqueezeNet: её обучили узнавать 1000 классов на миллионе
фотографий ImageNet. Покажем ей кошку.
"""

# %%
# Что ответила сеть
# -----------------
#
# Пять самых вероятных классов из 1000:

#| fold
from lessonlib.fmt import percent
from lessonlib.images import photo
from lessonlib.realnet import class_name, look
from lessonlib.squeezenet import CAT_CLASSES

cat = look("chelsea")
top5 = cat.probabilities.argsort()[::-1][:5]
for k in top5:
    print(f"{class_name(k)} (№{k}): {percent(cat.probabilities[k], 0)}")
cats = cat.probabilities[list(CAT_CLASSES)].sum()
print(f"классы кошек №281–285 вместе: {percent(cats, 0)}")

# %%
# Сеть уверена, что на снимке кошка, а вот породу угадывает не так уверенно.
#
# Карты пяти ступеней
# -------------------
#
# На каждой ступени показаны 8 карт с **самым большим средним значением** (правило, а
# не ручной выбор). Чёрный — ноль, белый — самое большое число рисунка.

#| fold
from lessonlib.figures.realnet import stage_maps_figure
from lessonlib.realnet import SHOWN_STAGES, brightest_channels, stage_title
from lessonlib.style import save_figure


def show_stage(stage):
    maps = cat.maps[stage]
    side = maps.shape[-1]
    title = f"Кошка, {stage_title(stage)}: карты {side}×{side}"
    return save_figure(stage_maps_figure(maps, brightest_channels(maps), title), f"cat_{stage}")


show_stage(SHOWN_STAGES[0])

# %%
# Первая ступень повторяет снимок: края, полоски шерсти, глаза — по всему кадру.

#| fold
show_stage(SHOWN_STAGES[1])

# %%

#| fold
show_stage(SHOWN_STAGES[2])

# %%
# Карты мельче, а каждый их пиксель видит всё больший участок снимка.

#| fold
show_stage(SHOWN_STAGES[3])

# %%

#| fold
show_stage(SHOWN_STAGES[4])

# %%
# На последних ступенях карты загораются пятнами — на глазах, на носу, — а фон
# вокруг тёмный.

#| fold
from lessonlib.lessons.lesson01.findings import verdict
from lessonlib.lessons.lesson01.realnet import real_network_topic

topic = real_network_topic()
verdict([topic.claim("face_parts")])

# %%

#| fold
from lessonlib.lessons.lesson01.realnet import face_shares, faces_table
from lessonlib.report import Details

Details(
    "Рамка морды (оба глаза, нос и рот) задана заранее. Для каждой ступени мы "
    "посчитали, какая доля всей активации карт попадает внутрь рамки. "
    + topic.claim("face_parts").finding
    + "\n\n"
    + faces_table(face_shares()).text,
    summary="Подробнее: сколько активации на морде",
)

# %%
# Где сеть видит кошку
# --------------------
#
# Последняя ступень conv10 даёт по карте на каждый из 1000 классов. Сложим карты
# кошачьих классов и положим поверх снимка.

#| fold
from lessonlib.figures.realnet import class_map_figure
from lessonlib.lessons.lesson01 import CAT_FACE_BOX
from lessonlib.lessons.lesson01.realnet import class_map

save_figure(
    class_map_figure(photo("chelsea"), class_map(), CAT_FACE_BOX, "Где сеть видит «кошку»"),
    "cat_class_map",
)

# %%
# Карта «кошка» светится на всей кошке и гаснет на размытом фоне справа.

#| fold
verdict([topic.claim("cat_map")])

# %%

#| fold
Details(topic.claim("cat_map").finding, summary="Подробнее: числа")

# %%
# Это [иерархия признаков](../glossary.html#ierarkhiya-priznakov): первые ступени
# находят края и полоски, следующие собирают из них глаза и нос, последняя — «кошку».
#
# Проверь себя
# ------------
#
# **1.** Сколько каналов у входа модуля fire5 и почему?

#| answer
from lessonlib.quiz import answer
from lessonlib.squeezenet import FIRES

answer(
    f"{FIRES['fire5'][0]}: столько карт выдаёт предыдущий модуль fire4, и фильтры "
    "fire5 сворачивают их все сразу — как картинку с таким числом каналов."
)

# %%
# **2.** Почему карты conv1 похожи на сам снимок, а карты fire9 — нет?

#| answer
answer(
    "Пиксель conv1 видит участок 3×3 — кусочек края или полоски, а такие есть везде. "
    "Пиксель fire9 видит большой участок и загорается, только если там есть его "
    "сложный паттерн — например, глаз."
)
