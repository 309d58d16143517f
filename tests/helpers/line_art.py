"""Coloring books' shared test set-up: what clean line art is, a photo-like picture (the
kind an AI model or a phone gives), and a book whose pages come from AI."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter


def assert_clean_line_art(png: bytes | Image.Image, min_shape_in: float = 0.3, line_pt: float = 2.25) -> Image.Image:
    """Pure black on white, no thin lines or specks, no shape too small, no black shape or
    blot (no filled area, bead, bar or wedge), and some drawing."""
    from bookbuild.plugins.coloring_book.lineart import measure

    image = Image.open(io.BytesIO(png)) if isinstance(png, bytes) else png
    image = image.convert("L")
    assert set(image.histogram()[1:255]) == {0}, "grey pixels left"
    report = measure.line_report(image, 300)
    assert not report.too_thin and not report.under_warning and report.specks == 0
    assert measure.small_shapes(image, 300, min_shape_in) == []
    weight = measure.ink_weight(image, 300, line_pt)
    assert weight.filled == [] and weight.thick == [], (weight.filled, weight.thick)
    ink = image.histogram()[0] / (image.width * image.height)
    assert 0.01 < ink < 0.6, f"{ink:.1%} ink"
    return image


def photo_like(size: tuple[int, int] = (800, 600), seed: int = 0) -> Image.Image:
    """Grey shading, soft edges and sensor noise: nothing like line art."""
    rng = random.Random(seed)
    image = Image.linear_gradient("L").resize(size).point(lambda v: 90 + v // 2)
    draw = ImageDraw.Draw(image)
    for i in range(40):  # a shaded ball
        draw.ellipse([160 - i * 3, 120 - i * 3, 460 - i * 3, 420 - i * 3], fill=40 + i * 4)
    draw.rectangle([520, 260, 740, 540], fill=110)
    draw.polygon([(520, 260), (630, 150), (740, 260)], fill=70)
    image = image.filter(ImageFilter.GaussianBlur(5))
    pixels = image.load()
    for _ in range(size[0] * size[1] // 20):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        pixels[x, y] = max(0, min(255, pixels[x, y] + rng.randint(-40, 40)))
    return image


AI_BOOK = """
title: Sea Friends
author: Test Author
type: coloring
age_group: 3-5
page_count: 24
trim: 5x8
bleed: false
coloring:
  source: ai
  subjects: [a sea turtle, an octopus]
  belongs_to_page: false
"""
