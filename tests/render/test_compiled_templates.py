"""Themes' templates compiled once and kept in the cache (render_html's ``cache_dir``): a
second render compiles nothing, an edited template is compiled again and shows the edit,
and a damaged or unwritable kept template costs a compile, never a wrong page or an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from bookbuild.render.pdf import TEMPLATES_FOLDER, render_html
from bookbuild.render.themes import Theme

PAGE = '{% extends "base.html.j2" %}{% block body %}<p>{{ title }} by {{ author }}</p>{% endblock %}'
BASE = "<html><body>{% block body %}{% endblock %}</body></html>"


@pytest.fixture
def theme(tmp_path) -> Theme:
    folder = tmp_path / "themes" / "plain" / "templates"
    folder.mkdir(parents=True)
    (folder / "page.html.j2").write_text(PAGE)
    (folder / "base.html.j2").write_text(BASE)
    return Theme("plain", folder.parent)


@pytest.fixture
def compiles(monkeypatch):
    """The templates Jinja compiled from source (not loaded compiled)."""
    from jinja2 import Environment

    compiled = []
    real = Environment.compile
    monkeypatch.setattr(Environment, "compile", lambda self, source, name=None, *a, **k: compiled.append(name) or real(self, source, name, *a, **k))
    return compiled


def render(theme: Theme, cache: Path | None) -> str:
    return render_html(theme, "page.html.j2", {"title": "Pip", "author": "Ann"}, cache_dir=cache)


def test_a_second_render_compiles_nothing(theme, tmp_path, compiles):
    cache = tmp_path / "cache"
    first = render(theme, cache)
    assert sorted(compiles) == ["base.html.j2", "page.html.j2"]
    assert len(list((cache / TEMPLATES_FOLDER).iterdir())) == 2
    compiles.clear()
    assert render(theme, cache) == first == "<html><body><p>Pip by Ann</p></body></html>"
    assert compiles == []
    compiles.clear()
    render(theme, None)  # no cache: compiled as before
    assert sorted(compiles) == ["base.html.j2", "page.html.j2"]


def test_an_edited_template_is_compiled_again(theme, tmp_path, compiles):
    cache = tmp_path / "cache"
    render(theme, cache)
    (theme.path / "templates" / "page.html.j2").write_text(PAGE.replace(" by ", " written by "))
    compiles.clear()
    assert render(theme, cache) == "<html><body><p>Pip written by Ann</p></body></html>"
    assert compiles == ["page.html.j2"]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "a folder"])
def test_a_damaged_compiled_template_is_compiled_again(theme, tmp_path, compiles, damage):
    cache = tmp_path / "cache"
    good = render(theme, cache)
    for kept in (cache / TEMPLATES_FOLDER).iterdir():
        data = kept.read_bytes()
        if damage == "garbage":
            kept.write_bytes(data[:20] + b"\xff\x00 not marshal data" * 10)
        elif damage == "truncated":
            kept.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            kept.write_bytes(b"")
        else:
            kept.unlink()
            kept.mkdir()
    compiles.clear()
    assert render(theme, cache) == good
    assert sorted(compiles) == ["base.html.j2", "page.html.j2"]


def test_a_cache_that_cannot_be_written_still_renders(theme, tmp_path):
    blocked = tmp_path / "cache"
    blocked.mkdir()
    (blocked / TEMPLATES_FOLDER).write_text("a file where the folder should be")
    assert render(theme, blocked) == "<html><body><p>Pip by Ann</p></body></html>"
