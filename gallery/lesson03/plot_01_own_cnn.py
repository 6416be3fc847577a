"""
Своя свёрточная сеть
====================

**После этой практической работы вы сможете:**

- собрать полносвязную сеть и CNN из слоёв PyTorch и обучить их одним кодом;
- проверить сеть на сдвинутых цифрах и найти её ошибки.

В ячейках с пометкой ✏️ допишите код — проверка после них скажет, что не так.
"""

# %%
# Цифры
# -----
#
# Рукописные цифры MNIST 28×28:

from lessonlib.data import load_mnist

split = load_mnist()
print("обучение:", tuple(split.x_train.shape), " тест:", tuple(split.x_test.shape))

# %%
# Полносвязная сеть
# -----------------
#
# `Flatten` вытягивает картинку в вектор из $28 \cdot 28 = 784$ чисел, дальше — слой с
# ReLU и 10 выходов, по одному на цифру.

import torch
from torch import nn

torch.manual_seed(0)  # начальные веса сетей — одни и те же при каждом запуске
fc = nn.Sequential(
    nn.Flatten(),
    nn.Linear(28 * 28, 32),
    nn.ReLU(),
    nn.Linear(32, 10),
)

# %%
# Проверка: сеть собрана верно?

from lessonlib.checks import check_model

check_model(fc, "fc")

# %%
# ✏️ Задание 1. Свёрточная сеть
# ----------------------------
#
# Ниже — CNN с одним блоком «свёртка → ReLU → пулинг». Добавьте второй блок: свёртку
# `nn.Conv2d(8, 16, 3)`, ReLU и `nn.MaxPool2d(2)` — перед `Flatten`. Посчитайте, сколько
# чисел выйдет из `Flatten`, и поправьте первое число последнего `Linear`.
#
# <details>
# <summary>Подсказка</summary>
#
# Свёртка 3×3 уменьшает сторону на 2, пулинг 2×2 — делит пополам с округлением вниз:
# $28 \to 26 \to 13$.
#
# </details>

cnn = nn.Sequential(
    nn.Conv2d(1, 8, 3),  # 28×28×1 → 26×26×8
    nn.ReLU(),
    nn.MaxPool2d(2),  # → 13×13×8
    nn.Flatten(),  # → 13 · 13 · 8 = 1 352 числа
    nn.Linear(8 * 13 * 13, 10),
)

# %%
# Проверка подскажет, какое число нужно в `Linear`.

check_model(cnn, "cnn")

# %%
# Обучение
# --------
#
# Функция `fit` обучает любую сеть одним циклом.
#
# <details>
# <summary>Подробнее: что делает цикл</summary>
#
# Перемешать примеры, взять мини-батч, посчитать ошибку, сделать шаг Adam. После каждой
# **[эпохи](../glossary.html#epokha)** — прохода по всем обучающим цифрам — `fit`
# проверяет точность на тестовых цифрах. Полоса прогресса показывает, сколько осталось.
#
# </details>

from lessonlib.practice import comparison, fit
from lessonlib.train import TrainConfig

config = TrainConfig(epochs=5, batch_size=32, lr=1e-3)
fc_fit = fit(fc, split, config, "полносвязная сеть")
cnn_fit = fit(cnn, split, config, "CNN")
comparison([fc_fit, cnn_fit])

# %%
# Сравните параметры, точность и время. Выполните задание 1 и обучите снова.
#
# <details>
# <summary>Подробнее: если CNN проиграла</summary>
#
# CNN с одним блоком может и проиграть полносвязной сети — это честный результат. Поможет
# ли второй блок «свёртка → ReLU → пулинг», проверьте сами: выполните задание 1, обучите
# сети снова и сравните таблицы.
#
# </details>
#
# Кривые обучения
# ---------------

from lessonlib.figures.practice import curves_figure
from lessonlib.style import save_figure

save_figure(
    curves_figure({f.title: (f.epoch_losses, f.test_accuracy) for f in (fc_fit, cnn_fit)}),
    "practice_curves",
)

# %%
# Сдвинутые цифры
# ---------------
#
# Сдвинем тестовые цифры вправо и проверим обе сети без дообучения.

from lessonlib.figures.training import shift_curves_figure
from lessonlib.practice import shift_accuracy

shifts = [0, 1, 2, 3, 4, 5, 6]
accuracies = {f.title: shift_accuracy(f.model, split, shifts) for f in (fc_fit, cnn_fit)}
save_figure(
    shift_curves_figure(shifts, {t: a[None] for t, a in accuracies.items()}), "practice_shifts"
)

# %%

#| fold
from lessonlib.practice import shift_table
from lessonlib.report import Details

Details(shift_table(shifts, accuracies).text, summary="Подробнее: те же числа таблицей")

# %%
# Где ошибается CNN
# -----------------
#
# **[Матрица ошибок](../glossary.html#matritsa-oshibok)**: в строке — верная цифра, в
# столбце — ответ сети. Какие цифры CNN путает чаще?

from lessonlib.figures.practice import confusion_figure
from lessonlib.practice import confusion

matrix = confusion(cnn, split)
save_figure(confusion_figure(matrix, split.class_names), "practice_confusion")

# %%

#| fold
from lessonlib.practice import confused_pairs

Details(
    "Самые большие числа вне диагонали:\n\n" + confused_pairs(matrix, split.class_names).text,
    summary="Подробнее: три самые частые ошибки",
)

# %%
# Цифры, где CNN ошиблась увереннее всего. Узнали бы вы их?

from lessonlib.figures.practice import mistakes_figure
from lessonlib.practice import mistakes

wrong, answers = mistakes(cnn, split)
save_figure(
    mistakes_figure(split.x_test[wrong].numpy(), split.y_test[wrong], answers, split.class_names),
    "practice_mistakes",
)

# %%
# Обученные фильтры
# -----------------
#
# Красное — плюс, синее — минус. Похожи на выделители краёв из первого урока?

from lessonlib.figures.training import filters_figure

first = cnn[0].weight.detach()[:, 0].numpy()
save_figure(
    filters_figure(
        {"обученные": first},
        [f"№{k + 1}" for k in range(len(first))],
        columns=4,
        title="Фильтры первой свёртки после обучения",
    ),
    "practice_filters",
)

# %%
# Проверь себя
# ------------
#
# **1.** Почему обе сети можно обучить одной функцией `fit`?

#| answer
from lessonlib.quiz import answer

answer(
    "Циклу обучения всё равно, что внутри сети: он подаёт картинки, считает ошибку и "
    "двигает все обучаемые числа — веса полносвязных слоёв и числа фильтров — одним "
    "и тем же обратным распространением ошибки."
)

# %%
# **2.** Что случится, если убрать `Flatten` из CNN?

#| answer
verdict = check_model(nn.Sequential(*[m for m in cnn if not isinstance(m, nn.Flatten)]), "cnn")
answer(
    "Слой `Linear` получит карты активации вместо вектора и не сможет их обработать. "
    f"Проверка так и пишет: «{verdict!r}»"
)
