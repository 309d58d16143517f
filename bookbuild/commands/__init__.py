"""What each ``bookbuild`` command does, one module or folder per command family:
build.py (build, plan, validate), new.py, regenerate.py, preflight.py, cache.py,
diff/ and serve/ (watch, serve). bookbuild/cli.py only parses options and calls them.

Plugins' own commands (the ``register_commands`` hook) open the repository the
same way the built-in ones do, with ``open_project(ctx)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    import pluggy

    from bookbuild.project import Project
    from bookbuild.shard import Shard

SHARD_HELP = "Only the books in shard I of N (e.g. 2/4): a hash of each book's folder name splits them the same way on every machine."


def repository_root(ctx: click.Context) -> Path:
    """The repository this command works on: the nearest bookbuild.toml at or above -C's folder."""
    from bookbuild.settings import find_root

    return find_root(_obj(ctx).get("directory"))


def open_project(ctx: click.Context) -> Project:
    """The repository for a command, its plugins loaded once per invocation."""
    from bookbuild.project import Project

    root = repository_root(ctx)
    loaded: dict[Path, pluggy.PluginManager] = _obj(ctx).setdefault("plugin_managers", {})
    return Project.open(root, pm=loaded.pop(root, None))  # once: a later call sees plugins added since


def keep_plugin_manager(ctx: click.Context, root: Path, pm: pluggy.PluginManager) -> None:
    """The plugins loaded to find commands, for the command's Project to reuse."""
    _obj(ctx).setdefault("plugin_managers", {})[root] = pm


def _obj(ctx: click.Context) -> dict:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = {}
    return root.obj


class ShardParam(click.ParamType):
    """``--shard I/N`` for build, validate and diff."""

    name = "I/N"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> Shard:
        from bookbuild.shard import Shard

        if not isinstance(value, str):
            return value  # type: ignore[return-value]  # already a Shard (a default)
        try:
            return Shard.parse(value)
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def shard_option(command):  # type: ignore[no-untyped-def]
    return click.option("--shard", type=ShardParam(), help=SHARD_HELP)(command)
