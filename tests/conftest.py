"""Shared fixtures: scratch book repositories in tmp_path (lektor's scratch_project).

Plugins installed in the environment are not loaded in tests (datasette's
sys._called_from_test), so results depend only on this repository's code.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers import REPO, SAMPLES, SMALL_BOOK, small_pages, write_files  # noqa: F401  (re-exported)
from fakes.s3_server import s3_backend  # noqa: F401  (one moto S3 server for the whole session, started when first used)

HERMETIC = (
    "OPENAI_API_KEY", "OPENAI_BASE_URL", "BOOKBUILD_PROVIDER", "BOOKBUILD_CACHE_DIR", "SOURCE_DATE_EPOCH", "CI",
    "CANVA_CLIENT_ID", "CANVA_CLIENT_SECRET", "BOOKBUILD_CANVA_API", "BOOKBUILD_CANVA_AUTHORIZE_URL",
    "BOOKBUILD_CANVA_TOKEN_URL", "BOOKBUILD_CANVA_TOKENS", "BOOKBUILD_REMOTE_CACHE", "BOOKBUILD_REMOTE_CACHE_MODE",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION",
    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3",
)
# No AWS file of the developer's is read, and no instance metadata service is asked.
AWS_SEALED = {"AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull, "AWS_EC2_METADATA_DISABLED": "true"}


def pytest_configure(config):
    sys._called_from_test = True
    # No real key, no inherited provider or cache: every test is offline and hermetic.
    for var in HERMETIC:
        os.environ.pop(var, None)
    os.environ.update(AWS_SEALED)


@pytest.fixture
def scratch_repo(tmp_path, monkeypatch) -> Path:
    """A repository with one small hand-written book (24 pages at 5x8) and its own cache."""
    root = tmp_path / "repo"
    write_files(root, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": SMALL_BOOK, **small_pages()})
    monkeypatch.chdir(root)
    return root


@pytest.fixture(scope="session")
def built_small(tmp_path_factory) -> Path:
    """scratch_repo built once per session; tests copy it (with its cache) to edit it."""
    from bookbuild.project import Project
    from bookbuild.engine.build import build

    root = tmp_path_factory.mktemp("built") / "repo"
    write_files(root, {"bookbuild.toml": 'cache_dir = ".cache"\n', "books/small/book.yaml": SMALL_BOOK, **small_pages()})
    project = Project.open(root)
    report = build(project)
    project.cache.close()
    assert report.ok, [r.error for b in report.books for r in b.failed]
    return root


@pytest.fixture
def built_copy(built_small, tmp_path, monkeypatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(built_small, root, copy_function=shutil.copy2)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def cli():
    """Run the bookbuild CLI in-process: cli(*args) -> click Result. Through the launcher,
    as the installed command: a build with nothing to do is answered from its stamp."""
    from bookbuild.launch import Launcher

    runner = CliRunner()  # each invocation loads plugins afresh (tests add plugins after this fixture)

    def invoke(*args: str, **kwargs):
        return runner.invoke(Launcher(), list(args), catch_exceptions=False, **kwargs)

    return invoke
