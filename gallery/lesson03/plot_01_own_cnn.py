"""
Своя свёрточная сеть
====================

**После этой практической работы вы сможете:**

- собрать полносвязную сеть и CNN из готовых слоёв PyTorch;
- обучить обе одним и тем же кодом и честно сравнить их;
- проверить, как сеть справляется со сдвинутыми цифрами и где она ошибается.

Ячейки с пометкой ✏️ — ваши: в них уже стоит рабочий код, но его нужно дописать.
После каждой такой ячейки идёт проверка: она скажет, что не так, — или что всё верно.
"""

# %%
# Цифры
# -----
#
# Берём 5 000 рукописных цифр MNIST: 4 000 для обучения, 1 000 для проверки. Каждая
# картинка — 28×28 пикселей, один канал яркости.

from lessonlib.data import load_mnist

split = load_mnist()
print("обучение:", tuple(split.x_train.shape), " тест:", tuple(split.x_test.shape))

# %%
# Полносвязная сеть
# -----------------
#
# Слои идут по порядку внутри `nn.Sequential`. `Flatten` вытягивает картинку в вектор
# из $28 \cdot 28 = 784$ чисел, дальше — скрытый слой с ReLU и 10 выходов, по одному на
# цифру.

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
# Подсказка: свёртка 3×3 уменьшает сторону на 2, пулинг 2×2 — делит пополам с
# округлением вниз: $28 \to 26 \to 13$.

cnn = nn.Sequential(
    nn.Conv2d(1, 8, 3),  # 28×28×1 → 26×26×8
    nn.ReLU(),
    nn.MaxPool2d(2),  # → 13×13×8
    nn.Flatten(),  # → 13 · 13 · 8 = 1 352 числа
    nn.Linear(8 * 13 * 13, 10),
)

# %%
# Проверка: если второй блок вставлен, а число входов `Linear` не исправлено, здесь
# появится подсказка, какое число нужно.

check_model(cnn, "cnn")

# %%
# Обучение: один код для обеих сетей
# ----------------------------------
#
# Функция `fit` обучает любую сеть одним и тем же циклом: перемешать примеры, взять
# мини-батч, посчитать ошибку, сделать шаг Adam. После каждой
# **[эпохи](../glossary.html#epokha)** — прохода по всем обучающим цифрам — она проверяет
# точность на тестовых цифрах. Полоса прогресса показывает, сколько осталось.

from lessonlib.practice import comparison, fit
from lessonlib.train import TrainConfig

config = TrainConfig(epochs=5, batch_size=32, lr=1e-3)
fc_fit = fit(fc, split, config, "полносвязная сеть")
cnn_fit = fit(cnn, split, config, "CNN")
comparison([fc_fit, cnn_fit])

# %%
# Сравните: у какой сети больше параметров, какая точнее, какая дольше учится? CNN с
# одним блоком может и проиграть полносвязной сети — это честный результат. Выполните
# задание 1 и запустите обучение снова: два блока «свёртка → ReLU → пулинг» обычно
# дают заметно больше верных ответов при меньшем числе параметров.
#
# Кривые обучения
# ---------------
#
# Ошибка на обучении падает у обеих сетей. Точность на тесте показывает, какая из них
# лучше справляется с цифрами, которых не видела.

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
# В MNIST цифры стоят в центре. Сдвинем тестовые цифры вправо на несколько пикселей и
# проверим обе сети снова — без дообучения.

from lessonlib.figures.training import shift_curves_figure
from lessonlib.practice import shift_accuracy

shifts = [0, 1, 2, 3, 4, 5, 6]
accuracies = {f.title: shift_accuracy(f.model, split, shifts) for f in (fc_fit, cnn_fit)}
save_figure(
    shift_curves_figure(shifts, {t: a[None] for t, a in accuracies.items()}), "practice_shifts"
)

# %%
# Те же числа таблицей:

from lessonlib.practice import shift_table

shift_table(shifts, accuracies)

# %%
# Где ошибается CNN
# -----------------
#
# **[Матрица ошибок](../glossary.html#matritsa-oshibok)**: в строке — верная цифра, в
# столбце — ответ сети. Всё, что вне диагонали, — ошибки. Какие цифры сеть путает чаще
# всего?

from lessonlib.figures.practice import confusion_figure
from lessonlib.practice import confusion

matrix = confusion(cnn, split)
save_figure(confusion_figure(matrix, split.class_names), "practice_confusion")

# %%
# Три самые частые ошибки — самые большие числа вне диагонали:

from lessonlib.practice import confused_pairs

confused_pairs(matrix, split.class_names)

# %%
# А вот сами цифры, на которых CNN ошиблась увереннее всего, — по одной для каждой верной
# цифры. Все ли из них вы бы узнали сами?

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
# Фильтры первой свёртки сеть подобрала сама. Красные числа — плюс, синие — минус:
# многие фильтры похожи на выделители краёв из первого урока.

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
