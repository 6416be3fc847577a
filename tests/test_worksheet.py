"""Рабочие листы уроков: задания посчитаны библиотекой и сверены с независимым счётом,
у ученика нет ответов, у педагога есть все, номера заданий совпадают со слайдами, PDF —
A4 на 1–2 листа. Лист есть у урока с ``lessons/<урок>/worksheet.py``."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from sitebuild.classroom import worksheet
from sitebuild.lesson import course
from sitebuild.lesson.lesson_plan import lesson_plan
from sitebuild.lesson.lessontext import load_file
from torch import nn

from lessonlib.conv import conv2d
from lessonlib.lessons import lesson01, lesson02, lesson03
from lessonlib.shapes import trace

ROOT = Path(__file__).resolve().parent.parent
WITH_SHEET = [lesson.name for lesson in course.lessons() if lesson.has_worksheet]


def _number(text: str) -> float:
    return float(text.replace("−", "-").replace("\u00a0", "").replace(" ", "").replace(",", "."))


def _sheet(lesson: str) -> worksheet.LessonSheet:
    sheet = worksheet.lesson_sheet(lesson)
    assert sheet is not None
    return sheet


def _render(lesson: str) -> tuple[str, str]:
    """HTML листа ученика и экземпляра педагога."""
    plan, sheet = lesson_plan(lesson), _sheet(lesson)
    student, teacher = (worksheet.render_sheet(plan, s, "../", sheet) for s in worksheet.SHEETS)
    return student, teacher


def _cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)


# ---------------------------------------------------------------------------
# Все уроки с листом
# ---------------------------------------------------------------------------


def test_every_lesson_of_the_course_has_a_sheet_and_it_is_found_by_its_folder(tmp_path):
    assert WITH_SHEET == [lesson.name for lesson in course.lessons()]
    assert worksheet.lesson_sheet("lesson77", tmp_path) is None
    bad = tmp_path / "lesson78"
    bad.mkdir()
    (bad / "worksheet.py").write_text("TASKS = ()\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"lesson78/worksheet\.py: TASKS"):
        worksheet.lesson_sheet("lesson78", tmp_path)


@pytest.mark.parametrize("lesson", WITH_SHEET)
def test_slides_name_the_tasks_of_the_sheet_by_their_numbers(lesson):
    """Слайд «задание N» карты — задание N листа: номер и заголовок на листе совпадают."""
    plan, sheet = lesson_plan(lesson), _sheet(lesson)
    student, _ = _render(lesson)
    printed = dict(re.findall(r"<h2>(\d+)\. ([^<]+)</h2>", student))
    assert printed == {str(k): title for k, title in enumerate(sheet.tasks, 1)}
    named = [s for stage in plan.stages for s in stage.all_slides if s.show.task]
    assert named, "карта урока не называет ни одного задания листа"
    for spec in named:
        assert str(spec.show.task) in printed
        said = re.search(r"[Зз]адани[ея] (\d+)", spec.title)
        assert said and int(said.group(1)) == spec.show.task, spec.title
    worksheet.check_plan(plan, sheet)
    with pytest.raises(ValueError, match="листа у урока нет"):
        worksheet.check_plan(plan, None)


@pytest.mark.parametrize("lesson", WITH_SHEET)
def test_student_sheet_has_no_answers_and_the_teacher_copy_has_them(lesson):
    student, teacher = _render(lesson)
    assert 'class="answer"' in teacher and 'class="answer"' not in student
    assert "Имя и класс" in student and "Имя и класс" not in teacher
    # Пустая клетка ученика — заполненная у педагога; у педагога пустых клеток нет.
    blank = re.compile(r'<td class="blank[^"]*">(.*?)</td>', re.S)
    assert blank.findall(student) and not any(c.strip() for c in blank.findall(student))
    filled = blank.findall(teacher)
    assert filled and all(c.strip() for c in filled), lesson
    for html in (student, teacher):
        assert html.count("<li>") >= 3 and "Выходной билет" in html
        assert 'lang="ru"' in html and "../stylesheets/worksheet.css" in html
        for bad in ("None", "nan", "undefined", "null", "{{", "{%"):
            assert not re.search(rf"(?<!\w){re.escape(bad)}(?!\w)", html), bad


# ---------------------------------------------------------------------------
# Урок 1: свёртка вручную, таблица размеров, рецептивное поле
# ---------------------------------------------------------------------------

L1 = load_file(ROOT / "lessons" / "lesson01" / "worksheet.py", "worksheet_lesson01")


def test_lesson1_size_table_obeys_the_formula_and_hides_one_cell_a_row():
    rows = L1.size_rows()
    assert {row.unknown for row in rows} == {"i", "f", "m"}
    for row in rows:
        out = F.conv2d(torch.zeros(1, 1, row.i, row.i), torch.zeros(1, 1, row.f, row.f))
        assert out.shape[-1] == row.m >= 1


def test_lesson1_hand_convolution_sums_equal_the_map():
    values = []
    for expression, value in L1.context()["windows"]:
        terms = [t.split("·") for t in expression.split(" + ")]
        assert len(terms) == lesson01.KERNEL.size
        total = sum(_number(x) * _number(w.strip("()")) for x, w in terms)
        assert total == _number(value)
        values.append(int(total))
    image, kernel = lesson01.IMAGE, lesson01.KERNEL
    k = kernel.shape[0]
    reference = [
        int((image[r : r + k, c : c + k] * kernel).sum()) for r in range(2) for c in range(2)
    ]
    assert values == reference == conv2d(image, kernel).ravel().tolist()


def test_lesson1_receptive_field_cells_match_a_brute_force_perturbation():
    cells = np.array(L1.rf_cells())
    n = lesson01.TWO_LAYER_INPUT
    ones = np.ones((3, 3))

    def centre(image: np.ndarray) -> float:
        second = conv2d(conv2d(image, ones), ones)
        return float(second[second.shape[0] // 2, second.shape[1] // 2])

    expected = np.zeros((n, n), dtype=bool)
    for r in range(n):
        for c in range(n):
            image = np.zeros((n, n))
            image[r, c] = 1.0
            expected[r, c] = centre(image) != 0.0
    assert (cells == expected).all()
    assert cells.sum() == L1.context()["rf_size"] ** 2


def test_lesson1_map_and_shading_only_on_the_teacher_copy():
    student, teacher = _render("lesson01")
    for v in conv2d(lesson01.IMAGE, lesson01.KERNEL).ravel().tolist():
        value = f"−{abs(v)}" if v < 0 else str(v)
        assert f"<td>{value}</td>" in teacher and f"<td>{value}</td>" not in student
    assert "shaded" in teacher and "shaded" not in student


def test_lesson1_both_sheets_carry_the_stencil_with_the_lesson_filter():
    """Трафарет к заданию 1: окошко 3×3 и рядом числа того же фильтра, что в задании."""
    kernel = [f"−{abs(v)}" if v < 0 else str(v) for v in lesson01.KERNEL.ravel().tolist()]
    for html in _render("lesson01"):
        stencil = html[html.index('class="stencil-task"') :]
        assert "Трафарет к заданию 1" in stencil and 'class="window"' in stencil
        assert re.findall(r"<td>([^<]*)</td>", stencil) == kernel


# ---------------------------------------------------------------------------
# Урок 2: пулинг вручную, размеры с рамкой и шагом, снова 40 500
# ---------------------------------------------------------------------------

L2 = load_file(ROOT / "lessons" / "lesson02" / "worksheet.py", "worksheet_lesson02")


def test_lesson2_pooling_answers_equal_torch_on_the_lesson_map():
    ctx = L2.context()
    x = torch.tensor(lesson02.SAME_MAP, dtype=torch.float64)[None, None]
    top = F.max_pool2d(x, 2, 2)[0, 0].numpy()
    mean = F.avg_pool2d(x, 2, 2)[0, 0].numpy()
    assert [[_number(v) for v in row] for row in ctx["pool_max"]] == top.tolist()
    assert np.allclose([[_number(v) for v in row] for row in ctx["pool_average"]], mean)
    # Окна ответа — окна карты по порядку: слева направо, затем вниз.
    for k, (values, big, avg) in enumerate(ctx["windows"]):
        r, c = divmod(k, 2)
        window = lesson02.SAME_MAP[2 * r : 2 * r + 2, 2 * c : 2 * c + 2]
        assert [_number(v) for v in values.split(", ")] == window.ravel().tolist()
        assert _number(big) == window.max() and _number(avg) == pytest.approx(window.mean())
    student, teacher = _render("lesson02")
    assert all(f"<td>{v}</td>" in student for row in ctx["map"] for v in row)
    for v in (v for row in ctx["pool_average"] for v in row):
        assert v in teacher and v not in student


def test_lesson2_averages_are_the_same_numbers_on_the_sheet_the_figure_and_the_page():
    """Педагог говорит «средние сверьте по рисунку»: рисунок слайда и страницы пишет те же
    точные средние, что лист ответов (382,75, а не 382,8), и страница печатает их так же."""
    from lessonlib.figures.pooling import pooling_figure

    ctx = L2.context()
    x = torch.tensor(lesson02.SAME_MAP, dtype=torch.float64)[None, None]
    exact = F.avg_pool2d(x, 2, 2)[0, 0].numpy().ravel()
    sheet = [v for row in ctx["pool_average"] for v in row]
    assert [_number(v) for v in sheet] == exact.tolist()  # без округления
    fig = pooling_figure(lesson02.SAME_MAP, lesson02.POOL.size, lesson02.POOL.stride)
    panel = next(ax for ax in fig.axes if ax.get_title() == "среднее")
    assert [t.get_text() for t in panel.texts] == sheet
    page = ROOT / "docs" / "lesson02" / "plot_03_pooling.ipynb"
    if page.is_file():  # выполненный блокнот страницы — после nox -s build
        printed = "".join(
            "".join(o.get("text", "") or o.get("data", {}).get("text/markdown", ""))
            for c in json.loads(page.read_text(encoding="utf-8"))["cells"]
            for o in c.get("outputs", [])
        )
        assert [f"среднее {v}." in printed for v in sheet] == [True] * len(sheet)


def test_lesson2_size_table_agrees_with_torch_and_one_row_does_not_fit():
    rows = L2.size_rows()
    assert any(r.p for r in rows) and any(r.s > 1 for r in rows)
    assert [r.fits for r in rows].count(False) == 1
    for row in rows:
        out = F.conv2d(
            torch.zeros(1, 1, row.i, row.i),
            torch.zeros(1, 1, row.f, row.f),
            stride=row.s,
            padding=row.p,
        )
        assert out.shape[-1] == row.m
        # Перебор: какие пиксели самой картинки накрывает хоть одно окно.
        starts = [k * row.s - row.p for k in range(row.m)]
        seen = {x for s in starts for x in range(s, s + row.f) if 0 <= x < row.i}
        assert row.fits == (len(seen) == row.i), row
        assert row.answer.startswith("подходит" if row.fits else "не подходит")
    _, teacher = _render("lesson02")
    assert teacher.count('why">не подходит') == 1


def test_lesson2_forty_thousand_five_hundred_layer_by_layer_with_torch():
    ctx = L2.context()

    def shapes(layers) -> list[str]:
        x = torch.zeros(1, 1, 100, 100)
        out = []
        for layer in layers:
            if layer == "pool":
                x = F.max_pool2d(x, 2, 2)
            else:
                x = F.conv2d(x, torch.zeros(5, x.shape[1], 3, 3))
            out.append(f"{x.shape[2]}×{x.shape[3]}×{x.shape[1]}")
        return [*out, f"{x.numel():,} чисел".replace(",", "\u00a0")]

    plain = ["conv"] * 5
    pooled = ["conv", "conv", "pool", "conv", "conv", "pool", "conv"]
    assert [out for _, out in ctx["plain"][1:]] == shapes(plain)
    assert [out for _, out in ctx["pooled"][1:]] == shapes(pooled)
    assert ctx["plain"][-1][1] == "40\u00a0500 чисел"
    assert _number(ctx["ratio"]) == pytest.approx(40500 / _number(ctx["pooled"][-1][1][:-6]))


def test_lesson2_exit_ticket_answers():
    first, second, _ = L2.context()["exit"]
    side, window = L2.EXIT_POOL
    out = F.max_pool2d(torch.zeros(1, 1, side, side), window, window).shape[-1]
    assert first[1].startswith(f"{out}×{out}, параметров 0")
    assert sum(p.numel() for p in nn.MaxPool2d(window).parameters()) == 0
    f = L2.EXIT_FILTER
    p = next(
        p
        for p in range(f)
        if F.conv2d(torch.zeros(1, 1, 28, 28), torch.zeros(1, 1, f, f), padding=p).shape[-1] == 28
    )
    assert f"= {p}:" in second[1]


# ---------------------------------------------------------------------------
# Урок 3: своя CNN, результаты страницы, частые ошибки
# ---------------------------------------------------------------------------

L3 = load_file(ROOT / "lessons" / "lesson03" / "worksheet.py", "worksheet_lesson03")
NOTEBOOK = ROOT / "docs" / "lesson03" / f"{L3.PAGE}.ipynb"
needs_notebook = pytest.mark.skipif(
    not NOTEBOOK.is_file(), reason="блокнот урока 3 не выполнен: nox -s build"
)


def _solution() -> nn.Sequential:
    from sitebuild.classroom.teacher_copy import solutions

    namespace: dict = {"nn": nn}
    exec(solutions(ROOT / "lessons" / "lesson03")["Задание 1"], namespace)
    return namespace["cnn"]


def test_lesson3_cnn_table_is_the_solution_network_layer_by_layer():
    net = _solution()
    x = torch.zeros(1, 1, 28, 28)
    expected = []
    for module in net:
        x = module(x)
        shape = "×".join(map(str, (*x.shape[2:], x.shape[1]))) if x.dim() == 4 else str(x.shape[1])
        params = sum(p.numel() for p in module.parameters())
        expected.append((shape, f"{params:,}".replace(",", "\u00a0")))
    rows = L3.cnn_rows(True)
    assert [(out, params) for _, out, params in rows[1:]] == expected
    assert [label.split("(")[0] for label, _, _ in rows[1:]] == [type(m).__name__ for m in net]
    assert rows[-1][0] == f"Linear({net[-1].in_features}, {net[-1].out_features})"
    assert L3.cnn_rows(False)[-1][0] == f"Linear(…, {net[-1].out_features})"
    total = sum(p.numel() for p in net.parameters())
    assert sum(info.params for info in trace(lesson03.INPUT, lesson03.CNN_LAYERS)) == total


@needs_notebook
def test_lesson3_results_are_the_numbers_the_page_printed():
    """Числа экземпляра педагога — строки выполненного блокнота страницы, а не пересчёт."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    shown = "\n".join(
        "".join(o.get("data", {}).get("text/markdown", ""))
        for c in cells
        for o in c.get("outputs", [])
    )
    ctx = L3.context()
    assert len(ctx["nets"]) == 2 and len(ctx["pairs"]) == 3
    for net in ctx["nets"]:
        assert "| " + " | ".join(net[:4]) + " |" in shown
    for pair in ctx["pairs"]:
        assert "| " + " | ".join(pair) + " |" in shown
        assert pair[0] != pair[1] and int(pair[2]) > 0
    _, teacher = _render("lesson03")
    for value in [
        *(v for net in ctx["nets"] for v in net[1:]),
        *(v for p in ctx["pairs"] for v in p),
    ]:
        assert f">{value}<" in teacher


