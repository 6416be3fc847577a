"""Построители рисунков урока: каждая функция считает числа через ``lessonlib`` и
возвращает готовый рисунок matplotlib (``Figure``).

Модули названы по темам страниц:

* :mod:`~lessonlib.figures.panels` — общие кирпичики: матрица с числами, картинка, рамка;
* :mod:`~lessonlib.figures.conv` — шаги свёртки, анимация, размер карты, матрица свёртки, ReLU;
* :mod:`~lessonlib.figures.color` — каналы цветной картинки и два способа её свернуть;
* :mod:`~lessonlib.figures.filters` — отклики фильтров (Собель, диагональный);
* :mod:`~lessonlib.figures.locality` — локальность и перенос;
* :mod:`~lessonlib.figures.networks` — схемы сетей: прототип, цепочка форм, число параметров;
* :mod:`~lessonlib.figures.receptive_field` — рецептивное поле;
* :mod:`~lessonlib.figures.animation` — GIF из рисунков и его показ в блокноте;
* :mod:`~lessonlib.figures.training` — обученные сети: точность, фильтры, карты слоёв.

Цвета и шкалы берутся из :mod:`lessonlib.style`, поэтому на всех страницах изображение,
фильтр, карта активации и выделение выглядят одинаково.
"""
