"""Числа по-русски — одни правила для страниц, рисунков, заданий и технологической карты.

- целые — с неразрывными пробелами между тысячами: ``40 500``, ``9 216``;
- дроби — с запятой: ``0,25``;
- минус — настоящий «−», и никогда «−0» или «−0,0»;
- перед «%», «с», «мин», «КБ» — неразрывный пробел;
- формы массивов — через «×»: ``32×32×3``, длинный размер — тоже с пробелом: ``40 500``;
- внутри формулы LaTeX тысячи разделяет тонкая шпация ``{\\,}`` (:func:`tex_integer`):
  обычный пробел MathJax и Temml съедают.

Модуль не зависит ни от чего, кроме стандартной библиотеки: текстовым модулям не
нужно тянуть matplotlib ради одной формы.

>>> integer(-40500), decimal(-0.25, 2), percent(0.975), shape((32, 32, 3))
('−40\\xa0500', '−0,25', '97,5\\xa0%', '32×32×3')
>>> shape((40500,)), tex_integer(-40500)
('40\\xa0500', '-40{\\\\,}500')
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Integral, Real

__all__ = [
    "NBSP",
    "accuracy",
    "decimal",
    "exact",
    "file_size",
    "integer",
    "minutes",
    "number",
    "percent",
    "plural",
    "seconds",
    "shape",
    "tex_integer",
]

NBSP = "\u00a0"
MINUS = "\u2212"


def _real(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name}: ожидалось число, получено {value!r}")
    result = float(value)
    if result != result or result in (float("inf"), float("-inf")):
        raise ValueError(f"{name}: ожидалось конечное число, получено {value!r}")
    return result


def _whole(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name}: ожидалось целое число, получено {value!r}")
    return int(value)


def integer(value: int) -> str:
    """Целое: ``integer(-40500) == '−40 500'`` (пробел неразрывный)."""
    n = _whole(value, "value")
    text = f"{abs(n):,}".replace(",", NBSP)
    return MINUS + text if n < 0 else text


def decimal(value: float, digits: int = 1) -> str:
    """Дробь с ``digits`` знаками после запятой: ``decimal(-0.25, 2) == '−0,25'``.

    Число, которое при округлении стало нулём, пишется без минуса: ``decimal(-0.01) == '0,0'``.
    """
    x = _real(value, "value")
    digits = _whole(digits, "digits")
    if digits < 0:
        raise ValueError(f"digits: ожидалось неотрицательное целое, получено {digits}")
    text = f"{abs(x):,.{digits}f}".replace(",", NBSP).replace(".", ",")
    negative = x < 0 and text.strip("0,\u00a0") != ""
    return MINUS + text if negative else text


def number(value: float, digits: int = 1) -> str:
    """Число для клетки рисунка: целое — без «,0» (``5``), иначе ``digits`` знаков (``0,5``)."""
    x = _real(value, "value")
    return integer(round(x)) if x.is_integer() else decimal(x, digits)


def exact(value: float, digits: int = 2) -> str:
    """Число без лишних нулей в конце — как его пишут от руки и как показывают тренажёры
    (``fmt`` в ``widgets.js``): ``exact(382.75) == '382,75'``, ``exact(266.5) == '266,5'``,
    ``exact(12.0) == '12'``. Так среднее окна пулинга на рисунке, странице и рабочем листе
    одно и то же число."""
    text = decimal(value, digits)
    return text.rstrip("0").rstrip(",") if "," in text else text


def percent(share: float, digits: int = 1) -> str:
    """Доля от 0 до 1 в процентах: ``percent(0.975) == '97,5 %'``."""
    return f"{decimal(100 * _real(share, 'share'), digits)}{NBSP}%"


def accuracy(mean: float, std: float | None = None, digits: int = 1) -> str:
    """Точность «среднее ± отклонение» в процентах: ``'97,5 ± 0,4 %'``."""
    if std is None:
        return percent(mean, digits)
    spread = decimal(100 * _real(std, "std"), digits)
    return f"{decimal(100 * _real(mean, 'mean'), digits)} ± {spread}{NBSP}%"


def seconds(value: float) -> str:
    """Время в секундах: ``seconds(12.34) == '12,3 с'``."""
    return f"{decimal(value, 1)}{NBSP}с"


def minutes(value: int) -> str:
    """Минуты урока: ``minutes(5) == '5 мин'``."""
    return f"{integer(value)}{NBSP}мин"


def shape(dims: Iterable[int]) -> str:
    """Форма массива так, как её пишут в уроке: ``28×28``, ``30×30×5``; вектор после
    flatten — ``40 500`` (тысячи, как у :func:`integer`)."""
    return "×".join(integer(_whole(n, "shape")) for n in dims)


def tex_integer(value: int) -> str:
    """Целое для формулы LaTeX (``$… = 40{\\,}500$``): тысячи — через тонкую шпацию
    ``{\\,}``, минус — обычный «-» (его рисует сама формула)."""
    n = _whole(value, "value")
    text = f"{abs(n):,}".replace(",", "{\\,}")
    return "-" + text if n < 0 else text


def file_size(size: int) -> str:
    """Размер файла: ``120 КБ`` до тысячи килобайт, дальше ``3,9 МБ``.

    Килобайт — 1000 байт, мегабайт — миллион (СИ, как в бюджетах сайта ``tests/test_budget.py``
    и в подписях браузеров и телефонов), а не 1024 и 1024².
    """
    kb = _whole(size, "size") / 1000
    if kb < 1000:
        return f"{integer(max(1, round(kb)))}{NBSP}КБ"
    return f"{decimal(kb / 1000, 1)}{NBSP}МБ"


def plural(n: int, one: str, few: str, many: str) -> str:
    """Число со словом в нужной форме: «3 фильтра» из ``(3, "фильтр", "фильтра", "фильтров")``."""
    count = abs(_whole(n, "n"))
    if count % 10 == 1 and count % 100 != 11:
        word = one
    elif 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        word = few
    else:
        word = many
    return f"{integer(n)} {word}"
