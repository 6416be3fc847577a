"""
Почему CNN лучше полносвязной сети
==================================

**После этой страницы вы сможете:**

- сравнить свёрточную и полносвязную сети с почти одинаковым числом параметров;
- объяснить, что происходит с точностью каждой сети, когда цифру сдвигают;
- объяснить, что даёт обучение фильтров по сравнению со случайными фильтрами.

У CNN три преимущества перед полносвязной сетью: локальность, одни и те же фильтры для
всех мест картинки и обучаемые выделители признаков. Проверим, что они дают, на всех
десяти цифрах MNIST.
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
# Параметров у полносвязной сети почти столько же, сколько у CNN: сравниваем устройство
# сетей, а не их размер. Учим на 4 000 цифр, проверяем на 1 000 других.

#| fold
from lessonlib.experiments import cnn_vs_fc_experiment
from lessonlib.fmt import accuracy, integer
from lessonlib.markdown import table

result = cnn_vs_fc_experiment()
runs = result.runs
table(
    ["модель", "обучаемых параметров", "точность на тесте"],
    [[run.title, integer(run.parameters), accuracy(run.mean)] for run in runs.values()],
)

# %%
# CNN точнее полносвязной сети с тем же числом параметров.

#| fold
from lessonlib.fmt import seconds
from lessonlib.report import Details

Details(
    f"{result.config.epochs} эпох, мини-батчи по {result.config.batch_size}, оптимизатор Adam. "
    "Каждую модель обучили несколько раз с разными случайными начальными весами "
    f"(запусков — {len(result.config.seeds)}); ниже точность «среднее ± разброс» по запускам "
    "и время обучения одной модели.\n\n"
    + table(
        ["модель", "точность", "время обучения"],
        [
            [run.title, accuracy(run.mean, run.std), seconds(run.total_seconds / len(run.seeds))]
            for run in runs.values()
        ],
    ).text
)

# %%
# Сдвинутые цифры
# ---------------
#
# В MNIST цифры стоят в центре. Сдвинем тестовые цифры на 1, 2, …, 6 пикселей (вправо,
# влево, вверх и вниз) — сети учились только на несдвинутых.

#| fold
from lessonlib.data import load_mnist
from lessonlib.figures.training import shift_curves_figure, shifted_digits_figure
from lessonlib.style import save_figure

split = load_mnist()
save_figure(shifted_digits_figure(split.x_test[0, 0].numpy(), [0, 2, 4, 6]), "shifted_digit")

# %%

#| fold
save_figure(
    shift_curves_figure(
        result.config.shifts, {run.title: result.shift_accuracy[key] for key, run in runs.items()}
    ),
    "shift_accuracy",
)

# %%
# Что мы узнали:

from lessonlib.findings import findings_list, shift_claims

curves = {key: value.mean(axis=0) for key, value in result.shift_accuracy.items()}
findings_list(shift_claims(result.config.shifts, curves["cnn"], curves["fc"]))

# %%

#| fold
Details(
    "Точность по сдвигам, среднее по четырём направлениям и по запускам обучения:\n\n"
    + table(
        ["сдвиг, пикселей", *(run.title for run in runs.values())],
        [
            [str(shift), *(accuracy(curves[key][i]) for key in runs)]
            for i, shift in enumerate(result.config.shifts)
        ],
    ).text
)

# %%
# Откуда берётся падение
# ----------------------
#
# Если сдвинуть цифру, карты свёрточной части сдвигаются вместе с ней, а числа на них
# те же ([страница 3](plot_03_locality.ipynb)). Проверим на обученной CNN, сдвинув цифру
# на 3 пикселя вправо:

#| fold
import torch

from lessonlib.data import shift_images
from lessonlib.fmt import decimal

model = result.model("cnn")
digit = split.x_test[:1]
with torch.no_grad():
    maps = model.activations(digit)[-1]
    maps_shifted = model.activations(shift_images(digit, 0, 3))[-1]
inner = slice(3, None)  # в первые 3 столбца при сдвиге «въехали» нули
diff = float((maps_shifted[..., inner] - shift_images(maps, 0, 3)[..., inner]).abs().max())
same = diff < 1e-4 * float(maps.max())
print(
    "карты сдвинулись вместе с цифрой, числа те же"
    if same
    else f"карты отличаются: расхождение до {decimal(diff, 4)}"
)

# %%
# Но дальше идёт flatten и полносвязный слой, а у него для каждого пикселя карты свой
# вес. Сдвинутые карты попадают на другие веса, и ответ меняется. Поэтому у сети из
# свёрток и flatten устойчивость к сдвигу лишь частичная. Как сделать её сильнее
# (пулинг), — тема следующего занятия; проблема flatten — на странице
# [«Проблема числа параметров»](plot_15_parameter_problem.ipynb).
#
# Обучать фильтры или нет
# -----------------------
#
# Осталась третья модель: CNN, у которой фильтры заморожены случайными.

from lessonlib.findings import trained_filters_claim

cnn, frozen = runs["cnn"], runs["frozen"]
trained_filters_claim(cnn, frozen)

# %%
# Случайные фильтры тоже что-то выделяют (наугад сеть угадывала бы только 10 % цифр),
# но обученные подогнаны под задачу. Обучаемый выделитель признаков — главное отличие
# CNN от классических методов, где выделитель (например, HOG) задан заранее.
#
# Проверь себя
# ------------
#
# **1.** Почему у CNN с замороженными фильтрами обучаемых параметров меньше, чем у
# обычной CNN, и насколько?

#| answer
from lessonlib.quiz import answer

answer(
    f"На {cnn.parameters - frozen.parameters}: столько чисел в фильтрах и смещениях двух "
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
