"""Факты урока 3 — практической работы «Своя свёрточная сеть».

Сети блокнота слоями :mod:`lessonlib.shapes`: полносвязная сеть и CNN, которую ученик
собирает в задании 1 (решение — ``lessons/lesson03/solutions.py``). По ним рабочий лист
считает формы карт слой за слоем и число параметров, не загружая PyTorch. Страница педагога
«Частые ошибки» и проверка :mod:`lessonlib.checks` берут отсюда частые ошибки задания 1
(:data:`TYPICAL_ERRORS`).

>>> from lessonlib.shapes import trace
>>> trace(INPUT, CNN_LAYERS)[-2].output_shape
(400,)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from lessonlib.shapes import Conv, Dense, Flatten, Pool, ReLU

if TYPE_CHECKING:
    from torch import nn

INPUT: Final = (28, 28, 1)
"""Цифра MNIST: 28×28 пикселей, один канал яркости."""
FC_LAYERS: Final = (Flatten(), Dense(32), ReLU(), Dense(10))
"""Полносвязная сеть блокнота: вектор из 784 чисел, скрытый слой из 32 нейронов, 10 выходов."""
_block = (ReLU(), Pool(size=2, stride=2))
CNN_LAYERS: Final = (Conv(8, 3), *_block, Conv(16, 3), *_block, Flatten(), Dense(10))
"""CNN задания 1: два блока «свёртка → ReLU → пулинг 2×2», flatten и 10 выходов."""


@dataclass(frozen=True)
class TypicalError:
    """Частая ошибка задания 1: неверная сеть, что с ней не так и как её исправить.

    ``code`` — текст ``nn.Sequential(...)``, как его пишет ученик; сообщение проверки
    получают, вызывая :func:`lessonlib.checks.check_model` на сети из него. Исправленная
    сеть у всех ошибок одна — :data:`SOLVED`.
    """

    key: str
    title: str
    code: str
    fix: str

    def model(self) -> nn.Sequential:
        """Сеть из кода ошибки."""
        return build(self.code)


def build(code: str) -> nn.Sequential:
    """Сеть из текста ``nn.Sequential(...)`` (текст урока, не ввод ученика)."""
    from torch import nn  # факты урока читаются и без PyTorch (рабочий лист)

    return eval(code, {"nn": nn})


def _net(*layers: str) -> str:
    return "nn.Sequential(\n" + "".join(f"    {layer},\n" for layer in layers) + ")"


_BLOCK1 = ("nn.Conv2d(1, 8, 3)", "nn.ReLU()", "nn.MaxPool2d(2)")
_BLOCK2 = ("nn.Conv2d(8, 16, 3)", "nn.ReLU()", "nn.MaxPool2d(2)")
_HEAD = ("nn.Flatten()", "nn.Linear(16 * 5 * 5, 10)")
SOLVED = _net(*_BLOCK1, *_BLOCK2, *_HEAD)
"""CNN задания 1 с двумя блоками — та, к которой ведут все исправления."""
TYPICAL_ERRORS = (
    TypicalError(
        "forgot_flatten",
        "Забыт Flatten",
        _net(*_BLOCK1, *_BLOCK2, _HEAD[1]),
        "Поставить nn.Flatten() после последнего пулинга, перед Linear.",
    ),
    TypicalError(
        "block_after_flatten",
        "Второй блок вставлен после Flatten",
        _net(*_BLOCK1, _HEAD[0], *_BLOCK2, _HEAD[1]),
        "Перенести второй блок выше: все свёртки и пулинги — до Flatten.",
    ),
    TypicalError(
        "linear_not_fixed",
        "Число входов Linear не исправлено",
        _net(*_BLOCK1, *_BLOCK2, _HEAD[0], "nn.Linear(8 * 13 * 13, 10)"),
        "Взять число из сообщения проверки: после двух блоков карта 5×5×16 — это 400 чисел.",
    ),
    TypicalError(
        "conv_channels",
        "Каналы второй свёртки не сходятся",
        _net(*_BLOCK1, "nn.Conv2d(1, 16, 3)", *_BLOCK2[1:], *_HEAD),
        "Первое число Conv2d — число фильтров предыдущей свёртки: nn.Conv2d(8, 16, 3).",
    ),
    TypicalError(
        "too_many_blocks",
        "Лишний блок: карта стала меньше фильтра",
        _net(
            *_BLOCK1,
            *_BLOCK2,
            "nn.Conv2d(16, 32, 3)",
            "nn.ReLU()",
            "nn.MaxPool2d(2)",
            "nn.Conv2d(32, 32, 3)",
            *_HEAD,
        ),
        "Оставить два блока: после них карта 5×5, третий и четвёртый слои ей уже малы.",
    ),
    TypicalError(
        "wrong_output",
        "На выходе не 10 чисел",
        _net(*_BLOCK1, *_BLOCK2, _HEAD[0], "nn.Linear(16 * 5 * 5, 1)"),
        "Последний Linear даёт по числу на цифру: второе число — 10.",
    ),
    TypicalError(
        "no_conv",
        "В «свёрточной» сети нет свёртки",
        _net("nn.Flatten()", "nn.Linear(28 * 28, 32)", "nn.ReLU()", "nn.Linear(32, 10)"),
        "Это полносвязная сеть из первой ячейки: CNN начинается с nn.Conv2d(1, 8, 3).",
    ),
)
"""Частые ошибки задания 1 в том порядке, в каком их встречает класс."""
