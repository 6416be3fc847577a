"""Голос урока на страницах ученика: без разговоров о сборке и тестах, без дословных
кусков исходного плана урока и с видимыми «ручками», которые страница предлагает менять.

Исходный план хранится не текстом, а отпечатками его восьмисловий
(``tests/data/seed_8grams.txt``, см. :func:`fingerprints`): тест ловит любой кусок из
восьми слов подряд, общий с планом, с точностью до регистра, «ё/е» и знаков препинания.
"""

from __future__ import annotations

import ast
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest
from test_terms import visible_text

from lessonlib.lessons import lesson01

ROOT = Path(__file__).resolve().parent.parent
SEED_PRINTS = Path(__file__).parent / "data" / "seed_8grams.txt"
RUN = 8

# Разговор разработчика, которому не место на странице ученика.
MAINTAINER_TALK = [
    r"при сборке",
    r"сборк\w* (?:этого )?сайта",
    r"тест\w* сайта",
    r"автоматическ\w+ тест",
    r"занятой машин",
    r"авторы сайта",
    r"функци\w+ `?region",
    r"\bconv2d:",
    r"image и kernel",
    r"Traceback",
    r"\b(?:null|NaN|undefined)\b",
]


def words(text: str) -> list[str]:
    """Слова текста без регистра, «ё» и знаков препинания."""
    return re.findall(r"[a-zа-я0-9]+", text.lower().replace("ё", "е"))


def fingerprints(text: str) -> set[str]:
    """Отпечатки (4 байта BLAKE2b) всех кусков из :data:`RUN` слов подряд."""
    w = words(text)
    return {
        hashlib.blake2b(" ".join(w[k : k + RUN]).encode(), digest_size=4).hexdigest()
        for k in range(len(w) - RUN + 1)
    }


def student_pages(site_dir: Path) -> list[Path]:
    """Все страницы сайта, кроме страниц педагога."""
    return [
        p
        for p in sorted(site_dir.rglob("*.html"))
        if "teacher" not in p.relative_to(site_dir).parts
    ]


def test_words_ignore_case_yo_and_punctuation() -> None:
    assert words("Ёжик, «свёртка» — CNN!") == ["ежик", "свертка", "cnn"]
    one = "Раз, два, три, четыре, пять, шесть, семь, восемь"
    assert fingerprints(one) == fingerprints("раз два три четыре пять шесть семь восемь.")
    assert len(fingerprints(one + " девять")) == 2 and not fingerprints("семь слов " * 3)


def test_no_maintainer_talk_on_student_pages(site_dir: Path) -> None:
    found = []
    for path in student_pages(site_dir):
        text = visible_text(path.read_text(encoding="utf-8"))
        for pattern in MAINTAINER_TALK:
            for match in re.finditer(pattern, text, re.IGNORECASE):
                context = text[max(0, match.start() - 50) : match.end() + 50]
                found.append(f"{path.relative_to(site_dir)}: «{context}»")
    assert not found, "Разговор разработчика на странице ученика:\n" + "\n".join(found)


def test_no_eight_word_run_from_the_seed_plan(site_dir: Path) -> None:
    seed = set(SEED_PRINTS.read_text(encoding="utf-8").split())
    assert len(seed) > 1000, "отпечатков плана слишком мало — файл испорчен?"
    found = []
    for path in student_pages(site_dir):
        w = words(visible_text(path.read_text(encoding="utf-8")))
        for k in range(len(w) - RUN + 1):
            run = " ".join(w[k : k + RUN])
            if hashlib.blake2b(run.encode(), digest_size=4).hexdigest() in seed:
                found.append(f"{path.relative_to(site_dir)}: «{run}»")
    assert not found, "Дословно из исходного плана (перескажите своими словами):\n" + "\n".join(
        found
    )


