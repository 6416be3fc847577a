"""
Почему CNN лучше полносвязной сети
==================================

**После этой страницы вы сможете:**

- сравнить свёрточную и полносвязную сети с почти одинаковым числом параметров;
- измерить, как точность каждой сети зависит от сдвига цифры на картинке;
- объяснить, что даёт обучение фильтров по сравнению со случайными фильтрами.

Урок называет преимущества CNN перед полносвязной сетью: локальность (каждый пиксель
карты смотрит на небольшой участок картинки), инвариантность к переносу (все места
картинки обрабатываются одними и теми же фильтрами) и обучаемые выделители признаков.
Эксперименты, говорит урок, подтверждают, что CNN поэтому лучше справляются с
картинками. Проверим это сами — на всех десяти цифрах MNIST.
"""

# %%
# Три модели
# ----------
#
# * **Полносвязная сеть**: картинка 28×28 вытягивается в вектор из 784 чисел →
#   скрытый слой с ReLU → 10 выходов.
# * **CNN**: два свёрточных слоя по 8 фильтров 3×3 с ReLU → flatten → 10 выходов.
# * **CNN с замороженными фильтрами**: та же CNN, но фильтры остаются случайными, какими
#   их создал PyTorch, и учится только полносвязная часть.
#
# Ширину скрытого слоя полносвязной сети подобрали так, чтобы параметров у неё было
# почти столько же, сколько у CNN: сравниваем устройство сетей, а не их размер. Каждую
# модель обучаем с тремя зёрнами на 4 000 цифр, проверяем на 1 000 других.

from lessonlib.experiments import TEN_CONFIG, cnn_vs_fc_experiment
from lessonlib.report import accuracy, decimal, seconds, table
from lessonlib.shapes import format_count

result = cnn_vs_fc_experiment()
runs = result.runs
print(
    f"{TEN_CONFIG.epochs} эпох, мини-батчи по {TEN_CONFIG.batch_size}, Adam; "
    f"всё обучение заняло {seconds(result.seconds)}"
)
table(
    ["модель", "обучаемых параметров", "точность на тесте", "время обучения"],
    [
        [
            run.title,
            format_count(run.parameters),
            accuracy(run.mean, run.std),
            seconds(run.total_seconds / len(run.seeds)),
        ]
        for run in runs.values()
    ],
)

# %%
# Точность — среднее ± стандартное отклонение по трём зёрнам; время — одной модели с
# одним зерном, измерено при сборке сайта в один поток процессора.

fc, cnn, frozen = runs["fc"], runs["cnn"], runs["frozen"]
better = cnn.mean - fc.mean
if better > 0:
    print(f"CNN точнее полносвязной сети на {decimal(100 * better)} п. п.")
else:
    print(f"CNN не точнее полносвязной сети: разница {decimal(100 * better)} п. п.")

# %%
# Сдвинутые цифры
# ---------------
#
# В MNIST цифры аккуратно отцентрованы. Что будет, если сдвинуть цифру? Возьмём
# тестовые цифры и сдвинем каждую на 1, 2, …, 6 пикселей — вправо, влево, вверх и
# вниз, — а точность усредним по четырём направлениям. Обучались сети только на
# несдвинутых цифрах.

from lessonlib.data import load_mnist
from lessonlib.experiments import SHIFTS
from lessonlib.figures.training import shift_curves_figure, shifted_digits_figure
from lessonlib.style import save_figure

split = load_mnist()
save_figure(shifted_digits_figure(split.x_test[0, 0].numpy(), [0, 2, 4, 6]), "shifted_digit")

# %%

save_figure(
    shift_curves_figure(
        SHIFTS, {run.title: result.shift_accuracy[key] for key, run in runs.items()}
    ),
    "shift_accuracy",
)

# %%
# Что показывают числа:

from lessonlib.report import Markdown

curves = {key: value.mean(axis=0) for key, value in result.shift_accuracy.items()}
table(
    ["сдвиг, пикселей", *(run.title for run in runs.values())],
    [[str(shift), *(accuracy(curves[key][i]) for key in runs)] for i, shift in enumerate(SHIFTS)],
)

# %%
# Сравним точность при сдвиге на 2 и на 4 пикселя и решим кодом, устойчивее ли CNN
# к сдвигу, чем полносвязная сеть.

