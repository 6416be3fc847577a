"""Пересборка без изменений: сколько стоит ``nox -s build``, когда править нечего.

Запуск: ``python benchmarks/bench_build.py [--repeat N] [--hooks]`` (или ``nox -s bench``)
после ``nox -s build``. Те же две команды, что у ``nox -s build``: прогонщик галереи
(``python -m sitebuild.runner.gallery``) и ``mkdocs build --strict``. Сначала одна сборка-разминка
(кэши заполнены, ``site/`` свежий), затем ``N`` замеров; для каждой части — время по часам и
процессорное (user + sys детей: на общей загруженной машине оно честнее). Цель — вся
пересборка ≤ 10 с по часам на тихой машине.

``--hooks`` — ещё одна сборка ``mkdocs build``, в которой засекается каждый обработчик событий
MkDocs (плагины и шаги плагина ``sitebuild`` по отдельности): таблица самых дорогих — где
искать время.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 10.0
PARTS = {
    "галерея": [sys.executable, "-m", "sitebuild.runner.gallery"],
    "mkdocs build": [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
}

# Дочерний процесс для --hooks: mkdocs build, в котором каждый обработчик события засекается.
_HOOKS_CHILD = r"""
import collections, json, sys, time
import mkdocs.plugins as plugins
from sitebuild import plugin
totals = collections.defaultdict(lambda: [0.0, 0.0, 0])

def timed(key, handler):
    def run(*args, **kwargs):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return handler(*args, **kwargs)
        finally:
            row = totals[key]
            row[0] += time.process_time() - cpu
            row[1] += time.perf_counter() - wall
            row[2] += 1
    return run

def run_event(self, name, item=None, **kwargs):
    pass_item = item is not None
    for method in self.events[name]:
        self._current_plugin = self._event_origins.get(method, "<unknown>")
        # Шаги плагина sitebuild засекаются по отдельности (ниже), не всем плагином.
        if method.__module__ != plugin.__name__:
            method = timed(f"{name}: {method.__module__}.{method.__qualname__}", method)
        result = method(item, **kwargs) if pass_item else method(**kwargs)
        if result is not None:
            item = result
    self._current_plugin = None
    return item

for step in plugin.STEPS:
    for event in [n for n in vars(step) if n.startswith("on_")] + ["finish_site", "write_archives"]:
        if callable(getattr(step, event, None)):
            setattr(step, event, timed(f"{event}: {step.__name__}", getattr(step, event)))
plugins.PluginCollection.run_event = run_event
from mkdocs.__main__ import cli
try:
    cli(["build", "--strict", "-q"])
except SystemExit as done:
    if done.code:
        raise
finally:
    totals["весь процесс"] = [time.process_time(), 0.0, 1]
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump(totals, out)
"""


def _env() -> dict[str, str]:
    path = os.pathsep.join([str(ROOT), str(ROOT / "tooling")])
    return {**os.environ, "PYTHONPATH": path, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}


def timed(command: list[str]) -> tuple[float, float]:
    """(секунды по часам, процессорные секунды) команды; упала — ошибка с её выводом."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=_env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} упала:\n{done.stdout[-2000:]}{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def hooks_table(top: int = 15) -> None:
    """Сборка с засечками обработчиков событий MkDocs и таблица самых дорогих."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "hooks.json"
        timed([sys.executable, "-c", _HOOKS_CHILD, str(out)])
        totals = json.loads(out.read_text(encoding="utf-8"))
    whole = totals.pop("весь процесс")[0]
    rows = sorted(totals.items(), key=lambda kv: -kv[1][0])
    print(f"\nОбработчики событий MkDocs (процессор всего процесса — {whole:.2f} с):")
    print(f"{'событие: обработчик':<72} {'проц., с':>8} {'часы, с':>8} {'раз':>4}")
    for name, (cpu, wall, calls) in rows[:top]:
        print(f"{name[-72:]:<72} {cpu:8.2f} {wall:8.2f} {calls:4d}")
    rest = sum(cpu for _, (cpu, _, _) in rows)
    print(f"{'вне обработчиков (импорт, разметка, запись site/)':<72} {whole - rest:8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="замеров после разминки")
    parser.add_argument("--hooks", action="store_true", help="засечь обработчики событий MkDocs")
    args = parser.parse_args()

    for command in PARTS.values():  # разминка: кэши заполнены, дальше — сборки без правок
        timed(command)
    runs = []
    for _ in range(args.repeat):
        runs.append({name: timed(command) for name, command in PARTS.items()})
    print(f"Пересборка без изменений (лучший из {args.repeat}; часы / процессор):")
    for name in PARTS:
        wall = min(run[name][0] for run in runs)
        cpu = min(run[name][1] for run in runs)
        print(f"  {name:<14} {wall:6.1f} с / {cpu:6.1f} с")
    wall = min(sum(w for w, _ in run.values()) for run in runs)
    cpu = min(sum(c for _, c in run.values()) for run in runs)
    verdict = "в цели" if wall <= TARGET_S else "дольше цели (машина занята? см. процессор)"
    print(f"  {'всего':<14} {wall:6.1f} с / {cpu:6.1f} с — цель ≤ {TARGET_S:.0f} с: {verdict}")
    if args.hooks:
        hooks_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
