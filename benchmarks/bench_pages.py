"""Вес страниц собранного сайта и Lighthouse на телефоне.

Запуск: ``python benchmarks/bench_pages.py`` (или ``nox -s bench``) после ``nox -s build``.

1. Каждая страница ``site/`` открывается в Chromium (экран телефона 412×823, как у
   Lighthouse) с простого статического сервера без сжатия — так её отдаёт ``file://`` или
   ``python -m http.server``. Считаются байты всех ответов: с пустым кэшем и как вторая
   страница после другой (урок после урока, остальные — после главной). Цели: самая
   тяжёлая страница урока ≤ 600 КБ с пустым кэшем и ≤ 200 КБ второй.
2. Lighthouse 12.2.3 (мобильный профиль) — главная и самая тяжёлая страница урока, сайт
   раздаёт nginx из Debian со сжатием gzip, как GitHub Pages; nginx запускается здесь на
   127.0.0.1 и останавливается после. Lighthouse ставится npm в ``.cache/bench/`` (вне git).
   Цели: производительность ≥ 95, LCP ≤ 2,5 с.
3. Размер ``site/`` (≤ 15 МБ) и PDF (plan ≤ 1,5 МБ, lesson ≤ 3 МБ).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tooling"))
from sitebuild.pdfs import CHROMIUM_ARGS, serve  # noqa: E402

LIGHTHOUSE = "12.2.3"
NPM_DIR = ROOT / ".cache" / "bench"
VIEWPORT = {"width": 412, "height": 823}
KB = 1000
MB = 1000 * KB
TARGETS = {"cold": 600 * KB, "second": 200 * KB, "site": 15 * MB}
PDF_TARGETS = {"plan.pdf": 1.5 * MB, "lesson.pdf": 3 * MB}
LH_SCORE, LH_LCP_MS = 95, 2500
# Типы ответов Chromium → понятные группы.
KINDS = {"Document": "html", "Stylesheet": "css", "Script": "js", "Font": "шрифты"}

NGINX_CONF = """daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  gzip on;
  gzip_types text/css application/javascript application/json image/svg+xml;
  server {{
    listen 127.0.0.1:{port};
    root {site};
  }}
}}
"""


@dataclass
class Weight:
    total: int
    kinds: Counter

    def text(self) -> str:
        parts = ", ".join(f"{k} {v / KB:.0f}" for k, v in self.kinds.most_common())
        return f"{self.total / KB:7.0f} КБ ({parts})"


def _load(context, url: str) -> Weight:
    """Байты, пришедшие по сети при загрузке ``url`` (из кэша — 0)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    kinds: dict[str, str] = {}
    sizes: Counter = Counter()
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    page.close()
    by_kind: Counter = Counter()
    for request, size in sizes.items():
        if size:
            kind = kinds.get(request, "Other")
            by_kind[KINDS.get(kind, "картинки" if kind == "Image" else "прочее")] += size
    return Weight(sum(by_kind.values()), by_kind)


def _first_page(name: str, pages: list[str]) -> str:
    lessons = [p for p in pages if "/plot_" in p]
    if name in lessons:
        return lessons[1] if name == lessons[0] else lessons[0]
    return "glossary.html" if name == "index.html" else "index.html"


def page_weights(site: Path, browser) -> dict[str, tuple[Weight, Weight]]:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    pages.remove("404.html")
    result = {}
    with serve(site) as base:
        for name in pages:
            context = browser.new_context(viewport=VIEWPORT)
            cold = _load(context, f"{base}/{name}")
            context.close()
            context = browser.new_context(viewport=VIEWPORT)
            _load(context, f"{base}/{_first_page(name, pages)}")
            second = _load(context, f"{base}/{name}")
            context.close()
            result[name] = (cold, second)
    return result


@contextmanager
def nginx(site: Path, port: int) -> Iterator[str]:
    """nginx с gzip на 127.0.0.1:``port`` на время блока."""
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, site=site.resolve()))
        process = subprocess.Popen(["nginx", "-c", str(conf), "-p", tmp])
        try:
            time.sleep(1)
            if process.poll() is not None:
                raise RuntimeError(f"nginx не запустился: {(Path(tmp) / 'error.log').read_text()}")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


def _lighthouse_cli() -> Path:
    cli = NPM_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE}", "--no-audit", "--no-fund"],
            cwd=NPM_DIR,
            check=True,
        )
    return cli


def lighthouse(url: str, chromium: str) -> tuple[float, float]:
    """Оценка производительности (0–100) и LCP, мс, мобильный профиль Lighthouse."""
    with tempfile.TemporaryDirectory(prefix="bench-lh-") as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run(
            [
                "node",
                str(_lighthouse_cli()),
                url,
                "--only-categories=performance",
                "--output=json",
                f"--output-path={report}",
                "--quiet",
                f"--chrome-flags=--headless --no-sandbox --disable-gpu --user-data-dir={tmp}/p",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": chromium},
        )
        data = json.loads(report.read_text(encoding="utf-8"))
    score = data["categories"]["performance"]["score"] * 100
    return score, data["audits"]["largest-contentful-paint"]["numericValue"]


def _mark(ok: bool) -> str:
    return "ок" if ok else "ПРЕВЫШЕНО"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--port", type=int, default=8114)
    parser.add_argument("--no-lighthouse", action="store_true")
    args = parser.parse_args()
    site = args.site
    if not (site / "index.html").exists():
        sys.exit(f"Нет собранного сайта в {site}: сначала `nox -s build`.")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("Нет Chromium: apt-get install -y chromium")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        weights = page_weights(site, browser)
        browser.close()

    print(f"Вес страниц без сжатия (экран {VIEWPORT['width']}×{VIEWPORT['height']}):")
    print(f"{'страница':44} {'пустой кэш':>9}{'':40} второй страницей")
    for name, (cold, second) in weights.items():
        print(f"{name:44} {cold.text():48} {second.total / KB:6.0f} КБ")
    lessons = {n: w for n, w in weights.items() if "/plot_" in n}
    heaviest = max(lessons, key=lambda n: lessons[n][0].total)
    cold, second = lessons[heaviest]
    worst_second = max(w[1].total for w in lessons.values())
    print(
        f"\nСамая тяжёлая страница урока: {heaviest}: {cold.total / KB:.0f} КБ "
        f"(цель ≤ {TARGETS['cold'] / KB:.0f}) — {_mark(cold.total <= TARGETS['cold'])}; "
        f"второй страницей — до {worst_second / KB:.0f} КБ "
        f"(цель ≤ {TARGETS['second'] / KB:.0f}) — {_mark(worst_second <= TARGETS['second'])}"
    )
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    print(f"site/: {total / MB:.1f} МБ (цель ≤ 15) — {_mark(total <= TARGETS['site'])}")
    for pdf, limit in PDF_TARGETS.items():
        path = site / "pdf" / pdf
        if path.exists():
            size = path.stat().st_size
            print(f"{pdf}: {size / MB:.2f} МБ (цель ≤ {limit / MB:g}) — {_mark(size <= limit)}")

    if args.no_lighthouse:
        return
    print(f"\nLighthouse {LIGHTHOUSE}, телефон, nginx с gzip:")
    with nginx(site, args.port) as base:
        for name in ["index.html", heaviest]:
            score, lcp = lighthouse(f"{base}/{name}", chromium)
            ok = score >= LH_SCORE and lcp <= LH_LCP_MS
            print(
                f"{name:44} производительность {score:3.0f}, LCP {lcp / 1000:.2f} с — {_mark(ok)}"
            )


if __name__ == "__main__":
    main()
