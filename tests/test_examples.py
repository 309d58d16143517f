"""The example CI workflows: every bookbuild command in them parses with today's
options, the shards cover the catalogue, and pull requests never write the cache."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from bookbuild.shard import Shard

from helpers import REPO

WORKFLOWS = sorted((REPO / "examples/github-actions").glob("*.yml"))


def steps(name: str) -> list[dict]:
    workflow = yaml.safe_load((REPO / "examples/github-actions" / name).read_text())
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def commands(path) -> list[list[str]]:
    """Every `bookbuild ...` line of every run: step, with ${{ }} expressions filled in."""
    found = []
    for line in re.findall(r"^\s*(?:run:\s*)?(bookbuild .+)$", path.read_text(), re.M):
        line = re.sub(r"\$\{\{\s*matrix\.shard\s*\}\}", "1", line)
        line = re.sub(r"\$\{\{[^}]*\}\}", "main", line)
        found.append(shlex.split(line.split(" #")[0])[1:])
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_command_in_the_workflows_parses(cli, path):
    found = commands(path)
    assert found
    for args in found:
        result = cli(*args, "--help")
        assert result.exit_code == 0, (args, result.output)


def test_the_shard_matrix_covers_every_book():
    workflow = yaml.safe_load((REPO / "examples/github-actions/bookbuild-shards.yml").read_text())
    matrix = workflow["jobs"]["build"]["strategy"]["matrix"]["shard"]
    run = next(step["run"] for step in steps("bookbuild-shards.yml") if "--shard" in step.get("run", ""))
    count = int(re.search(r"--shard \$\{\{ matrix.shard \}\}/(\d+)", run).group(1))
    assert matrix == list(range(1, count + 1))
    slugs = [f"book-{i}" for i in range(300)]
    assert sorted(s for i in matrix for s in Shard(i, count).select(slugs)) == sorted(slugs)


def test_pull_requests_read_the_remote_cache_and_never_write_it():
    diffs = [step for step in steps("bookbuild-diff.yml") if "bookbuild diff" in step.get("run", "")]
    assert diffs and all(step["env"]["BOOKBUILD_REMOTE_CACHE_MODE"] == "read" for step in diffs)
    assert all("READ" in step["env"]["AWS_ACCESS_KEY_ID"] for step in diffs)  # read-only credentials
