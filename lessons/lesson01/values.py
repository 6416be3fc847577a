"""Числа для текстов урока 1: технологической карты (``plan``), раздела на странице
«Тренажёры» (``trainers``) и заданий (по ключу задания).

Каждая функция возвращает словарь имён, которые подставляются в шаблоны ``{{ … }}``
файлов ``plan.yaml``, ``trainers.md`` и ``exercises.yaml``. Поле ``value`` задания — его
ответ в виде данных: тесты сверяют его с независимым расчётом (PyTorch, SciPy, перебор).
"""

from __future__ import annotations

import numpy as np
from sitebuild.lesson.mdtext import latex_matrix, table

from lessonlib.conv import conv2d, conv2d_steps, conv_matrix, output_size, relu
from lessonlib.filters import SOBEL_HORIZONTAL, SOBEL_VERTICAL
from lessonlib.fmt import integer as format_int
from lessonlib.fmt import percent, plural
from lessonlib.fmt import shape as shape_text
from lessonlib.lessons import lesson01 as facts
from lessonlib.lessons.lesson01 import IMAGE, KERNEL
from lessonlib.lessons.lesson01.findings import cnn_vs_fc_topic, prototype_topic
from lessonlib.lessons.lesson01.realnet import empty_shares, real_network_topic
from lessonlib.lessons.lesson01.trainers import conv_stepper, receptive_field, shape_calculator
from lessonlib.receptive_field import receptive_fields
from lessonlib.shapes import Conv, Dense, Flatten, LayerSpec, ReLU, trace


def sobel_square(size: int = 8, border: int = 2) -> np.ndarray:
    """Картинка задания про фильтры Собеля: светлый квадрат (1) на тёмном фоне (0)."""
    image = np.zeros((size, size), dtype=np.int64)
    image[border : size - border, border : size - border] = 1
    return image


def trainers() -> dict[str, str]:
    """Раздел урока на странице «Тренажёры» (``trainers.md``): числа урока (``{{ lesson_map }}``…)
    и его тренажёры — те же, что на страницах урока; без JavaScript — числа и отсылка к странице."""
    maps = [format_int(v) for v in facts.LESSON_MAP.ravel()]
    color = [shape_text(s) for s in facts.COLOR_SHAPES]
    field = shape_text((facts.TWO_LAYER_FIELD,) * 2)
    image, kernel = shape_text(facts.IMAGE.shape), shape_text(facts.KERNEL.shape)
    lesson_map = ", ".join(maps[:-1]) + " и " + maps[-1]
    first, second = (layer for layer in facts.COLOR_LAYERS if isinstance(layer, Conv))
    without = "работает с включённым JavaScript. Без него"
    return {
        "lesson_map": lesson_map,
        "image_shape": image,
        "kernel_shape": kernel,
        "two_layer_field": field,
        "color_input": color[0],
        "color_first": color[1],
        "color_second": color[2],
        "color_chain": " → ".join(color),
        "deep_input": shape_text(facts.DEEP_INPUT[:2]),
        "deep_maps": shape_text(facts.DEEP_MAPS),
        "fc_inputs": format_int(facts.DEEP_VECTOR),
        "conv_stepper": str(
            conv_stepper(
                f"Тренажёр {without} числа примера — изображение {image}, фильтр {kernel} и карта "
                f"активации {lesson_map} — разобраны по шагам на странице «Операция свёртки»."
            )
        ),
        "receptive_field": str(
            receptive_field(
                f"Тренажёр {without} рецептивное поле двух слоёв свёртки 3×3 (участок {field}) "
                "показано на рисунке страницы «Рецептивное поле»."
            )
        ),
        "shape_calculator": str(
            shape_calculator(
                f"Калькулятор {without}: вход {color[0]}, {_filters(first, 3)} дают карту "
                f"{color[1]}, затем {_filters(second, first.filters)} — карту {color[2]}."
            )
        ),
    }


def _filters(layer: Conv, channels: int) -> str:
    """«5 фильтров 3×3×3»: сколько фильтров в слое и какой они формы."""
    count = plural(layer.filters, "фильтр", "фильтра", "фильтров")
    return f"{count} {shape_text((layer.size, layer.size, channels))}"


def vector_halves() -> str:
    """Что прототип (модель (c) страницы 7) на самом деле передаёт полносвязной части —
    та же проверка :mod:`lessonlib.findings`, что на страницах 7 и 16."""
    return _said(prototype_topic().claim("vector_halves"))


