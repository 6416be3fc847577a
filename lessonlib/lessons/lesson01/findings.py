"""Что показали опыты урока «Свёрточные нейросети»: проверки утверждений плана.

Страница печатает вывод одной строкой кода, а правила, по которым он сделан (пороги,
сравнения), живут здесь — их же берёт технологическая карта. Проверки опыта собирает
:class:`~lessonlib.findings.Topic` (:func:`prototype_topic`, :func:`cnn_vs_fc_topic`);
подробности всех проверок — на странице :data:`CLAIMS_PAGE`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import torch

from lessonlib.data import load_mnist, shift_images
from lessonlib.findings import Claim, Topic, cosine
from lessonlib.findings import verdict as _verdict
from lessonlib.fmt import accuracy, decimal, percent
from lessonlib.lessons.lesson01 import PROTOTYPE_DIGITS
from lessonlib.lessons.lesson01.experiments import (
    CnnVsFcResult,
    cnn_vs_fc_experiment,
    prototype_experiment,
)
from lessonlib.markdown import Markdown
from lessonlib.runs import Run

__all__ = [
    "CLAIMS_PAGE",
    "CLOSE_ACCURACY",
    "SHIFT_DROP",
    "SIMILAR_FILTERS",
    "Halves",
    "cnn_vs_fc_topic",
    "equivariance_claim",
    "filter_similarity",
    "learned_filters_finding",
    "prototype_claims",
    "prototype_topic",
    "shift_claims",
    "trained_filters_claim",
    "vector_halves",
    "verdict",
]

CLAIMS_PAGE: Final = "plot_16_lesson_claims.ipynb"
"""Страница «Проверяем утверждения урока» (ссылка со страниц урока)."""
CLOSE_ACCURACY: Final = 0.01
"""Модель «не хуже», если уступает другой меньше одного процентного пункта точности."""
SIMILAR_FILTERS: Final = 0.8
"""Фильтры «похожи», если косинус угла между ними (как векторами чисел) больше этого."""
SHIFT_DROP: Final = 0.20
"""Точность «сильно упала», если потеряла больше 20 процентных пунктов."""


def verdict(claims: Sequence[Claim]) -> Markdown:
    """Вывод для страницы урока (:func:`lessonlib.findings.verdict`) со ссылкой на
    страницу проверок :data:`CLAIMS_PAGE`."""
    return _verdict(claims, CLAIMS_PAGE)


def prototype_claims(runs: Mapping[str, Run]) -> list[Claim]:
    """Три утверждения урока о прототипе на пяти моделях ``a`` … ``e``."""
    a, b, c, d = runs["a"], runs["b"], runs["c"], runs["d"]
    one_enough = c.mean - b.mean < CLOSE_ACCURACY
    fc_enough = c.mean - a.mean < CLOSE_ACCURACY
    return [
        Claim(
            "Для четвёрок и восьмёрок хватит одного вертикального фильтра",
            one_enough,
            f"С одним вертикальным фильтром точность {accuracy(b.mean)}, с двумя — "
            f"{accuracy(c.mean)}: "
            + (
                "одного фильтра хватает, второй точность не прибавил."
                if one_enough
                else "второй фильтр заметно прибавил точности."
            ),
            key="one_filter",
        ),
        Claim(
            "С такой простой задачей справится и обычная полносвязная сеть",
            fc_enough,
            f"Полносвязная сеть без свёрток различает эти цифры с точностью "
            f"{accuracy(a.mean)} — "
            + (
                "не хуже прототипа: для такой простой задачи свёртки не нужны."
                if fc_enough
                else "заметно хуже прототипа."
            ),
            key="fc_enough",
        ),
        Claim(
            "Сеть может сама подобрать числа фильтров",
            d.mean - c.mean > -CLOSE_ACCURACY,
            f"Фильтры, которые сеть подобрала сама со случайного начала, дают "
            f"{accuracy(d.mean)} — не хуже ручных ({accuracy(c.mean)}).",
            key="learned_filters",
        ),
    ]


@dataclass(frozen=True)
class Halves:
    """Верх и низ вектора признаков прототипа: верх — карта вертикального фильтра,
    низ — диагонального; «сила» половины — средний модуль её чисел.

    Attributes:
        four_top: доля четвёрок, у которых верх сильнее низа.
        eight_bottom: доля восьмёрок, у которых низ сильнее верха.
        four_ratio, eight_ratio: типичное (медиана) отношение «верх / низ» у четвёрок
            и у восьмёрок.
    """

    four_top: float
    eight_bottom: float
    four_ratio: float
    eight_ratio: float

    def claim(self) -> Claim:
        """Задумка урока «у четвёрки большие числа наверху, у восьмёрки — внизу»."""
        strong = self.four_top > 0.5 and self.eight_bottom > 0.5
        relative = self.four_ratio > self.eight_ratio
        if strong:
            finding = (
                f"У {percent(self.four_top, 0)} четвёрок сильнее верх вектора, "
                f"у {percent(self.eight_bottom, 0)} восьмёрок — низ, как и задумано."
            )
        else:
            finding = (
                "На деле вышло иначе: верх вектора (вертикальный фильтр) сильнее низа у "
                f"{percent(self.four_top, 0)} "
                f"четвёрок и у {percent(1 - self.eight_bottom, 0)} восьмёрок: вертикальных "
                "штрихов много у обеих цифр. "
                + (
                    f"Но у четвёрок верх сильнее в {_times(self.four_ratio)}, у восьмёрок — "
                    f"только в {_times(self.eight_ratio)}: это различие сеть и использует."
                    if relative
                    else "И отношение «верх / низ» у цифр почти одинаковое."
                )
            )
        return Claim(
            "У четвёрки большие числа наверху вектора, у восьмёрки — внизу",
            strong,
            finding,
            key="vector_halves",
        )


def _times(ratio: float) -> str:
    return f"{decimal(ratio, 1)} раза"


def vector_halves(features: torch.Tensor, labels: torch.Tensor) -> Halves:
    """:class:`Halves` по векторам признаков ``(N, L)`` прототипа и меткам (0 — четвёрка)."""
    halves = features.abs().reshape(len(features), 2, -1).mean(dim=2)
    top, bottom = halves[:, 0], halves[:, 1]
    is_four = labels == 0
    ratio = top / bottom
    return Halves(
        four_top=float((top[is_four] > bottom[is_four]).float().mean()),
        eight_bottom=float((bottom[~is_four] > top[~is_four]).float().mean()),
        four_ratio=float(ratio[is_four].median()),
        eight_ratio=float(ratio[~is_four].median()),
    )


def filter_similarity(learned: Run, hand: np.ndarray) -> np.ndarray:
    """Для каждого зерна и фильтра модели ``learned`` — сходство (:func:`cosine`, по
    модулю) с ближайшим ручным фильтром ``hand`` ``(K, 3, 3)``: сеть не знает, какой
    фильтр «первый», и может выучить фильтр с обратным знаком."""
    return np.array(
        [
            max(abs(cosine(w, h)) for h in hand)
            for after in learned.filters_after
            for w in after[:, 0]
        ]
    )


def learned_filters_finding(similarity: np.ndarray) -> Markdown:
    """Фраза о том, похожи ли выученные фильтры на ручные."""
    similar = int((similarity > SIMILAR_FILTERS).sum())
    return Markdown(
        f"Похожи на ручные {similar} из {len(similarity)} выученных фильтров: "
        + (
            "сеть находит свои фильтры, не такие, как придумал человек."
            if similar < len(similarity) / 2
            else "сеть в основном приходит к тем же фильтрам, что придумал человек."
        )
    )


def shift_claims(shifts: Sequence[int], cnn: np.ndarray, fc: np.ndarray) -> list[Claim]:
    """Сдвиг цифр: ``cnn``, ``fc`` — точность для каждого сдвига из ``shifts``."""
    i2, i4 = list(shifts).index(2), list(shifts).index(4)
    robust = cnn[i2] > fc[i2] and cnn[i4] > fc[i4]
    both_fall = cnn[i4] < cnn[0] - SHIFT_DROP and fc[i4] < fc[0] - SHIFT_DROP
    return [
        Claim(
            "CNN устойчивее полносвязной сети к сдвигу объекта",
            robust,
            f"Цифра сдвинута на 2 пикселя: CNN узнаёт {accuracy(cnn[i2])}, полносвязная "
            f"сеть — {accuracy(fc[i2])}. "
            + ("CNN держится лучше." if robust else "CNN держится не лучше."),
            key="shift_robust",
        ),
        Claim(
            "Свёрточная сеть узнаёт объект в любом месте картинки",
            not both_fall,
            f"При сдвиге на 4 пикселя точность CNN падает до {accuracy(cnn[i4])}: сами "
            "карты сдвигаются вместе с цифрой, а полносвязный слой после вытягивания получает "
            "их числа на других входах."
            if both_fall
            else f"При сдвиге на 4 пикселя CNN ещё узнаёт {accuracy(cnn[i4])} цифр.",
            key="shift_anywhere",
        ),
    ]


def trained_filters_claim(trained: Run, frozen: Run) -> Claim:
    """«Обучаемый выделитель признаков лучше случайного»."""
    gain = trained.mean - frozen.mean
    return Claim(
        "Обучаемые фильтры — главное преимущество CNN",
        gain > CLOSE_ACCURACY,
        f"С обучаемыми фильтрами CNN узнаёт {accuracy(trained.mean)} цифр, со случайными "
        f"замороженными — {accuracy(frozen.mean)}"
        + (": обучение фильтров прибавляет точности." if gain > 0 else ": обучение не помогло."),
        key="trained_filters",
    )


def equivariance_claim(model: torch.nn.Module, images: torch.Tensor, pixels: int) -> Claim:
    """«Одинаковый объект в разных местах даёт одинаковый отклик»: сдвигаем картинки
    ``images`` ``(N, C, H, W)`` на ``pixels`` вправо и сравниваем карты последнего
    свёрточного слоя ``model.activations`` со сдвинутыми картами несдвинутых картинок
    (столбцы, куда при сдвиге «въехали» нули, не сравниваются)."""
    with torch.no_grad():
        maps = model.activations(images)[-1]
        moved = model.activations(shift_images(images, 0, pixels))[-1]
    inner = slice(pixels, None)
    diff = float((moved[..., inner] - shift_images(maps, 0, pixels)[..., inner]).abs().max())
    same = diff < 1e-4 * float(maps.abs().max())
    return Claim(
        "Фильтр одинаково откликается на объект в любом месте картинки",
        same,
        f"Сдвинем цифру на {pixels} пикселя вправо: карты свёрточной части сдвинулись вместе "
        "с ней, а числа на них те же."
        if same
        else f"Сдвинем цифру на {pixels} пикселя вправо: карты отличаются не только сдвигом "
        f"(расхождение до {decimal(diff, 4)}).",
        key="equivariance",
    )


def prototype_topic() -> Topic:
    """Прототип «4 против 8» (страница 7): пять моделей и вектор, который получает
    полносвязная часть прототипа (c) на тестовых картинках."""
    result = prototype_experiment()
    split = load_mnist(PROTOTYPE_DIGITS)
    with torch.no_grad():
        features = result.model("c").features(split.x_test)
    return Topic(
        "Прототип: четвёрки и восьмёрки",
        "plot_07_prototype_training",
        (
            vector_halves(features, split.y_test).claim(),
            *prototype_claims(result.runs),
        ),
    )


def cnn_vs_fc_topic(result: CnnVsFcResult | None = None) -> Topic:
    """CNN против полносвязной сети на всех цифрах (страница 14): проверки на обученных
    сетях ``result`` (по умолчанию — опыт с настройками сайта)."""
    result = result or cnn_vs_fc_experiment()
    curves = {key: value.mean(axis=0) for key, value in result.shift_accuracy.items()}
    digit = load_mnist().x_test[:1]
    return Topic(
        "CNN против полносвязной сети",
        "plot_14_cnn_vs_fc",
        (
            equivariance_claim(result.model("cnn"), digit, 3),
            *shift_claims(result.config.shifts, curves["cnn"], curves["fc"]),
            trained_filters_claim(result.runs["cnn"], result.runs["frozen"]),
        ),
    )
