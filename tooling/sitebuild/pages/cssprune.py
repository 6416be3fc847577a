"""Обрезка таблицы стилей до правил, которые реально применимы к странице.

Шаблон mkdocs-jupyter вставляет в каждую страницу-блокнот всю таблицу стилей JupyterLab
(≈ 595 КБ): редактор, меню, диалоги, виджеты. Ячейкам выполненного блокнота из неё нужны
несколько десятков правил. Правило остаётся, если хотя бы один его селектор состоит только
из классов, которые встречаются в разметке; переменные ``--…`` остаются, только если на них
ссылаются оставшиеся правила (в том числе через другие переменные).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_STATEMENT = re.compile(r"@(?:charset|import)[^;{]*;")
_NEGATION = re.compile(r":not\([^()]*\)")
_CLASS = re.compile(r"\.([A-Za-z_][\w-]*)")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
# Группирующие @-правила: их содержимое — обычные правила. Остальные (@font-face,
# @keyframes, @charset) блокнотным ячейкам не нужны.
_GROUPING = ("@media", "@supports")


def classes_in(html: str) -> set[str]:
    """Все классы из атрибутов ``class`` разметки."""
    return {name for value in _CLASS_ATTR.findall(html) for name in value.split()}


def _blocks(css: str) -> Iterator[tuple[str, str]]:
    """Пары (заголовок, тело) правил верхнего уровня."""
    pos = 0
    while (start := css.find("{", pos)) >= 0:
        depth, end = 1, start + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        yield css[pos:start].strip(), css[start + 1 : end - 1]
        pos = end


def _split(text: str, separator: str) -> list[str]:
    """Части текста между ``separator`` вне скобок: ``url(data:…;base64)``, ``:is(a,b)``."""
    parts, depth, current = [], 0, []
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == separator and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _selector_applies(selector: str, classes: set[str]) -> bool:
    # «:root» и «body» внутри .jupyter-wrapper в странице не встречаются никогда.
    inner = selector.split(".jupyter-wrapper", 1)[-1]
    if ":root" in selector or re.search(r"(^|\s)body\b", inner):
        return False
    # Классы внутри :not(…) — условие «нет такого класса»: в разметке их быть не должно.
    return all(name in classes for name in _CLASS.findall(_NEGATION.sub("", selector)))


def _keep_rules(css: str, classes: set[str]) -> list[tuple[str, object]]:
    """Дерево оставшихся правил: (заголовок, список объявлений | вложенные правила)."""
    kept: list[tuple[str, object]] = []
    for head, body in _blocks(css):
        if head.startswith(_GROUPING):
            inner = _keep_rules(body, classes)
            if inner:
                kept.append((head, inner))
        elif not head.startswith("@"):
            selectors = [s for s in _split(head, ",") if _selector_applies(s, classes)]
            if selectors:
                kept.append((",".join(selectors), _split(body, ";")))
    return kept


def _walk(rules: list) -> Iterator[list[str]]:
    for _, body in rules:
        if body and isinstance(body[0], tuple):
            yield from _walk(body)
        else:
            yield body


def _used_variables(rules: list) -> set[str]:
    definitions: dict[str, list[str]] = {}
    used: set[str] = set()
    for declarations in _walk(rules):
        for decl in declarations:
            name = decl.split(":", 1)[0].strip()
            if name.startswith("--"):
                definitions.setdefault(name, []).append(decl)
            else:
                used.update(_VAR_USE.findall(decl))
    pending = list(used)
    while pending:
        for decl in definitions.get(pending.pop(), []):
            for name in _VAR_USE.findall(decl.split(":", 1)[1]):
                if name not in used:
                    used.add(name)
                    pending.append(name)
    return used


def _serialise(rules: list, variables: set[str]) -> list[str]:
    out = []
    for head, body in rules:
        if body and isinstance(body[0], tuple):
            inner = _serialise(body, variables)
            if inner:
                out.append(head + "{" + "".join(inner) + "}")
            continue
        declarations = [
            d for d in body if not d.startswith("--") or d.split(":", 1)[0].strip() in variables
        ]
        if declarations:
            out.append(head + "{" + ";".join(declarations) + "}")
    return out


def prune(stylesheets: Iterable[str], classes: set[str]) -> str:
    """Только применимые к ``classes`` правила; одинаковые правила — один раз."""
    css = _STATEMENT.sub("", _COMMENT.sub("", "\n".join(stylesheets)))
    rules = _keep_rules(css, classes)
    lines = _serialise(rules, _used_variables(rules))
    return "\n".join(dict.fromkeys(lines)) + "\n"
