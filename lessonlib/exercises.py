"""Задания для самопроверки — от лёгких к сложным, с ответами и решениями.

Каждое число в условии, ответе и решении посчитано функциями ``lessonlib`` при
сборке сайта: если поменяется пример урока или код свёртки, ответы поменяются вместе
с ним. Текст — Markdown с формулами ``$…$``; страницу из него собирает
``site_hooks/macros.py``. Поле ``value`` — тот же ответ в виде данных, его проверяют
тесты независимым расчётом (PyTorch, SciPy, перебор).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lessonlib.conv import conv2d, conv2d_steps, conv_matrix, output_size, relu
from lessonlib.examples import IMAGE, KERNEL
from lessonlib.figures.panels import shape_text
from lessonlib.filters import SOBEL_HORIZONTAL, SOBEL_VERTICAL
from lessonlib.receptive_field import Layer, receptive_fields
from lessonlib.shapes import Conv, Dense, Flatten, LayerInfo, LayerSpec, ReLU, format_count, trace

__all__ = [
    "LEVELS",
    "Exercise",
    "exercises",
    "format_int",
    "get_exercise",
    "latex_matrix",
    "sobel_square",
]

LEVELS = {1: "лёгкое", 2: "среднее", 3: "сложное"}
"""Уровни сложности заданий."""


def format_int(value: int) -> str:
    """Целое число по-русски: настоящий минус (−192) и пробелы между тысячами (40 500)."""
    text = format_count(abs(int(value)))
    return f"−{text}" if value < 0 else text


def latex_matrix(values: object) -> str:
    """Матрица чисел в LaTeX (``pmatrix``) для формулы ``$$…$$``."""
    arr = np.asarray(values)
    if arr.ndim != 2:
        raise ValueError(f"values: ожидалась двумерная матрица, получена форма {arr.shape}")
    rows = (" & ".join(f"{v:g}" for v in row) for row in arr.tolist())
    return r"\begin{pmatrix} " + r" \\ ".join(rows) + r" \end{pmatrix}"


@dataclass(frozen=True)
class Exercise:
    """Одно задание.

    Attributes:
        key: латинский идентификатор (якорь на странице, ссылки из технологической карты).
        level: сложность — ключ :data:`LEVELS`.
        title: короткое название.
        page: страница урока ``plot_NN_name``, где разбирается тема.
        question: условие (Markdown).
        answer: краткий ответ (Markdown).
        explanation: решение или образец ответа (Markdown).
        value: ответ в виде данных для проверки тестами (``None`` у вопросов «объясните»).
    """

    key: str
    level: int
    title: str
    page: str
    question: str
    answer: str
    explanation: str
    value: object = None

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise ValueError(
                f"level: ожидался уровень из {sorted(LEVELS)}, получено {self.level!r}"
            )
        for name in ("key", "title", "page", "question", "answer", "explanation"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"{name}: ожидался непустой текст, получено {value!r}")

    @property
    def level_name(self) -> str:
        """Сложность словом: «лёгкое», «среднее» или «сложное»."""
        return LEVELS[self.level]


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _display(*parts: str) -> str:
    """Формула отдельной строкой: пустые строки вокруг нужны Markdown."""
    return "\n\n$$\n" + " ".join(parts) + "\n$$\n\n"


def _layer_table(infos: Sequence[LayerInfo], input_shape: tuple[int, ...]) -> str:
    rows = [("вход", shape_text(input_shape), "—")]
    rows += [(i.name, shape_text(i.output_shape), format_int(i.params)) for i in infos]
    return _table(("Слой", "Форма выхода", "Параметры (веса + сдвиги)"), rows)


def _products_sum(values: np.ndarray, kernel: np.ndarray) -> str:
    """«(−1)·237 + 0·233 + …» — запись суммы произведений окна и фильтра."""
    terms = []
    for w, x in zip(kernel.ravel().tolist(), values.ravel().tolist(), strict=True):
        factor = f"({format_int(w)})" if w < 0 else format_int(w)
        terms.append(f"{factor}·{format_int(x)}")
    return " + ".join(terms)


def sobel_square(size: int = 8, border: int = 2) -> np.ndarray:
    """Картинка задания про фильтры Собеля: светлый квадрат (1) на тёмном фоне (0)."""
    image = np.zeros((size, size), dtype=np.int64)
    image[border : size - border, border : size - border] = 1
    return image


def _window_by_hand() -> Exercise:
    kernel = SOBEL_HORIZONTAL.kernel
    step = next(conv2d_steps(IMAGE, kernel))
    return Exercise(
        key="window_by_hand",
        level=1,
        title="Одно окно свёртки вручную",
        page="plot_01_convolution",
        question=(
            "Левый верхний угол картинки из урока и горизонтальный фильтр Собеля:"
            + _display(latex_matrix(step.values), r"\quad\text{и}\quad", latex_matrix(kernel))
            + "Чему равен первый элемент карты активации?"
        ),
        answer=f"**{format_int(step.total)}**",
        explanation=(
            "Перемножаем числа окна и фильтра, стоящие на одних местах, и складываем:\n\n"
            f"{_products_sum(step.values, kernel)} = {format_int(step.total)}.\n\n"
            "Средняя строка фильтра — нули, так что считать нужно только шесть произведений."
        ),
        value=step.total,
    )


def _relu_map() -> Exercise:
    lesson_map = conv2d(IMAGE, KERNEL)
    result = relu(lesson_map)
    return Exercise(
        key="relu_map",
        level=1,
        title="ReLU на карте активации",
        page="plot_10_multilayer_relu",
        question=(
            "Карта активации из урока:"
            + _display(latex_matrix(lesson_map))
            + "Какой она станет после функции активации ReLU?"
        ),
        answer=_display(latex_matrix(result)),
        explanation=(
            "ReLU действует на каждый пиксель отдельно: $\\mathrm{ReLU}(x) = \\max(x, 0)$. "
            "Отрицательные числа превращаются в 0, положительные остаются. "
            f"Ненулевых чисел осталось {int(np.count_nonzero(result))}."
        ),
        value=result.tolist(),
    )


def _map_sizes() -> Exercise:
    pairs = [(32, 3), (28, 7), (100, 5), (64, 1), (10, 10)]
    sizes = {(i, f): output_size(i, f) for i, f in pairs}
    rows = [(f"{i}×{i}", f"{f}×{f}", f"{m}×{m}") for (i, f), m in sizes.items()]
    return Exercise(
        key="map_sizes",
        level=1,
        title="Размеры карт активации",
        page="plot_02_output_size",
        question=(
            "Картинку свернули одним фильтром. Какого размера получится карта активации?\n\n"
            + _table(("Картинка", "Фильтр", "Карта активации"), [(*r[:2], "?") for r in rows])
        ),
        answer=_table(("Картинка", "Фильтр", "Карта активации"), rows),
        explanation=(
            "По формуле урока $m = i - f + 1$: например, "
            f"${pairs[0][0]} - {pairs[0][1]} + 1 = {sizes[pairs[0]]}$. Фильтр 1×1 не "
            "уменьшает картинку, а фильтр размером с картинку даёт одно число."
        ),
        value=sizes,
    )


def _too_small() -> Exercise:
    i, f = 4, 5
    try:
        output_size(i, f)
    except ValueError:
        possible = False
    else:
        possible = True
    m = i - f + 1
    return Exercise(
        key="too_small",
        level=1,
        title="Фильтр больше картинки",
        page="plot_02_output_size",
        question=f"Можно ли свернуть картинку {i}×{i} фильтром {f}×{f}? Почему?",
        answer="Да." if possible else "**Нельзя.**",
        explanation=(
            "Фильтр не помещается на картинку целиком: какие-то его числа остались бы без "
            f"пикселей. Формула это подтверждает: $m = {i} - {f} + 1 = {m}$ — карта "
            "активации из нуля пикселей. Картинка должна быть не меньше фильтра."
        ),
        value=possible,
    )


def _full_map() -> Exercise:
    image = np.array([[0, 1, 1, 0], [1, 2, 2, 1], [0, 1, 3, 0], [1, 0, 1, 2]])
    kernel = np.array([[1, 0], [0, -1]])
    result = conv2d(image, kernel)
    size = shape_text(result.shape)
    return Exercise(
        key="full_map",
        level=2,
        title="Вся карта активации",
        page="plot_01_convolution",
        question=(
            f"Сверните картинку {shape_text(image.shape)} фильтром {shape_text(kernel.shape)}:"
            + _display(latex_matrix(image), r"\quad\text{и}\quad", latex_matrix(kernel))
            + "Выпишите всю карту активации."
        ),
        answer=_display(latex_matrix(result)),
        explanation=(
            f"Карта {size}: $4 - 2 + 1 = {result.shape[0]}$. Фильтр берёт левое верхнее число "
            "окна и вычитает правое нижнее. Первое окно: "
            f"${format_int(image[0, 0])} - {format_int(image[1, 1])} = "
            f"{format_int(result[0, 0])}$; дальше окно сдвигается вправо, потом на строку вниз."
        ),
        value=result.tolist(),
    )


def _padding_stride() -> Exercise:
    cases = [(28, 3, 1, 1), (28, 3, 0, 2), (32, 5, 2, 2), (7, 3, 1, 2)]
    sizes = {c: output_size(c[0], c[1], padding=c[2], stride=c[3]) for c in cases}
    rows = [(f"{i}×{i}", f"{f}×{f}", p, s, f"{m}×{m}") for (i, f, p, s), m in sizes.items()]
    header = ("Картинка", "Фильтр", "Рамка $p$", "Шаг $s$", "Карта")
    return Exercise(
        key="padding_stride",
        level=2,
        title="Дополнение и шаг (задание со звёздочкой)",
        page="plot_02_output_size",
        question=(
            "В настоящих сетях картинку часто обводят рамкой из нулей шириной $p$ "
            "(дополнение, padding), а фильтр сдвигают не на 1, а на $s$ пикселей "
            "(шаг, stride). Найдите размеры карт активации:\n\n"
            + _table(header, [(*r[:4], "?") for r in rows])
        ),
        answer=_table(header, rows),
        explanation=(
            "Рамка увеличивает картинку до $i + 2p$, а шаг $s$ оставляет только каждое "
            "$s$-е положение фильтра:"
            + _display(r"m = \left\lfloor \frac{i + 2p - f}{s} \right\rfloor + 1.")
            + "При $p = 1$ и фильтре 3×3 размер не меняется — поэтому такую рамку любят."
        ),
        value=sizes,
    )


def _colour_shapes() -> Exercise:
    inp = (64, 64, 3)
    (info,) = trace(inp, [Conv(8, 5)])
    return Exercise(
        key="colour_shapes",
        level=2,
        title="Цветная картинка и несколько трёхмерных фильтров",
        page="plot_04_color",
        question=(
            f"Цветную картинку {shape_text(inp)} сворачивают {info.output_shape[2]} "
            "трёхмерными фильтрами размером 5×5 по высоте и ширине. (а) Какова третья "
            "размерность фильтров? (б) Какой формы получится выход слоя? (в) Сколько в слое "
            "весов и сколько сдвигов (по одному на фильтр)?"
        ),
        answer=(
            f"(а) {inp[2]} — по числу каналов; (б) {shape_text(info.output_shape)}; "
            f"(в) {format_int(info.weights)} весов и {info.biases} сдвигов."
        ),
        explanation=(
            f"Каждый фильтр 5×5×{inp[2]} даёт одну двумерную карту "
            f"{shape_text(info.output_shape[:2])} ($64 - 5 + 1$), карт столько же, сколько "
            f"фильтров. Весов: ${info.output_shape[2]} \\cdot 5 \\cdot 5 \\cdot {inp[2]} = "
            f"{info.weights}$."
        ),
        value=(info.output_shape, info.weights, info.biases),
    )


def _second_layer() -> Exercise:
    inp = (64, 64, 3)
    first, second = trace(inp, [Conv(8, 5), Conv(16, 3)])
    return Exercise(
        key="second_layer",
        level=2,
        title="Второй свёрточный слой",
        page="plot_10_multilayer_relu",
        question=(
            f"Продолжение: на выходе первого слоя {shape_text(first.output_shape)}. Второй "
            f"слой — {second.output_shape[2]} фильтров 3×3. Какой формы каждый фильтр "
            "второго слоя и какой формы его выход?"
        ),
        answer=(f"Фильтры 3×3×{first.output_shape[2]}, выход {shape_text(second.output_shape)}."),
        explanation=(
            f"{first.output_shape[2]} карт первого слоя — это как картинка с "
            f"{first.output_shape[2]} каналами, поэтому у фильтров второго слоя третья "
            f"размерность {first.output_shape[2]}. Каждый даёт карту "
            f"{shape_text(second.output_shape[:2])}."
        ),
        value=((3, 3, first.output_shape[2]), second.output_shape),
    )


def _sobel_which() -> Exercise:
    image = sobel_square()
    # Порядок карт в условии нарочно не совпадает с порядком фильтров в уроке.
    maps = {"А": SOBEL_HORIZONTAL, "Б": SOBEL_VERTICAL}
    shown = {label: conv2d(image, f.kernel) for label, f in maps.items()}
    vertical = next(label for label, f in maps.items() if f is SOBEL_VERTICAL)
    horizontal = next(label for label, f in maps.items() if f is SOBEL_HORIZONTAL)
    return Exercise(
        key="sobel_which",
        level=2,
        title="Какой фильтр Собеля что подсветил",
        page="plot_05_sobel",
        question=(
            f"Картинка {shape_text(image.shape)} — светлый квадрат (единицы) на тёмном фоне "
            "(нули):"
            + _display(latex_matrix(image))
            + "Её свернули вертикальным и горизонтальным фильтрами Собеля и получили карты:"
            # Каждая карта — отдельной формулой: две матрицы 6×6 рядом не влезают в телефон.
            + "".join(
                _display(rf"\text{{{label}}} =", latex_matrix(m)) for label, m in shown.items()
            )
            + "Какая карта получена каким фильтром? Какие стороны квадрата подсвечены на "
            "каждой карте и почему у чисел разные знаки?"
        ),
        answer=(
            f"Карта {vertical} — вертикальный фильтр Собеля, карта {horizontal} — горизонтальный."
        ),
        explanation=(
            f"На карте {vertical} большие по модулю числа стоят в столбцах у левой и правой "
            "сторон квадрата — это вертикальные границы. На карте "
            f"{horizontal} — в строках у верхней и нижней сторон, горизонтальные границы. "
            "Знак показывает направление перепада: переход от тёмного к светлому (слева "
            "направо или сверху вниз) даёт плюс, от светлого к тёмному — минус. Внутри "
            "квадрата и на фоне яркость ровная, там нули."
        ),
        value={vertical: SOBEL_VERTICAL.key, horizontal: SOBEL_HORIZONTAL.key},
    )


def _prototype_vector() -> Exercise:
    infos = trace((28, 28, 1), [Conv(2, 3), Flatten()])
    maps, vector = infos[0].output_shape, infos[1].output_shape[0]
    side = shape_text(maps[:2])
    return Exercise(
        key="prototype_vector",
        level=2,
        title="Длина вектора в прототипе",
        page="plot_06_prototype",
        question=(
            "Прототип из урока: цифра MNIST 28×28, один свёрточный слой с двумя фильтрами "
            "3×3, затем flatten каждой карты и конкатенация. Сколько чисел во входном векторе "
            "полносвязной части?"
        ),
        answer=f"**{format_int(vector)}**",
        explanation=(
            f"Каждая карта — {side}, после flatten это вектор из "
            f"{format_int(maps[0] * maps[1])} чисел. Конкатенация двух векторов даёт "
            f"$2 \\cdot {maps[0] * maps[1]} = {vector}$."
        ),
        value=vector,
    )


def _conv_matrix_shape() -> Exercise:
    matrix = conv_matrix(KERNEL, IMAGE.shape)
    per_row = {int(n) for n in np.count_nonzero(matrix, axis=1)}
    nonzero = KERNEL.size  # у фильтра Собеля есть нули: считаем места, а не ненулевые числа
    return Exercise(
        key="conv_matrix_shape",
        level=2,
        title="Свёртка как умножение на матрицу",
        page="plot_08_conv_as_matmul",
        question=(
            f"Свёртку картинки {shape_text(IMAGE.shape)} фильтром {shape_text(KERNEL.shape)} "
            "записали как умножение матрицы $W$ на вектор из пикселей картинки (вытянутой в "
            "строку). Какой формы матрица $W$? Сколько чисел фильтра стоит в каждой её строке?"
        ),
        answer=(
            f"$W$ — {matrix.shape[0]}×{matrix.shape[1]}; в каждой строке все {nonzero} чисел "
            "фильтра, остальное — нули."
        ),
        explanation=(
            f"Строк столько, сколько пикселей в карте активации ({matrix.shape[0]} = 2×2), "
            f"столбцов — сколько пикселей в картинке ({matrix.shape[1]} = 4×4). Строка — это "
            "одно окно: на местах пикселей под фильтром стоят числа фильтра. У фильтра "
            "Собеля часть чисел — нули, поэтому ненулевых в строке "
            f"{', '.join(str(n) for n in sorted(per_row))}. Раз это обычное умножение на "
            "матрицу, фильтры учатся тем же обратным распространением ошибки, что и "
            "полносвязный слой."
        ),
        value=(matrix.shape, nonzero),
    )


def _receptive_field_stack() -> Exercise:
    fields = {n: receptive_fields([Layer(3)] * n)[-1].size for n in range(1, 6)}
    rows = [(n, f"{rf}×{rf}") for n, rf in fields.items()]
    return Exercise(
        key="receptive_field_stack",
        level=2,
        title="Рецептивное поле стопки слоёв 3×3",
        page="plot_12_receptive_field",
        question=(
            "Несколько свёрточных слоёв 3×3 идут подряд (шаг 1, без рамки). Какое "
            "рецептивное поле у пикселя последней карты, если слоёв 1, 2, 3, 4, 5? "
            "Выведите формулу для $n$ слоёв."
        ),
        answer=_table(("Слоёв", "Рецептивное поле"), rows) + "\n\nФормула: $2n + 1$.",
        explanation=(
            "Один слой видит 3×3. Каждый следующий слой 3×3 добавляет по пикселю с каждой "
            "стороны: поле растёт на 2. Урок показывает это для двух слоёв: "
            f"{fields[2]}×{fields[2]}."
        ),
        value=fields,
    )


def _parameters_small_cnn() -> Exercise:
    inp = (28, 28, 1)
    layers: list[LayerSpec] = [Conv(8, 3), ReLU(), Conv(16, 3), ReLU(), Flatten(), Dense(10)]
    infos = trace(inp, layers)
    total = sum(i.params for i in infos)
    return Exercise(
        key="parameters_small_cnn",
        level=3,
        title="Параметры небольшой CNN",
        page="plot_15_parameter_problem",
        question=(
            "Сеть для цифр MNIST: вход 28×28×1 → свёртка, 8 фильтров 3×3 → ReLU → "
            "свёртка, 16 фильтров 3×3 → ReLU → flatten → полносвязный слой из 10 нейронов. "
            "Найдите форму выхода каждого слоя и число обучаемых параметров (веса и по "
            "одному сдвигу на фильтр или нейрон). Какой слой самый «тяжёлый»?"
        ),
        answer=_layer_table(infos, inp) + f"\n\nВсего **{format_int(total)}** параметров.",
        explanation=(
            "У свёрточного слоя $N \\cdot f \\cdot f \\cdot C$ весов и $N$ сдвигов, у "
            "полносвязного — (длина входа) × (число нейронов) весов и по сдвигу на нейрон. "
            f"Свёртки вместе — {format_int(infos[0].params + infos[2].params)} параметров, а "
            f"полносвязный слой — {format_int(infos[5].params)}: почти всё приходится на "
            "него. ReLU и flatten параметров не имеют."
        ),
        value=(tuple(i.output_shape for i in infos), tuple(i.params for i in infos)),
    )


def _receptive_field_stride() -> Exercise:
    layers = [Layer(3), Layer(3, stride=2), Layer(3), Layer(3)]
    fields = [rf.size for rf in receptive_fields(layers)]
    plain = receptive_fields([Layer(3)] * len(layers))[-1].size
    return Exercise(
        key="receptive_field_stride",
        level=3,
        title="Рецептивное поле, когда есть шаг",
        page="plot_12_receptive_field",
        question=(
            f"{len(layers)} свёрточных слоя 3×3 без рамки; у второго слоя шаг (stride) 2, у "
            "остальных 1. Найдите рецептивное поле пикселя после каждого слоя. Насколько "
            f"оно больше, чем у {len(layers)} слоёв с шагом 1?"
        ),
        answer=(
            "После слоёв: "
            + ", ".join(f"{rf}×{rf}" for rf in fields)
            + f". У {len(layers)} слоёв с шагом 1 поле {plain}×{plain}."
        ),
        explanation=(
            "Слой $f×f$ добавляет к полю $(f - 1) \\cdot J$, где $J$ — произведение шагов "
            "всех слоёв до него (на сколько пикселей входа сдвигается поле при сдвиге на "
            "пиксель его входа). До шага $J = 1$, поле растёт на 2: "
            f"{fields[0]}, {fields[1]}. После слоя с шагом 2 $J = 2$, и каждый слой 3×3 "
            f"добавляет уже 4: {fields[2]}, {fields[3]}."
        ),
        value=fields,
    )


def _flatten_size() -> Exercise:
    inp, units = (64, 64, 3), 100
    infos = trace(inp, [Conv(8, 3) for _ in range(4)] + [Flatten(), Dense(units)])
    maps, vector, dense = infos[3].output_shape, infos[4].output_shape[0], infos[5]
    lesson = trace((100, 100, 1), [Conv(5, 3) for _ in range(5)] + [Flatten()])
    return Exercise(
        key="flatten_size",
        level=3,
        title="Вопрос «90×90×5» для других размеров",
        page="plot_15_parameter_problem",
        question=(
            f"В уроке картинка 100×100 после пяти свёрток 3×3 с пятью картами в последнем "
            f"слое давала вектор из {format_int(lesson[-1].output_shape[0])} чисел. "
            f"Посчитайте так же для цветной картинки {shape_text(inp)}, четырёх свёрточных "
            f"слоёв 3×3 и {maps[2]} карт в последнем слое. Сколько весов будет у первого "
            f"полносвязного слоя из {units} нейронов?"
        ),
        answer=(
            f"Карты {shape_text(maps)}, вектор из **{format_int(vector)}** чисел, у "
            f"полносвязного слоя {format_int(dense.weights)} весов."
        ),
        explanation=(
            f"Каждый слой 3×3 уменьшает сторону на 2: $64 - 4 \\cdot 2 = {maps[0]}$. После "
            f"flatten: ${maps[0]} \\cdot {maps[1]} \\cdot {maps[2]} = {vector}$. Каждый из "
            f"{units} нейронов связан со всеми числами вектора: "
            f"${vector} \\cdot {units} = {dense.weights}$. Это та самая проблема числа "
            "параметров, которую решают на следующем занятии."
        ),
        value=(maps, vector, dense.weights),
    )


def _fc_vs_conv() -> Exercise:
    inp, n = (100, 100, 1), 100
    (dense,) = trace(inp, [Flatten(), Dense(n)])[1:]
    (conv,) = trace(inp, [Conv(n, 3)])
    ratio = dense.params // conv.params
    return Exercise(
        key="fc_vs_conv",
        level=3,
        title="Полносвязный слой против свёрточного",
        page="plot_14_cnn_vs_fc",
        question=(
            f"Чёрно-белая картинка {shape_text(inp[:2])}. Сравните число параметров: "
            f"(а) полносвязный слой из {n} нейронов на вытянутой картинке; (б) свёрточный "
            f"слой из {n} фильтров 3×3. Во сколько раз (округлите вниз) отличаются числа?"
        ),
        answer=(
            f"(а) {format_int(dense.params)}; (б) {format_int(conv.params)}; примерно в "
            f"{format_int(ratio)} раз."
        ),
        explanation=(
            "Нейрон полносвязного слоя связан со всеми "
            f"{format_int(inp[0] * inp[1])} пикселями, а фильтр 3×3 — только с 9 числами, "
            "и одни и те же 9 весов проходят по всей картинке. Это и есть локальность и "
            "общие веса свёртки."
        ),
        value=(dense.params, conv.params),
    )


def _flip_explain() -> Exercise:
    flipped = conv2d(IMAGE, KERNEL[::-1, ::-1])
    lesson_map = conv2d(IMAGE, KERNEL)
    same_up_to_sign = bool(np.array_equal(flipped, -lesson_map))
    return Exercise(
        key="cross_correlation",
        level=3,
        title="Свёртка или корреляция? (объясните)",
        page="plot_01_convolution",
        question=(
            "В математике при свёртке ядро сначала поворачивают на 180°, а в нейросетях "
            "(и в этом уроке) накладывают как есть — это взаимная корреляция. Объясните, "
            "почему для свёрточной нейросети это не важно."
        ),
        answer="Фильтры обучаются: сеть сама выучит повёрнутый вариант, если он нужен.",
        explanation=(
            "Повёрнутый фильтр — тоже фильтр. Если для задачи полезно «математическое» "
            "ядро, обучение найдёт его повёрнутую копию, и ответы сети будут те же. "
            "Пример урока: вертикальный фильтр Собеля, повёрнутый на 180°, даёт карту "
            + _display(latex_matrix(flipped))
            + (
                "— ту же, что в уроке, только с обратными знаками."
                if same_up_to_sign
                else "— другую, чем в уроке."
            )
        ),
    )


def _trainable_explain() -> Exercise:
    return Exercise(
        key="why_trainable",
        level=2,
        title="Зачем обучать фильтры (объясните)",
        page="plot_09_trainable_filters",
        question=(
            "Для четвёрок и восьмёрок фильтры можно подобрать вручную. Почему в настоящих "
            "свёрточных сетях фильтры делают обучаемыми? Как их обучают?"
        ),
        answer="Вручную хорошие фильтры для сложных задач не подобрать; их учит backpropagation.",
        explanation=(
            "Образец ответа. У четвёрок и восьмёрок мы видим разницу в линиях, а какие "
            "паттерны отличают кошек от собак или тысячу классов ImageNet — сказать трудно. "
            "Поэтому веса фильтров делают обучаемыми параметрами, и сеть сама находит "
            "фильтры, полезные для задачи. Свёртка — это умножение на особую матрицу, "
            "поэтому фильтры обучаются тем же обратным распространением ошибки, что и "
            "полносвязная часть, и вся сеть учится целиком."
        ),
    )


def _hierarchy_explain() -> Exercise:
    five = receptive_fields([Layer(3)] * 5)[-1].size
    return Exercise(
        key="why_deep",
        level=3,
        title="Почему глубокие слои видят сложные паттерны (объясните)",
        page="plot_11_layer_activations",
        question=(
            "Первые свёрточные слои реагируют на линии, последние — на глаза, колёса, "
            "голову кошки. Объясните, почему так получается, используя понятие "
            "рецептивного поля."
        ),
        answer="Поле растёт от слоя к слою, а каждый слой собирает паттерны предыдущего.",
        explanation=(
            "Образец ответа. Каждый слой сворачивает карты предыдущего, то есть "
            "комбинирует уже найденные паттерны: из линий — углы и дуги, из них — глаза и "
            "уши, из них — голову. Одновременно растёт рецептивное поле: пиксель первого "
            f"слоя 3×3 видит участок 3×3, а после пяти слоёв 3×3 — уже {five}×{five}. "
            "Сложный объект занимает большой участок картинки, поэтому распознать его "
            "могут только дальние слои."
        ),
    )


def exercises() -> tuple[Exercise, ...]:
    """Все задания, от лёгких к сложным."""
    items = (
        _window_by_hand(),
        _relu_map(),
        _map_sizes(),
        _too_small(),
        _full_map(),
        _padding_stride(),
        _colour_shapes(),
        _second_layer(),
        _sobel_which(),
        _prototype_vector(),
        _conv_matrix_shape(),
        _receptive_field_stack(),
        _trainable_explain(),
        _parameters_small_cnn(),
        _receptive_field_stride(),
        _flatten_size(),
        _fc_vs_conv(),
        _hierarchy_explain(),
        _flip_explain(),
    )
    return tuple(sorted(items, key=lambda e: e.level))  # sorted устойчива: порядок тем сохранён


def get_exercise(key: str) -> Exercise:
    """Задание по ключу, например ``get_exercise("map_sizes")``."""
    for exercise in exercises():
        if exercise.key == key:
            return exercise
    known = ", ".join(e.key for e in exercises())
    raise KeyError(f"key: нет задания {key!r}; есть задания: {known}")
