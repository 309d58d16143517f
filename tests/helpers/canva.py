"""Fixtures and helpers for the Canva tests: import them by name in a test module
(``from helpers.canva import canva_cli, canva_repo``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from fakes.canva_server import fake_canva  # noqa: F401  (fixture, used by canva_repo)

FAST = "\n[canva]\nbrand_template_id = \"BTfake00001\"\nbackoff = 0.01\npoll_interval = 0.01\n"
STORY_PAGES = 21


@pytest.fixture
def canva_cli():
    """The CLI with the canva commands (plugins add them in main(), which tests do not run)."""
    from bookbuild.cli import cli as group
    from bookbuild.plugins.exporters import canva

    canva.register_commands(group)
    runner = CliRunner()
    return lambda *args: runner.invoke(group, list(args), catch_exceptions=False)


@pytest.fixture
def canva_repo(built_copy, fake_canva) -> Path:
    """The small book, built and cached, with [canva] settings and a signed-in user."""
    with open(built_copy / "bookbuild.toml", "a", encoding="utf-8") as handle:
        handle.write(FAST)
    fake_canva.sign_in(Path(os.environ["BOOKBUILD_CANVA_TOKENS"]))
    return built_copy


def uploads(fake) -> int:
    return fake.count("POST", "/rest/v1/asset-uploads")


def distinct_pictures(root: Path) -> int:
    """Pictures of the book with different bytes (the offline artist repeats itself)."""
    tasks = json.loads((root / "build/small/manifest.json").read_text())["tasks"]
    return len({t["outputs"]["image.jpg"] for t in tasks if t["kind"] in ("illustration", "cover-art")})
