"""Факты урока 3 — практической работы «Своя свёрточная сеть».

Сети блокнота слоями :mod:`lessonlib.shapes`: полносвязная сеть и CNN, которую ученик
собирает в задании 1 (решение — ``lessons/lesson03/solutions.py``). По ним рабочий лист
считает формы карт слой за слоем и число параметров, не загружая PyTorch.

>>> from lessonlib.shapes import trace
>>> trace(INPUT, CNN_LAYERS)[-2].output_shape
(400,)
"""

from typing import Final

from lessonlib.shapes import Conv, Dense, Flatten, Pool, ReLU

INPUT: Final = (28, 28, 1)
"""Цифра MNIST: 28×28 пикселей, один канал яркости."""
FC_LAYERS: Final = (Flatten(), Dense(32), ReLU(), Dense(10))
"""Полносвязная сеть блокнота: вектор из 784 чисел, скрытый слой из 32 нейронов, 10 выходов."""
_block = (ReLU(), Pool(size=2, stride=2))
CNN_LAYERS: Final = (Conv(8, 3), *_block, Conv(16, 3), *_block, Flatten(), Dense(10))
"""CNN задания 1: два блока «свёртка → ReLU → пулинг 2×2», flatten и 10 выходов."""
