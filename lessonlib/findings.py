"""Проверки утверждений урока на настоящих опытах: короткие выводы для ученика.

Каждая проверка — это :class:`Claim`: утверждение плана урока, выполнилось ли оно и на
каких числах. Проверки одного опыта собирает :class:`Topic`; из него берут вывод страницы
урока (:func:`verdict`), страница проверок урока и технологическая карта, поэтому они не
могут разойтись. Правила, по которым сделан вывод (пороги, сравнения), живут в папке урока
(``lessonlib/lessons/<урок>/findings.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lessonlib.markdown import Markdown

__all__ = ["Claim", "Topic", "claims_list", "cosine", "findings_list", "verdict"]


@dataclass(frozen=True)
class Claim:
    """Проверенное утверждение плана урока.

    Attributes:
        claim: утверждение так, как его говорит план (коротко).
        held: выполнилось ли оно на наших опытах.
        finding: что мы нашли — одной-двумя фразами для ученика, с числами.
        key: имя проверки, по которому её находит :meth:`Topic.claim`.
    """

    claim: str
    held: bool
    finding: str
    key: str = ""

    def _repr_markdown_(self) -> str:
        return self.finding


def findings_list(claims: Sequence[Claim]) -> Markdown:
    """Выводы списком — то, что ученик должен унести со страницы."""
    return Markdown("\n".join(f"* {c.finding}" for c in claims) + "\n")


def claims_list(claims: Sequence[Claim]) -> Markdown:
    """Проверки списком: утверждение, подтвердилось ли оно и что мы нашли (удобнее
    таблицы на узком экране)."""
    return Markdown(
        "\n".join(
            f"* **«{c.claim}» — {'подтвердилось' if c.held else 'не подтвердилось'}.** {c.finding}"
            for c in claims
        )
        + "\n"
    )


def verdict(claims: Sequence[Claim], details: str) -> Markdown:
    """Вывод для страницы урока простыми словами: если все проверки ``claims``
    выполнились — одна короткая фраза, иначе — что на наших сетях вышло не так
    (находки невыполненных проверок); в конце — ссылка на страницу подробностей ``details``."""
    if not claims:
        raise ValueError("claims: нужна хотя бы одна проверка")
    link = f"[подробности]({details})"
    failed = [c for c in claims if not c.held]
    if not failed:
        return Markdown(f"На наших сетях так и вышло ({link}).\n")
    found = " ".join(c.finding.rstrip(".") + "." for c in failed)
    return Markdown(f"На наших сетях вышло иначе: {found[0].lower()}{found[1:]} ({link})\n")


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """Косинус угла между массивами как векторами: 1 — тот же рисунок чисел (с точностью
    до масштаба), 0 — ничего общего, −1 — тот же рисунок с обратным знаком."""
    a, b = np.ravel(a).astype(float), np.ravel(b).astype(float)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


@dataclass(frozen=True)
class Topic:
    """Проверки утверждений урока на одном опыте.

    Attributes:
        title: о чём опыт (заголовок раздела на странице проверок).
        page: страница урока, где опыт показан (``plot_07_prototype_training``).
        claims: проверки по порядку страницы.
    """

    title: str
    page: str
    claims: tuple[Claim, ...]

    def claim(self, key: str) -> Claim:
        """Проверка по её :attr:`Claim.key`."""
        for c in self.claims:
            if c.key == key:
                return c
        known = ", ".join(c.key for c in self.claims)
        raise KeyError(f"key: нет проверки {key!r} в «{self.title}» (есть: {known})")