def _assigned(script: Path) -> dict[str, ast.expr]:
    """Имена, которым видимые ячейки скрипта присваивают значения, и сами выражения."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    return {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def test_every_lesson_page_opens_with_goals_and_ends_with_self_check(site_dir: Path) -> None:
    """Страница каждого урока (их находит сборка) начинается с того, что ученик сможет
    после неё, и кончается разделом «Проверь себя»; кроме страницы подробностей опытов."""
    from sitebuild.lesson.course import lessons

    from lessonlib.lessons.lesson01.findings import CLAIMS_PAGE

    wrong = []
    for lesson in lessons():
        for script in lesson.scripts():
            if script.name == Path(CLAIMS_PAGE).stem:
                continue
            html = (site_dir / lesson.name / f"{script.name}.html").read_text(encoding="utf-8")
            article = html[html.find("<article") : html.find("</article>")]
            headings = [
                visible_text(h).replace("¶", "").strip()
                for h in re.findall(r"<h[12][^>]*>.*?</h[12]>", article, re.DOTALL)
            ]
            intro = visible_text(article[: article.find("<h2")])
            if not re.search(r"После эт\w+ \w+( \w+)? вы сможете", intro):
                wrong.append(f"{lesson.name}/{script.name}: в начале нет «…вы сможете»")
            if headings[-1] != "Проверь себя":
                wrong.append(f"{lesson.name}/{script.name}: последний раздел «{headings[-1]}»")
    assert not wrong, "\n".join(wrong)


def test_page_one_shows_its_picture_and_filter_and_they_are_the_lesson_example() -> None:
    script = ROOT / "gallery" / "lesson01" / "plot_01_convolution.py"
    values = _assigned(script)
    assert {"IMAGE", "KERNEL"} <= set(values), "IMAGE и KERNEL должны быть видны на странице"
    for name in ("IMAGE", "KERNEL"):
        literal = ast.literal_eval(values[name].args[0])
        assert np.array_equal(np.array(literal), getattr(lesson01, name)), name
    assert "import IMAGE" not in script.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "config"),
    [
        ("plot_07_prototype_training", "PrototypeConfig"),
        ("plot_09_trainable_filters", "FilterDemoConfig"),
        ("plot_14_cnn_vs_fc", "CnnVsFcConfig"),
    ],
)
def test_training_pages_show_their_settings_and_use_them(page: str, config: str) -> None:
    """Настройки обучения — видимая ячейка ``config = …Config(...)`` (без ``#| fold``),
    и опыт страницы обучается именно с ними."""
    import lessonlib.lessons.lesson01.experiments as experiments

    source = (ROOT / "gallery" / "lesson01" / f"{page}.py").read_text(encoding="utf-8")
    cells = source.split("# %%")
    cell = next(c for c in cells if re.search(rf"^config = {config}\(", c, re.MULTILINE))
    assert "#| fold" not in cell
    call = _assigned(ROOT / "gallery" / "lesson01" / f"{page}.py")["config"]
    shown = {kw.arg: ast.literal_eval(kw.value) for kw in call.keywords}
    # Ячейка показывает настройки сайта: скачанная страница считает то же, что на сайте.
    assert getattr(experiments, config)(**shown) == getattr(experiments, config)()
    assert re.search(r"_(?:experiment|demo)\(config\)", source)


def test_lesson3_invites_to_check_the_second_block_instead_of_promising(site_dir: Path) -> None:
    """Сайт обучает CNN практической работы только с одним блоком, поэтому ни страница, ни
    карта урока, ни слайды не обещают, что второй блок даст больше верных ответов: все трое
    одинаково предлагают проверить это самим."""
    texts = {
        name: visible_text((site_dir / "lesson03" / name).read_text(encoding="utf-8"))
        for name in ("plot_01_own_cnn.html", "teacher/plan.html", "teacher/deck/index.html")
    }
    check = "проверьте сами: выполните задание 1, обучите сети снова и сравните таблицы"
    for name, text in texts.items():
        assert "Поможет ли второй блок" in text and check in text, name
        assert not re.search(r"обычно\s+да\w+\s+(?:заметно\s+)?больше", text), name
