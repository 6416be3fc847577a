"""
Разные фильтры — разные паттерны
================================

**После этой страницы вы сможете:**

- найти фильтры, которые загораются на одной фотографии и молчат на других;
- объяснить, почему карты дальних слоёв часто бывают пустыми.

Покажем сети SqueezeNet со страницы [«Что видят слои»](plot_11_layer_activations.ipynb)
четыре фотографии: кошку, человека, чашку и ракету.
"""

# %%
# У каждой фотографии свои фильтры
# --------------------------------
#
# Для каждой фотографии возьмём «её» канал модуля fire9: из 8 самых активных на ней —
# тот, что на других фотографиях откликается слабее всего. Строка рисунка — один
# канал на всех четырёх фотографиях.

#| fold
from lessonlib.figures.realnet import channels_by_photo_figure
from lessonlib.images import PHOTO_NAMES, PHOTO_TITLES, photo
from lessonlib.lessons.lesson01.realnet import SIGNATURE_STAGE, signature_channels
from lessonlib.realnet import look
from lessonlib.style import save_figure

STAGE = SIGNATURE_STAGE  # последняя ступень; можно взять "fire5" или "conv1" и сравнить
channels = signature_channels(STAGE)
save_figure(
    channels_by_photo_figure(
        {PHOTO_TITLES[n]: photo(n) for n in PHOTO_NAMES},
        {PHOTO_TITLES[n]: look(n).maps[STAGE] for n in PHOTO_NAMES},
        {PHOTO_TITLES[n]: c for n, c in channels.items()},
        f"Каналы {STAGE}:\nкаждый загорается на своей фотографии",
    ),
    "channels_by_photo",
)

# %%
# Канал «кошки» загорается на кошке и почти не светится на остальных — так у каждой
# строки. Фильтры дальнего слоя ищут разные сложные паттерны.

#| fold
from lessonlib.lessons.lesson01.findings import verdict
from lessonlib.lessons.lesson01.realnet import real_network_topic

topic = real_network_topic()
verdict([topic.claim("different_channels")])

# %%
# Почему дальние карты пустые
# ---------------------------
#
# Фильтр дальнего слоя загорается, только если на снимке есть его паттерн. Паттернов
# много, а на одной фотографии — лишь несколько, поэтому многие карты почти пусты.
#
# <details>
# <summary>Подробнее: что такое почти пустая карта</summary>
#
# Карта **почти пуста**, если её максимум меньше 10 % максимума самой яркой карты той
# же ступени на той же фотографии.
#
# </details>

#| fold
from lessonlib.lessons.lesson01.realnet import empty_shares, empty_table

verdict([topic.claim(key) for key in ("first_layer_full", "deep_empty")])

# %%

#| fold
from lessonlib.report import Details

Details(
    "Доля почти пустых карт на каждой ступени:\n\n"
    + empty_table(empty_shares()).text
    + "\n\n"
    + topic.claim("deep_empty").finding
    + " "
    + topic.claim("different_channels").finding,
    summary="Подробнее: пустые карты на четырёх фотографиях",
)

# %%
# Проверь себя
# ------------
#
# **1.** Почему карты первого слоя редко бывают пустыми?

#| answer
from lessonlib.fmt import decimal
from lessonlib.lessons.lesson01.realnet import common_channels
from lessonlib.quiz import answer

answer(
    "Фильтры первого слоя ищут простые паттерны — края, полоски, пятна цвета. Они есть "
    "почти на любом снимке, поэтому хоть где-то на карте найдётся большое число."
)

# %%
# **2.** Сколько из 8 самых активных каналов fire9 в среднем общие у двух фотографий?

#| answer
shared = common_channels()
answer(
    f"Около {decimal(shared[-1], 1)} — почти ни одного (у первой ступени — около "
    f"{decimal(shared[0], 1)}): "
    "разные снимки зажигают разные дальние фильтры."
)
