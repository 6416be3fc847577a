#!/usr/bin/env bash
# Lighthouse 12.2.3, категория «доступность», по четырём страницам собранного site/:
# главная, страница урока, технологическая карта, тренажёры. Печатает баллы и то, что
# снижает их. Lighthouse ставится npm во временную папку (сайту и тестам он не нужен;
# 13.x требует Node 22). Запуск: bash benchmarks/lighthouse_a11y.sh [ПАПКА_ДЛЯ_NPM]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f site/index.html ] || { echo "Сначала соберите сайт: nox -s build" >&2; exit 1; }
tools="${1:-${TMPDIR:-/tmp}/lessonlib-lighthouse}"
lighthouse="$tools/node_modules/.bin/lighthouse"
if [ ! -x "$lighthouse" ]; then
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error -E lighthouse@12.2.3
fi
export CHROME_PATH="${CHROME_PATH:-$(command -v chromium)}"
port="${PORT:-8105}"  # свободный порт на 127.0.0.1
python3 -m http.server --bind 127.0.0.1 --directory site "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server"' EXIT
sleep 1
reports="$(mktemp -d)"
# Страница урока и карта — первого урока курса (по меню собранного сайта).
lesson_page="$(grep -o 'href="[a-z0-9_]*/plot_[^"#]*\.html' site/index.html | head -1 | cut -d'"' -f2)"
lesson="${lesson_page%%/*}"
for page in index.html "$lesson_page" "$lesson/teacher/plan.html" widgets.html; do
  out="$reports/$(echo "$page" | tr / _).json"
  "$lighthouse" "http://127.0.0.1:$port/$page" --quiet --only-categories=accessibility \
    --output=json --output-path="$out" \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
  python3 - "$page" "$out" <<'PY'
import json, sys
page, path = sys.argv[1:]
report = json.load(open(path, encoding="utf-8"))
score = round(100 * report["categories"]["accessibility"]["score"])
failed = [
    audit["id"]
    for audit in report["audits"].values()
    if audit.get("score") is not None and audit["score"] < 1
    and audit.get("scoreDisplayMode") == "binary"
]
print(f"{score:4d}  {page}" + (f"  (не прошли: {', '.join(failed)})" if failed else ""))
PY
done
