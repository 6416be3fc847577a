// ESLint для JavaScript сайта и сборки (`nox -s lint`): необъявленное имя или забытая
// переменная в тренажёре видны до браузерных тестов. Сторонние файлы (vendor/) не проверяются.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["**/vendor/**", "node_modules/**", "site/**", "docs/lesson*/**", ".cache/**"] },
  js.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "script",
      globals: {
        ...globals.browser,
        document$: "readonly", // поток страниц mkdocs-material (мгновенная навигация)
        Reveal: "readonly", // reveal.js и его заметки докладчика (docs/javascripts/vendor)
        RevealNotes: "readonly",
        lunr: "readonly", // поиск mkdocs-material
      },
    },
  },
  { files: ["**/*.mjs"], languageOptions: { globals: globals.node } },
];
