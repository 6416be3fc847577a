"""Что показал опыт урока 2 — выводы страниц «Снова 40 500» и «Пулинг и сдвиг цифры».

Выводы считаются по числам опыта (:func:`~lessonlib.lessons.lesson02.experiment.pooling_experiment`)
здесь, один раз: страницы печатают их, а технологическая карта и заметки слайдов говорят
те же фразы, поэтому педагог не скажет классу того, чего опыт не показал.
"""

from __future__ import annotations

from typing import Final

from lessonlib.findings import Claim, Topic
from lessonlib.fmt import decimal
from lessonlib.lessons.lesson02.experiment import PoolingResult, pooling_experiment

__all__ = ["SHIFT", "pooling_topic", "shift_claim"]

SHIFT: Final = 2
"""Сдвиг цифры (пикселей), на котором сравнивают потерю точности с пулингом и без."""


def _points(value: float) -> str:
    """Процентные пункты: «5,7 процентного пункта» (с дробью — всегда родительный падеж)."""
    return f"{decimal(value)} процентного пункта"


def pooling_topic(result: PoolingResult | None = None) -> Topic:
    """Сеть без пулинга против сети с максимум-пулингом на цифрах: точность, параметры,
    время обучения (страница «Снова 40 500»)."""
    result = result or pooling_experiment()
    plain, pooled = result.runs["plain"], result.runs["max"]
    gap = 100 * (plain.mean - pooled.mean)
    spread = 100 * (plain.std + pooled.std)
    if gap > spread:
        accuracy = (
            f"сеть без пулинга точнее на {_points(gap)} — больше разброса между запусками. "
            "Пулинг выбросил часть сведений, и на маленьком наборе это заметно"
        )
    elif gap < -spread:
        accuracy = f"сеть с пулингом точнее на {_points(-gap)}"
    else:
        accuracy = "точность почти одинакова: разница меньше разброса между запусками"
    fewer = plain.parameters / pooled.parameters
    faster = plain.total_cpu_seconds / pooled.total_cpu_seconds
    time = (
        f"обучение с пулингом быстрее в {decimal(faster)} раза: дальние свёртки работают на "
        "картах вчетверо меньше"
        if faster > 1
        else "с пулингом обучение не быстрее — на маленьких картах время уходит не на свёртки"
    )
    return Topic(
        "Пулинг на цифрах",
        "plot_04_back_to_40500",
        (
            Claim("Пулинг не стоит точности", gap <= spread, accuracy, "accuracy"),
            Claim(
                "С пулингом параметров в несколько раз меньше",
                fewer >= 2,
                f"с пулингом их в {decimal(fewer)} раза меньше — почти все веса сидят в "
                "полносвязном слое, а его вход стал короче",
                "parameters",
            ),
            Claim("С пулингом обучение быстрее", faster > 1, time, "time"),
        ),
    )


def shift_claim(result: PoolingResult | None = None) -> Claim:
    """Помог ли максимум-пулинг узнать цифру, сдвинутую на :data:`SHIFT` пикселя
    (страница «Пулинг и сдвиг цифры»): сравнение потерь точности с разбросом запусков."""
    result = result or pooling_experiment()
    acc, column = result.shift_accuracy, result.config.shifts.index(SHIFT)
    lost = {key: 100 * (acc[key][:, 0] - acc[key][:, column]) for key in ("plain", "max")}
    spread = max(lost["plain"].std(ddof=1), lost["max"].std(ddof=1))
    diff = lost["plain"].mean() - lost["max"].mean()
    if diff > spread:
        words = "пулинг помог: сеть с ним теряет заметно меньше"
    elif diff < -spread:
        words = "пулинг не помог — сеть с ним теряет даже больше"
    else:
        words = "разница меньше разброса между запусками: заметной помощи от пулинга нет"
    return Claim(
        "Максимум-пулинг помогает узнать сдвинутую цифру",
        diff > spread,
        f"При сдвиге на {SHIFT} пикселя сеть без пулинга теряет "
        f"{_points(lost['plain'].mean())} точности, с максимум-пулингом — "
        f"{decimal(lost['max'].mean())}. Итог: {words}.",
        "shift",
    )
