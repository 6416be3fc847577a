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

from lessonlib.lessons.lesson02 import BOARD
from matplotlib.figure import Figure

fig = Figure(figsize=(2, 2))
fig.add_subplot().imshow(BOARD)
fig.suptitle("Шахматная доска 2×2")
fig  # noqa: B018 — последняя строка ячейки показывает рисунок
