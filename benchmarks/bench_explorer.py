"""Скорость «Что видит настоящая сеть»: один прямой проход SqueezeNet на JavaScript.

Запуск: ``python benchmarks/bench_explorer.py`` (или ``nox -s bench``) после ``nox -s build``.
В Chromium открывается страница тренажёров, тренажёр загружает сеть, как по нажатию
ученика, и прямой проход (docs/javascripts/squeezenet.js) считает картинку 224×224 пять
раз подряд. Цель: ≤ 1 с на проход. Печатает и время расшифровки весов, и сколько весит то, что
тренажёр грузит по нажатию с сервера (цель ≤ 3 МБ) и с диска.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tooling"))
from sitebuild.pages.squeezenet_assets import FOLDER, WEIGHTS_BIN, loaded  # noqa: E402
from sitebuild.printing.pdfs import CHROMIUM_ARGS, serve  # noqa: E402

SITE = ROOT / "site"
SIZE = 224
RUNS = 5
TARGET_MS = 1000
TARGET_BYTES = 3_000_000

_MEASURE = """async ([weights, size, runs]) => {
  const float16 = await (await fetch(weights)).arrayBuffer();
  let t = performance.now();
  const net = CNNSqueezeNet.create(CNN_SQUEEZENET, float16);
  const decode = performance.now() - t;
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let i = 0; i < rgba.length; i++) rgba[i] = (i * 7919) % 256;  // одна и та же картинка
  const passes = [];
  for (let k = 0; k < runs; k++) {
    t = performance.now();
    net.run(rgba, size);
    passes.push(performance.now() - t);
  }
  return { decode, passes };
}"""


def _mark(ok: bool, bad: str = "ПРЕВЫШЕНО") -> str:
    return "OK" if ok else bad


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    weights = FOLDER + WEIGHTS_BIN
    if chromium is None or not (SITE / weights).is_file():
        print("Нужны Chromium и собранный сайт (nox -s build)")
        return 1
    from playwright.sync_api import sync_playwright

    with serve(SITE) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(f"{base}/widgets.html", wait_until="load")
        page.click('[data-testid="explorer-start"]')
        page.wait_for_selector('[data-testid="explorer-status"]', timeout=120_000)
        result = page.evaluate(_MEASURE, [weights, SIZE, RUNS])
        browser.close()
    passes = result["passes"]
    median = statistics.median(passes)
    for disk, route in ((False, "с сервера"), (True, "с диска")):
        size = sum((SITE / name).stat().st_size for name in loaded(disk=disk))
        mark = "" if disk else f" (цель ≤ {TARGET_BYTES / 1e6:g}) — {_mark(size <= TARGET_BYTES)}"
        print(f"Нажатие «Загрузить сеть» {route}: {size / 1e6:.2f} МБ{mark}")
    print(f"Расшифровка весов float16: {result['decode']:.0f} мс")
    print(
        f"Прямой проход {SIZE}×{SIZE}: медиана {median:.0f} мс, лучший {min(passes):.0f} мс "
        f"({RUNS} раз; цель ≤ {TARGET_MS} мс) — {_mark(median <= TARGET_MS, 'МЕДЛЕННО')}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
