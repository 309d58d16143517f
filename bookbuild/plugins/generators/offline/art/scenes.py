"""Whole outdoor scenes, painted back to front from the scene's tags.

Sky, sun or moon, clouds and far things first; then the sea, village and
far forest; the ground; rivers, lakes, buildings and near trees; the small
details on the ground. Weather comes after the characters. Each painter
draws from the one scenery random stream, so the order here is part of
what a seed looks like.
"""

from __future__ import annotations

from typing import Callable

from .landscape import (
    paint_beach_edge,
    paint_city,
    paint_far_hills,
    paint_flowers,
    paint_grass_tufts,
    paint_ground,
    paint_lake,
    paint_mountains,
    paint_river,
    paint_sea,
)
from .outdoors import (
    frame_tree_size,
    paint_cave,
    paint_fence,
    paint_fireflies,
    paint_house,
    paint_kite_or_balloon,
    paint_meadow_trees,
    paint_puddles,
    paint_shells,
    paint_snowman,
    paint_village,
    tree,
)
from .stage import Stage, paint_clouds, paint_moon, paint_rainbow, paint_sky, paint_stars, paint_sun
from .weather import paint_lightning, paint_rain, paint_snowfall


def paint_places(st: Stage, *painters: tuple[str, Callable[[Stage], None]]) -> None:
    """Each painter whose place the prompt names, in the order given: that order is back to front."""
    for place, painter in painters:
        if place in st.spec.places:
            painter(st)


def paint_outdoors(st: Stage) -> None:
    spec = st.spec
    paint_sky(st)
    if spec.time == "night":
        paint_stars(st, paint_moon(st))
    elif spec.weather not in ("rain", "storm") or "rainbow" in spec.words:
        paint_sun(st)
    if "rainbow" in spec.words:
        paint_rainbow(st)
    paint_clouds(st)
    if spec.weather == "storm":
        paint_lightning(st)
    if {"kite", "balloon"} & spec.words:
        paint_kite_or_balloon(st)
    paint_places(st, ("mountain", paint_mountains), ("city", paint_city))
    paint_far_hills(st)
    paint_midground(st)


def paint_midground(st: Stage) -> None:
    paint_places(st, ("sea", paint_sea), ("village", paint_village), ("forest", paint_forest_back))
    paint_ground(st)
    if "sea" in st.spec.places:
        paint_beach_edge(st)
    paint_water_and_buildings(st)
    paint_ground_details(st)


def paint_forest_back(st: Stage) -> None:
    """A row of small, hazier trees along the horizon."""
    for k in range(16):
        x = st.w * (k + st.rng.uniform(0, 1)) / 16
        tree(st, x, st.lay.horizon + st.u(45), st.u(st.rng.uniform(55, 80)), far=True)


def paint_forest_front(st: Stage) -> None:
    """A middle row of trees, then two big ones framing the page at the edges."""
    for k in range(7):
        x = st.w * (k + st.rng.uniform(0.1, 0.9)) / 7
        tree(st, x, st.lay.ground + st.u(25), st.u(st.rng.uniform(80, 105)), far=False)
    for x in (st.w * st.rng.uniform(0.02, 0.08), st.w * st.rng.uniform(0.92, 0.98)):
        tree(st, x, st.lay.feet + st.u(40), frame_tree_size(st), far=False)


def paint_water_and_buildings(st: Stage) -> None:
    places = st.spec.places
    paint_places(st, ("river", paint_river), ("lake", paint_lake), ("cave", paint_cave), ("house", paint_house),
                 ("garden", paint_fence))
    if "forest" in places:
        paint_forest_front(st)
    elif {"meadow", "garden", "hill", "river", "lake"} & places and st.spec.ground != "sand":
        paint_meadow_trees(st)


def paint_ground_details(st: Stage) -> None:
    spec = st.spec
    if spec.ground == "grass":
        paint_grass_tufts(st, 22)
        flowers = 26 if "garden" in spec.places else 14 if "meadow" in spec.places else 6
        paint_flowers(st, flowers if spec.weather != "storm" else 3)
    if spec.ground == "sand":
        paint_shells(st)
    if "snowman" in spec.words:
        paint_snowman(st)
    if spec.weather in ("rain", "storm"):
        paint_puddles(st)
    if spec.time == "night" and spec.places & {"forest", "meadow", "garden"}:
        paint_fireflies(st)


def paint_weather(st: Stage) -> None:
    if st.spec.indoors:
        return
    if st.spec.weather in ("rain", "storm"):
        paint_rain(st)
    if st.spec.weather == "snowing" or "snowflake" in st.spec.words:
        paint_snowfall(st)
