"""Сколько учатся сети практической работы на одном потоке процессора (школьный ПК).

Запуск: ``python benchmarks/bench_practice.py``. Берёт из скриптов галереи каждую
ячейку-задание (``✏️ Задание N``) в двух видах — заготовку ученика и решение педагога
(``lessons/<урок>/solutions.py``) — и полносвязную сеть, обучает их тем же ``fit`` и теми
же настройками, что страница, и печатает время по часам и процессорное. Цель — не больше
:data:`BUDGET` секунд на сеть. Это замер, а не тест: на занятой машине время другое.
"""

from __future__ import annotations

import time

from sitebuild.classroom.teacher_copy import gaps, lessons_with_solutions, solutions
from sitebuild.lesson import lessontext
from torch import nn

from lessonlib.data import load_mnist
from lessonlib.fmt import seconds
from lessonlib.practice import fit
from lessonlib.train import TrainConfig

BUDGET = 60.0
CONFIG = TrainConfig(epochs=5, batch_size=32, lr=1e-3)  # как на странице практической работы


def models() -> dict[str, nn.Module]:
    found = {
        "полносвязная": nn.Sequential(
            nn.Flatten(), nn.Linear(784, 32), nn.ReLU(), nn.Linear(32, 10)
        )
    }
    for lesson in lessons_with_solutions():
        answers = solutions(lessontext.LESSONS_DIR / lesson)
        for script in sorted((lessontext.GALLERY_DIR / lesson).glob("plot_*.py")):
            text = script.read_text(encoding="utf-8")
            for gap in gaps(text):
                for kind, code in (
                    ("заготовка", text[gap.start : gap.end]),
                    ("решение", answers[gap.key]),
                ):
                    namespace: dict = {"nn": nn}
                    exec(code, namespace)
                    (model,) = [v for v in namespace.values() if isinstance(v, nn.Module)]
                    found[f"{script.stem}, {gap.key}, {kind}"] = model
    return found


def main() -> None:
    split = load_mnist()
    for name, model in models().items():
        cpu = time.process_time()
        result = fit(model, split, CONFIG, name)
        cpu = time.process_time() - cpu
        mark = "в пределах" if result.seconds <= BUDGET else "ДОЛЬШЕ"
        print(
            f"{name}: {seconds(result.seconds)} по часам, {seconds(cpu)} процессора — "
            f"{mark} {seconds(BUDGET)}; точность {result.accuracy:.3f}"
        )


if __name__ == "__main__":
    main()
