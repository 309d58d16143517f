"""The README's first command, `make build`, is always offline and free: a key in the
shell, BOOKBUILD_PROVIDER=openai or provider = "openai" in bookbuild.toml buy nothing."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from helpers import REPO, write_files


def _build_recipe() -> str:
    """The command line of the Makefile's build target, as make would run it."""
    makefile = (REPO / "Makefile").read_text()
    recipe = re.search(r"^build:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe, "the Makefile has a build target"
    (line,) = [line.strip() for line in recipe.group(1).splitlines()]
    return line


def test_make_build_names_the_offline_provider():
    assert _build_recipe().startswith("BOOKBUILD_PROVIDER=offline ")


def test_make_build_buys_nothing_whatever_the_shell_and_the_settings_say(tmp_path):
    root = write_files(tmp_path / "repo", {
        "bookbuild.toml": 'cache_dir = ".cache"\nprovider = "openai"\n',
        "books/gen/book.yaml": "title: Gen\nauthor: A. Writer\npage_count: 24\ntrim: 5x8\n",  # a story to write: the provider is asked
    })
    venv = Path(sys.executable).parent.parent
    command = _build_recipe().replace("$(VENV)", shlex.quote(str(venv)))
    env = {**os.environ, "OPENAI_API_KEY": "test-key-not-real", "OPENAI_BASE_URL": "http://127.0.0.1:9", "BOOKBUILD_PROVIDER": "openai"}
    result = subprocess.run(["bash", "-c", command], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((root / "build/gen/manifest.json").read_text())
    assert manifest["provider"] == "offline" and manifest["totals"]["cost"] == 0
    assert "test-key-not-real" not in (root / "build/gen/manifest.json").read_text()
