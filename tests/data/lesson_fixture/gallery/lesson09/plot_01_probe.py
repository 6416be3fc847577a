"""
Пробный урок
============

**После этой страницы вы сможете:**

- увидеть шахматную доску из фактов урока.

Страница второго урока: её нет в коде сборки.
"""

# %%
# Рисунок
# -------

from lessonlib.lessons.lesson09 import BOARD
from matplotlib.figure import Figure

from lessonlib.style import save_figure

fig = Figure(figsize=(2, 2))
fig.add_subplot().imshow(BOARD)
fig.suptitle("Шахматная доска 2×2")
save_figure(fig, "probe_board")
