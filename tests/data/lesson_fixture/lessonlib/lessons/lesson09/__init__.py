"""Факты пробного урока (тест tests/test_new_lesson.py): доска и пример рабочего листа."""

import numpy as np

from lessonlib.conv import conv2d
from lessonlib.shapes import Conv

BOARD = np.array([[0, 1], [1, 0]])
IMAGE = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
KERNEL = np.array([[1, 0], [0, -1]])
LESSON_MAP = conv2d(IMAGE, KERNEL)
MNIST_SIDE = 28
TWO_LAYERS = (Conv(filters=1, size=3), Conv(filters=1, size=3))
TWO_LAYER_INPUT = 7
