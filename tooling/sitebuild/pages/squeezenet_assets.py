"""Файлы тренажёра «Что видит настоящая сеть» (docs/widgets.md, docs/javascripts/explorer.js).

- ``javascripts/squeezenet-weights.js`` — веса SqueezeNet из :mod:`lessonlib.squeezenet` в
  float16 (base64), порядок слоёв, русские названия 1 000 классов (:mod:`lessonlib.imagenet`)
  и список фотографий урока. Это скрипт, а не двоичный файл: с диска (``file://``) Chromium
  не даёт странице читать файлы через fetch(), а тег <script> работает везде, и браузер
  кэширует его как обычный файл. Страница его не грузит — только explorer.js по нажатию.
  Там же фотографии урока (:data:`lessonlib.images.PHOTO_NAMES`) ровно такими, какими их
  получает сеть на страницах урока (``squeezenet.preprocess``), — PNG в адресе ``data:``:
  картинку с диска (``file://``) браузер не дал бы прочитать из canvas.
"""

from __future__ import annotations

import base64
import io
import json
from functools import cache

import numpy as np
import torch
from mkdocs.structure.files import File, Files
from PIL import Image
from torch import nn

from lessonlib import squeezenet
from lessonlib.imagenet import imagenet_classes
from lessonlib.images import PHOTO_NAMES, PHOTO_TITLES, photo
from lessonlib.realnet import MAPS_PER_STAGE, SHOWN_STAGES

WEIGHTS_JS = "javascripts/squeezenet-weights.js"


def network_photo(name: str) -> np.ndarray:
    """Фотография урока на входе сети: uint8 (size, size, 3), как её готовит ``preprocess``."""
    mean = torch.tensor(squeezenet.MEAN_BGR)[:, None, None]
    x = (squeezenet.preprocess(photo(name))[0] + mean).flip(0)  # BGR − среднее → RGB
    return x.permute(1, 2, 0).round().clamp(0, 255).to(torch.uint8).numpy()


def photo_png(name: str) -> bytes:
    """PNG без потерь: после JPEG сеть отвечала бы иначе, чем на страницах урока (у кошки
    качество 90 меняет первый класс)."""
    out = io.BytesIO()
    Image.fromarray(network_photo(name)).save(out, "PNG", optimize=True)
    return out.getvalue()


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _plan() -> list[str]:
    """Порядок слоёв для прямого прохода в браузере: свёртки, модули fire и max-pool."""
    plan = ["conv1"]
    for name in squeezenet.FIRES:
        plan += ["pool", name] if name in squeezenet.POOL_BEFORE else [name]
    return [*plan, "conv10"]


@cache
def weights_spec() -> dict:
    """Всё, что нужно прямому проходу в браузере (docs/javascripts/squeezenet.js)."""
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
    return {
        "size": squeezenet.IMAGE_SIZE,
        "meanBgr": list(squeezenet.MEAN_BGR),
        "plan": _plan(),
        "stages": list(SHOWN_STAGES),
        "mapsPerStage": MAPS_PER_STAGE,
        "layers": layers,
        "classes": [c.russian for c in imagenet_classes()],
        "photos": [
            {"name": n, "title": PHOTO_TITLES[n], "src": _data_uri(photo_png(n))}
            for n in PHOTO_NAMES
        ],
        "float16": base64.b64encode(np.concatenate(chunks).tobytes()).decode("ascii"),
    }


def weights_js() -> str:
    data = json.dumps(weights_spec(), ensure_ascii=False, separators=(",", ":"))
    return f"window.CNN_SQUEEZENET = {data};\n"


def add_files(files: Files, config) -> None:
    """Файл тренажёра — в сайт (``on_files`` в tooling/sitebuild/pages/hooks.py)."""
    files.append(File.generated(config, WEIGHTS_JS, content=weights_js()))
