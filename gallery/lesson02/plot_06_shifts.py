"""
Пулинг и сдвиг цифры
====================

**После этой страницы вы сможете:**

- объяснить, почему максимум-пулинг может помочь сети узнать чуть сдвинутую цифру;
- прочитать опыт честно: где пулинг помогает, а где нет.

На прошлом занятии сеть из свёрток и вытягивания теряла точность на сдвинутых цифрах.
Пулинг часто называют средством от этого. Проверим.
"""

# %%
# Почему пулинг может помочь
# --------------------------
#
# Максимум-пулинг 2×2 запоминает, что в окне есть сильный отклик, но не где именно.
# Сдвинем карту 4×4 урока на столбец вправо и сравним результат пулинга.

import numpy as np

from lessonlib.lessons.lesson02 import POOL, SAME_MAP
from lessonlib.pooling import pool2d

shifted = np.zeros_like(SAME_MAP)
shifted[:, 1:] = SAME_MAP[:, :-1]
before, after = pool2d(SAME_MAP, POOL.size), pool2d(shifted, POOL.size)
print("до сдвига:", before.tolist())
print("после:    ", after.tolist())
print("совпало чисел:", int((before == after).sum()), "из", before.size)

# %%
# Где число изменилось, сдвиг перенёс отклик в соседнее окно. Пулинг помогает лишь при
# сдвиге меньше окна, и то не всегда.
#
# Опыт на цифрах
# --------------
#
# Сети с [прошлой страницы](plot_04_back_to_40500.ipynb) учились на цифрах в центре.
# Сдвинем тестовые цифры на 1–4 пикселя в четыре стороны.

#| fold
from lessonlib.figures.training import shift_curves_figure
from lessonlib.lessons.lesson02.experiment import pooling_experiment
from lessonlib.style import save_figure

result = pooling_experiment()
runs = result.runs
curves = {run.title: result.shift_accuracy[key] for key, run in runs.items()}
save_figure(shift_curves_figure(result.config.shifts, curves), "pooling_shifts")

# %%

#| fold
from lessonlib.fmt import decimal, percent
from lessonlib.markdown import table
from lessonlib.report import Details

shifts = result.config.shifts
Details(
    "Линия на рисунке — средняя точность по трём обучениям, полоса — разброс. Те же числа:"
    "\n\n"
    + table(
        ["сеть", *(f"сдвиг {s}" for s in shifts)],
        [
            [run.title, *(percent(v) for v in result.shift_accuracy[key].mean(axis=0))]
            for key, run in runs.items()
        ],
    ).text,
    summary="Подробнее: как читать рисунок",
)

# %%
# Что показал опыт
# ----------------

#| fold
from lessonlib.lessons.lesson02.findings import shift_claim
from lessonlib.markdown import Markdown

Markdown(shift_claim(result).finding)

# %%
# <details>
# <summary>Подробнее: почему так часто пишут, что пулинг спасает от сдвига</summary>
#
# Одно окно 2×2 прощает сдвиг не больше чем на пиксель, а сдвиг на 2 пикселя и больше
# переносит отклики в соседние окна — дальше снова вытягивание и полносвязный слой со
# своим весом на каждое место.
#
# В больших сетях пулингов несколько, и к последнему слою каждый пиксель карты
# отвечает за большой участок картинки; часто в конце стоит ещё и средний пулинг по всей
# карте — тогда место отклика забывается совсем. В нашей маленькой сети один пулинг, и
# его вклад честно мал. Устойчивость к сдвигу сильнее всего даёт обучение на сдвинутых
# картинках.
#
# </details>
#
# Проверь себя
# ------------
#
# **1.** Карта `[[0, 9], [0, 0]]`, максимум-пулинг 2×2. Что будет, если сдвинуть
# девятку на пиксель влево? А если карта 4×4 и девятка переходит в соседнее окно?

#| answer
from lessonlib.quiz import answer

one = pool2d([[0, 9], [0, 0]], 2).item()
moved = pool2d([[9, 0], [0, 0]], 2).item()
wide = pool2d([[0, 9, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], 2).tolist()
wide_moved = pool2d([[0, 0, 9, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]], 2).tolist()
answer(
    f"В окне 2×2 ничего не изменится: было {one}, стало {moved}. Если же девятка "
    f"перешла в соседнее окно, результат другой: `{wide}` → `{wide_moved}`."
)

# %%
# **2.** Сеть без пулинга и сеть с максимум-пулингом обучили на цифрах в центре. Какая
# из них теряет меньше точности при сдвиге цифры на 1 пиксель?

#| answer
acc, one = result.shift_accuracy, shifts.index(1)
loss1 = {key: 100 * (acc[key][:, 0] - acc[key][:, one]).mean() for key in ("plain", "max")}
better = min(loss1, key=loss1.get)
answer(
    f"По опыту этой страницы меньше теряет сеть «{runs[better].title}»: без пулинга потеря "
    f"{decimal(loss1['plain'])} п. п., с пулингом — {decimal(loss1['max'])} п. п. Угадать "
    "заранее трудно: один пулинг 2×2 помогает немного или не помогает вовсе."
)
