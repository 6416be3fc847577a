"""Факты пробного урока (тест tests/test_new_lesson.py): доска его страницы."""

import numpy as np

BOARD = np.array([[0, 1], [1, 0]])
