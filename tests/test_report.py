"""Таблицы Markdown для страниц."""

from __future__ import annotations

import pytest
import torch

from lessonlib.experiments import SCENES_SIZE, SCENES_SPECS, scenes_model
from lessonlib.markdown import table
from lessonlib.report import conv_layers_table
from lessonlib.shapes import Conv, Flatten, trace


def test_table_is_markdown() -> None:
    md = table(["модель", "точность"], [["a", "1"], ["b", "2"]])
    assert md._repr_markdown_().splitlines() == [
        "| модель | точность |",
        "| --- | --- |",
        "| a | 1 |",
        "| b | 2 |",
    ]
    with pytest.raises(ValueError, match="rows"):
        table(["a"], [["1", "2"]])


def test_conv_layers_table_describes_the_real_network() -> None:
    model = scenes_model()
    text = conv_layers_table(model, torch.rand(3, SCENES_SIZE, SCENES_SIZE))._repr_markdown_()
    rows = [line.split(" | ") for line in text.splitlines()[2:]]
    assert len(rows) == len(SCENES_SPECS)
    infos = trace((SCENES_SIZE, SCENES_SIZE, 3), [*SCENES_SPECS, Flatten()])
    for row, spec, info, conv in zip(rows, SCENES_SPECS, infos, model.convs, strict=False):
        assert isinstance(spec, Conv)
        assert row[1] == str(spec.filters)
        assert row[4] == f"{info.output_shape[0]}×{info.output_shape[1]}"
        params = sum(p.numel() for p in conv.parameters())
        assert row[6].rstrip(" |").replace("\u00a0", "") == str(params) == str(info.params)