def _verdict(claim) -> str:
    return f"«{claim.claim}» — {'подтвердилось' if claim.held else 'не подтвердилось'}"


def _checked(claims: list) -> str:
    """Проверки одной фразой: «утверждение» — подтвердилось; «…» — не подтвердилось."""
    text = "; ".join(_verdict(c) for c in claims)
    return f"На наших сетях: {text}."


def _said(claim) -> str:
    """Проверка утверждения словами педагога: вердикт и что нашли (с числами страницы)."""
    return f"{_verdict(claim)}. {claim.finding}"


def empty_maps() -> str:
    """Почти пустые карты по ступеням SqueezeNet и проверки страниц 13 и 16 (те же объекты
    :mod:`lessonlib.lessons.lesson01.realnet`)."""
    near = empty_shares()["chelsea"]
    topic = real_network_topic()
    claims = [topic.claim(key) for key in ("first_layer_full", "deep_empty", "different_channels")]
    return (
        "Что измерено на настоящей сети SqueezeNet (страницы 13 и 16): у фотографии кошки "
        "почти пустых карт по ступеням "
        + ", ".join(percent(v, 0) for v in near)
        + ". "
        + _checked(claims)
    )


def face_parts() -> str:
    """Что измерено о морде кошки (страницы 11 и 16, тот же объект
    :mod:`lessonlib.lessons.lesson01.realnet`)."""
    return real_network_topic().claim("face_parts").finding


def deep_layer() -> str:
    """Загорается ли карта класса «кошка» там, где кошка (страницы 11 и 16)."""
    return _said(real_network_topic().claim("cat_map"))


def prototype_verdict() -> str:
    """Проверки прототипа, которые называет страница 7."""
    topic = prototype_topic()
    return _checked([topic.claim(key) for key in ("one_filter", "fc_enough", "learned_filters")])


def equivariance() -> str:
    """Сдвигаются ли карты вместе с объектом (страница 14)."""
    return cnn_vs_fc_topic().claim("equivariance").finding


def shift_check() -> str:
    """Что на самом деле даёт сдвиг объекта для ответа сети (страницы 14 и 16, те же
    объекты :mod:`lessonlib.findings`)."""
    topic = cnn_vs_fc_topic()
    return " ".join(_said(topic.claim(key)) for key in ("shift_robust", "shift_anywhere"))


def formula_examples() -> str:
    """Примеры формулы размера карты на слайде: картинка урока и цифра MNIST."""
    examples = (
        (facts.IMAGE.shape[0], facts.KERNEL.shape[0]),
        (facts.MNIST_SIDE, 3),
        (facts.MNIST_SIDE, 5),
    )
    return ";  ".join(f"{i} − {f} + 1 = {output_size(i, f)}" for i, f in examples)


def plan() -> dict[str, object]:
    """Числа технологической карты."""
    first, second, third, fourth = (format_int(v) for v in facts.LESSON_MAP.ravel())
    image_size, kernel_size = (shape_text(facts.IMAGE.shape), shape_text(facts.KERNEL.shape))
    map_size = shape_text(facts.LESSON_MAP.shape)
    mnist3, mnist5 = (output_size(facts.MNIST_SIDE, 3), output_size(facts.MNIST_SIDE, 5))
    color_in, color_first, color_second = facts.COLOR_SHAPES
    rf_two = facts.TWO_LAYER_FIELD
    deep_maps, deep_vector = (facts.DEEP_MAPS, facts.DEEP_VECTOR)
    mnist_size = shape_text((facts.MNIST_SIDE,) * 2)
    deep_input = shape_text(facts.DEEP_INPUT[:2])
    dense = trace(facts.DEEP_INPUT, [*facts.DEEP_CONVS, Flatten(), facts.DEEP_DENSE])[-1]
    return {
        "dense_units": facts.DEEP_DENSE.units,
        "dense_weights": dense.weights,
        "empty_maps": empty_maps(),
        "face_parts": face_parts(),
        "empty_cat": ", ".join(percent(v, 0) for v in empty_shares()["chelsea"]),
        "deep_layer": deep_layer(),
        "equivariance": equivariance(),
        "formula_examples": formula_examples(),
        "lesson_map": ", ".join(format_int(v) for v in facts.LESSON_MAP.ravel()),
        "relu_map": ", ".join(format_int(v) for v in relu(facts.LESSON_MAP).ravel()),
        "prototype_verdict": prototype_verdict(),
        "shift_check": shift_check(),
        "vector_halves": vector_halves(),
        "color_first": color_first,
        "color_in": color_in,
        "color_second": color_second,
        "deep_input": deep_input,
        "deep_maps": deep_maps,
        "deep_vector": deep_vector,
        "first": first,
        "fourth": fourth,
        "image_size": image_size,
        "kernel_size": kernel_size,
        "map_size": map_size,
        "mnist3": mnist3,
        "mnist5": mnist5,
        "mnist_size": mnist_size,
        "rf_two": rf_two,
        "second": second,
        "third": third,
    }


