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
import statistics
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
from sitebuild.printing.pdfs import CHROMIUM_ARGS, serve  # noqa: E402

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


# Картинки, которые видны на первом экране (до прокрутки).
_ABOVE_FOLD = """() => [...document.images].filter((img) => {
  const box = img.getBoundingClientRect();
  return box.width > 0 && box.bottom > 0 && box.top < innerHeight;
}).map((img) => img.currentSrc)"""


@dataclass
class Weight:
    """Байты страницы по группам. Цели считают картинки только первого экрана; те, что
    Chromium заранее скачал ниже него (ленивые ближе ≈ 1250 px к экрану), — в ``below``."""

    total: int
    kinds: Counter
    below: int = 0

    def text(self) -> str:
        parts = ", ".join(f"{k} {v / KB:.0f}" for k, v in self.kinds.most_common())
        below = f"; ниже экрана ещё {self.below / KB:.0f}" if self.below else ""
        return f"{self.total / KB:7.0f} КБ ({parts}{below})"


def _load(context, url: str) -> Weight:
    """Байты, пришедшие по сети при загрузке ``url`` (из кэша — 0)."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    responses: dict[str, tuple[str, str]] = {}
    sizes: Counter = Counter()
    cdp.on(
        "Network.responseReceived",
        lambda e: responses.__setitem__(e["requestId"], (e["type"], e["response"]["url"])),
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(300)
    above = set(page.evaluate(_ABOVE_FOLD))
    page.close()
    by_kind: Counter = Counter()
    below = 0
    for request, size in sizes.items():
        kind, address = responses.get(request, ("Other", ""))
        if not size:
            continue
        if kind == "Image" and address not in above:
            below += size
        else:
            by_kind[KINDS.get(kind, "картинки" if kind == "Image" else "прочее")] += size
    return Weight(sum(by_kind.values()), by_kind, below)


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


def site_parts(site: Path, sizes: dict[Path, int]) -> Counter:
    """Размер ``site/`` по частям: каталог первого уровня, PDF и блокноты — по файлу."""
    parts: Counter = Counter()
    for path, size in sizes.items():
        rel = path.relative_to(site)
        if rel.suffix in (".pdf", ".zip"):
            part = rel.as_posix()
        elif rel.suffix == ".ipynb":
            part = f"{rel.parent.as_posix()}/*.ipynb (скачивание)"
        else:
            part = "/".join(rel.parts[:2]) + "/" if len(rel.parts) > 2 else rel.parts[0]
        parts[part] += size
    return parts


@contextmanager
def nginx(site: Path, port: int) -> Iterator[str]:
    """nginx с gzip на 127.0.0.1:``port`` на время блока."""
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        conf = Path(tmp) / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, site=site.resolve()))
        program = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
        if program is None:
            sys.exit("Нет nginx (сжатие как у GitHub Pages): apt-get install -y nginx")
        process = subprocess.Popen([program, "-c", str(conf), "-p", tmp])
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
        # Без своего package.json npm поднялся бы к package.json проекта и дописал бы туда.
        (NPM_DIR / "package.json").write_text('{"private": true}\n', encoding="utf-8")
        subprocess.run(
            ["npm", "i", "-E", f"lighthouse@{LIGHTHOUSE}", "--no-audit", "--no-fund"],
            cwd=NPM_DIR,
            check=True,
        )
    return cli


def lighthouse(url: str, chromium: str) -> tuple[float, float]:
    """Оценка производительности (0–100) и LCP, мс, мобильный профиль Lighthouse (один
    прогон)."""
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
    parser.add_argument("--runs", type=int, default=3, help="прогонов Lighthouse на страницу")
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
    print(f"{'страница':44} {'пустой кэш':>9}{'':40} второй страницей (после другой)")
    for name, (cold, second) in weights.items():
        print(f"{name:44} {cold.text():48} {second.text()}")
    lessons = {n: w for n, w in weights.items() if "/plot_" in n}
    heaviest = max(lessons, key=lambda n: lessons[n][0].total)
    cold = lessons[heaviest][0]
    worst = max(lessons, key=lambda n: lessons[n][1].total)
    second = lessons[worst][1]
    print(
        f"\nСамая тяжёлая страница урока: {heaviest}: {cold.total / KB:.0f} КБ "
        f"(цель ≤ {TARGETS['cold'] / KB:.0f}) — {_mark(cold.total <= TARGETS['cold'])}; "
        f"второй страницей тяжелее всех {worst}: {second.total / KB:.0f} КБ "
        f"(цель ≤ {TARGETS['second'] / KB:.0f}) — {_mark(second.total <= TARGETS['second'])}"
    )
    sizes = {p: p.stat().st_size for p in site.rglob("*") if p.is_file()}
    total = sum(sizes.values())
    target = TARGETS["site"]
    mark = _mark(total <= target)
    print(f"site/: {total / MB:.1f} МБ (цель ≤ {target / MB:g}) — {mark}; крупное:")
    for part, size in site_parts(site, sizes).most_common(8):
        print(f"  {part:42} {size / MB:5.2f} МБ")
    for pdf, limit in PDF_TARGETS.items():
        path = site / "pdf" / pdf
        if path.exists():
            size = path.stat().st_size
            print(f"{pdf}: {size / MB:.2f} МБ (цель ≤ {limit / MB:g}) — {_mark(size <= limit)}")

    if args.no_lighthouse:
        return
    print(
        f"\nLighthouse {LIGHTHOUSE}, телефон, nginx с gzip; медиана {args.runs} прогонов "
        "(машина бывает занята — разброс виден в скобках):"
    )
    with nginx(site, args.port) as base:
        for name in ["index.html", heaviest]:
            runs = [lighthouse(f"{base}/{name}", chromium) for _ in range(args.runs)]
            score = statistics.median(s for s, _ in runs)
            lcp = statistics.median(lcp for _, lcp in runs)
            ok = score >= LH_SCORE and lcp <= LH_LCP_MS
            spread = ", ".join(f"{s:.0f}/{lcp / 1000:.1f}" for s, lcp in runs)
            print(
                f"{name:44} производительность {score:3.0f}, LCP {lcp / 1000:.2f} с "
                f"(цель ≥ {LH_SCORE}, ≤ {LH_LCP_MS / 1000:.1f} с) — {_mark(ok)}  [{spread}]"
            )


if __name__ == "__main__":
    main()