def test_lesson3_confused_pairs_are_the_largest_off_diagonal_counts():
    from lessonlib.practice import confused_pairs

    rng = np.random.default_rng(0)
    matrix = rng.integers(0, 20, size=(10, 10)) + np.diag(np.full(10, 90))
    table = str(confused_pairs(matrix, [str(k) for k in range(10)]))
    rows = [line.strip("| ").split(" | ") for line in table.splitlines()[2:]]
    brute = sorted(
        ((int(matrix[t, p]), t, p) for t in range(10) for p in range(10) if t != p),
        key=lambda x: -x[0],
    )[:3]
    assert [int(r[2]) for r in rows] == [count for count, _, _ in brute]


# ---------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lesson", WITH_SHEET)
@pytest.mark.parametrize("sheet", worksheet.SHEETS, ids=lambda s: s.path)
def test_worksheet_pdf_is_one_or_two_a4_pages(site_dir, browser, tmp_path, lesson, sheet):
    from pypdf import PdfReader
    from sitebuild.printing import pdfs

    kind = Path(sheet.path).stem
    pdf = site_dir / "pdf" / f"{lesson}-{kind}.pdf"
    if not pdf.exists():
        doc = next(d for d in pdfs.documents(site_dir) if d.kind == kind and d.lesson == lesson)
        with pdfs.serve(site_dir) as base:
            pdf = tmp_path / f"{kind}.pdf"
            pdf.write_bytes(pdfs.print_document(browser, base, doc))
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 2
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3  # A4
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    tasks = _sheet(lesson).tasks
    for k, title in enumerate(tasks, 1):
        assert f"{k}. {title}" in text, title
    assert ("Имя и класс" in text) != sheet.answers


def test_lesson2_each_task_comes_before_the_slides_that_say_its_answers():
    """Педагог сверяет ответ после задания, а не раньше: числа ответа впервые звучат
    на слайдах после слайда задания (максимумы пулинга, длина вектора с пулингом)."""
    from sitebuild.classroom import slides

    deck = slides.deck(lesson_plan("lesson02"))
    ctx = L2.context()
    answers = {
        1: [v for row in ctx["pool_max"] for v in row],
        3: [ctx["pooled_vector"]],
    }
    for number, values in answers.items():
        task = next(k for k, s in enumerate(deck) if s.source.show.task == number)
        said = [k for k, s in enumerate(deck) if any(v in s.say for v in values)]
        assert said and task < min(said), (number, task, said)
        assert not any(v in deck[task].say for v in values)