def window_by_hand() -> dict[str, object]:
    kernel = SOBEL_HORIZONTAL.kernel
    step = next(conv2d_steps(IMAGE, kernel))
    return {"kernel": kernel, "step": step, "value": step.total}


def relu_map() -> dict[str, object]:
    lesson_map = facts.LESSON_MAP
    result = relu(lesson_map)
    nonzero = int(np.count_nonzero(result))
    return {
        "lesson_map": lesson_map,
        "nonzero": nonzero,
        "result": result,
        "value": result.tolist(),
    }


def map_sizes() -> dict[str, object]:
    pairs = [(32, 3), (28, 7), (100, 5), (64, 1), (10, 10)]
    sizes = {(i, f): output_size(i, f) for i, f in pairs}
    rows = [(f"{i}×{i}", f"{f}×{f}", f"{m}×{m}") for (i, f), m in sizes.items()]
    question_table = table(("Картинка", "Фильтр", "Карта активации"), [(*r[:2], "?") for r in rows])
    answer_table = table(("Картинка", "Фильтр", "Карта активации"), rows)
    return {
        "answer_table": answer_table,
        "pairs": pairs,
        "question_table": question_table,
        "rows": rows,
        "sizes": sizes,
        "value": sizes,
    }


def too_small() -> dict[str, object]:
    i, f = (4, 5)
    try:
        output_size(i, f)
    except ValueError:
        possible = False
    else:
        possible = True
    m = i - f + 1
    return {"f": f, "i": i, "m": m, "possible": possible, "value": possible}


def full_map() -> dict[str, object]:
    image = np.array([[0, 1, 1, 0], [1, 2, 2, 1], [0, 1, 3, 0], [1, 0, 1, 2]])
    kernel = np.array([[1, 0], [0, -1]])
    result = conv2d(image, kernel)
    size = shape_text(result.shape)
    return {
        "image": image,
        "kernel": kernel,
        "result": result,
        "size": size,
        "value": result.tolist(),
    }


def padding_stride() -> dict[str, object]:
    cases = [(28, 3, 1, 1), (28, 3, 0, 2), (32, 5, 2, 2), (7, 3, 1, 2)]
    sizes = {c: output_size(c[0], c[1], padding=c[2], stride=c[3]) for c in cases}
    rows = [(f"{i}×{i}", f"{f}×{f}", p, s, f"{m}×{m}") for (i, f, p, s), m in sizes.items()]
    header = ("Картинка", "Фильтр", "Рамка $p$", "Шаг $s$", "Карта")
    question_table = table(header, [(*r[:4], "?") for r in rows])
    return {
        "cases": cases,
        "header": header,
        "question_table": question_table,
        "rows": rows,
        "sizes": sizes,
        "value": sizes,
    }


def color_shapes() -> dict[str, object]:
    inp = (64, 64, 3)
    (info,) = trace(inp, [Conv(8, 5)])
    return {"info": info, "inp": inp, "value": (info.output_shape, info.weights, info.biases)}


def second_layer() -> dict[str, object]:
    inp = (64, 64, 3)
    first, second = trace(inp, [Conv(8, 5), Conv(16, 3)])
    return {
        "first": first,
        "inp": inp,
        "second": second,
        "value": ((3, 3, first.output_shape[2]), second.output_shape),
    }


def sobel_which() -> dict[str, object]:
    image = sobel_square()
    # Порядок карт в условии нарочно не совпадает с порядком фильтров в уроке.
    maps = {"А": SOBEL_HORIZONTAL, "Б": SOBEL_VERTICAL}
    shown = {label: conv2d(image, f.kernel) for label, f in maps.items()}
    vertical = next((label for label, f in maps.items() if f is SOBEL_VERTICAL))
    horizontal = next((label for label, f in maps.items() if f is SOBEL_HORIZONTAL))
    maps_formulas = "".join(
        (f"\n\n$$\n\\text{{{label}}} = {latex_matrix(m)}\n$$\n\n" for label, m in shown.items())
    )
    return {
        "horizontal": horizontal,
        "image": image,
        "maps": maps,
        "maps_formulas": maps_formulas,
        "shown": shown,
        "vertical": vertical,
        "value": {vertical: SOBEL_VERTICAL.key, horizontal: SOBEL_HORIZONTAL.key},
    }


