"""
Обучаемые фильтры
=================

**После этой страницы вы сможете:**

- объяснить, почему числа фильтров — такие же обучаемые параметры, как веса
  полносвязного слоя;
- увидеть, как числа фильтра меняются при обучении.
"""

# %%
# Фильтры учатся тем же способом
# ------------------------------
#
# Какие фильтры нужны, чтобы различать тысячу классов [ImageNet](../glossary.html#imagenet)?
# Подобрать их руками почти невозможно, поэтому фильтры **обучают**. Свёртка —
# взвешенные суммы пикселей ([страница 8](plot_08_conv_as_matmul.ipynb)), поэтому
# обратное распространение ошибки работает для неё без изменений.
#
# Опыт: посчитаем карты фильтра Собеля для цифр MNIST, забудем фильтр и найдём его
# обучением, начав со случайных чисел. Эти числа можно менять:

from lessonlib.lessons.lesson01.experiments import FilterDemoConfig

config = FilterDemoConfig(
    epochs=20,  # сколько раз фильтр просмотрит все картинки
    seed=0,  # от него зависят случайные начальные числа фильтра
)

# %%
# <details>
# <summary>Подробнее: как устроен опыт</summary>
#
# Мы взяли 256 цифр MNIST и посчитали для каждой карту вертикального фильтра Собеля.
# Модель — одна свёртка 3×3 со случайными начальными числами, ошибка — средний квадрат
# разности между её картой и правильной. Обучаем тем же циклом, что и все сети урока.
#
# </details>

#| fold
from lessonlib.fmt import decimal, plural, seconds
from lessonlib.lessons.lesson01.experiments import filter_learning_demo

demo = filter_learning_demo(config)
steps = len(demo.losses)
updates = plural(steps, "обновление", "обновления", "обновлений")
print(
    f"{plural(config.epochs, 'эпоха', 'эпохи', 'эпох')}: {updates} фильтра "
    f"по {plural(config.batch_size, 'картинке', 'картинкам', 'картинкам')}, "
    f"обучение заняло {seconds(demo.seconds)}"
)
print(f"ошибка: в начале {decimal(demo.losses[0], 3)}, в конце {decimal(demo.losses[-1], 4)}")

# %%
# Как менялся фильтр
# ------------------
#
# Сверху — числа фильтра после нескольких обновлений, справа — цель. Снизу — ошибка
# после каждого обновления (каждое деление шкалы — в десять раз меньше).

#| fold
from lessonlib.figures.training import filter_steps_figure
from lessonlib.style import save_figure

shown = sorted({s for s in (0, 10, 30, 100) if s < steps} | {steps})
save_figure(
    filter_steps_figure(demo.snapshots, shown, demo.target, demo.losses),
    "filter_learning_steps",
)

# %%
# Обучение нашло фильтр, зная только пары «картинка — карта». Так же учатся фильтры
# настоящей сети, только меняются они так, чтобы уменьшалась ошибка классификации
# ([«Обучение прототипа»](plot_07_prototype_training.ipynb)).

#| fold
import numpy as np

from lessonlib.report import Details

distance = np.abs(demo.snapshots - demo.target).max(axis=(1, 2))
far = np.flatnonzero(distance >= 0.1)  # снимки, где хоть одно число далеко от цели
Details(
    f"Наибольшее отличие от фильтра Собеля: до обучения {decimal(distance[0], 2)}, после "
    f"{decimal(distance[-1], 3)}."
    + (
        f" После {far[-1] + 1}-го обновления все девять чисел ближе к цели, чем на 0,1."
        if far.size and far[-1] < steps
        else ""
    ),
    summary="Подробнее: насколько близко к цели",
)

#| fold
import torch
import torch.nn.functional as F

from lessonlib.conv import im2col
from lessonlib.data import load_mnist
from lessonlib.markdown import table

image = load_mnist().x_train[0]
w = torch.tensor(demo.snapshots[0], requires_grad=True)
target = F.conv2d(image[None], torch.tensor(demo.target)[None, None])[0, 0]
loss = F.mse_loss(F.conv2d(image[None], w[None, None])[0, 0], target)
loss.backward()

X = im2col(image[0].double().numpy(), (3, 3))
error = X @ demo.snapshots[0].ravel() - target.double().numpy().ravel()
by_formula = 2 / len(error) * X.T @ error
diff = np.abs(w.grad.numpy().ravel() - by_formula).max()
Details(
    "Для одной картинки ошибка равна $L = \\frac{1}{n}\\sum_p (y_p - t_p)^2$, где $y = Xw$ — "
    "карта (строки матрицы $X$ — окна картинки, $w$ — фильтр, вытянутый в столбец), "
    "$t$ — правильная карта. Как и у полносвязного слоя, производная по весам — "
    "произведение транспонированной матрицы входов на вектор ошибок: "
    "$\\frac{\\partial L}{\\partial w} = \\frac{2}{n} X^\\top (y - t)$. Сравним эту формулу "
    "с тем, что посчитал PyTorch:\n\n"
    + table(
        ["", "девять чисел производной"],
        [
            ["PyTorch", "; ".join(decimal(v, 4) for v in w.grad.numpy().ravel())],
            ["формула", "; ".join(decimal(v, 4) for v in by_formula)],
        ],
    ).text
    + "\nНаибольшее расхождение — "
    + ("меньше 10⁻⁶: это одно и то же." if diff < 1e-6 else decimal(diff, 6) + "."),
    summary="Подробнее: то же в формулах (для тех, кто знает производные)",
)

# %%
# Значит, вся свёрточная сеть — фильтры и полносвязная часть — обучается как одно
# целое тем же алгоритмом.
#
# Проверь себя
# ------------
#
# **1.** Сколько обучаемых чисел в свёрточном слое с восемью фильтрами 3×3×3 и
# смещениями?

#| answer
from lessonlib.quiz import answer

n_params = sum(p.numel() for p in torch.nn.Conv2d(3, 8, 3).parameters())
answer(
    f"{n_params}: у каждого из 8 фильтров 3·3·3 = 27 весов и одно смещение, "
    f"$8 \\cdot (27 + 1) = {n_params}$."
)

# %%
# **2.** Что изменится в коде обучения, если в сети вместо полносвязного слоя
# появится свёрточный?
#
# <details>
# <summary>Ответ</summary>
#
# Ничего: цикл обучения один и тот же. Он берёт все обучаемые параметры модели —
# веса полносвязных слоёв и числа фильтров — и меняет их по производным, которые
# считает обратное распространение ошибки.
#
# </details>
