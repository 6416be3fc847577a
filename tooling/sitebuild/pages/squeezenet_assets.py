"""Файлы тренажёра «Что видит настоящая сеть» (docs/widgets.md, docs/javascripts/explorer.js).

Страница их не грузит — только explorer.js по нажатию «Загрузить сеть». Сеть лежит в
``javascripts/squeezenet/``:

- ``net.js`` — описание сети для прямого прохода (docs/javascripts/squeezenet.js): слои и
  место весов каждого в общем массиве, порядок слоёв, русские названия 1 000 классов
  (:mod:`lessonlib.imagenet`), список фотографий урока;
- ``weights.bin`` — веса SqueezeNet из :mod:`lessonlib.squeezenet` подряд, float16
  little-endian (:func:`weights_bytes`, его единственный формат);
- ``<фото>.png`` — фотографии урока (:data:`lessonlib.images.PHOTO_NAMES`) ровно такими,
  какими их получает сеть на страницах урока (``squeezenet.preprocess``);
- ``disk.js`` — те же байты весов в base64 и те же PNG в адресах ``data:``, только для сайта с
  диска (``file://``): там Chromium не даёт fetch() читать файлы, а картинка из файла не даёт
  прочитать пиксели canvas. Тег <script> работает везде, но base64 на треть тяжелее, поэтому с
  сервера explorer.js берёт ``weights.bin`` и PNG (браузер их кэширует), а ``disk.js`` — нет.

Что грузится на каждом из двух путей — :func:`loaded`; это сверяют tests/test_explorer.py (что
браузер запросил на деле) и tests/test_budget.py (сколько это весит).
"""

from __future__ import annotations

import base64
import io
import json
from functools import cache
from pathlib import Path

import numpy as np
import torch
from mkdocs.structure.files import File, Files
from PIL import Image
from torch import nn

from lessonlib import fmt, squeezenet
from lessonlib.imagenet import imagenet_classes
from lessonlib.images import PHOTO_NAMES, PHOTO_TITLES, photo
from lessonlib.realnet import MAPS_PER_STAGE, SHOWN_STAGES

# Код тренажёра (в docs/): грузится по нажатию на обоих путях.
CODE = ("javascripts/explorer.js", "javascripts/squeezenet.js", "stylesheets/explorer.css")
FOLDER = "javascripts/squeezenet/"
NET_JS = "net.js"
WEIGHTS_BIN = "weights.bin"
DISK_JS = "disk.js"


def photo_file(name: str) -> str:
    return f"{name}.png"


def loaded(*, disk: bool) -> list[str]:
    """Файлы сайта, которые explorer.js грузит по нажатию: с сервера или с диска (``file://``)."""
    data = [DISK_JS] if disk else [WEIGHTS_BIN, *map(photo_file, PHOTO_NAMES)]
    return [*CODE, *(FOLDER + name for name in (NET_JS, *data))]


def network_photo(name: str) -> np.ndarray:
    """Фотография урока на входе сети: uint8 (size, size, 3), как её готовит ``preprocess``."""
    mean = torch.tensor(squeezenet.MEAN_BGR)[:, None, None]
    x = (squeezenet.preprocess(photo(name))[0] + mean).flip(0)  # BGR − среднее → RGB
    return x.permute(1, 2, 0).round().clamp(0, 255).to(torch.uint8).numpy()


@cache
def photo_png(name: str) -> bytes:
    """PNG без потерь: после JPEG сеть отвечала бы иначе, чем на страницах урока (у кошки
    качество 90 меняет первый класс)."""
    out = io.BytesIO()
    Image.fromarray(network_photo(name)).save(out, "PNG", optimize=True)
    return out.getvalue()


def _plan() -> list[str]:
    """Порядок слоёв для прямого прохода в браузере: свёртки, модули fire и max-pool."""
    plan = ["conv1"]
    for name in squeezenet.FIRES:
        plan += ["pool", name] if name in squeezenet.POOL_BEFORE else [name]
    return [*plan, "conv10"]


@cache
def _network() -> tuple[dict[str, dict], bytes]:
    """Слои (место весов и смещения каждого — в числах от начала массива) и сам массив."""
    layers, chunks, offset = {}, [], 0
    model = squeezenet.SqueezeNet()
    for name, conv in model.named_modules():
        if not isinstance(conv, nn.Conv2d):
            continue
        weight = conv.weight.detach().numpy().astype("<f2")
        bias = conv.bias.detach().numpy().astype("<f2")
        layers[name] = {
            "out": weight.shape[0],
            "in": weight.shape[1],
            "k": weight.shape[2],
            "stride": conv.stride[0],
            "pad": conv.padding[0],
            "relu": name != "conv10",  # conv10 даёт логиты: среднее по карте без ReLU
            "weight": offset,
            "bias": offset + weight.size,
        }
        chunks += [weight.ravel(), bias.ravel()]
        offset += weight.size + bias.size
    return layers, np.concatenate(chunks).tobytes()


def weights_bytes() -> bytes:
    """Веса и смещения всех слоёв подряд, float16 little-endian; где чьи — ``layers`` в
    :func:`net_spec`."""
    return _network()[1]


def net_spec() -> dict:
    """Всё, что нужно прямому проходу в браузере, кроме самих весов и пикселей фотографий."""
    return {
        "size": squeezenet.IMAGE_SIZE,
        "meanBgr": list(squeezenet.MEAN_BGR),
        "plan": _plan(),
        "stages": list(SHOWN_STAGES),
        "mapsPerStage": MAPS_PER_STAGE,
        "layers": _network()[0],
        "classes": [c.russian for c in imagenet_classes()],
        "photos": [
            {"name": n, "title": PHOTO_TITLES[n], "file": photo_file(n)} for n in PHOTO_NAMES
        ],
        "weights": WEIGHTS_BIN,
        "disk": DISK_JS,
    }


def disk_spec() -> dict:
    """Для сайта с диска: веса в base64, фотографии в адресах ``data:``."""
    return {
        "float16": base64.b64encode(weights_bytes()).decode("ascii"),
        "photos": {
            n: "data:image/png;base64," + base64.b64encode(photo_png(n)).decode("ascii")
            for n in PHOTO_NAMES
        },
    }


def _script(variable: str, data: dict) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.{variable} = {text};\n".encode()


@cache
def _data_files() -> dict[str, bytes]:
    """Содержимое файлов ``FOLDER`` по именам."""
    return {
        NET_JS: _script("CNN_SQUEEZENET", net_spec()),
        WEIGHTS_BIN: weights_bytes(),
        **{photo_file(n): photo_png(n) for n in PHOTO_NAMES},
        DISK_JS: _script("CNN_SQUEEZENET_DISK", disk_spec()),
    }


def add_files(files: Files, config) -> None:
    """Файлы тренажёра — в сайт (``on_files`` в tooling/sitebuild/pages/hooks.py)."""
    for name, content in _data_files().items():
        files.append(File.generated(config, FOLDER + name, content=content))


def page_values(docs: Path) -> dict[str, str]:
    """Числа для текста страницы тренажёров: сколько скачает нажатие «Загрузить сеть» с сервера."""
    data = _data_files()
    size = sum(
        (docs / name).stat().st_size if name in CODE else len(data[name.removeprefix(FOLDER)])
        for name in loaded(disk=False)
    )
    return {"explorer_download": fmt.file_size(size)}