def prototype_vector() -> dict[str, object]:
    side, filters = (facts.MNIST_SIDE, len(facts.PROTOTYPE_FILTERS))
    infos = trace((side, side, 1), [Conv(filters, 3), Flatten()])
    maps, vector = (infos[0].output_shape, infos[1].output_shape[0])
    return {
        "filters": filters,
        "infos": infos,
        "maps": maps,
        "side": side,
        "vector": vector,
        "value": vector,
    }


def conv_matrix_shape() -> dict[str, object]:
    matrix = conv_matrix(KERNEL, IMAGE.shape)
    per_row = {int(n) for n in np.count_nonzero(matrix, axis=1)}
    nonzero = KERNEL.size
    per_row_text = ", ".join(str(n) for n in sorted(per_row))
    return {
        "image": IMAGE,
        "kernel": KERNEL,
        "matrix": matrix,
        "nonzero": nonzero,
        "per_row": per_row,
        "per_row_text": per_row_text,
        "value": (matrix.shape, nonzero),
    }


def receptive_field_stack() -> dict[str, object]:
    fields = {n: receptive_fields([Conv(1, 3)] * n)[-1].size for n in range(1, 6)}
    rows = [(n, f"{rf}×{rf}") for n, rf in fields.items()]
    fields_table = table(("Слоёв", "Рецептивное поле"), rows)
    return {"fields": fields, "fields_table": fields_table, "rows": rows, "value": fields}


def parameters_small_cnn() -> dict[str, object]:
    inp = (28, 28, 1)
    layers: list[LayerSpec] = [Conv(8, 3), ReLU(), Conv(16, 3), ReLU(), Flatten(), Dense(10)]
    infos = trace(inp, layers)
    total = sum(i.params for i in infos)
    return {
        "infos": infos,
        "inp": inp,
        "layers": layers,
        "total": total,
        "value": (tuple(i.output_shape for i in infos), tuple(i.params for i in infos)),
    }


def receptive_field_stride() -> dict[str, object]:
    layers = [Conv(1, 3), Conv(1, 3, stride=2), Conv(1, 3), Conv(1, 3)]
    fields = [rf.size for rf in receptive_fields(layers)]
    plain = receptive_fields([Conv(1, 3)] * len(layers))[-1].size
    fields_text = ", ".join(f"{rf}×{rf}" for rf in fields)
    return {
        "fields": fields,
        "fields_text": fields_text,
        "layers": layers,
        "plain": plain,
        "value": fields,
    }


def flatten_size() -> dict[str, object]:
    inp, units = ((64, 64, 3), 100)
    infos = trace(inp, [Conv(8, 3) for _ in range(4)] + [Flatten(), Dense(units)])
    maps, vector, dense = (infos[3].output_shape, infos[4].output_shape[0], infos[5])
    return {
        "lesson_input": facts.DEEP_INPUT,
        "lesson_vector": facts.DEEP_VECTOR,
        "dense": dense,
        "infos": infos,
        "inp": inp,
        "maps": maps,
        "units": units,
        "vector": vector,
        "value": (maps, vector, dense.weights),
    }


def fc_vs_conv() -> dict[str, object]:
    inp, n = ((100, 100, 1), 100)
    (dense,) = trace(inp, [Flatten(), Dense(n)])[1:]
    (conv,) = trace(inp, [Conv(n, 3)])
    ratio = dense.params // conv.params
    return {
        "conv": conv,
        "dense": dense,
        "inp": inp,
        "n": n,
        "ratio": ratio,
        "value": (dense.params, conv.params),
    }


def cross_correlation() -> dict[str, object]:
    flipped = conv2d(IMAGE, KERNEL[::-1, ::-1])
    lesson_map = facts.LESSON_MAP
    same_up_to_sign = bool(np.array_equal(flipped, -lesson_map))
    return {
        "flipped": flipped,
        "lesson_map": lesson_map,
        "same_up_to_sign": same_up_to_sign,
        "value": None,
    }


def why_trainable() -> dict[str, object]:
    return {"value": None}


def why_deep() -> dict[str, object]:
    five = receptive_fields([Conv(1, 3)] * 5)[-1].size
    return {"five": five, "value": None}
