"""Рабочий лист: задания посчитаны библиотекой, у ученика нет ответов, PDF — A4 на 1–2 листа."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
from sitebuild.classroom import worksheet
from sitebuild.lesson.lesson_plan import lesson_plan

from lessonlib.conv import conv2d
from lessonlib.lessons.lesson01 import IMAGE, KERNEL, TWO_LAYER_INPUT

ROOT = Path(__file__).resolve().parent.parent
LESSON = "lesson01"  # лист урока 1: числа его примеров
PLAN = lesson_plan(LESSON)


def _number(text: str) -> int:
    return int(text.replace("−", "-").replace("\u00a0", "").replace(" ", ""))


def test_size_table_obeys_the_formula_and_hides_one_cell_a_row():
    rows = worksheet.size_rows()
    assert {row.unknown for row in rows} == {"i", "f", "m"}
    for row in rows:
        assert row.m == row.i - row.f + 1 and row.m >= 1


def test_hand_convolution_sums_equal_the_map():
    ctx = worksheet.sheet_context(PLAN, LESSON)
    values = []
    for expression, value in ctx["windows"]:
        terms = [t.split("·") for t in expression.split(" + ")]
        assert len(terms) == KERNEL.size
        total = sum(_number(x) * _number(w.strip("()")) for x, w in terms)
        assert total == _number(value)
        values.append(total)
    # Независимая проверка: окна вручную через numpy.
    k = KERNEL.shape[0]
    reference = [
        int((IMAGE[r : r + k, c : c + k] * KERNEL).sum()) for r in range(2) for c in range(2)
    ]
    assert values == reference == conv2d(IMAGE, KERNEL).ravel().tolist()


def test_receptive_field_cells_match_a_brute_force_perturbation():
    cells = np.array(worksheet.rf_cells(LESSON))
    n = TWO_LAYER_INPUT
    ones = np.ones((3, 3))

    def centre(image: np.ndarray) -> float:
        second = conv2d(conv2d(image, ones), ones)
        return float(second[second.shape[0] // 2, second.shape[1] // 2])

    base = centre(np.zeros((n, n)))
    expected = np.zeros((n, n), dtype=bool)
    for r in range(n):
        for c in range(n):
            image = np.zeros((n, n))
            image[r, c] = 1.0
            expected[r, c] = centre(image) != base
    assert (cells == expected).all()
    assert cells.sum() == worksheet.sheet_context(PLAN, LESSON)["rf_size"] ** 2


def test_student_sheet_has_no_answers_teacher_copy_has_them():
    student, teacher = (worksheet.render_sheet(PLAN, s, "../", LESSON) for s in worksheet.SHEETS)
    result = conv2d(IMAGE, KERNEL).ravel().tolist()
    answers = [f"−{abs(v)}" if v < 0 else str(v) for v in result]
    for value in answers:
        assert f"<td>{value}</td>" in teacher and f"<td>{value}</td>" not in student
    assert "shaded" in teacher and "shaded" not in student
    assert 'class="answer"' in teacher and 'class="answer"' not in student
    for html in (student, teacher):
        assert html.count("<li>") >= 3 and "Выходной билет" in html
        assert 'lang="ru"' in html and "../stylesheets/worksheet.css" in html
        for bad in ("None", "nan", "undefined", "null"):
            assert not re.search(rf"\b{bad}\b", html)


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("sheet", worksheet.SHEETS, ids=lambda s: s.path)
def test_worksheet_pdf_is_one_or_two_a4_pages(site_dir, browser, tmp_path, sheet):
    from pypdf import PdfReader
    from sitebuild.printing import pdfs

    name = Path(sheet.path).stem
    pdf = ROOT / "docs" / "pdf" / f"{name}.pdf"
    if not pdf.exists():
        doc = next(d for d in pdfs.documents(site_dir) if d.kind == name)  # первого урока
        with pdfs.serve(site_dir) as base:
            pdf = tmp_path / f"{name}.pdf"
            pdf.write_bytes(pdfs.print_document(browser, base, doc))
    reader = PdfReader(pdf)
    assert 1 <= len(reader.pages) <= 2
    box = reader.pages[0].mediabox
    assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3  # A4
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "Свёртка вручную" in text and "Выходной билет" in text
    assert ("−192" in text) == sheet.answers


def test_both_sheets_carry_the_stencil_with_the_lesson_filter():
    """Трафарет к заданию 1: окошко 3×3 и рядом числа того же фильтра, что в задании."""
    kernel = [f"−{abs(v)}" if v < 0 else str(v) for v in KERNEL.ravel().tolist()]
    for sheet in worksheet.SHEETS:
        html = worksheet.render_sheet(PLAN, sheet, "../", LESSON)
        stencil = html[html.index('class="stencil-task"') :]
        assert "Трафарет к заданию 1" in stencil and 'class="window"' in stencil
        assert re.findall(r"<td>([^<]*)</td>", stencil) == kernel