i2, i4 = SHIFTS.index(2), SHIFTS.index(4)
robust = curves["cnn"][i2] > curves["fc"][i2] and curves["cnn"][i4] > curves["fc"][i4]
both_fall = curves["cnn"][i4] < curves["cnn"][0] - 0.2 and curves["fc"][i4] < curves["fc"][0] - 0.2
Markdown(
    f"* При сдвиге на 2 пикселя: CNN — {accuracy(curves['cnn'][i2])}, "
    f"полносвязная — {accuracy(curves['fc'][i2])}; на 4 пикселя: "
    f"{accuracy(curves['cnn'][i4])} и {accuracy(curves['fc'][i4])}.\n"
    f"* CNN к сдвигу {'устойчивее' if robust else 'не устойчивее'} полносвязной сети.\n"
    + (
        "* Но при сдвиге на 4 пикселя точность **обеих** сетей падает больше чем на 20 "
        "процентных пунктов: полной инвариантности к переносу у этой CNN нет.\n"
        if both_fall
        else ""
    )
)

# %%
# Откуда берётся падение
# ----------------------
#
# Свёрточная часть действительно обрабатывает все места картинки одинаково: если
# сдвинуть цифру, карты активации сдвигаются вместе с ней, а числа на них те же.
# Проверим это на обученной CNN: сдвинем цифру на 3 пикселя вправо и сравним её карты
# второго слоя со сдвинутыми картами исходной цифры (края, куда «въехали» нули, не
# сравниваем).

import torch

from lessonlib.data import shift_images

model = result.model("cnn")
digit = split.x_test[:1]
with torch.no_grad():
    maps = model.activations(digit)[-1]
    maps_shifted = model.activations(shift_images(digit, 0, 3))[-1]
inner = slice(3, None)  # в первые 3 столбца при сдвиге «въехали» нули
diff = float((maps_shifted[..., inner] - shift_images(maps, 0, 3)[..., inner]).abs().max())
same = diff < 1e-4 * float(maps.max())
print(f"значения на картах — до {decimal(float(maps.max()))}, ", end="")
print("карты совпадают до ошибок округления" if same else f"расхождение {decimal(diff, 4)}")

# %%
# Свёртка честно «переносит» узоры вместе с цифрой. Но дальше идёт
# flatten и полносвязный слой, а у него для каждого пикселя карты свой вес. Сдвинутые
# карты попадают на другие веса, и ответ меняется. Поэтому у сети из свёрток и flatten
# устойчивость к сдвигу лишь частичная. Как сделать её сильнее (пулинг), — тема
# следующего занятия; проблема flatten — на странице
# [«Проблема числа параметров»](plot_15_parameter_problem.ipynb).
#
# Обучать фильтры или нет
# -----------------------
#
# Осталась третья модель: CNN, у которой фильтры заморожены случайными.

trained_gain = cnn.mean - frozen.mean
print(f"фильтры обучаются: {accuracy(cnn.mean, cnn.std)}")
print(f"фильтры случайные: {accuracy(frozen.mean, frozen.std)}")
if trained_gain > 0:
    print(f"обучение фильтров добавляет {decimal(100 * trained_gain)} п. п. точности")
else:
    print(f"обучение фильтров не помогло: разница {decimal(100 * trained_gain)} п. п.")

# %%
# Случайные фильтры тоже что-то выделяют из картинки: каждый из них — какая-то смесь
# соседних пикселей, и полносвязная часть учится пользоваться этими смесями (наугад
# сеть угадывала бы одну цифру из десяти, то есть 10 %). Обучение подгоняет фильтры
# под задачу — насколько это помогло здесь, показывают числа выше. В обучаемом
# выделителе признаков главное отличие CNN от классических методов, где выделитель
# (например, HOG) задан заранее.
#
# Проверь себя
# ------------
#
# **1.** Почему у CNN с замороженными фильтрами обучаемых параметров меньше, чем у
# обычной CNN, и насколько?

from lessonlib.quiz import answer

answer(
    f"На {cnn.parameters - frozen.parameters}: столько чисел в фильтрах и сдвигах двух "
    "свёрточных слоёв — $8 \\cdot (9 + 1) + 8 \\cdot (72 + 1)$. Замороженные, они не "
    "считаются обучаемыми."
)

# %%
# **2.** Почему точность полносвязной сети при сдвиге падает?
#
# <details>
# <summary>Ответ</summary>
#
# У полносвязной сети каждый вес привязан к одному пикселю картинки. Когда цифра
# сдвигается, её штрихи попадают на другие пиксели, а значит, и на другие веса —
# с такими картинками сеть при обучении не встречалась.
#
# </details>
