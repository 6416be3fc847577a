"""Задания для самопроверки: ответы против независимого расчёта и страницы сайта.

Для каждого задания с числовым ответом ответ считается заново PyTorch, SciPy или
перебором — не функциями lessonlib. Тест сверяет с ним поле ``value`` и текст ответа
на собранной странице «Ответы и решения»: число на странице не может разойтись с кодом.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import numpy as np
import pytest
import torch
from scipy.signal import correlate2d
from sitebuild.lesson import course
from sitebuild.lesson.exercises import LEVELS, exercises, get_exercise
from sitebuild.lesson.lessontext import LESSONS_DIR, values_module
from torch import nn

from lessonlib.filters import FILTERS, SOBEL_HORIZONTAL
from lessonlib.fmt import integer as format_int
from lessonlib.lessons.lesson01 import IMAGE, KERNEL

torch.set_num_threads(2)
LESSON = course.get("lesson01")
"""Задания этого файла проверяются по фактам урока 1."""


def t_conv(image: np.ndarray, kernel: np.ndarray, **kwargs) -> np.ndarray:
    """Свёртка PyTorch (взаимная корреляция) для двумерных массивов."""
    x = torch.tensor(np.array(image), dtype=torch.float64)[None, None]
    w = torch.tensor(np.array(kernel), dtype=torch.float64)[None, None]
    return torch.nn.functional.conv2d(x, w, **kwargs)[0, 0].numpy()


def out_side(i: int, f: int, padding: int = 0, stride: int = 1) -> int:
    conv = nn.Conv2d(1, 1, f, stride=stride, padding=padding)
    with torch.no_grad():
        return conv(torch.zeros(1, 1, i, i)).shape[-1]


def params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())


def rf_by_gradient(layers: list[tuple[int, int]], size: int = 41) -> int:
    """Ширина рецептивного поля центрального пикселя выхода: где градиент не ноль."""
    convs = []
    for kernel, stride in layers:
        conv = nn.Conv2d(1, 1, kernel, stride=stride, bias=False).double()
        nn.init.ones_(conv.weight)
        convs.append(conv)
    x = torch.ones(1, 1, size, size, dtype=torch.float64, requires_grad=True)
    y = nn.Sequential(*convs)(x)
    c = y.shape[-1] // 2
    y[0, 0, c, c].backward()
    cols = np.nonzero(x.grad[0, 0].abs().sum(axis=0).numpy())[0]
    return int(cols.max() - cols.min() + 1)


def shape_str(shape) -> str:
    return "×".join(str(int(d)) for d in shape)


# Ключ задания → (ожидаемое value, строки, которые должны стоять в ответе на странице).
def _window_by_hand():
    total = int(t_conv(IMAGE, SOBEL_HORIZONTAL.kernel)[0, 0])
    return total, [format_int(total)]


def _relu_map():
    result = np.maximum(t_conv(IMAGE, KERNEL), 0).astype(int)
    return result.tolist(), []


def _map_sizes():
    pairs = [(32, 3), (28, 7), (100, 5), (64, 1), (10, 10)]
    sizes = {(i, f): out_side(i, f) for i, f in pairs}
    return sizes, [f"{m}×{m}" for m in sizes.values()]


def _too_small():
    with pytest.raises(RuntimeError):
        out_side(4, 5)
    return False, ["Нельзя"]


def _full_map():
    image = np.array([[0, 1, 1, 0], [1, 2, 2, 1], [0, 1, 3, 0], [1, 0, 1, 2]])
    result = correlate2d(image, np.array([[1, 0], [0, -1]]), mode="valid")
    return result.tolist(), []


def _padding_stride():
    cases = [(28, 3, 1, 1), (28, 3, 0, 2), (32, 5, 2, 2), (7, 3, 1, 2)]
    sizes = {c: out_side(c[0], c[1], c[2], c[3]) for c in cases}
    return sizes, [f"{m}×{m}" for m in sizes.values()]


def _color_shapes():
    conv = nn.Conv2d(3, 8, 5)
    shape = tuple(conv(torch.zeros(1, 3, 64, 64)).shape[1:])
    out = (shape[1], shape[2], shape[0])
    weights, biases = conv.weight.numel(), conv.bias.numel()
    return (out, weights, biases), [shape_str(out), format_int(weights), str(biases)]


def _second_layer():
    first, second = nn.Conv2d(3, 8, 5), nn.Conv2d(8, 16, 3)
    y = second(first(torch.zeros(1, 3, 64, 64)))
    filt = (*second.weight.shape[2:], second.weight.shape[1])
    out = (y.shape[2], y.shape[3], y.shape[1])
    return (filt, out), [shape_str(filt), shape_str(out)]


def _sobel_which():
    # Какой фильтр дал какую карту, решает SciPy: ищем карту из условия среди его результатов.
    question = re.sub(r"\s+", " ", get_exercise("sobel_which", LESSON.name).question)
    found = {}
    for label in ("А", "Б"):
        for key in ("sobel_vertical", "sobel_horizontal"):
            expected = correlate2d(
                values_module(LESSONS_DIR / "lesson01").sobel_square(),
                FILTERS[key].kernel,
                mode="valid",
            )
            rows = r" \\ ".join(" & ".join(f"{v:g}" for v in row) for row in expected.tolist())
            if f"\\text{{{label}}} = \\begin{{pmatrix}} {rows} \\end{{pmatrix}}" in question:
                found[label] = key
    vertical = next(label for label, key in found.items() if key == "sobel_vertical")
    return found, [f"Карта {vertical} — вертикальный"]


def _prototype_vector():
    y = nn.Conv2d(1, 2, 3)(torch.zeros(1, 1, 28, 28))
    n = int(nn.Flatten()(y).shape[1])
    return n, [format_int(n)]


def _conv_matrix_shape():
    # Матрица свёртки перебором: столбец j — отклик на картинку с единицей в пикселе j.
    h, w = IMAGE.shape
    columns = []
    for j in range(h * w):
        basis = np.zeros(h * w)
        basis[j] = 1
        columns.append(t_conv(basis.reshape(h, w), KERNEL).ravel())
    matrix = np.stack(columns, axis=1)
    return (matrix.shape, KERNEL.size), [f"{matrix.shape[0]}×{matrix.shape[1]}"]


def _receptive_field_stack():
    fields = {n: rf_by_gradient([(3, 1)] * n) for n in range(1, 6)}
    return fields, [f"{rf}×{rf}" for rf in fields.values()]


def _receptive_field_stride():
    layers = [(3, 1), (3, 2), (3, 1), (3, 1)]
    fields = [rf_by_gradient(layers[: k + 1]) for k in range(len(layers))]
    return fields, [f"{rf}×{rf}" for rf in fields]


def _parameters_small_cnn():
    net = nn.Sequential(
        nn.Conv2d(1, 8, 3),
        nn.ReLU(),
        nn.Conv2d(8, 16, 3),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(24 * 24 * 16, 10),
    )
    x, shapes = torch.zeros(1, 1, 28, 28), []
    for layer in net:
        x = layer(x)
        shapes.append((x.shape[2], x.shape[3], x.shape[1]) if x.ndim == 4 else (x.shape[1],))
    counts = tuple(params(layer) for layer in net)
    return (tuple(shapes), counts), [format_int(sum(counts))] + [format_int(c) for c in counts if c]


def _flatten_size():
    convs = [nn.Conv2d(3, 8, 3)] + [nn.Conv2d(8, 8, 3) for _ in range(3)]
    y = nn.Sequential(*convs)(torch.zeros(1, 3, 64, 64))
    maps = (y.shape[2], y.shape[3], y.shape[1])
    vector = y.numel()
    weights = nn.Linear(vector, 100).weight.numel()
    return (maps, vector, weights), [shape_str(maps), format_int(vector), format_int(weights)]


def _fc_vs_conv():
    dense, conv = params(nn.Linear(100 * 100, 100)), params(nn.Conv2d(1, 100, 3))
    return (dense, conv), [format_int(dense), format_int(conv), format_int(dense // conv)]


REFERENCES: dict[str, Callable[[], tuple[object, list[str]]]] = {
    "window_by_hand": _window_by_hand,
    "relu_map": _relu_map,
    "map_sizes": _map_sizes,
    "too_small": _too_small,
    "full_map": _full_map,
    "padding_stride": _padding_stride,
    "color_shapes": _color_shapes,
    "second_layer": _second_layer,
    "sobel_which": _sobel_which,
    "prototype_vector": _prototype_vector,
    "conv_matrix_shape": _conv_matrix_shape,
    "receptive_field_stack": _receptive_field_stack,
    "receptive_field_stride": _receptive_field_stride,
    "parameters_small_cnn": _parameters_small_cnn,
    "flatten_size": _flatten_size,
    "fc_vs_conv": _fc_vs_conv,
}


def test_at_least_15_tasks_graded_easy_to_hard():
    items = exercises(LESSON.name)
    assert len(items) >= 15
    assert len({e.key for e in items}) == len(items)
    levels = [e.level for e in items]
    assert levels == sorted(levels) and set(levels) == set(LEVELS)
    explain = [e for e in items if e.value is None]
    assert 1 <= len(explain) <= 4 and all("объясните" in e.title.lower() for e in explain)


def test_every_numeric_task_has_an_independent_reference():
    numeric = {e.key for e in exercises(LESSON.name) if e.value is not None}
    assert numeric == set(REFERENCES)


@pytest.mark.parametrize("key", sorted(REFERENCES))
def test_answer_matches_independent_computation(key):
    expected, _ = REFERENCES[key]()
    value = get_exercise(key, "lesson01").value
    if isinstance(expected, list) and expected and isinstance(expected[0], list):
        np.testing.assert_array_equal(np.asarray(value), np.asarray(expected))
    else:
        assert value == expected


def test_flipped_kernel_claim_in_the_explanation():
    flipped = t_conv(IMAGE, KERNEL[::-1, ::-1])
    np.testing.assert_array_equal(flipped, -t_conv(IMAGE, KERNEL))
    assert "обратными знаками" in get_exercise("cross_correlation", "lesson01").explanation


def test_unknown_exercise():
    with pytest.raises(KeyError, match="map_sizes"):
        get_exercise("nope", LESSON.name)


# ---------------------------------------------------------------------------
# Собранные страницы
# ---------------------------------------------------------------------------


def _sections(page: str) -> dict[str, str]:
    """Текст и HTML каждого задания страницы: от его заголовка до следующего."""
    parts = re.split(r'(?=<h3 id="ex-)', page)
    found = {}
    for part in parts[1:]:
        key = re.match(r'<h3 id="ex-([a-z-]+)"', part).group(1).replace("-", "_")
        found[key] = part
    return found


def _text(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).replace(
        "\u00a0", " "
    )


def test_answer_page_shows_the_independently_computed_numbers(site_dir):
    page = (site_dir / LESSON.name / "exercises-answers.html").read_text(encoding="utf-8")
    sections = _sections(page)
    assert set(sections) == {e.key for e in exercises(LESSON.name)}
    for key, reference in REFERENCES.items():
        _, strings = reference()
        block = sections[key].split('<details class="solution"', 1)
        assert len(block) == 2, f"{key}: нет раскрытого блока с ответом"
        answer = _text(block[1])
        for s in strings:
            assert s.replace("\u00a0", " ") in answer, f"{key}: в ответе нет «{s}»"


def test_student_page_hides_answers_and_answer_page_opens_them(site_dir):
    student = (site_dir / LESSON.name / "exercises.html").read_text(encoding="utf-8")
    answers = (site_dir / LESSON.name / "exercises-answers.html").read_text(encoding="utf-8")
    n = len(exercises(LESSON.name))
    assert len(re.findall(r'<details class="answer">', student)) == n
    assert len(re.findall(r'<details class="solution" open="open">', answers)) == n
    for ex in exercises(LESSON.name):
        assert ex.title in html.unescape(student)
