"""Факты урока 3 — практической работы «Своя свёрточная сеть».

Рабочий лист педагога берёт отсюда пример свёртки и стопку слоёв: здесь это окно цифры
MNIST, вертикальный фильтр Собеля и два свёрточных слоя той CNN, которую ученик собирает
в задании 1.
"""

import numpy as np

from lessonlib.conv import conv2d
from lessonlib.data import load_mnist, typical
from lessonlib.filters import SOBEL_VERTICAL
from lessonlib.shapes import Conv

MNIST_SIDE = 28
_SPLIT = load_mnist()
_SEVEN = _SPLIT.x_test[typical(_SPLIT.x_test, _SPLIT.y_test, 7), 0].numpy()
IMAGE = np.round(_SEVEN[6:10, 10:14] * 9).astype(int)  # окно 4×4 семёрки, яркость 0…9
KERNEL = SOBEL_VERTICAL.kernel
LESSON_MAP = conv2d(IMAGE, KERNEL)
TWO_LAYERS = (Conv(filters=8, size=3), Conv(filters=16, size=3))
TWO_LAYER_INPUT = 7
