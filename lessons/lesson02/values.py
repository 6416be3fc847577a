"""Числа для текстов урока 2: технологической карты (``plan``), раздела на странице
«Тренажёры» (``trainers``) и заданий (по ключу задания).

Каждая функция возвращает словарь имён для шаблонов ``{{ … }}`` файлов ``plan.yaml``,
``trainers.md`` и ``exercises.yaml``; всё посчитано функциями ``lessonlib`` из фактов урока.
"""

from __future__ import annotations

from sitebuild.lesson.mdtext import latex_matrix

from lessonlib.fmt import accuracy, percent
from lessonlib.fmt import integer as format_int
from lessonlib.fmt import shape as shape_text
from lessonlib.lessons import lesson02 as facts
from lessonlib.lessons.lesson02.experiment import pooling_experiment
from lessonlib.lessons.lesson02.findings import pooling_topic, shift_claim
from lessonlib.lessons.lesson02.trainers import padding_stride, pooling_stepper, shape_calculator
from lessonlib.pooling import pool2d
from lessonlib.receptive_field import receptive_fields
from lessonlib.shapes import Conv, Flatten, Pool, trace
from lessonlib.windows import same_padding, size_fit


def trainers() -> dict[str, object]:
    """Раздел урока на странице «Тренажёры»: числа карты урока и его тренажёры — те же, что на
    страницах урока; без JavaScript вместо тренажёра — отсылка к странице."""

    def without(what: str, where: str, widget: str = "Тренажёр") -> str:
        return f"{widget} работает с включённым JavaScript. Без него {what} на странице «{where}»."

    calculator = without(
        "сеть с пулингом и без него посчитана",
        f"Снова {format_int(facts.DEEP_VECTOR)}",
        "Калькулятор",
    )
    return {
        **plan(),
        "padding_stride": str(
            padding_stride(without("окна с рамкой и шагом показаны", "Шаг свёртки"))
        ),
        "pooling_stepper": str(
            pooling_stepper(without("пулинг карты по окнам разобран", "Пулинг"))
        ),
        "shape_calculator": str(shape_calculator(calculator)),
    }


def plan() -> dict[str, object]:
    """Числа технологической карты."""
    dense = facts.DEEP_DENSE
    deep = trace(facts.DEEP_INPUT, [*facts.DEEP_CONVS, Flatten(), dense])[-1]
    pooled = trace(facts.DEEP_INPUT, [*facts.POOLED_LAYERS, Flatten(), dense])[-1]
    return {
        "deep_input": shape_text(facts.DEEP_INPUT[:2]),
        "deep_vector": format_int(facts.DEEP_VECTOR),
        "pooled_vector": format_int(facts.POOLED_VECTOR),
        "deep_dense": format_int(deep.params),
        "pooled_dense": format_int(pooled.params),
        "dense_units": dense.units,
        "padding": facts.PADDING,
        "stride": facts.STRIDE,
        "pool_window": shape_text((facts.POOL.size, facts.POOL.size)),
        "pool_stride": facts.POOL.stride,
        "image_size": shape_text(facts.IMAGE.shape),
        "same_size": shape_text(facts.SAME_MAP.shape),
        "stride_size": shape_text(facts.STRIDE_MAP.shape),
        "corner_plain": int(facts.COVERAGE_PLAIN[0, 0]),
        "middle_plain": int(facts.COVERAGE_PLAIN[1, 1]),
        "corner_padded": int(facts.COVERAGE_PADDED[0, 0]),
        "kept": percent(facts.POOL_KEPT, 0),
        "pool_max": ", ".join(format_int(v) for v in facts.POOL_MAX.ravel()),
        "field_plain": facts.FIELD_PLAIN,
        "field_pooled": facts.FIELD_POOLED,
        **_experiment(),
    }


def _experiment() -> dict[str, str]:
    """Опыт на цифрах: числа таблицы страницы «Снова 40 500» и выводы страниц — те же
    фразы, что печатают страницы (:mod:`lessonlib.lessons.lesson02.findings`)."""
    result = pooling_experiment()
    plain, pooled = result.runs["plain"], result.runs["max"]
    topic = pooling_topic(result)
    return {
        "plain_params": format_int(plain.parameters),
        "pooled_params": format_int(pooled.parameters),
        "plain_accuracy": accuracy(plain.mean, plain.std),
        "pooled_accuracy": accuracy(pooled.mean, pooled.std),
        **{f"pooling_{c.key}": c.finding for c in topic.claims},
        "shift_finding": shift_claim(result).finding,
    }


def same_for_five() -> dict[str, object]:
    p = same_padding(5)
    return {"value": p, "p": p, "m": size_fit(28, 5, padding=p).m}


def stride_size() -> dict[str, object]:
    fit = size_fit(32, 3, padding=1, stride=2)
    return {"value": fit.m, "formula": fit.formula}


def stride_fits() -> dict[str, object]:
    bad, good = size_fit(10, 3, stride=2), size_fit(11, 3, stride=2)
    return {"value": (bad.exact, good.exact), "bad": bad, "good": good}


POOL_TASK = ((3, 1, 0, 2), (4, 8, 1, 1), (0, 2, 6, 5), (7, 1, 3, 9))


def pool_by_hand() -> dict[str, object]:
    top, mean = pool2d(POOL_TASK, 2), pool2d(POOL_TASK, 2, mode="average")
    return {
        "value": top.tolist(),
        "task": latex_matrix(POOL_TASK),
        "top": latex_matrix(top),
        "mean": latex_matrix(mean),
    }


def pooled_network() -> dict[str, object]:
    conv = Conv(8, 3)
    layers = [conv, Pool(2, 2), conv, Pool(2, 2), Flatten()]
    infos = trace((28, 28, 1), layers)
    sides = " → ".join(shape_text(i.output_shape) for i in infos[:-1])
    return {"value": infos[-1].output_shape[0], "sides": sides}


def pooled_field() -> dict[str, object]:
    layers = [Conv(1, 3), Pool(2, 2), Conv(1, 3), Pool(2, 2), Conv(1, 3)]
    sizes = [rf.size for rf in receptive_fields(layers)]
    return {"value": sizes[-1], "sizes": " → ".join(str(s) for s in sizes)}
